import { transaction, type Database } from "~/db.server";
import { audit } from "~/features/audit/audit.server";
import { formatDateJa, todayInTokyo } from "~/lib/dates";
import { ConflictError, NotFoundError } from "~/lib/errors";
import { refreshCompletions } from "./completion.server";
import type { QuestionnaireInput } from "./enrollment.schema";
import { summarizeQuestionnaire } from "./questionnaire-summary";

/** The trainee's own enrolment and any answer already given (404 for anyone else's). */
export async function getQuestionnaire(db: Database, input: { enrollmentId: number; userId: string }) {
  const e = await db
    .selectFrom("enrollments as e")
    .innerJoin("cohorts as c", "c.id", "e.cohort_id")
    .innerJoin("courses as co", "co.id", "c.course_id")
    .select(["e.id", "e.status", "c.name as cohort_name", "c.last_session_date", "co.title as course_title"])
    .where("e.id", "=", input.enrollmentId)
    .where("e.user_id", "=", input.userId)
    .executeTakeFirst();
  if (!e) throw new NotFoundError("お申し込みが見つかりません。");
  const response = await db
    .selectFrom("questionnaire_responses")
    .selectAll()
    .where("enrollment_id", "=", e.id)
    .executeTakeFirst();
  return { enrollment: e, response: response ?? null };
}

/** Why the questionnaire cannot be answered now, or null when it can. */
export function questionnaireBlocker(
  e: { status: string; last_session_date: string | null },
  today: string,
): string | null {
  if (e.status !== "enrolled") return "受講が確定した研修のみ回答できます。";
  if (!e.last_session_date || today < e.last_session_date) {
    return `受講アンケートは最終日（${e.last_session_date ? formatDateJa(e.last_session_date) : "未定"}）から回答できます。`;
  }
  return null;
}

export async function submitQuestionnaire(
  db: Database,
  input: { enrollmentId: number; userId: string; answers: QuestionnaireInput; today?: string },
): Promise<void> {
  const today = input.today ?? todayInTokyo();
  await transaction(db, async (trx) => {
    const e = await trx
      .selectFrom("enrollments as e")
      .innerJoin("cohorts as c", "c.id", "e.cohort_id")
      .select(["e.id", "e.status", "e.cohort_id", "e.questionnaire_submitted_at", "c.last_session_date"])
      .where("e.id", "=", input.enrollmentId)
      .where("e.user_id", "=", input.userId)
      .executeTakeFirst();
    if (!e) throw new NotFoundError("お申し込みが見つかりません。");
    const blocker = questionnaireBlocker(e, today);
    if (blocker) throw new ConflictError(blocker);
    if (e.questionnaire_submitted_at) throw new ConflictError("受講アンケートは回答済みです。");
    const now = new Date().toISOString();
    const a = input.answers;
    await trx
      .insertInto("questionnaire_responses")
      .values({
        enrollment_id: e.id,
        overall_rating: a.overallRating,
        content_rating: a.contentRating,
        instructor_rating: a.instructorRating,
        usefulness_rating: a.usefulnessRating,
        good_points: a.goodPoints,
        improvements: a.improvements,
        submitted_at: now,
      })
      .execute();
    await trx
      .updateTable("enrollments")
      .set({ questionnaire_submitted_at: now, updated_at: now })
      .where("id", "=", e.id)
      .execute();
    await audit(trx, {
      actorId: input.userId,
      action: "questionnaire.submit",
      entityType: "enrollment",
      entityId: e.id,
      details: { cohortId: e.cohort_id, overallRating: a.overallRating },
    });
    await refreshCompletions(trx, [e.id], input.userId);
  });
}

/** The cohort's answers in aggregate, and how many enrolled trainees could answer. */
export async function getQuestionnaireSummary(db: Database, cohortId: number) {
  const [responses, enrolled] = await Promise.all([
    db
      .selectFrom("questionnaire_responses as q")
      .innerJoin("enrollments as e", "e.id", "q.enrollment_id")
      .select([
        "q.overall_rating",
        "q.content_rating",
        "q.instructor_rating",
        "q.usefulness_rating",
        "q.good_points",
        "q.improvements",
        "q.submitted_at",
      ])
      .where("e.cohort_id", "=", cohortId)
      .execute(),
    db
      .selectFrom("enrollments")
      .select((eb) => eb.fn.countAll<number>().as("n"))
      .where("cohort_id", "=", cohortId)
      .where("status", "=", "enrolled")
      .executeTakeFirstOrThrow(),
  ]);
  return { ...summarizeQuestionnaire(responses), enrolledCount: enrolled.n };
}
