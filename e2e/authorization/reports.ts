import type { AccessRule } from "./types";

// Rows for the staff's fiscal-year reports (issue 15): only staff (and admins, who are staff
// in the demo) read them; trainees and trainers are refused, anonymous visitors sent to sign in.
// A bad year is a 400 for staff (checked before anything is computed) and still a 403 for others.
const staffOnly = { anonymous: "login", trainee: 403, trainer: 403, staff: 200, admin: 200 } as const;

export const reportRules: AccessRule[] = [
  { path: "/staff/reports", ...staffOnly },
  { path: "/staff/reports?fy=2026", ...staffOnly },
  { path: "/staff/reports?fy=abc", ...staffOnly, staff: 400, admin: 400 },
  { path: "/staff/reports/ojt", ...staffOnly },
  { path: "/staff/reports/ojt?fy=2026", ...staffOnly },
  { path: "/staff/reports/csv/ojt?fy=2026", ...staffOnly },
  { path: "/staff/reports/csv/enrollments", ...staffOnly },
  { path: "/staff/reports/csv/placements?fy=1999", ...staffOnly, staff: 400, admin: 400 },
  { path: "/staff/reports/csv/no-such-table", ...staffOnly, staff: 404, admin: 404 },
  { path: "/staff/reports/xlsx/ojt?fy=2026", ...staffOnly },
  { path: "/staff/reports/xlsx/placements", ...staffOnly },
  { path: "/staff/reports/xlsx/placements?fy=1999", ...staffOnly, staff: 400, admin: 400 },
  { path: "/staff/reports/xlsx/no-such-table", ...staffOnly, staff: 404, admin: 404 },
];
