// Data for the A4 print journey (e2e/print-a4.spec.ts): one past fiscal year that no other
// journey touches, filled so that every column of every report table has a figure — OJT in two
// prefectures with placements active, completed, discontinued (中止) and ended without a
// recorded outcome; approved hours on every dimension; deliverables; certificates in every
// status; enrolments in every status. Written straight to the tables, as the report tests do.
import { counterLock, NO_FISCAL_YEAR, takeNextNumber } from "../app/features/numbering/counters.server";
import { upsertMunicipality } from "../app/features/municipalities/municipalities.server";
import { transaction } from "../app/db.server";
import { CITIES } from "../app/testing/ojt";
import { makeApprovedEntry, makeDeliverable } from "../app/testing/reports";
import { courseWithCohort, insertEnrollment, insertPerson, staffId, uniq } from "./catalog-helpers";
import { e2eDb } from "./support/fixtures";

/** A fiscal year long past: its figures are only what this file writes. */
export const PRINT_FY = 2012;

type Outcome = "active" | "completed" | "discontinued" | "ended";

async function placement(city: keyof typeof CITIES, outcome: Outcome, n: number) {
  const db = e2eDb();
  const c = CITIES[city];
  const trainer = await insertPerson(`印刷 指導者${n}`, ["trainer"]);
  const trainee = await insertPerson(`印刷 研修生${n}`, ["trainee"]);
  const now = new Date().toISOString();
  const engagement = await db
    .insertInto("engagements")
    .values({
      municipality_code: c.code,
      prefecture_code: c.code.slice(0, 2),
      title: "ITCアドバイザー業務委託（印刷確認）",
      lead_trainer_id: trainer.id,
      contracting_organization: "印刷確認コンサルティング株式会社",
      contract_type: "outsourcing",
      start_fiscal_year: PRINT_FY,
      end_fiscal_year: PRINT_FY,
      ojt_slots: 1,
      slots_taken: 1,
      confidentiality_note: "口外しないこと。",
      // Closed: no matching journey proposes it.
      status: "closed",
      created_at: now,
      updated_at: now,
    })
    .returning("id")
    .executeTakeFirstOrThrow();
  const application = await db
    .insertInto("ojt_applications")
    .values({
      trainee_id: trainee.id,
      status: "matched",
      travel_range: "region",
      preferred_size: "any",
      days_per_month: 4,
      available_from: `${PRINT_FY}-05-01`,
      available_to: `${PRINT_FY + 1}-03-31`,
      background_industry: "製造業",
      background_skills: "要件定義",
      motivation: "自治体のDXを学びたい。",
      accepts_self_paid: 1,
      themes_mask: 1,
      submitted_at: now,
      updated_at: now,
    })
    .returning("id")
    .executeTakeFirstOrThrow();
  const ended = outcome !== "active";
  const row = await db
    .insertInto("ojt_placements")
    .values({
      application_id: application.id,
      engagement_id: engagement.id,
      trainee_id: trainee.id,
      trainer_id: trainer.id,
      status: ended ? "ended" : "active",
      outcome: outcome === "completed" || outcome === "discontinued" ? outcome : null,
      outcome_reason: outcome === "discontinued" ? "受入先の都合により中止" : null,
      ended_at: ended ? `${PRINT_FY}-12-20T03:00:00.000Z` : null,
      start_date: `${PRINT_FY}-06-01`,
      end_date: `${PRINT_FY}-12-20`,
      proposed_at: now,
      updated_at: now,
    })
    .returning("id")
    .executeTakeFirstOrThrow();
  return { placementId: row.id, trainer, trainee };
}

async function certificate(programmeId: number, holderId: string, status: "valid" | "suspended" | "revoked") {
  const issuedBy = await staffId();
  await transaction(e2eDb(), { locks: [counterLock("certificate"), counterLock("status_list")] }, async (trx) => {
    const serial = await takeNextNumber(trx, "certificate", PRINT_FY);
    const statusListIndex = (await takeNextNumber(trx, "status_list", NO_FISCAL_YEAR)) - 1;
    const now = new Date().toISOString();
    await trx
      .insertInto("certificates")
      .values({
        programme_id: programmeId,
        subject_id: 900_000 + serial,
        holder_id: holderId,
        fiscal_year: PRINT_FY,
        serial,
        number: uniq("PRINT-").toUpperCase(),
        holder_name: "印刷 確認",
        programme_name: "印刷確認プログラム",
        certificate_title: "修了証",
        issued_on: `${PRINT_FY}-07-01`,
        issued_at: now,
        issued_by: issuedBy,
        status,
        status_reason: status === "valid" ? null : "印刷確認のため",
        criteria_snapshot: "[]",
        evidence_snapshot: "{}",
        status_list_index: statusListIndex,
      })
      .execute();
  });
}

