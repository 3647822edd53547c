import type { Database } from "~/db.server";
import type { EntryContent } from "./fingerprint";

/**
 * The signed content of an entry as the fingerprint covers it, read from the database. Task
 * kind, PGL phase and MIC role are their codes (labels are data staff may rename; a rename must
 * not change a fingerprint). The approval and the counterpart's confirmation hash this same shape.
 */
export async function entryContent(db: Database, entryId: number) {
  const row = await db
    .selectFrom("ojt_log_entries as e")
    .innerJoin("ojt_task_kinds as k", "k.id", "e.task_kind_id")
    .leftJoin("pgl_phases as ph", "ph.id", "e.pgl_phase_id")
    .leftJoin("mic_roles as r", "r.id", "e.mic_role_id")
    .select([
      "e.id",
      "e.placement_id",
      "e.version",
      "e.work_date",
      "e.start_time",
      "e.end_time",
      "e.minutes",
      "k.code as task_kind",
      "ph.code as pgl_phase",
      "r.code as mic_role",
      "e.department",
      "e.activity",
      "e.contribution",
      "e.reflection",
      "e.trainer_feedback",
      "e.correction_reason",
      "e.status",
      "e.approved_by",
      "e.approved_at",
    ])
    .where("e.id", "=", entryId)
    .executeTakeFirst();
  if (!row) return undefined;
  const content: EntryContent = {
    entryId: row.id,
    placementId: row.placement_id,
    version: row.version,
    workDate: row.work_date,
    startTime: row.start_time,
    endTime: row.end_time,
    minutes: row.minutes,
    taskKind: row.task_kind,
    pglPhase: row.pgl_phase,
    micRole: row.mic_role,
    department: row.department,
    activity: row.activity,
    contribution: row.contribution,
    reflection: row.reflection,
    trainerFeedback: row.trainer_feedback,
    correctionReason: row.correction_reason,
  };
  return { content, status: row.status, approvedBy: row.approved_by, approvedAt: row.approved_at };
}
