import type { Database } from "~/db.server";
import { audit } from "~/features/audit/audit.server";
import { notify } from "~/features/notifications/outbox.server";
import { fiscalYearOf, formatFiscalYear } from "~/lib/dates";
import { checkCompletion } from "./completion";
import { attendedSessions } from "~/features/vocabulary/counts.server";

/**
 * Ids of the courses the user has completed (completion is computed by `refreshCompletions`
 * from attendance, questionnaire and payment, and stored on the enrolment). Distinct, sorted.
 */
export async function completedCourseIds(db: Database, userId: string): Promise<number[]> {
  const rows = await db
    .selectFrom("enrollments")
    .innerJoin("cohorts", "cohorts.id", "enrollments.cohort_id")
    .select("cohorts.course_id")
    .distinct()
    .where("enrollments.user_id", "=", userId)
    .where("enrollments.completed_at", "is not", null)
    .orderBy("cohorts.course_id")
    .execute();
  return rows.map((r) => r.course_id);
}

/**
 * Recomputes completion of the given enrolments after anything it depends on changed
 * (attendance, questionnaire, payment, status). A newly completed enrolment is stamped, the
 * course's 実践力ポイント are credited to the fiscal year of the cohort's last session, the
 * trainee is notified and the change audited; an enrolment that no longer qualifies loses
 * its completion and its points (audited too). Call it inside the transaction of the change.
 */
export async function refreshCompletions(db: Database, enrollmentIds: number[], actorId: string | null) {
  const ids = [...new Set(enrollmentIds)];
  const changed: Array<{ enrollmentId: number; completed: boolean }> = [];
  for (let i = 0; i < ids.length; i += 500) {
    const chunk = ids.slice(i, i + 500);
    const rows = await db
      .selectFrom("enrollments as e")
      .innerJoin("cohorts as c", "c.id", "e.cohort_id")
      .innerJoin("courses as co", "co.id", "c.course_id")
      .select([
        "e.id",
        "e.user_id",
        "e.status",
        "e.fee_yen",
        "e.paid_at",
        "e.questionnaire_submitted_at",
        "e.completed_at",
        "c.id as cohort_id",
        "c.name as cohort_name",
        "c.session_count",
        "c.last_session_date",
        "co.title as course_title",
        "co.points",
        "co.min_sessions_attended",
        attendedSessions.as("attended"),
      ])
      .where("e.id", "in", chunk)
      .execute();
    const now = new Date().toISOString();
    for (const r of rows) {
      const { complete } = checkCompletion({
        status: r.status,
        sessionCount: r.session_count,
        attended: r.attended ?? 0,
        minSessionsAttended: r.min_sessions_attended,
        questionnaireSubmitted: r.questionnaire_submitted_at !== null,
        feeYen: r.fee_yen,
        paid: r.paid_at !== null,
      });
      if (complete && r.completed_at === null) {
        const fiscalYear = fiscalYearOf(r.last_session_date ?? now);
        await db
          .updateTable("enrollments")
          .set({ completed_at: now, updated_at: now })
          .where("id", "=", r.id)
          .execute();
        await db
          .insertInto("point_credits")
          .values({
            user_id: r.user_id,
            fiscal_year: fiscalYear,
            points: r.points,
            source: "course",
            enrollment_id: r.id,
            description: `${r.course_title}（${r.cohort_name}）修了`,
            credited_at: now,
          })
          .execute();
        await audit(db, {
          actorId,
          action: "enrollment.complete",
          entityType: "enrollment",
          entityId: r.id,
          details: { userId: r.user_id, cohortId: r.cohort_id, points: r.points, fiscalYear },
        });
        await notify(db, {
          userId: r.user_id,
          kind: "enrollment.completed",
          title: `「${r.course_title}」を修了しました`,
          body: `実践力ポイント ${r.points} ポイントが${formatFiscalYear(fiscalYear)}に登録されました。`,
          link: "/my/points",
        });
        changed.push({ enrollmentId: r.id, completed: true });
      } else if (!complete && r.completed_at !== null) {
        await db
          .updateTable("enrollments")
          .set({ completed_at: null, updated_at: now })
          .where("id", "=", r.id)
          .execute();
        await db.deleteFrom("point_credits").where("enrollment_id", "=", r.id).execute();
        await audit(db, {
          actorId,
          action: "enrollment.completion_revoked",
          entityType: "enrollment",
          entityId: r.id,
          details: { userId: r.user_id, cohortId: r.cohort_id, points: r.points },
        });
        changed.push({ enrollmentId: r.id, completed: false });
      }
    }
  }
  return changed;
}

/** The user's 実践力ポイント by fiscal year (newest first) and the credits behind them. */
export async function myPoints(db: Database, userId: string) {
  const [years, credits] = await Promise.all([
    db
      .selectFrom("point_credits")
      .select((eb) => ["fiscal_year", eb.fn.sum<number>("points").as("total")])
      .where("user_id", "=", userId)
      .groupBy("fiscal_year")
      .orderBy("fiscal_year", "desc")
      .execute(),
    db
      .selectFrom("point_credits")
      .select(["id", "fiscal_year", "points", "description", "credited_at"])
      .where("user_id", "=", userId)
      .orderBy("fiscal_year", "desc")
      .orderBy("credited_at", "desc")
      .limit(200)
      .execute(),
  ]);
  return { years: years.map((y) => ({ fiscalYear: y.fiscal_year, total: Number(y.total) })), credits };
}
