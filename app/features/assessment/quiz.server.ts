import { transaction, type Database } from "~/db.server";
import { audit } from "~/features/audit/audit.server";
import { ConflictError, DomainError, ForbiddenError, NotFoundError } from "~/lib/errors";
import type { RandomSource } from "~/lib/random";
import type { QuestionInput, QuizAnswersInput, QuizSettingsInput } from "./assessment.schema";
import { drawAttempt, parseDraw, questionsPerAttempt, serializeDraw, type DrawnQuestion } from "./quiz-draw";

// The understanding check (理解度確認テスト) of a course: staff write multiple-choice questions
// with explanations, a pass mark and a number of attempts; a trainee who attended the course
// takes it; it is graded here, on the server. The correct choices never leave the server
// before an attempt is submitted. Staff may keep more questions than an attempt asks (a bank):
// each attempt draws its questions, their order and each question's choice order when it opens,
// and keeps that draw (quiz_attempt_draws, decision 0032).

/** A forged answer (a choice that is not one of the question's): the request itself is wrong. */
export class InvalidAnswerError extends DomainError {
  constructor(message = "回答の内容が正しくありません。画面を更新してやり直してください。") {
    super(message, 400);
  }
}

/** Attendance marks that count as having attended a session. */
const ATTENDED = ["present", "late", "left_early"] as const;

async function courseOf(db: Database, courseId: number) {
  const course = await db.selectFrom("courses").select(["id", "title"]).where("id", "=", courseId).executeTakeFirst();
  if (!course) throw new NotFoundError("講座が見つかりません。");
  return course;
}

async function quizOf(db: Database, courseId: number) {
  return db.selectFrom("course_quizzes").selectAll().where("course_id", "=", courseId).executeTakeFirst();
}

/**
 * The quiz's active questions (the bank) with their choices; with `ids`, those questions of the
 * quiz whether or not they were retired since (an attempt keeps the questions it drew).
 */
async function questionsWithChoices(db: Database, quizId: number, ids?: readonly number[]) {
  const [questions, choices] = await Promise.all([
    db
      .selectFrom("quiz_questions")
      .select(["id", "prompt", "explanation", "sort_order"])
      .where("quiz_id", "=", quizId)
      .$if(!ids, (qb) => qb.where("active", "=", 1))
      .$if(Boolean(ids), (qb) => qb.where("id", "in", ids?.length ? [...ids] : [0]))
      .orderBy("sort_order")
      .orderBy("id")
      .execute(),
    db
      .selectFrom("quiz_choices")
      .innerJoin("quiz_questions", "quiz_questions.id", "quiz_choices.question_id")
      .select(["quiz_choices.id", "quiz_choices.question_id", "quiz_choices.label", "quiz_choices.correct"])
      .where("quiz_questions.quiz_id", "=", quizId)
      .$if(!ids, (qb) => qb.where("quiz_questions.active", "=", 1))
      .$if(Boolean(ids), (qb) => qb.where("quiz_questions.id", "in", ids?.length ? [...ids] : [0]))
      .orderBy("quiz_choices.question_id")
      .orderBy("quiz_choices.sort_order")
      .orderBy("quiz_choices.id")
      .execute(),
  ]);
  return questions.map((q) => ({
    ...q,
    choices: choices
      .filter((c) => c.question_id === q.id)
      .map((c) => ({ id: c.id, label: c.label, correct: c.correct === 1 })),
  }));
}

/** The staff page: the course, its quiz (or null) and every active question with the answers. */
export async function quizForStaff(db: Database, courseId: number) {
  const course = await courseOf(db, courseId);
  const quiz = await quizOf(db, courseId);
  const [questions, attempts] = quiz
    ? await Promise.all([
        questionsWithChoices(db, quiz.id),
        db
          .selectFrom("quiz_attempts")
          .select((eb) => [
            eb.fn.countAll<number>().as("attempts"),
            eb.fn.count<number>("id").filterWhere("passed", "=", 1).as("passed"),
          ])
          .where("quiz_id", "=", quiz.id)
          .executeTakeFirstOrThrow(),
      ])
    : [[], { attempts: 0, passed: 0 }];
  return {
    course,
    quiz: quiz ? { ...quiz, published: quiz.published === 1 } : null,
    questions,
    stats: { attempts: Number(attempts.attempts), passed: Number(attempts.passed) },
  };
}

