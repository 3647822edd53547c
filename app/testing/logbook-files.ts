// Test-only builders for the deliverable and counterpart tests: a placement with its pair, and
// log entries written straight into the tables (the entry workflow is tested on its own).
import type { Database } from "~/db.server";
import { upsertMunicipality } from "~/features/municipalities/municipalities.server";
import { entryFingerprint, type EntryContent } from "~/features/logbook/fingerprint";
import { CITIES } from "./ojt";
import { makeUser } from "./db";

export async function makePlacement(
  db: Database,
  options: { counterpart?: { name: string; department: string; email: string } } = {},
) {
  await upsertMunicipality(db, CITIES.yamagata, null);
  const trainer = await makeUser(db, ["trainer"], { name: "佐藤 一郎" });
  const trainee = await makeUser(db, ["trainee"], { name: "田中 花子" });
  const now = new Date().toISOString();
  const cp = options.counterpart ?? { name: "山形 太郎", department: "情報政策課", email: "taro@city.example.jp" };
  const engagement = await db
    .insertInto("engagements")
    .values({
      municipality_code: CITIES.yamagata.code,
      prefecture_code: "06",
      title: "ITCアドバイザー業務委託",
      lead_trainer_id: trainer.id,
      contracting_organization: "山形ITコンサルティング株式会社",
      contract_type: "outsourcing",
      start_fiscal_year: 2026,
      end_fiscal_year: 2027,
      ojt_slots: 2,
      confidentiality_note: "口外しないこと。",
      status: "hosting",
      counterpart_name: cp.name,
      counterpart_department: cp.department,
      counterpart_email: cp.email,
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
      themes_mask: 1,
      days_per_month: 4,
      available_from: "2026-04-01",
      available_to: "2027-03-31",
      background_industry: "製造業",
      background_skills: "要件定義",
      motivation: "地域に貢献したい",
      accepts_self_paid: 1,
      submitted_at: now,
      updated_at: now,
    })
    .returning("id")
    .executeTakeFirstOrThrow();
  const placement = await db
    .insertInto("ojt_placements")
    .values({
      application_id: application.id,
      engagement_id: engagement.id,
      trainer_id: trainer.id,
      trainee_id: trainee.id,
      status: "active",
      start_date: "2026-04-01",
      end_date: "2027-03-31",
      proposed_at: now,
      updated_at: now,
    })
    .returning("id")
    .executeTakeFirstOrThrow();
  return { placementId: placement.id, engagementId: engagement.id, trainer, trainee };
}

/** An entry written by the trainee; `approved` also stamps the approval and its fingerprint. */
export async function makeEntry(
  db: Database,
  p: { placementId: number; trainer: { id: string }; trainee: { id: string } },
  status: "submitted" | "returned" | "approved" = "submitted",
) {
  const now = new Date().toISOString();
  const kind = await db
    .selectFrom("ojt_task_kinds")
    .select(["id", "code"])
    .where("code", "=", "consultation")
    .executeTakeFirstOrThrow();
  const values = {
    placement_id: p.placementId,
    author_id: p.trainee.id,
    // An approved entry is inserted as submitted and then approved (the table checks the stamps).
    status: status === "approved" ? "submitted" : status,
    work_date: "2026-11-20",
    start_time: "10:00",
    end_time: "12:00",
    minutes: 120,
    task_kind_id: kind.id,
    department: "情報政策課",
    activity: "窓口業務のデジタル化について職員相談会に同席した。",
    contribution: "論点を整理した。",
    reflection: "現場の声を聞く大切さを学んだ。",
    trainer_feedback: "",
    submitted_at: now,
    created_at: now,
    updated_at: now,
  };
  const entry = await db.insertInto("ojt_log_entries").values(values).returning("id").executeTakeFirstOrThrow();
  if (status === "approved") {
    const content: EntryContent = {
      entryId: entry.id,
      placementId: p.placementId,
      version: 1,
      workDate: values.work_date,
      startTime: values.start_time,
      endTime: values.end_time,
      minutes: values.minutes,
      taskKind: kind.code,
      pglPhase: null,
      micRole: null,
      department: values.department,
      activity: values.activity,
      contribution: values.contribution,
      reflection: values.reflection,
      trainerFeedback: values.trainer_feedback,
      correctionReason: null,
    };
    await db
      .updateTable("ojt_log_entries")
      .set({
        status: "approved",
        approved_by: p.trainer.id,
        approved_at: now,
        fingerprint: entryFingerprint(content, { approval: { by: p.trainer.id, at: now } }),
      })
      .where("id", "=", entry.id)
      .execute();
  }
  return entry.id;
}
