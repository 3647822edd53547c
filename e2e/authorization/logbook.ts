import type { AccessRule } from "./types";

// Rows for the OJT logbook (issue 14). Ids come from db/seed/logbook.ts on a fresh database:
// placement 1 田中@山形市 (trainer@'s) holds entries 1–3 (approved), 4 (returned), 5 (waiting);
// placement 2 山本@摂津市 (渡辺's) holds entries 6 (approved) and 7 (waiting). trainee@ (鈴木)
// is party to neither placement; trainer@ is the trainer of placement 1 only.
const staffOnly = { anonymous: "login", trainee: 403, trainer: 403, staff: 200, admin: 200 } as const;

export const logbookRules: AccessRule[] = [
  { path: "/staff/ojt-reference-data", ...staffOnly },
  {
    path: "/staff/ojt-reference-data",
    method: "POST",
    form: { intent: "add", kind: "taskKinds", label: "" },
    anonymous: "login",
    trainee: 403,
    trainer: 403,
    staff: 400,
    admin: 400,
  },
  {
    path: "/placements/1/log/1",
    note: "trainer@'s placement",
    anonymous: "login",
    trainee: 403,
    trainer: 200,
    staff: 200,
    admin: 200,
  },
  {
    path: "/placements/2/log/6",
    note: "渡辺's placement: another trainer may not read it",
    anonymous: "login",
    trainee: 403,
    trainer: 403,
    staff: 200,
    admin: 200,
  },
  // Guessing: entry 6 belongs to placement 2, not 1; unknown and malformed ids.
  { path: "/placements/1/log/6", anonymous: "login", trainee: 403, trainer: 404, staff: 404, admin: 404 },
  { path: "/placements/2/log/1", anonymous: "login", trainee: 403, trainer: 403, staff: 404, admin: 404 },
  { path: "/placements/1/log/9999", anonymous: "login", trainee: 403, trainer: 404, staff: 404, admin: 404 },
  { path: "/placements/1/log/abc", anonymous: "login", trainee: 404, trainer: 404, staff: 404, admin: 404 },
  { path: "/placements/9999/log/1", anonymous: "login", trainee: 404, trainer: 404, staff: 404, admin: 404 },
  // Only the pair of an active placement writes entries; staff read only.
  { path: "/placements/1/log/new", anonymous: "login", trainee: 403, trainer: 200, staff: 403, admin: 403 },
  { path: "/placements/2/log/new", anonymous: "login", trainee: 403, trainer: 403, staff: 403, admin: 403 },
  {
    path: "/placements/1/log/new",
    method: "POST",
    form: { workDate: "", taskKindId: "" },
    anonymous: "login",
    trainee: 403,
    trainer: 400,
    staff: 403,
    admin: 403,
  },
  // Approving: a trainee cannot, another placement's trainer cannot, staff cannot.
  {
    path: "/placements/2/log/7",
    method: "POST",
    form: { intent: "approve" },
    anonymous: "login",
    trainee: 403,
    trainer: 403,
    staff: 403,
    admin: 403,
  },
  {
    path: "/placements/1/log/1",
    method: "POST",
    form: { intent: "return", comment: "差戻し" },
    note: "already approved: the trainer gets a conflict, nothing changes",
    anonymous: "login",
    trainee: 403,
    trainer: 409,
    staff: 403,
    admin: 403,
  },
  { path: "/trainer/approvals", anonymous: "login", trainee: 403, trainer: 200, staff: 403, admin: 403 },
  { path: "/trainer/approvals?page=-3", anonymous: "login", trainee: 403, trainer: 200, staff: 403, admin: 403 },
  {
    path: "/trainer/approvals",
    method: "POST",
    form: { entryIds: "7" },
    note: "渡辺's entry in trainer@'s bulk approval",
    anonymous: "login",
    trainee: 403,
    trainer: 403,
    staff: 403,
    admin: 403,
  },
];
