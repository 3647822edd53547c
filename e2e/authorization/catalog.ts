import { SEED_CATALOG, SEED_TRAINEE_SKILL_ENROLLMENT } from "../../db/seed/catalog";
import type { AccessRule } from "./types";

// Rows for the catalog, cohorts, enrolment, attendance and points routes, against the demo
// seed (db/seed/catalog.ts): trainee@ is 鈴木 美咲, trainer@ is 佐藤 健一, who teaches cohorts
// 1, 2 and 4 but not 3, 5 or 6. Every mutation row is one the server refuses, so the table
// leaves the data as it was.
const C = SEED_CATALOG.cohorts;
const K = SEED_CATALOG.courses;
// Session ids follow creation order: one per cohort, except six for the case training.
const SESSION = { basicPast: 1, basicOnlineFull: 3, skillDistance: 11 };
const TANAKA_BASIC_ENROLLMENT = 2;

const everyone = { anonymous: 200, trainee: 200, trainer: 200, staff: 200, admin: 200 } as const;
const traineeOnly = { anonymous: "login", trainee: 200, trainer: 403, staff: 403, admin: 403 } as const;
const staffOnly = { anonymous: "login", trainee: 403, trainer: 403, staff: 200, admin: 200 } as const;
const trainerOnly = { anonymous: "login", trainee: 403, trainer: 200, staff: 403, admin: 403 } as const;
const nobodyButLogin = { anonymous: "login", trainee: 403, trainer: 403, staff: 403, admin: 403 } as const;

