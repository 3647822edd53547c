import type { AccessRule } from "./types";

// Rows for certification (issue 15). Demo data (db/seed/certification.ts): certificate 1 is
// 田中's (basic course); placement 1 is 田中@山形市 with trainer@, short of the OJT criteria; the
// demo trainee 鈴木 holds no certificate. Refused writes change nothing.
const staffOnly = { anonymous: "login", trainee: 403, trainer: 403, staff: 200, admin: 200 } as const;
const staffMissing = { anonymous: "login", trainee: 403, trainer: 403, staff: 404, admin: 404 } as const;

export const certificationRules: AccessRule[] = [
  { path: "/staff/certification", ...staffOnly },
  { path: "/staff/certification?programme=2&fy=abc&page=x", ...staffOnly },
  { path: "/staff/certification/programmes/1", ...staffOnly },
  { path: "/staff/certification/programmes/999", ...staffMissing },
  { path: "/staff/certification/programmes/abc", ...staffMissing },
  // Another person's certificate: staff only (a trainee cannot see others' certificates).
  { path: "/staff/certificates/1", note: "田中's certificate", ...staffOnly },
  { path: "/staff/certificates/9999", ...staffMissing },
  // A forged certification of 田中's placement, which misses the criteria: 409 for staff.
  {
    path: "/staff/certification?programme=2",
    method: "POST",
    form: { intent: "certify", programmeId: "2", subjectIds: "1", confirmed: "yes" },
    anonymous: "login",
    trainee: 403,
    trainer: 403,
    staff: 409,
    admin: 409,
  },
  // A decline without a reason: 400.
  {
    path: "/staff/certification?programme=2",
    method: "POST",
    form: { intent: "decline", programmeId: "2", subjectId: "1", reason: "" },
    anonymous: "login",
    trainee: 403,
    trainer: 403,
    staff: 400,
    admin: 400,
  },
  // A status change that is no such thing: 400.
  {
    path: "/staff/certificates/1",
    method: "POST",
    form: { intent: "delete", reason: "x" },
    anonymous: "login",
    trainee: 403,
    trainer: 403,
    staff: 400,
    admin: 400,
  },
  // A criterion of the OJT programme for the basic-course programme: 409.
  {
    path: "/staff/certification/programmes/1",
    method: "POST",
    form: { kinds: "approved_hours_at_least", approved_hours_at_least: "40" },
    anonymous: "login",
    trainee: 403,
    trainer: 403,
    staff: 409,
    admin: 409,
  },
  { path: "/my/certificates", anonymous: "login", trainee: 200, trainer: 403, staff: 403, admin: 403 },
  { path: "/trainer/outcomes", anonymous: "login", trainee: 403, trainer: 200, staff: 403, admin: 403 },
];
