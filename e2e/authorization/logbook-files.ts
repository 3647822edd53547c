import type { AccessRule } from "./types";

// Rows for OJT deliverables and the counterpart's confirmation (issue 14). On a fresh database
// there are no log entries: placement 1 is trainer@'s (田中@山形市), placement 2 渡辺's. The
// trainee (鈴木) is party to neither. Real entries and files are checked for every kind of
// visitor in e2e/logbook-files-counterpart.spec.ts.
const missingEntryOfOwn = { anonymous: "login", trainee: 403, trainer: 404, staff: 404, admin: 404 } as const;
const othersPlacement = { anonymous: "login", trainee: 403, trainer: 403, staff: 404, admin: 404 } as const;

export const logbookFileRules: AccessRule[] = [
  { path: "/placements/1/log/999999/files", ...missingEntryOfOwn },
  { path: "/placements/2/log/999999/files", ...othersPlacement },
  { path: "/placements/1/log/999999/counterpart", ...missingEntryOfOwn },
  { path: "/placements/2/log/999999/counterpart", ...othersPlacement },
  {
    path: "/placements/2/log/999999/counterpart",
    method: "POST",
    form: { intent: "request" },
    ...othersPlacement,
  },
  { path: "/placements/1/log/abc/files", anonymous: "login", trainee: 404, trainer: 404, staff: 404, admin: 404 },
  // A deliverable id that does not exist: signed-in visitors get 404, whoever they are.
  { path: "/files/999999", anonymous: "login", trainee: 404, trainer: 404, staff: 404, admin: 404 },
  { path: "/files/not-a-number", anonymous: "login", trainee: 404, trainer: 404, staff: 404, admin: 404 },
  // Where the counterpart lands after answering: a thank-you, nothing about any entry.
  { path: "/counterpart/done?result=confirmed", anonymous: 200, trainee: 200, trainer: 200, staff: 200, admin: 200 },
  // Public but bound to its token: a forged one is a 404 for everyone, and posting to it too.
  { path: "/counterpart/not-a-token", anonymous: 404, trainee: 404, trainer: 404, staff: 404, admin: 404 },
  {
    path: "/counterpart/not-a-token",
    method: "POST",
    form: { decision: "confirm", responderName: "偽 太郎" },
    anonymous: 404,
    trainee: 404,
    trainer: 404,
    staff: 404,
    admin: 404,
  },
];