export async function saveQuizSettings(db: Database, courseId: number, input: QuizSettingsInput, staffId: string) {
  await transaction(db, async (trx) => {
    await courseOf(trx, courseId);
    const now = new Date().toISOString();
    const existing = await quizOf(trx, courseId);
    const values = {
      title: input.title,
      pass_percent: input.passPercent,
      max_attempts: input.maxAttempts,
      questions_per_attempt: input.questionsPerAttempt ?? null,
      published: input.published ? 1 : 0,
      updated_by: staffId,
      updated_at: now,
    };
    const count = existing
      ? Number(
          (
            await trx
              .selectFrom("quiz_questions")
              .select((eb) => eb.fn.countAll<number>().as("n"))
              .where("quiz_id", "=", existing.id)
              .where("active", "=", 1)
              .executeTakeFirstOrThrow()
          ).n,
        )
      : 0;
    // The schema bounds the number (1〜100); the bank it must fit is known only here.
    if (input.questionsPerAttempt != null && input.questionsPerAttempt > count)
      throw new ConflictError(
        `1回の出題数は、登録されている問題の数（${count}問）以下にしてください。空欄にすると全問を出題します。`,
        "questionsPerAttempt",
      );
    if (input.published && count === 0)
      throw new ConflictError("問題を1問以上登録してから公開してください。", "published");
    let id: number;
    if (existing) {
      await trx.updateTable("course_quizzes").set(values).where("id", "=", existing.id).execute();
      id = existing.id;
    } else {
      const row = await trx
        .insertInto("course_quizzes")
        .values({ course_id: courseId, created_at: now, ...values })
        .returning("id")
        .executeTakeFirstOrThrow();
      id = row.id;
    }
    await audit(trx, {
      actorId: staffId,
      action: "quiz.settings",
      entityType: "course_quiz",
      entityId: id,
      details: { courseId, ...input },
    });
  });
}

export async function addQuestion(db: Database, courseId: number, input: QuestionInput, staffId: string) {
  return transaction(db, async (trx) => {
    const quiz = await quizOf(trx, courseId);
    if (!quiz) throw new ConflictError("先にテストの設定（合格点・受験回数）を保存してください。");
    const last = await trx
      .selectFrom("quiz_questions")
      .select((eb) => eb.fn.max<number>("sort_order").as("max"))
      .where("quiz_id", "=", quiz.id)
      .executeTakeFirstOrThrow();
    const now = new Date().toISOString();
    const q = await trx
      .insertInto("quiz_questions")
      .values({
        quiz_id: quiz.id,
        prompt: input.prompt,
        explanation: input.explanation,
        sort_order: Number(last.max ?? 0) + 10,
        active: 1,
        created_at: now,
      })
      .returning("id")
      .executeTakeFirstOrThrow();
    const choices = input.choices
      .map((label, i) => ({ label, correct: i === input.correct - 1 }))
      .filter((c) => c.label.length > 0);
    await trx
      .insertInto("quiz_choices")
      .values(
        choices.map((c, i) => ({ question_id: q.id, label: c.label, correct: c.correct ? 1 : 0, sort_order: i + 1 })),
      )
      .execute();
    await audit(trx, {
      actorId: staffId,
      action: "quiz.question_add",
      entityType: "course_quiz",
      entityId: quiz.id,
      details: { questionId: q.id, prompt: input.prompt },
    });
    return { id: q.id };
  });
}

