import type { AccessRule } from "./types";

// ITC pages
// The ITC's renewal ledger (issue 16): /my/renewal… for trainees and trainers. A fresh database
// holds no self-reported activity, so an activity id is a 404 for every signed-in visitor;
// real activities of two ITCs (the owner, another trainee, staff) are checked in
// e2e/renewal-itc.spec.ts.
const itcPage = { anonymous: "login", trainee: 200, trainer: 200, staff: 403, admin: 403 } as const;
const missingForAll = { anonymous: "login", trainee: 404, trainer: 404, staff: 404, admin: 404 } as const;

export const renewalItcRules: AccessRule[] = [
  { path: "/my/renewal", ...itcPage },
  { path: "/my/renewal?fy=2025", ...itcPage },
  { path: "/my/renewal/activities/new", ...itcPage },
  // A bad fiscal year is refused with a Japanese 400 page, not guessed.
  { path: "/my/renewal?fy=abc", anonymous: "login", trainee: 400, trainer: 400, staff: 403, admin: 403 },
  // Forms sent empty: the ITC is told what is missing (400), others are refused before that.
  {
    path: "/my/renewal?index",
    method: "POST",
    form: {},
    anonymous: "login",
    trainee: 400,
    trainer: 400,
    staff: 403,
    admin: 403,
  },
  {
    path: "/my/renewal/activities/new",
    method: "POST",
    form: {},
    anonymous: "login",
    trainee: 400,
    trainer: 400,
    staff: 403,
    admin: 403,
  },
  { path: "/my/renewal/activities/999999", ...missingForAll },
  { path: "/my/renewal/activities/999999", method: "POST", form: { title: "x" }, ...missingForAll },
  { path: "/my/renewal/activities/not-a-number", ...missingForAll },
  { path: "/my/renewal/activities/999999/evidence", ...missingForAll },
];
