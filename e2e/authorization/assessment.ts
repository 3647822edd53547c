import type { AccessRule } from "./types";

// Rows for plan against actual, evaluations, the rubric and the understanding check (issue 14).
// Ids from the demo data (db/seed/engagements.ts, db/seed/assessment.ts): placement 1 is
// 田中@山形市 with trainer@ (active); the demo trainee 鈴木 is party to no placement and attended
// the basic course (course 1), whose check is published; course 2 has no check.
const staffOnly = { anonymous: "login", trainee: 403, trainer: 403, staff: 200, admin: 200 } as const;
const pairAndStaff = { anonymous: "login", trainee: 403, trainer: 200, staff: 200, admin: 200 } as const;

export const assessmentRules: AccessRule[] = [
  { path: "/placements/1/plan", note: "trainer@'s placement", ...pairAndStaff },
  { path: "/placements/1/assessment", note: "trainer@'s placement", ...pairAndStaff },
  { path: "/placements/9999/plan", anonymous: "login", trainee: 404, trainer: 404, staff: 404, admin: 404 },
  { path: "/placements/9999/assessment", anonymous: "login", trainee: 404, trainer: 404, staff: 404, admin: 404 },
  { path: "/placements/abc/assessment", anonymous: "login", trainee: 404, trainer: 404, staff: 404, admin: 404 },
  // A plan with a bad figure: 400 for the pair and staff, nothing written.
  {
    path: "/placements/1/plan",
    method: "POST",
    form: { "hours[0].taskKindId": "1", "hours[0].hours": "abc" },
    anonymous: "login",
    trainee: 403,
    trainer: 400,
    staff: 400,
    admin: 400,
  },
  // Only the trainee writes the self-assessment: the trainer, staff and an outsider are refused.
  {
    path: "/placements/1/assessment",
    method: "POST",
    form: { intent: "save", kind: "self", overallComment: "なりすまし" },
    anonymous: "login",
    trainee: 403,
    trainer: 403,
    staff: 403,
    admin: 403,
  },
  // Only the placement's trainer writes the mid-point evaluation (an invalid one: 400 for them).
  {
    path: "/placements/1/assessment",
    method: "POST",
    form: { intent: "save", kind: "mid", "scores[0].criterionId": "1", "scores[0].level": "9" },
    anonymous: "login",
    trainee: 403,
    trainer: 400,
    staff: 403,
    admin: 403,
  },
  { path: "/staff/rubric", ...staffOnly },
  {
    path: "/staff/rubric",
    method: "POST",
    form: { intent: "criterion", label: "" },
    anonymous: "login",
    trainee: 403,
    trainer: 403,
    staff: 400,
    admin: 400,
  },
  { path: "/staff/courses/1/quiz", ...staffOnly },
  { path: "/staff/courses/9999/quiz", anonymous: "login", trainee: 403, trainer: 403, staff: 404, admin: 404 },
  {
    path: "/staff/courses/1/quiz",
    method: "POST",
    form: { intent: "settings", title: "", passPercent: "0", maxAttempts: "99" },
    anonymous: "login",
    trainee: 403,
    trainer: 403,
    staff: 400,
    admin: 400,
  },
  // More questions per attempt than the bank holds (5): 409 for staff, nothing saved (decision 0032).
  {
    path: "/staff/courses/1/quiz",
    method: "POST",
    form: {
      intent: "settings",
      title: "理解度確認テスト",
      passPercent: "80",
      maxAttempts: "3",
      questionsPerAttempt: "99",
    },
    anonymous: "login",
    trainee: 403,
    trainer: 403,
    staff: 409,
    admin: 409,
  },
  // The check is for those who attended the course; the answers are never in this page.
  { path: "/courses/1/quiz", anonymous: "login", trainee: 200, trainer: 403, staff: 403, admin: 403 },
  { path: "/courses/2/quiz", anonymous: "login", trainee: 404, trainer: 404, staff: 404, admin: 404 },
  // A forged choice id: 400 for an attendee, nothing recorded.
  {
    path: "/courses/1/quiz",
    method: "POST",
    form: { "answers[0].questionId": "1", "answers[0].choiceId": "999999" },
    anonymous: "login",
    trainee: 400,
    trainer: 403,
    staff: 403,
    admin: 403,
  },
];