/** A question is retired, not deleted: the attempts that answered it stay readable. */
export async function retireQuestion(db: Database, courseId: number, questionId: number, staffId: string) {
  await transaction(db, async (trx) => {
    const quiz = await quizOf(trx, courseId);
    const r = await trx
      .updateTable("quiz_questions")
      .set({ active: 0 })
      .where("id", "=", questionId)
      .where("quiz_id", "=", quiz?.id ?? 0)
      .where("active", "=", 1)
      .executeTakeFirst();
    if (Number(r.numUpdatedRows) !== 1) throw new NotFoundError("問題が見つかりません。");
    await audit(trx, {
      actorId: staffId,
      action: "quiz.question_retire",
      entityType: "course_quiz",
      entityId: quiz!.id,
      details: { questionId },
    });
  });
}

/** Whether the user is enrolled in a cohort of the course and attended at least one of its sessions. */
async function attendedCourse(db: Database, courseId: number, userId: string) {
  const row = await db
    .selectFrom("enrollments")
    .innerJoin("cohorts", "cohorts.id", "enrollments.cohort_id")
    .select("enrollments.id")
    .where("cohorts.course_id", "=", courseId)
    .where("enrollments.user_id", "=", userId)
    .where("enrollments.status", "=", "enrolled")
    .where((eb) =>
      eb.exists(
        eb
          .selectFrom("attendance")
          .select("attendance.session_id")
          .whereRef("attendance.enrollment_id", "=", "enrollments.id")
          .where("attendance.status", "in", [...ATTENDED]),
      ),
    )
    .executeTakeFirst();
  return Boolean(row);
}

async function attemptsOf(db: Database, quizId: number, userId: string) {
  return db
    .selectFrom("quiz_attempts")
    .select([
      "id",
      "attempt_no",
      "correct_count",
      "question_count",
      "score_percent",
      "pass_percent",
      "passed",
      "submitted_at",
    ])
    .where("quiz_id", "=", quizId)
    .where("user_id", "=", userId)
    .orderBy("attempt_no")
    .execute();
}

type QuizRow = NonNullable<Awaited<ReturnType<typeof quizOf>>>;

async function drawOf(db: Database, quizId: number, userId: string, attemptNo: number) {
  const row = await db
    .selectFrom("quiz_attempt_draws")
    .select(["id", "questions", "attempt_id"])
    .where("quiz_id", "=", quizId)
    .where("user_id", "=", userId)
    .where("attempt_no", "=", attemptNo)
    .executeTakeFirst();
  return row ? { id: row.id, attemptId: row.attempt_id, questions: parseDraw(row.questions) } : null;
}

/**
 * The draw of the trainee's next attempt: the stored one, or a new one drawn from the bank now.
 * Two tabs opening it at once both get the first stored draw (UNIQUE (quiz_id, user_id,
 * attempt_no), the second insert does nothing).
 */
async function openDraw(
  db: Database,
  quiz: QuizRow,
  userId: string,
  attemptNo: number,
  bank: Awaited<ReturnType<typeof questionsWithChoices>>,
  random: RandomSource | undefined,
) {
  const stored = await drawOf(db, quiz.id, userId, attemptNo);
  if (stored) return stored.questions;
  const drawn = drawAttempt(bank, questionsPerAttempt(quiz.questions_per_attempt, bank.length), random);
  await db
    .insertInto("quiz_attempt_draws")
    .values({
      quiz_id: quiz.id,
      user_id: userId,
      attempt_no: attemptNo,
      questions: serializeDraw(drawn),
      drawn_at: new Date().toISOString(),
    })
    .onConflict((oc) => oc.columns(["quiz_id", "user_id", "attempt_no"]).doNothing())
    .execute();
  return (await drawOf(db, quiz.id, userId, attemptNo))!.questions;
}

/** The drawn questions in the draw's order, each with its choices in the draw's order. */
function inDrawOrder<Q extends { id: number; choices: { id: number }[] }>(drawn: DrawnQuestion[], questions: Q[]) {
  const byId = new Map(questions.map((q) => [q.id, q]));
  return drawn.flatMap((d) => {
    const q = byId.get(d.questionId);
    if (!q) return [];
    const choices = d.choiceIds.flatMap((id) => q.choices.filter((c) => c.id === id));
    return [{ ...q, choices }];
  });
}

export type QuizForTraineeOptions = {
  /** A submitted attempt of theirs to review. */
  reviewAttemptId?: number;
  /** Where a new attempt's draw comes from (crypto by default; tests pass a seeded source). */
  random?: RandomSource;
};

