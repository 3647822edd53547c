import type { Database } from "~/db.server";
import { audit } from "~/features/audit/audit.server";
import { notify } from "~/features/notifications/outbox.server";
import { fiscalYearOf, formatFiscalYear } from "~/lib/dates";
import { checkCompletion, completionOutlook, type CompletionOutlook } from "./completion";
import { attendedSessions, missedSessions, seatsTaken } from "~/features/vocabulary/counts.server";
import { formatDateJa, todayInTokyo } from "~/lib/dates";

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
        "co.id as course_id",
        "co.title as course_title",
        "co.points",
        "co.min_sessions_attended",
        "e.completion_outlook",
        attendedSessions.as("attended"),
        missedSessions.as("missed"),
      ])
      .where("e.id", "in", chunk)
      .execute();
    const now = new Date().toISOString();
    for (const r of rows) {
      const { complete, requiredSessions } = checkCompletion({
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
      const outlook =
        r.status === "enrolled"
          ? completionOutlook({
              sessionCount: r.session_count,
              requiredSessions,
              attended: Number(r.attended ?? 0),
              missed: Number(r.missed ?? 0),
            })
          : "on_track";
      if (outlook !== r.completion_outlook) {
        await db.updateTable("enrollments").set({ completion_outlook: outlook }).where("id", "=", r.id).execute();
        if (outlook !== "on_track") await warnOfOutlook(db, r, outlook, requiredSessions);
      }
    }
  }
  return changed;
}

/**
 * Tells the trainee and the cohort's instructors, once per change, that completion is at risk
 * or out of reach, and offers the trainee the course's other cohorts that still take people
 * (a full one through its waitlist).
 */
async function warnOfOutlook(
  db: Database,
  r: { id: number; user_id: string; cohort_id: number; cohort_name: string; course_id: number; course_title: string },
  outlook: Exclude<CompletionOutlook, "on_track">,
  requiredSessions: number,
) {
  const today = todayInTokyo();
  const others = await db
    .selectFrom("cohorts as c")
    .select(["c.id", "c.name", "c.first_session_date", "c.capacity", seatsTaken("c.id").as("taken")])
    .where("c.course_id", "=", r.course_id)
    .where("c.id", "<>", r.cohort_id)
    .where("c.enrollment_opens_on", "<=", today)
    .where("c.enrollment_closes_on", ">=", today)
    .where("c.first_session_date", ">", today)
    .orderBy("c.first_session_date")
    .orderBy("c.id")
    .limit(5)
    .execute();
  const offer =
    others.length === 0
      ? "今のところ申し込める別の開催回はありません。事務局にご相談ください。"
      : [
          "同じ講座の別の開催回で受け直すことができます（満席の回はキャンセル待ちになります）：",
          ...others.map(
            (o) =>
              `・${o.name}（${o.first_session_date ? formatDateJa(o.first_session_date) : "日程未定"}〜、${
                Number(o.taken) < o.capacity ? "空席あり" : "満席・キャンセル待ち"
              }）`,
          ),
        ].join("\n");
  const what =
    outlook === "impossible"
      ? `欠席により、「${r.course_title}（${r.cohort_name}）」の修了に必要な出席（${requiredSessions}回）を満たせなくなりました。`
      : `「${r.course_title}（${r.cohort_name}）」は、あと1回欠席すると修了に必要な出席（${requiredSessions}回）を満たせなくなります。`;
  await notify(db, {
    userId: r.user_id,
    kind: `enrollment.${outlook}`,
    title: outlook === "impossible" ? "修了要件を満たせなくなりました" : "修了要件の出席が残りわずかです",
    body: `${what}\n\n${offer}`,
    link: `/courses/${r.course_id}`,
  });
  const trainee = await db.selectFrom("users").select("name").where("id", "=", r.user_id).executeTakeFirst();
  const instructors = await db
    .selectFrom("cohort_instructors")
    .select("user_id")
    .where("cohort_id", "=", r.cohort_id)
    .orderBy("user_id")
    .execute();
  for (const instructor of instructors) {
    await notify(db, {
      userId: instructor.user_id,
      kind: `enrollment.${outlook}.instructor`,
      title: `${trainee?.name ?? "受講者"}さんの修了要件`,
      body: what
        .replace(/^欠席により、/, `${trainee?.name ?? "受講者"}さんは欠席により、`)
        .replace(/^「/, `${trainee?.name ?? "受講者"}さんの「`),
      link: `/trainer/cohorts/${r.cohort_id}`,
    });
  }
  await audit(db, {
    actorId: null,
    action: `enrollment.outlook_${outlook}`,
    entityType: "enrollment",
    entityId: r.id,
    details: { requiredSessions, offered: others.map((o) => o.id) },
  });
}

/** Enrolments whose completion is at risk or out of reach, for staff (cohorts not yet over long ago). */
export async function enrollmentsAtRisk(db: Database, today = todayInTokyo()) {
  const rows = await db
    .selectFrom("enrollments as e")
    .innerJoin("users as u", "u.id", "e.user_id")
    .innerJoin("cohorts as c", "c.id", "e.cohort_id")
    .innerJoin("courses as k", "k.id", "c.course_id")
    .select([
      "e.id",
      "e.completion_outlook",
      "u.name",
      "c.id as cohort_id",
      "c.name as cohort_name",
      "c.session_count",
      "c.last_session_date",
      "k.title as course_title",
      "k.min_sessions_attended",
      attendedSessions.as("attended"),
      missedSessions.as("missed"),
    ])
    .where("e.status", "=", "enrolled")
    .where("e.completed_at", "is", null)
    .where("e.completion_outlook", "in", ["at_risk", "impossible"])
    .where((eb) => eb.or([eb("c.last_session_date", "is", null), eb("c.last_session_date", ">=", addDaysBack(today))]))
    .orderBy("e.completion_outlook", "desc")
    .orderBy("c.first_session_date")
    .orderBy("e.id")
    .execute();
  return rows.map((r) => ({
    ...r,
    outlook: r.completion_outlook as CompletionOutlook,
    attended: Number(r.attended),
    missed: Number(r.missed),
    required: Math.min(r.min_sessions_attended ?? r.session_count, r.session_count),
  }));
}

function addDaysBack(today: string) {
  const d = new Date(`${today}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() - 60);
  return d.toISOString().slice(0, 10);
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
