// Test-only builders for the logbook: an active placement with its pair, written straight to
// the tables (the matching flow that normally leads here has its own tests).
import type { Database } from "~/db.server";
import { addDays, todayInTokyo } from "~/lib/dates";
import type { NewEntryInput } from "~/features/logbook/logbook.schema";
import { makeUser } from "./db";
import { CITIES, seedCities } from "./ojt";

const seeded = new WeakSet<Database>();

export async function makeActivePlacement(
  db: Database,
  options: {
    status?: string;
    startDate?: string;
    endDate?: string;
    names?: { trainer: string; trainee: string };
    counterpart?: { name: string; department: string; email: string };
  } = {},
) {
  if (!seeded.has(db)) {
    await seedCities(db);
    seeded.add(db);
  }
  const trainer = await makeUser(db, ["trainer"], { name: options.names?.trainer ?? "山田 トレーナー" });
  const trainee = await makeUser(db, ["trainee"], { name: options.names?.trainee ?? "田中 トレーニー" });
  const now = new Date().toISOString();
  const today = todayInTokyo();
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
      ojt_slots: 3,
      slots_taken: 1,
      confidentiality_note: "口外しないこと。",
      status: "recruiting",
      counterpart_name: options.counterpart?.name ?? "",
      counterpart_department: options.counterpart?.department ?? "",
      counterpart_email: options.counterpart?.email ?? "",
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
      available_from: today,
      available_to: addDays(today, 300),
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
  const placement = await db
    .insertInto("ojt_placements")
    .values({
      application_id: application.id,
      engagement_id: engagement.id,
      trainee_id: trainee.id,
      trainer_id: trainer.id,
      status: options.status ?? "active",
      start_date: options.startDate ?? addDays(today, -60),
      end_date: options.endDate ?? addDays(today, 120),
      proposed_at: now,
      updated_at: now,
    })
    .returning("id")
    .executeTakeFirstOrThrow();
  return { placementId: placement.id, engagementId: engagement.id, trainer, trainee };
}

export async function taskKindId(db: Database, code = "consultation"): Promise<number> {
  return (await db.selectFrom("ojt_task_kinds").select("id").where("code", "=", code).executeTakeFirstOrThrow()).id;
}

/** A valid new entry (yesterday, 60 minutes, a consultation session). */
export async function entryInput(db: Database, overrides: Partial<NewEntryInput> = {}): Promise<NewEntryInput> {
  return {
    workDate: addDays(todayInTokyo(), -1),
    startTime: null,
    endTime: null,
    minutes: 60,
    taskKindId: await taskKindId(db),
    pglPhaseId: null,
    micRoleId: null,
    department: "総務部 DX推進課",
    activity: "職員向けシステム相談会に同席し、議事メモを作成した。",
    contribution: "RPA導入の相談に、費用対効果の見方を説明した。",
    reflection: "予算の年間スケジュールを踏まえた助言が必要だと分かった。",
    trainerFeedback: "",
    ...overrides,
  };
}