/**
 * The trainee's page. Questions and choices go out without the correct flag, as the attempt's
 * draw asks them (opened here when the trainee may take the next attempt); a submitted
 * attempt of theirs (reviewAttemptId) comes back with their answers. While the trainee has not
 * passed and has attempts left, the review says which answers were wrong and nothing more: no
 * correct choice, no explanation (which names it), no mark on the right ones (issue 21: a
 * review that lists the answers makes the attempt limit worthless). Once passed or out of
 * attempts, it shows the correct choices and the explanations.
 */
export async function quizForTrainee(
  db: Database,
  courseId: number,
  userId: string,
  options: QuizForTraineeOptions = {},
) {
  const { reviewAttemptId, random } = options;
  const course = await courseOf(db, courseId);
  const quiz = await quizOf(db, courseId);
  if (!quiz || quiz.published !== 1) throw new NotFoundError("この講座の理解度確認テストは公開されていません。");
  if (!(await attendedCourse(db, courseId, userId)))
    throw new ForbiddenError("理解度確認テストは、この講座を受講（出席）した方が受けられます。");
  const [bank, attempts] = await Promise.all([questionsWithChoices(db, quiz.id), attemptsOf(db, quiz.id, userId)]);
  const passed = attempts.some((a) => a.passed === 1);
  const remaining = Math.max(0, quiz.max_attempts - attempts.length);
  const canTake = !passed && remaining > 0 && bank.length > 0;
  const drawn = canTake ? await openDraw(db, quiz, userId, attempts.length + 1, bank, random) : [];
  const questions = drawn.length
    ? inDrawOrder(
        drawn,
        await questionsWithChoices(
          db,
          quiz.id,
          drawn.map((d) => d.questionId),
        ),
      )
    : [];
  let review = null;
  if (reviewAttemptId) {
    const attempt = attempts.find((a) => a.id === reviewAttemptId);
    if (attempt) {
      const [rows, attemptDraw] = await Promise.all([
        db
          .selectFrom("quiz_attempt_answers")
          .innerJoin("quiz_questions", "quiz_questions.id", "quiz_attempt_answers.question_id")
          .innerJoin("quiz_choices as chosen", "chosen.id", "quiz_attempt_answers.choice_id")
          .select([
            "quiz_questions.id as question_id",
            "quiz_questions.prompt",
            "quiz_questions.explanation",
            "chosen.label as chosen_label",
            "quiz_attempt_answers.correct",
          ])
          .where("quiz_attempt_answers.attempt_id", "=", attempt.id)
          .orderBy("quiz_questions.sort_order")
          .orderBy("quiz_questions.id")
          .execute(),
        drawOf(db, quiz.id, userId, attempt.attempt_no),
      ]);
      // In the order the attempt asked them; an attempt from before draws keeps the bank's order.
      const position = new Map(
        (attemptDraw?.attemptId === attempt.id ? attemptDraw.questions : []).map((d, i) => [d.questionId, i]),
      );
      const answers = position.size
        ? [...rows].sort((x, y) => (position.get(x.question_id) ?? 0) - (position.get(y.question_id) ?? 0))
        : rows;
      const correctChoices = await db
        .selectFrom("quiz_choices")
        .select(["question_id", "label"])
        .where("question_id", "in", answers.length ? answers.map((a) => a.question_id) : [0])
        .where("correct", "=", 1)
        .orderBy("question_id")
        .orderBy("id")
        .execute();
      const reveal = passed || remaining === 0;
      review = {
        attempt: { ...attempt, passed: attempt.passed === 1 },
        /** Whether the correct choices and explanations are shown (passed or no attempt left). */
        revealed: reveal,
        answers: answers.map((a) =>
          reveal
            ? {
                questionId: a.question_id,
                prompt: a.prompt,
                explanation: a.explanation,
                chosen: a.chosen_label,
                wrong: a.correct !== 1,
                correctLabel: correctChoices.find((c) => c.question_id === a.question_id)?.label ?? null,
              }
            : // Only the wrong answers are marked; a right one reads like any other.
              {
                questionId: a.question_id,
                prompt: a.prompt,
                explanation: null,
                chosen: a.chosen_label,
                wrong: a.correct !== 1 ? true : null,
                correctLabel: null,
              },
        ),
      };
    }
  }
  return {
    course,
    quiz: { id: quiz.id, title: quiz.title, passPercent: quiz.pass_percent, maxAttempts: quiz.max_attempts },
    // Never the correct flag before submitting; in the attempt's drawn order.
    questions: questions.map((q) => ({
      id: q.id,
      prompt: q.prompt,
      choices: q.choices.map(({ id, label }) => ({ id, label })),
    })),
    attempts: attempts.map((a) => ({ ...a, passed: a.passed === 1 })),
    passed,
    remaining,
    canTake: canTake && questions.length > 0,
    review,
  };
}

