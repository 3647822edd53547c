// Test-only builders for the deliverable and counterpart tests: a placement with its pair, and
// log entries written straight into the tables (the entry workflow is tested on its own).
import type { Database } from "~/db.server";
import { entryFingerprint, type EntryContent } from "~/features/logbook/fingerprint";
import { makeActivePlacement } from "./logbook";

/** An active placement in Yamagata whose engagement has a municipal counterpart. */
export function makePlacement(
  db: Database,
  options: { counterpart?: { name: string; department: string; email: string } } = {},
) {
  return makeActivePlacement(db, {
    startDate: "2026-04-01",
    endDate: "2027-03-31",
    names: { trainer: "佐藤 一郎", trainee: "田中 花子" },
    counterpart: options.counterpart ?? { name: "山形 太郎", department: "情報政策課", email: "taro@city.example.jp" },
  });
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
