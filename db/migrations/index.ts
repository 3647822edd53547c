import type { Migration } from "kysely";
import * as m20261122_01 from "./2026-11-22_01_foundation";
import * as m20261122_02 from "./2026-11-22_02_catalog";
import * as m20261122_03 from "./2026-11-22_03_engagements";
import * as m20261123_04 from "./2026-11-23_04_catalog-indexes";
import * as m20261130_05 from "./2026-11-30_05_auth-hardening";
import * as m20261130_06 from "./2026-11-30_06_course-enrolment-rules";
import * as m20261130_07 from "./2026-11-30_07_fees-and-municipalities";
import * as m20261130_08 from "./2026-11-30_08_ojt-logbook";
import * as m20261130_09 from "./2026-11-30_09_ojt-assessment";
import * as m20261130_10 from "./2026-11-30_10_ojt-deliverables";
import * as m20261130_11 from "./2026-11-30_11_certification";
import * as m20261130_12 from "./2026-11-30_12_check-in";
import * as m20261130_13 from "./2026-11-30_13_completion-outlook";
import * as m20261130_14 from "./2026-11-30_14_reminders";
import * as m20261130_15 from "./2026-11-30_15_renewal-ledger";
import * as m20261207_01 from "./2026-12-07_01_four-eyes-sign-off";
import * as m20261207_05 from "./2026-12-07_05_invoice-service-and-payment";
import * as m20261207_06 from "./2026-12-07_06_mail-priority";
import * as m20261207_22 from "./2026-12-07_22_quiz-bank-and-draws";
import * as m20261207_24 from "./2026-12-07_24_repeat-enrolment";

// Every migration, by name, in order. A static list (rather than reading the folder at run
// time) works the same under tsx, Vitest and Playwright. Add each new migration here.
export const migrations: Record<string, Migration> = {
  "2026-11-22_01_foundation": m20261122_01,
  "2026-11-22_02_catalog": m20261122_02,
  "2026-11-22_03_engagements": m20261122_03,
  "2026-11-23_04_catalog-indexes": m20261123_04,
  "2026-11-30_05_auth-hardening": m20261130_05,
  "2026-11-30_06_course-enrolment-rules": m20261130_06,
  "2026-11-30_07_fees-and-municipalities": m20261130_07,
  "2026-11-30_08_ojt-logbook": m20261130_08,
  "2026-11-30_09_ojt-assessment": m20261130_09,
  "2026-11-30_10_ojt-deliverables": m20261130_10,
  "2026-11-30_11_certification": m20261130_11,
  "2026-11-30_12_check-in": m20261130_12,
  "2026-11-30_13_completion-outlook": m20261130_13,
  "2026-11-30_14_reminders": m20261130_14,
  "2026-11-30_15_renewal-ledger": m20261130_15,
  "2026-12-07_01_four-eyes-sign-off": m20261207_01,
  "2026-12-07_05_invoice-service-and-payment": m20261207_05,
  "2026-12-07_06_mail-priority": m20261207_06,
  "2026-12-07_22_quiz-bank-and-draws": m20261207_22,
  "2026-12-07_24_repeat-enrolment": m20261207_24,
};