export const catalogRules: AccessRule[] = [
  // Public catalog.
  { path: "/courses", ...everyone },
  { path: "/courses?q=%EF%BC%A4%EF%BC%B8&kind=basic_municipal&page=2", ...everyone },
  { path: `/courses/${K.basic}`, ...everyone },
  // An unpublished course exists only for the secretariat.
  { path: `/courses/${K.draft}`, anonymous: 404, trainee: 404, trainer: 404, staff: 200, admin: 200 },
  { path: "/courses/999999", anonymous: 404, trainee: 404, trainer: 404, staff: 404, admin: 404 },
  {
    path: `/courses/${K.basic}`,
    method: "POST",
    form: { intent: "enrol", cohortId: "999999", confirmed: "yes" },
    note: "only trainees enrol; an unknown cohort is a 404",
    anonymous: "login",
    trainee: 404,
    trainer: 403,
    staff: 403,
    admin: 403,
  },
  {
    path: `/courses/${K.basic}`,
    method: "POST",
    form: { intent: "enrol", cohortId: String(C.caseKanazawa), confirmed: "yes" },
    note: "a cohort of another course cannot be reached through this course",
    anonymous: "login",
    trainee: 404,
    trainer: 403,
    staff: 403,
    admin: 403,
  },
  {
    path: `/courses/${K.basic}`,
    method: "POST",
    form: { intent: "enrol", cohortId: String(C.basicNext) },
    note: "an application that skipped the confirmation page is refused",
    anonymous: "login",
    trainee: 400,
    trainer: 403,
    staff: 403,
    admin: 403,
  },
  // The confirmation step of an application (fee, dates, terms).
  { path: `/courses/${K.basic}/cohorts/${C.basicNext}/enrol`, ...traineeOnly },
  {
    path: `/courses/${K.basic}/cohorts/${C.caseKanazawa}/enrol`,
    note: "a cohort of another course",
    ...traineeOnly,
    trainee: 404,
  },
  { path: `/courses/${K.basic}/cohorts/999999/enrol`, ...traineeOnly, trainee: 404 },

  // The trainee's own pages.
  { path: "/my/training", ...traineeOnly },
  { path: "/my/points", ...traineeOnly },
  { path: `/my/training/${SEED_TRAINEE_SKILL_ENROLLMENT}/questionnaire`, note: "鈴木's own enrolment", ...traineeOnly },
  {
    path: `/my/training/${TANAKA_BASIC_ENROLLMENT}/questionnaire`,
    note: "田中's enrolment: never shown to 鈴木",
    ...traineeOnly,
    trainee: 404,
  },
  {
    path: `/my/training/${TANAKA_BASIC_ENROLLMENT}/questionnaire`,
    method: "POST",
    form: { overallRating: "5", contentRating: "5", instructorRating: "5", usefulnessRating: "5" },
    note: "answering someone else's questionnaire",
    ...nobodyButLogin,
    trainee: 404,
  },
  { path: `/my/cohorts/${C.caseKanazawa}/calendar.ics`, note: "鈴木 is enrolled", ...traineeOnly },
  { path: `/my/cohorts/${C.basicNext}/calendar.ics`, note: "鈴木 is not enrolled", ...traineeOnly, trainee: 404 },

  // Secretariat.
  { path: "/staff/courses", ...staffOnly },
  { path: "/staff/payment-settings", ...staffOnly },
  {
    path: "/staff/payment-settings",
    method: "POST",
    form: { bankName: "" },
    note: "incomplete settings are refused",
    ...nobodyButLogin,
    staff: 400,
    admin: 400,
  },
  { path: "/staff/courses/new", ...staffOnly },
  { path: `/staff/courses/${K.basic}`, ...staffOnly },
  { path: `/staff/courses/${K.basic}/edit`, ...staffOnly },
  { path: `/staff/cohorts/new?courseId=${K.basic}`, ...staffOnly },
  { path: `/staff/cohorts/${C.basicNext}`, note: "佐藤 teaches it, but this is the staff page", ...staffOnly },
  { path: `/staff/cohorts/${C.basicNext}/edit`, ...staffOnly },
  { path: `/staff/cohorts/${C.basicPast}/enrollments/${TANAKA_BASIC_ENROLLMENT}`, ...staffOnly },
  {
    path: `/staff/cohorts/${C.basicNext}/enrollments/${TANAKA_BASIC_ENROLLMENT}`,
    note: "an enrolment is only reached through its own cohort",
    ...staffOnly,
    staff: 404,
    admin: 404,
  },
  { path: `/staff/cohorts/${C.basicPast}/attendance/${SESSION.basicPast}`, ...staffOnly },
  { path: `/staff/cohorts/${C.basicPast}/check-in/${SESSION.basicPast}`, ...staffOnly },
  {
    path: `/staff/cohorts/${C.basicPast}/check-in/${SESSION.basicPast}`,
    method: "POST",
    form: { opensMinutesBefore: "三十", closesMinutesAfterEnd: "0", lateAfterMinutes: "10" },
    note: "check-in rules in words are refused",
    ...staffOnly,
    staff: 400,
    admin: 400,
  },
  // The trainee's check-in page: any signed-in person sees it (it says who may check in); a
  // scanned code is judged before sign-in, and a bad one is refused for everybody alike.
  { path: `/check-in/${SESSION.basicPast}`, ...everyone, anonymous: "login" },
  {
    path: `/check-in/${SESSION.basicPast}?c=AAAAAAAAAAAAAAAAAAAAAAAA`,
    ...everyone,
    anonymous: 409,
    trainee: 409,
    trainer: 409,
    staff: 409,
    admin: 409,
  },
  {
    path: `/check-in/${SESSION.basicPast}?c=%E5%87%BA%E5%B8%AD`,
    note: "a non-ASCII code",
    anonymous: 400,
    trainee: 400,
    trainer: 400,
    staff: 400,
    admin: 400,
  },
  { path: "/check-in/999999?l=abc", anonymous: 404, trainee: 404, trainer: 404, staff: 404, admin: 404 },
  {
    path: `/check-in/${SESSION.basicPast}`,
    method: "POST",
    form: { pass: "qr.1.forged" },
    note: "a forged pass writes nothing",
    anonymous: "login",
    trainee: 409,
    trainer: 409,
    staff: 409,
    admin: 409,
  },
  { path: "/staff/at-risk", ...staffOnly },
  { path: "/staff/reminder-settings", ...staffOnly },
  {
    path: "/staff/reminder-settings",
    method: "POST",
    form: { sessionReminderTime: "25:00", questionnaireAfterDays: "3", feeBeforeDays: "7" },
    note: "an hour past 24 is refused",
    ...staffOnly,
    staff: 400,
    admin: 400,
  },
  { path: `/staff/cohorts/${C.basicPast}/sign-in-sheet`, ...staffOnly },
  { path: `/staff/cohorts/${C.basicPast}/questionnaire`, ...staffOnly },
  { path: `/staff/cohorts/${C.basicNext}/questionnaire`, note: "no answers yet", ...staffOnly },
  { path: `/staff/cohorts/${C.basicPast}/roster.csv`, ...staffOnly },
  { path: `/staff/cohorts/${C.basicPast}/roster.xlsx`, ...staffOnly },
  { path: `/staff/cohorts/${C.basicPast}/import`, ...staffOnly },
  { path: "/staff/cohorts/999999", ...staffOnly, staff: 404, admin: 404 },
  {
    path: "/staff/courses/new",
    method: "POST",
    form: { code: "", title: "" },
    note: "an empty course form is refused with 400",
    ...staffOnly,
    staff: 400,
    admin: 400,
  },
  {
    path: `/staff/cohorts/${C.basicPast}`,
    method: "POST",
    form: { op: "paid:999999" },
    ...staffOnly,
    staff: 404,
    admin: 404,
  },
  {
    path: `/staff/cohorts/${C.basicPast}`,
    method: "POST",
    form: { op: "cancel:1" },
    ...staffOnly,
    staff: 400,
    admin: 400,
  },
  {
    path: `/staff/cohorts/${C.basicPast}/attendance/${SESSION.basicPast}`,
    method: "POST",
    form: { intent: "save", "status-999999": "present" },
    note: "a mark for someone not in the cohort is refused",
    ...staffOnly,
    staff: 409,
    admin: 409,
  },
  {
    path: `/staff/cohorts/${C.basicPast}/import`,
    method: "POST",
    form: {},
    note: "no file",
    ...staffOnly,
    staff: 400,
    admin: 400,
  },

  // Trainers: only the cohorts they teach.
  { path: "/trainer/cohorts", ...trainerOnly },
  { path: `/trainer/cohorts/${C.basicNext}`, note: "佐藤 teaches it", ...trainerOnly },
  { path: `/trainer/cohorts/${C.basicOnlineFull}`, note: "伊藤 teaches it, not 佐藤", ...nobodyButLogin },
  { path: `/trainer/cohorts/${C.followUpOnline}`, note: "高橋 teaches it", ...nobodyButLogin },
  { path: `/trainer/cohorts/${C.basicPast}/attendance/${SESSION.basicPast}`, ...trainerOnly },
  { path: `/trainer/cohorts/${C.basicPast}/check-in/${SESSION.basicPast}`, ...trainerOnly },
  { path: `/trainer/cohorts/${C.basicOnlineFull}/check-in/${SESSION.basicOnlineFull}`, ...nobodyButLogin },
  { path: `/trainer/cohorts/${C.basicOnlineFull}/attendance/${SESSION.basicOnlineFull}`, ...nobodyButLogin },
  { path: `/trainer/cohorts/${C.basicPast}/sign-in-sheet`, ...trainerOnly },
  { path: `/trainer/cohorts/${C.basicPast}/questionnaire`, note: "佐藤 teaches it", ...trainerOnly },
  { path: `/trainer/cohorts/${C.skillDistance}/questionnaire`, note: "伊藤 teaches it", ...nobodyButLogin },
  { path: `/trainer/cohorts/${C.skillDistance}/sign-in-sheet?sessionId=${SESSION.skillDistance}`, ...nobodyButLogin },
  {
    path: `/trainer/cohorts/${C.skillDistance}/attendance/${SESSION.skillDistance}`,
    method: "POST",
    form: { intent: "all-present" },
    note: "佐藤 cannot take attendance for 伊藤's cohort",
    ...nobodyButLogin,
  },
];
