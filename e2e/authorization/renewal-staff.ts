import type { AccessRule } from "./types";

// Rows for the staff side of the ITC renewal ledger (issue 16): the review queue and audit
// sample, the activity kinds, the ITCs short of the renewal conditions (page and CSV) and one
// ITC's readiness. Every refused or forged write here changes nothing.
const staffOnly = { anonymous: "login", trainee: 403, trainer: 403, staff: 200, admin: 200 } as const;
const staffSays = (status: number) =>
  ({ anonymous: "login", trainee: 403, trainer: 403, staff: status, admin: status }) as const;
const post = (path: string, form: Record<string, string>, status: number): AccessRule => ({
  path,
  method: "POST",
  form,
  ...staffSays(status),
});

export const renewalStaffRules: AccessRule[] = [
  { path: "/staff/renewal", ...staffOnly },
  { path: "/staff/renewal?q=%25_%5C%00&page=abc", ...staffOnly },
  { path: "/staff/renewal/queue.csv?q=%EF%BD%BB%EF%BE%84%EF%BD%B3", ...staffOnly },
  { path: "/staff/renewal/queue.xlsx", ...staffOnly },
  { path: "/staff/renewal/kinds", ...staffOnly },
  { path: "/staff/renewal/kinds?edit=abc", ...staffOnly },
  { path: "/staff/renewal/itcs", ...staffOnly },
  { path: "/staff/renewal/itcs?fy=2003", ...staffOnly },
  { path: "/staff/renewal/itcs?fy=abc", ...staffSays(400) },
  { path: "/staff/renewal/itcs?fy=2101", ...staffSays(400) },
  { path: "/staff/renewal/itcs.csv?fy=2026", ...staffOnly },
  { path: "/staff/renewal/itcs.csv?fy=20x6", ...staffSays(400) },
  { path: "/staff/renewal/itcs.xlsx?fy=2026", ...staffOnly },
  { path: "/staff/renewal/itcs.xlsx?fy=20x6", ...staffSays(400) },
  { path: "/staff/renewal/itcs/no-such-user", ...staffSays(404) },
  { path: "/staff/renewal/itcs/no-such-user?fy=abc", ...staffSays(400) },
  // The queue: an activity that does not exist (404), a return without a reason and a made-up
  // intent (400), an audit sample of a year with nothing to draw (409) or a bad size (400).
  post("/staff/renewal", { intent: "approve", activityId: "999999" }, 404),
  post("/staff/renewal", { intent: "return", activityId: "999999", comment: "" }, 400),
  post("/staff/renewal", { intent: "delete", activityId: "1" }, 400),
  post("/staff/renewal", { intent: "sample", fiscalYear: "2003", size: "1", comment: "証跡を添えてください" }, 409),
  post("/staff/renewal", { intent: "sample", fiscalYear: "2003", size: "0", comment: "証跡を添えてください" }, 400),
  // The kinds: a name already taken (409), a bad number (400).
  post(
    "/staff/renewal/kinds",
    { name: "執筆", rule: "per_activity", pointsPerActivity: "2", active: "on", sortOrder: "30" },
    409,
  ),
  post("/staff/renewal/kinds", { name: "新しい種類", rule: "per_hours", hoursPerPoint: "0.3" }, 400),
  // One ITC: no such user (404), a bad date or year (400).
  post("/staff/renewal/itcs/no-such-user?fy=2026", { intent: "fee", fiscalYear: "2026", paidOn: "2026-05-01" }, 404),
  post("/staff/renewal/itcs/no-such-user?fy=2026", { intent: "certified-on", certifiedOn: "2026-02-30" }, 400),
  post("/staff/renewal/itcs/no-such-user?fy=abc", { intent: "certified-on", certifiedOn: "2026-02-01" }, 400),
];