/**
 * Grades and records an attempt against its stored draw: only the drawn questions count, and
 * an answer to a question outside the draw or with a choice not of that question is refused.
 * The count of earlier attempts and the insert share one transaction, and UNIQUE (quiz_id,
 * user_id, attempt_no) refuses a second attempt that raced to the same number, so the limit
 * holds under simultaneous submissions.
 */
export async function submitQuizAttempt(db: Database, courseId: number, userId: string, input: QuizAnswersInput) {
  try {
    return await transaction(db, async (trx) => {
      const quiz = await quizOf(trx, courseId);
      if (!quiz || quiz.published !== 1) throw new NotFoundError("この講座の理解度確認テストは公開されていません。");
      if (!(await attendedCourse(trx, courseId, userId)))
        throw new ForbiddenError("理解度確認テストは、この講座を受講（出席）した方が受けられます。");
      const earlier = await attemptsOf(trx, quiz.id, userId);
      if (earlier.some((a) => a.passed === 1)) throw new ConflictError("このテストには既に合格しています。");
      if (earlier.length >= quiz.max_attempts)
        throw new ConflictError(`受験できる回数（${quiz.max_attempts}回）をすべて使いました。事務局にご相談ください。`);
      const attemptNo = earlier.length + 1;
      const attemptDraw = await drawOf(trx, quiz.id, userId, attemptNo);
      if (!attemptDraw || attemptDraw.attemptId != null) {
        // No attempt open (a page from before draws, or a crafted request): a forged answer is
        // still a 400 whether or not the page was opened; a plausible one is asked to reload.
        const bank = await questionsWithChoices(trx, quiz.id);
        const byId = new Map(bank.map((q) => [q.id, q]));
        if (input.answers.some((a) => !byId.get(a.questionId)?.choices.some((c) => c.id === a.choiceId)))
          throw new InvalidAnswerError();
        throw new ConflictError("この回の問題が表示されていません。画面を更新して、表示された問題に回答してください。");
      }
      const drawn = new Map(attemptDraw.questions.map((d) => [d.questionId, new Set(d.choiceIds)]));
      const questions = await questionsWithChoices(trx, quiz.id, [...drawn.keys()]);
      const byQuestion = new Map(questions.map((q) => [q.id, q]));
      const seen = new Set<number>();
      const graded = input.answers.map((a) => {
        const q = byQuestion.get(a.questionId);
        const choice = drawn.get(a.questionId)?.has(a.choiceId) ? q?.choices.find((c) => c.id === a.choiceId) : null;
        if (!q || !choice || seen.has(a.questionId)) throw new InvalidAnswerError();
        seen.add(a.questionId);
        return { questionId: q.id, choiceId: choice.id, correct: choice.correct };
      });
      const questionCount = attemptDraw.questions.length;
      if (seen.size !== questionCount) throw new ConflictError("すべての問題に回答してください。");
      const correctCount = graded.filter((g) => g.correct).length;
      const scorePercent = Math.floor((correctCount / questionCount) * 100);
      const passed = scorePercent >= quiz.pass_percent;
      const now = new Date().toISOString();
      const row = await trx
        .insertInto("quiz_attempts")
        .values({
          quiz_id: quiz.id,
          user_id: userId,
          attempt_no: attemptNo,
          correct_count: correctCount,
          question_count: questionCount,
          score_percent: scorePercent,
          pass_percent: quiz.pass_percent,
          passed: passed ? 1 : 0,
          submitted_at: now,
        })
        .returning("id")
        .executeTakeFirstOrThrow();
      const linked = await trx
        .updateTable("quiz_attempt_draws")
        .set({ attempt_id: row.id })
        .where("id", "=", attemptDraw.id)
        .where("attempt_id", "is", null)
        .executeTakeFirst();
      if (Number(linked.numUpdatedRows) !== 1)
        throw new ConflictError("同時に送信された回答があります。画面を更新して結果を確認してください。");
      await trx
        .insertInto("quiz_attempt_answers")
        .values(
          graded.map((g) => ({
            attempt_id: row.id,
            question_id: g.questionId,
            choice_id: g.choiceId,
            correct: g.correct ? 1 : 0,
          })),
        )
        .execute();
      await audit(trx, {
        actorId: userId,
        action: "quiz.attempt",
        entityType: "course_quiz",
        entityId: quiz.id,
        details: { attemptId: row.id, attemptNo, scorePercent, passed, questionIds: [...drawn.keys()] },
      });
      return { attemptId: row.id, scorePercent, passed };
    });
  } catch (error) {
    // Another submission took this attempt number first (PostgreSQL, or a second server).
    if (error instanceof Error && /UNIQUE|unique|duplicate key/.test(error.message) && !(error instanceof DomainError))
      throw new ConflictError("同時に送信された回答があります。画面を更新して結果を確認してください。");
    throw error;
  }
}

