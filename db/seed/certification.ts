import type { Database } from "../../app/db.server";
import { certifyCandidates } from "../../app/features/certification/certify.server";
import { addDays, todayInTokyo } from "../../app/lib/dates";
import { SEED_CATALOG } from "./catalog";
import { SEED_OJT } from "./engagements";

/**
 * Demo certification (issue 15), after the logbook and assessment seeds. The basic course's
 * completers 田中 and 山本 passed its understanding check: 田中 is certified (an issued
 * certificate), 山本 waits in the queue ready to certify. 山本 also finished an earlier OJT in
 * 岐阜市 that meets every OJT criterion (42 approved hours over three task kinds and two PGL
 * phases, ended as completed, the trainer recommending); 田中's running OJT in 山形市 is a
 * candidate still short of the criteria.
 */
export async function seedCertification(db: Database, staffId: string): Promise<void> {
  const ids = Object.fromEntries(
    (await db.selectFrom("users").select(["id", "email"]).execute()).map((u) => [u.email.split("@")[0]!, u.id]),
  ) as Record<string, string>;
  const tanaka = ids["tanaka.trainee"]!;
  const yamamoto = ids["yamamoto.trainee"]!;
  const now = new Date().toISOString();
  const today = todayInTokyo();

  const quiz = await db
    .selectFrom("course_quizzes")
    .select(["id", "pass_percent"])
    .where("course_id", "=", SEED_CATALOG.courses.basic)
    .executeTakeFirstOrThrow();
  for (const userId of [tanaka, yamamoto])
    await db
      .insertInto("quiz_attempts")
      .values({
        quiz_id: quiz.id,
        user_id: userId,
        attempt_no: 1,
        question_count: 5,
        correct_count: 5,
        score_percent: 100,
        pass_percent: quiz.pass_percent,
        passed: 1,
        submitted_at: addDays(today, -20) + "T01:00:00.000Z",
      })
      .execute();

  // 山本's earlier OJT in 岐阜市, ended as completed.
  const gifu = await db
    .selectFrom("engagements")
    .select(["id", "lead_trainer_id"])
    .where("id", "=", SEED_OJT.engagements.gifu)
    .executeTakeFirstOrThrow();
  const application = await db
    .selectFrom("ojt_applications")
    .select("id")
    .where("trainee_id", "=", yamamoto)
    .orderBy("id")
    .executeTakeFirstOrThrow();
  const start = addDays(today, -200);
  const end = addDays(today, -60);
  const placement = await db
    .insertInto("ojt_placements")
    .values({
      application_id: application.id,
      engagement_id: gifu.id,
      trainee_id: yamamoto,
      trainer_id: gifu.lead_trainer_id,
      status: "ended",
      outcome: "completed",
      outcome_reason: "計画した業務をすべて経験し、期間を満了した。",
      start_date: start,
      end_date: end,
      ended_at: `${end}T09:00:00.000Z`,
      goals: "基幹業務システム標準化の移行計画づくりに参加する。",
      proposed_at: `${start}T00:00:00.000Z`,
      updated_at: now,
    })
    .returning("id")
    .executeTakeFirstOrThrow();
  const kinds = (await db.selectFrom("ojt_task_kinds").select("id").orderBy("sort_order").orderBy("id").execute()).map(
    (k) => k.id,
  );
  const phases = (await db.selectFrom("pgl_phases").select("id").orderBy("sort_order").orderBy("id").execute()).map(
    (p) => p.id,
  );
  const entries: [number, number, number | null][] = [
    [480, kinds[0]!, phases[0]!],
    [480, kinds[0]!, phases[1]!],
    [420, kinds[1]!, phases[1]!],
    [420, kinds[1]!, null],
    [360, kinds[2]!, phases[0]!],
    [360, kinds[2]!, null],
  ];
  let n = 0;
  for (const [minutes, taskKindId, pglPhaseId] of entries) {
    n++;
    const workDate = addDays(start, n * 14);
    await db
      .insertInto("ojt_log_entries")
      .values({
        placement_id: placement.id,
        author_id: yamamoto,
        status: "approved",
        work_date: workDate,
        minutes,
        task_kind_id: taskKindId,
        pgl_phase_id: pglPhaseId,
        department: "総務部 情報政策課",
        activity: `標準化移行計画の検討会（第${n}回）に参加し、論点を整理した。`,
        submitted_at: `${workDate}T09:00:00.000Z`,
        approved_by: gifu.lead_trainer_id,
        approved_at: `${workDate}T12:00:00.000Z`,
        // The demo's entries were approved before fingerprints were shown; a fixed value.
        fingerprint: String(n).padStart(64, "0"),
        created_at: `${workDate}T09:00:00.000Z`,
        updated_at: `${workDate}T12:00:00.000Z`,
      })
      .execute();
  }
  await db
    .insertInto("ojt_evaluations")
    .values({
      placement_id: placement.id,
      kind: "final",
      author_id: gifu.lead_trainer_id,
      status: "submitted",
      overall_comment: "庁内の合意形成まで粘り強く支援できた。",
      recommendation: "recommend",
      recommendation_reason: "計画した業務を経験し、自治体の意思決定の流れを理解している。",
      criteria_snapshot: "[]",
      submitted_at: `${end}T08:00:00.000Z`,
      created_at: `${end}T08:00:00.000Z`,
      updated_at: `${end}T08:00:00.000Z`,
    })
    .execute();

  // 田中 certified for the basic course (the first certificate of the demo).
  const enrollment = await db
    .selectFrom("enrollments")
    .innerJoin("cohorts", "cohorts.id", "enrollments.cohort_id")
    .select("enrollments.id")
    .where("cohorts.course_id", "=", SEED_CATALOG.courses.basic)
    .where("enrollments.user_id", "=", tanaka)
    .where("enrollments.completed_at", "is not", null)
    .executeTakeFirstOrThrow();
  await certifyCandidates(db, 1, [enrollment.id], { id: staffId, roles: ["staff"] });
}
