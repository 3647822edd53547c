import { transaction, type Database } from "~/db.server";
import { audit } from "~/features/audit/audit.server";
import { refreshCompletions } from "~/features/enrollment/completion.server";
import { formatDateJa, todayInTokyo } from "~/lib/dates";
import { ConflictError, NotFoundError } from "~/lib/errors";
import type { AttendanceMark } from "./attendance.schema";
import type { AttendanceStatus } from "~/features/vocabulary/attendance-statuses";

async function loadSession(db: Database, cohortId: number, sessionId: number) {
  const session = await db
    .selectFrom("cohort_sessions")
    .select(["id", "cohort_id", "date", "start_time", "end_time", "topic"])
    .where("id", "=", sessionId)
    .where("cohort_id", "=", cohortId)
    .executeTakeFirst();
  if (!session) throw new NotFoundError("日程が見つかりません。");
  return session;
}

/** The confirmed participants of a cohort with their mark for one session (one query). */
export async function getAttendanceSheet(db: Database, cohortId: number, sessionId: number) {
  const session = await loadSession(db, cohortId, sessionId);
  const rows = await db
    .selectFrom("enrollments as e")
    .innerJoin("users as u", "u.id", "e.user_id")
    .leftJoin("attendance as a", (join) =>
      join.onRef("a.enrollment_id", "=", "e.id").on("a.session_id", "=", sessionId),
    )
    .select(["e.id", "u.name", "u.name_kana", "u.organization", "a.status", "a.marked_at"])
    .where("e.cohort_id", "=", cohortId)
    .where("e.status", "=", "enrolled")
    .orderBy("u.name_kana")
    .orderBy("e.id")
    .execute();
  return { session, rows: rows.map((r) => ({ ...r, status: r.status as AttendanceStatus | null })) };
}

/**
 * Records marks for one session (all in one transaction, audited), then recomputes the
 * completion of everyone whose mark changed. "all-present" marks every confirmed
 * participant present. Sessions in the future cannot be marked.
 */
export async function recordAttendance(
  db: Database,
  input: {
    cohortId: number;
    sessionId: number;
    marks: AttendanceMark[];
    allPresent?: boolean;
    actorId: string;
    today?: string;
  },
): Promise<{ saved: number }> {
  const today = input.today ?? todayInTokyo();
  return transaction(db, async (trx) => {
    const session = await loadSession(trx, input.cohortId, input.sessionId);
    if (session.date > today) {
      throw new ConflictError(`${formatDateJa(session.date)}の日程はまだ実施されていないため、出欠を記録できません。`);
    }
    const participants = await trx
      .selectFrom("enrollments")
      .select("id")
      .where("cohort_id", "=", input.cohortId)
      .where("status", "=", "enrolled")
      .execute();
    const allowed = new Set(participants.map((p) => p.id));
    const marks: AttendanceMark[] = input.allPresent
      ? participants.map((p) => ({ enrollmentId: p.id, status: "present" }))
      : input.marks;
    if (marks.some((m) => !allowed.has(m.enrollmentId))) {
      throw new ConflictError("受講確定者ではない申込が含まれています。画面を更新してやり直してください。");
    }
    if (marks.length === 0) return { saved: 0 };
    const now = new Date().toISOString();
    for (let i = 0; i < marks.length; i += 300) {
      await trx
        .insertInto("attendance")
        .values(
          marks.slice(i, i + 300).map((m) => ({
            enrollment_id: m.enrollmentId,
            session_id: session.id,
            status: m.status,
            marked_by: input.actorId,
            marked_at: now,
          })),
        )
        .onConflict((oc) =>
          oc.columns(["enrollment_id", "session_id"]).doUpdateSet((eb) => ({
            status: eb.ref("excluded.status"),
            marked_by: eb.ref("excluded.marked_by"),
            marked_at: eb.ref("excluded.marked_at"),
          })),
        )
        .execute();
    }
    const summary: Record<string, number> = {};
    for (const m of marks) summary[m.status] = (summary[m.status] ?? 0) + 1;
    await audit(trx, {
      actorId: input.actorId,
      action: input.allPresent ? "attendance.all_present" : "attendance.record",
      entityType: "cohort_session",
      entityId: session.id,
      details: { cohortId: input.cohortId, date: session.date, count: marks.length, summary },
    });
    await refreshCompletions(
      trx,
      marks.map((m) => m.enrollmentId),
      input.actorId,
    );
    return { saved: marks.length };
  });
}