/** For certification (issue 15): whether the user passed the course's understanding check. */
export async function quizPassed(db: Database, courseId: number, userId: string): Promise<boolean> {
  const row = await db
    .selectFrom("quiz_attempts")
    .innerJoin("course_quizzes", "course_quizzes.id", "quiz_attempts.quiz_id")
    .select("quiz_attempts.id")
    .where("course_quizzes.course_id", "=", courseId)
    .where("quiz_attempts.user_id", "=", userId)
    .where("quiz_attempts.passed", "=", 1)
    .executeTakeFirst();
  return Boolean(row);
}

/** My training: the published checks of courses the user attended, with whether they passed. */
export async function quizzesAvailableTo(db: Database, userId: string) {
  const rows = await db
    .selectFrom("course_quizzes")
    .innerJoin("courses", "courses.id", "course_quizzes.course_id")
    .select((eb) => [
      "course_quizzes.course_id",
      "course_quizzes.title",
      "courses.title as course_title",
      // 1/0 rather than a bare EXISTS, which PostgreSQL would return as a boolean.
      eb
        .case()
        .when(
          eb.exists(
            eb
              .selectFrom("quiz_attempts")
              .select("quiz_attempts.id")
              .whereRef("quiz_attempts.quiz_id", "=", "course_quizzes.id")
              .where("quiz_attempts.user_id", "=", userId)
              .where("quiz_attempts.passed", "=", 1),
          ),
        )
        .then(1)
        .else(0)
        .end()
        .as("passed_exists"),
    ])
    .where("course_quizzes.published", "=", 1)
    .where((eb) =>
      eb.exists(
        eb
          .selectFrom("enrollments")
          .innerJoin("cohorts", "cohorts.id", "enrollments.cohort_id")
          .innerJoin("attendance", "attendance.enrollment_id", "enrollments.id")
          .select("enrollments.id")
          .whereRef("cohorts.course_id", "=", "course_quizzes.course_id")
          .where("enrollments.user_id", "=", userId)
          .where("enrollments.status", "=", "enrolled")
          .where("attendance.status", "in", [...ATTENDED]),
      ),
    )
    .orderBy("course_quizzes.course_id")
    .execute();
  return rows.map((r) => ({
    courseId: r.course_id,
    title: r.title,
    courseTitle: r.course_title,
    passed: Number(r.passed_exists) === 1,
  }));
}
