// Test-only builders for certification: OJT placements and enrolments with the evidence the
// criteria read (approved entries, an ended placement, a final evaluation, a passed check),
// written straight to the tables.
import type { Database } from "~/db.server";
import { addDays, todayInTokyo } from "~/lib/dates";
import { makeUser } from "./db";
import { activePlacement, insertEntry, referenceIds } from "./logbook-progress";
import { setUpBasicCourse } from "./ojt";

export type OjtEvidence = {
  /** Approved hours, spread over the task kinds and phases below (default 40). */
  hours?: number;
  /** How many distinct task kinds and PGL phases the approved entries cover (default 3 and 2). */
  kinds?: number;
  phases?: number;
  /** Submitted, not yet approved minutes (never counted). */
  pendingMinutes?: number;
  ended?: "completed" | "discontinued" | null;
  recommendation?: "recommend" | "not_yet" | null;
};

/** A placement with the given evidence; by default it meets the OJT programme's criteria. */
export async function ojtCandidate(db: Database, evidence: OjtEvidence = {}) {
  const { hours = 40, kinds = 3, phases = 2, ended = "completed", recommendation = "recommend" } = evidence;
  const today = todayInTokyo();
  const p = await activePlacement(db, { startDate: addDays(today, -120), endDate: addDays(today, -1) });
  const ref = await referenceIds(db);
  const kindIds = Object.values(ref.kind).slice(0, Math.max(kinds, 1));
  const phaseIds = Object.values(ref.phase).slice(0, phases);
  const entries = Math.max(kindIds.length, phaseIds.length, 1);
  let minutesLeft = hours * 60;
  for (let i = 0; i < entries && minutesLeft > 0; i++) {
    const minutes = i === entries - 1 ? minutesLeft : Math.min(minutesLeft, Math.floor((hours * 60) / entries));
    // Each entry at most a day's minutes: split long ones.
    for (let left = minutes; left > 0; left -= 600) {
      await insertEntry(db, p, {
        minutes: Math.min(600, left),
        taskKindId: kindIds[i % kindIds.length]!,
        pglPhaseId: i < phaseIds.length ? phaseIds[i]! : null,
        status: "approved",
        workDate: addDays(today, -10 - i),
      });
    }
    minutesLeft -= minutes;
  }
  if (evidence.pendingMinutes)
    await insertEntry(db, p, {
      minutes: evidence.pendingMinutes,
      taskKindId: Object.values(ref.kind).at(-1)!,
      status: "submitted",
    });
  const now = new Date().toISOString();
  if (recommendation)
    await db
      .insertInto("ojt_evaluations")
      .values({
        placement_id: p.id,
        kind: "final",
        author_id: p.trainer.id,
        status: "submitted",
        recommendation,
        recommendation_reason: "十分な経験を積んだ。",
        criteria_snapshot: "[]",
        submitted_at: now,
        created_at: now,
        updated_at: now,
      })
      .execute();
  if (ended)
    await db
      .updateTable("ojt_placements")
      .set({ status: "ended", outcome: ended, outcome_reason: "期間満了", ended_at: now, updated_at: now })
      .where("id", "=", p.id)
      .execute();
  return p;
}

/** An enrolment in a basic municipal course: completed, and the understanding check passed, unless told. */
export async function basicCourseCandidate(
  db: Database,
  options: { completed?: boolean; quizPassed?: boolean; feeYen?: number; paid?: boolean; name?: string } = {},
) {
  const { completed = true, quizPassed = true, feeYen = 0, paid = true } = options;
  const trainee = await makeUser(db, ["trainee"], { name: options.name });
  const basic = await setUpBasicCourse(db);
  await basic.complete(trainee.id);
  const now = new Date().toISOString();
  const enrollment = await db
    .selectFrom("enrollments")
    .innerJoin("cohorts", "cohorts.id", "enrollments.cohort_id")
    .select("enrollments.id")
    .where("cohorts.course_id", "=", basic.courseId)
    .where("enrollments.user_id", "=", trainee.id)
    .executeTakeFirstOrThrow();
  await db
    .updateTable("enrollments")
    .set({ completed_at: completed ? now : null, fee_yen: feeYen, paid_at: feeYen > 0 && paid ? now : null })
    .where("id", "=", enrollment.id)
    .execute();
  const quiz = await db
    .insertInto("course_quizzes")
    .values({
      course_id: basic.courseId,
      title: "理解度確認",
      max_attempts: 3,
      pass_percent: 70,
      created_at: now,
      updated_at: now,
    })
    .returning("id")
    .executeTakeFirstOrThrow();
  await db
    .insertInto("quiz_attempts")
    .values({
      quiz_id: quiz.id,
      user_id: trainee.id,
      attempt_no: 1,
      question_count: 10,
      correct_count: quizPassed ? 8 : 5,
      score_percent: quizPassed ? 80 : 50,
      pass_percent: 70,
      passed: quizPassed ? 1 : 0,
      submitted_at: now,
    })
    .execute();
  return { enrollmentId: enrollment.id, trainee, courseId: basic.courseId };
}

/** The two programmes the migration creates. */
export const BASIC_PROGRAMME_ID = 1;
export const OJT_PROGRAMME_ID = 2;
