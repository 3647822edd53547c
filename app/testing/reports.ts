// Test-only builders for the fiscal-year reports: rows written straight to the tables (log
// entries on any date, certificates before the certification code issues them), so a test can
// put figures on both sides of 31 March.
import crypto from "node:crypto";
import type { Database } from "~/db.server";
import { CITIES } from "./ojt";

async function idByCode(db: Database, table: "ojt_task_kinds" | "pgl_phases" | "mic_roles", code: string) {
  return (await db.selectFrom(table).select("id").where("code", "=", code).executeTakeFirstOrThrow()).id;
}

/** An approved log entry of a placement on `workDate` (any date, past or future). */
export async function makeApprovedEntry(
  db: Database,
  placement: { placementId: number; trainee: { id: string }; trainer: { id: string } },
  input: { workDate: string; minutes: number; taskKind: string; phase?: string | null; role?: string | null },
): Promise<number> {
  const now = new Date().toISOString();
  const row = await db
    .insertInto("ojt_log_entries")
    .values({
      placement_id: placement.placementId,
      author_id: placement.trainee.id,
      status: "approved",
      work_date: input.workDate,
      minutes: input.minutes,
      task_kind_id: await idByCode(db, "ojt_task_kinds", input.taskKind),
      pgl_phase_id: input.phase ? await idByCode(db, "pgl_phases", input.phase) : null,
      mic_role_id: input.role ? await idByCode(db, "mic_roles", input.role) : null,
      submitted_at: now,
      approved_by: placement.trainer.id,
      approved_at: now,
      fingerprint: crypto.randomBytes(32).toString("hex"),
      created_at: now,
      updated_at: now,
    })
    .returning("id")
    .executeTakeFirstOrThrow();
  return row.id;
}

/** A log entry waiting for the trainer (it must not count in any report). */
export async function makeSubmittedEntry(
  db: Database,
  placement: { placementId: number; trainee: { id: string } },
  input: { workDate: string; minutes: number },
): Promise<number> {
  const now = new Date().toISOString();
  const row = await db
    .insertInto("ojt_log_entries")
    .values({
      placement_id: placement.placementId,
      author_id: placement.trainee.id,
      status: "submitted",
      work_date: input.workDate,
      minutes: input.minutes,
      task_kind_id: await idByCode(db, "ojt_task_kinds", "consultation"),
      submitted_at: now,
      created_at: now,
      updated_at: now,
    })
    .returning("id")
    .executeTakeFirstOrThrow();
  return row.id;
}

/** A deliverable row of an entry (no bytes stored: the reports count rows). */
export async function makeDeliverable(db: Database, entryId: number, uploadedBy: string, mediaType: string) {
  const key = crypto.randomBytes(8).toString("hex");
  await db
    .insertInto("ojt_deliverables")
    .values({
      entry_id: entryId,
      storage_key: `test/${key}`,
      file_name: `成果物-${key}.bin`,
      media_type: mediaType,
      size_bytes: 100,
      sha256: crypto.randomBytes(32).toString("hex"),
      uploaded_by: uploadedBy,
      uploaded_at: new Date().toISOString(),
    })
    .execute();
}

/** Moves a placement's engagement to another of the test cities. */
export async function moveEngagementTo(db: Database, engagementId: number, city: keyof typeof CITIES) {
  const c = CITIES[city];
  await db
    .updateTable("engagements")
    .set({ municipality_code: c.code, prefecture_code: c.code.slice(0, 2) })
    .where("id", "=", engagementId)
    .execute();
}

let serial = 0;

/** A certificate row as the certification code will write it (programme 1 or 2 of migration 11). */
export async function makeCertificate(
  db: Database,
  input: { programmeId: number; holderId: string; issuedBy: string; fiscalYear: number; status?: string },
) {
  serial += 1;
  const status = input.status ?? "valid";
  const now = new Date().toISOString();
  await db
    .insertInto("certificates")
    .values({
      programme_id: input.programmeId,
      subject_id: 100_000 + serial,
      holder_id: input.holderId,
      fiscal_year: input.fiscalYear,
      serial: 1_000 + serial,
      number: `TEST-${crypto.randomBytes(6).toString("hex")}`,
      holder_name: "試験 太郎",
      programme_name: "試験プログラム",
      certificate_title: "修了証",
      issued_on: `${input.fiscalYear}-06-01`,
      issued_at: now,
      issued_by: input.issuedBy,
      status,
      status_reason: status === "valid" ? null : "試験のため",
      criteria_snapshot: "[]",
      evidence_snapshot: "{}",
      status_list_index: 10_000 + serial,
    })
    .execute();
}