/** Fills PRINT_FY; returns the long course title the enrolment table must wrap. */
export async function buildPrintYear(): Promise<{ courseTitle: string }> {
  const db = e2eDb();
  for (const c of [CITIES.yamagata, CITIES.gifu]) await upsertMunicipality(db, c, null);
  // 山形県 山形市: one of each outcome; 岐阜県 岐阜市: one completed, two discontinued.
  const plan: [keyof typeof CITIES, Outcome][] = [
    ["yamagata", "active"],
    ["yamagata", "completed"],
    ["yamagata", "discontinued"],
    ["yamagata", "ended"],
    ["gifu", "completed"],
    ["gifu", "discontinued"],
    ["gifu", "discontinued"],
  ];
  const placements = [];
  for (const [i, [city, outcome]] of plan.entries()) placements.push(await placement(city, outcome, i + 1));
  const [first, second] = placements as [(typeof placements)[0], (typeof placements)[0]];
  const e1 = await makeApprovedEntry(db, first, {
    workDate: `${PRINT_FY}-07-10`,
    minutes: 150,
    taskKind: "consultation",
    phase: "communication",
    role: "producer",
  });
  const e2 = await makeApprovedEntry(db, second, {
    workDate: `${PRINT_FY}-09-05`,
    minutes: 90,
    taskKind: "spec_review",
    phase: "it_procurement",
    role: "project_manager",
  });
  await makeApprovedEntry(db, second, { workDate: `${PRINT_FY}-10-01`, minutes: 45, taskKind: "dx_plan" });
  await makeDeliverable(db, e1, first.trainee.id, "application/pdf");
  await makeDeliverable(db, e2, second.trainee.id, "image/png");

  // Certificates of the year: valid, suspended and revoked in the first programme.
  const programme = await db
    .selectFrom("certification_programmes")
    .select("id")
    .orderBy("id")
    .executeTakeFirstOrThrow();
  for (const [i, status] of (["valid", "valid", "suspended", "revoked"] as const).entries())
    await certificate(programme.id, placements[i]!.trainee.id, status);

  // Enrolments of a cohort moved into the year, one or more in every status.
  const courseTitle = "自治体DX推進のための業務改革と情報システム調達の実践演習（印刷確認用の長い講座名）";
  const { cohortId } = await courseWithCohort({ title: courseTitle, capacity: 30 });
  await db.updateTable("cohorts").set({ fiscal_year: PRINT_FY }).where("id", "=", cohortId).execute();
  const statuses = ["enrolled", "enrolled", "enrolled", "pending", "waitlisted", "cancelled", "cancelled"];
  for (const [i, status] of statuses.entries()) {
    const person = await insertPerson(`印刷 受講者${i + 1}`);
    await insertEnrollment(cohortId, person.id);
    await db
      .updateTable("enrollments")
      .set({ status, completed_at: i < 2 ? `${PRINT_FY}-08-01T03:00:00.000Z` : null, queue_seq: i + 1 })
      .where("cohort_id", "=", cohortId)
      .where("user_id", "=", person.id)
      .execute();
  }
  return { courseTitle };
}

/** A cohort of this year with a session and confirmed trainees, for the sign-in sheet. */
export async function signInSheetCohort(): Promise<{ cohortId: number; names: string[]; organizations: string[] }> {
  const { cohortId } = await courseWithCohort({ title: "署名簿の印刷確認講座", capacity: 40 });
  const names: string[] = [];
  const organizations: string[] = [];
  // Enough rows for a second page: the header row must repeat, no row split.
  for (let i = 1; i <= 18; i++) {
    const person = await insertPerson(`署名 太郎${i}号`);
    const organization = `印刷確認市 第${i}係`;
    await e2eDb().updateTable("users").set({ organization }).where("id", "=", person.id).execute();
    await insertEnrollment(cohortId, person.id);
    names.push(person.name);
    organizations.push(organization);
  }
  return { cohortId, names, organizations };
}
