import { beforeAll, describe, expect, it } from "vitest";
import type { Database } from "~/db.server";
import { ConflictError, ForbiddenError } from "~/lib/errors";
import { seededRandom } from "~/lib/random";
import { createTestDb, makeUser } from "~/testing/db";
import { attendedCourse } from "~/testing/logbook-progress";
import { QuestionSchema, QuizSettingsSchema } from "./assessment.schema";
import {
  addQuestion,
  InvalidAnswerError,
  quizForStaff,
  quizForTrainee,
  quizPassed,
  quizzesAvailableTo,
  saveQuizSettings,
  submitQuizAttempt,
} from "./quiz.server";

describe("understanding check", () => {
  let db: Database;
  let courseId: number;
  let attend: (userId: string, status?: "present" | "absent") => Promise<void>;
  let staffId: string;
  beforeAll(async () => {
    db = await createTestDb();
    ({ courseId, attend } = await attendedCourse(db));
    staffId = (await makeUser(db, ["staff"])).id;
    await saveQuizSettings(
      db,
      courseId,
      { intent: "settings", title: "理解度確認テスト", passPercent: 60, maxAttempts: 3, published: false },
      staffId,
    );
    for (let i = 1; i <= 5; i++)
      await addQuestion(
        db,
        courseId,
        {
          intent: "add-question",
          prompt: `問題${i}`,
          choices: [`正${i}`, `誤${i}a`, `誤${i}b`],
          correct: 1,
          explanation: `解説${i}`,
        },
        staffId,
      );
    await saveQuizSettings(
      db,
      courseId,
      { intent: "settings", title: "理解度確認テスト", passPercent: 60, maxAttempts: 3, published: true },
      staffId,
    );
  });

  /** Answers with 問題1…問題`right` correct and the others wrong. */
  async function answers(right: number) {
    const staffView = await quizForStaff(db, courseId);
    return {
      answers: staffView.questions.map((q, i) => ({
        questionId: q.id,
        choiceId: q.choices.find((c) => c.correct === i < right)!.id,
      })),
    };
  }

  /** Opens the next attempt (its draw) as the trainee's page does, then submits those answers. */
  async function take(userId: string, right: number) {
    await quizForTrainee(db, courseId, userId, { random: seededRandom(7) });
    return submitQuizAttempt(db, courseId, userId, await answers(right));
  }

  /** A review's answers by question (問題1…問題5), whatever order the attempt asked them in. */
  const byPrompt = <T extends { prompt: string }>(rows: T[]) =>
    [...rows].sort((a, b) => a.prompt.localeCompare(b.prompt));

  it("only a trainee who attended takes it, and the page never carries the correct choices", async () => {
    const absent = await makeUser(db);
    await attend(absent.id, "absent");
    await expect(quizForTrainee(db, courseId, absent.id)).rejects.toBeInstanceOf(ForbiddenError);
    expect(await quizzesAvailableTo(db, absent.id)).toEqual([]);
    await expect(submitQuizAttempt(db, courseId, absent.id, await answers(5))).rejects.toBeInstanceOf(ForbiddenError);
    const t = await makeUser(db);
    await attend(t.id);
    const page = await quizForTrainee(db, courseId, t.id);
    expect(page.questions).toHaveLength(5);
    expect(JSON.stringify(page)).not.toContain("correct");
    expect(JSON.stringify(page)).not.toContain("解説");
  });

  it("grades on the server: fail, retake, pass; every attempt recorded; explanations after submitting", async () => {
    const t = await makeUser(db);
    await attend(t.id);
    const first = await take(t.id, 2);
    expect(first).toMatchObject({ scorePercent: 40, passed: false });
    const review = await quizForTrainee(db, courseId, t.id, { reviewAttemptId: first.attemptId });
    expect(review.review!.answers.filter((a) => a.wrong)).toHaveLength(3);
    expect(review.remaining).toBe(2);
    const second = await take(t.id, 3);
    expect(second).toMatchObject({ scorePercent: 60, passed: true });
    // Passed: the review shows the correct choices and the explanations.
    const passedReview = await quizForTrainee(db, courseId, t.id, { reviewAttemptId: first.attemptId });
    expect(passedReview.review!.revealed).toBe(true);
    expect(passedReview.review!.answers.map((a) => a.explanation)).toContain("解説1");
    expect(
      byPrompt(passedReview.review!.answers)
        .filter((a) => a.wrong)
        .map((a) => a.correctLabel),
    ).toEqual(["正3", "正4", "正5"]);
    expect(await quizPassed(db, courseId, t.id)).toBe(true);
    expect(await quizzesAvailableTo(db, t.id)).toEqual([expect.objectContaining({ courseId, passed: true })]);
    await expect(take(t.id, 5)).rejects.toThrow("既に合格");
    const rows = await db
      .selectFrom("quiz_attempts")
      .select(["attempt_no", "passed"])
      .where("user_id", "=", t.id)
      .orderBy("attempt_no")
      .execute();
    expect(rows).toEqual([
      { attempt_no: 1, passed: 0 },
      { attempt_no: 2, passed: 1 },
    ]);
  });

  it("a failed attempt's review with attempts left names the wrong answers, never the right ones (issue 21)", async () => {
    const t = await makeUser(db);
    await attend(t.id);
    const first = await take(t.id, 2);
    const page = await quizForTrainee(db, courseId, t.id, { reviewAttemptId: first.attemptId });
    const review = page.review!;
    expect(review.revealed).toBe(false);
    // 問題1 and 問題2 were right: they read like any other answer, with no mark.
    expect(byPrompt(review.answers).map((a) => a.wrong)).toEqual([null, null, true, true, true]);
    // No correct choice, no explanation in the review (the explanations name the answer).
    expect(review.answers.every((a) => a.correctLabel === null && a.explanation === null)).toBe(true);
    const text = JSON.stringify(review);
    for (const right of ["正3", "正4", "正5", "解説"]) expect(text).not.toContain(right);
    // The trainee's own answers are there, right or wrong.
    expect(byPrompt(review.answers).map((a) => a.chosen)).toEqual(["正1", "正2", "誤3a", "誤4a", "誤5a"]);

    // After the last attempt, the review shows everything.
    await take(t.id, 0);
    await take(t.id, 0);
    const last = byPrompt(
      (await quizForTrainee(db, courseId, t.id, { reviewAttemptId: first.attemptId })).review!.answers,
    );
    expect(last.map((a) => a.correctLabel)).toEqual(["正1", "正2", "正3", "正4", "正5"]);
    expect(last.map((a) => a.explanation)).toEqual(["解説1", "解説2", "解説3", "解説4", "解説5"]);
  });

  it("attempts run out, also under simultaneous submissions", async () => {
    const t = await makeUser(db);
    await attend(t.id);
    const wrong = await answers(0);
    // Each opened attempt is submitted five times at once: one counts, the others are refused.
    for (let round = 0; round < 3; round++) {
      await quizForTrainee(db, courseId, t.id, { random: seededRandom(round) });
      const results = await Promise.allSettled([1, 2, 3, 4, 5].map(() => submitQuizAttempt(db, courseId, t.id, wrong)));
      expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(1);
      for (const r of results.filter((r) => r.status === "rejected"))
        expect((r as PromiseRejectedResult).reason).toBeInstanceOf(ConflictError);
    }
    await expect(submitQuizAttempt(db, courseId, t.id, wrong)).rejects.toThrow("すべて使いました");
    const n = await db.selectFrom("quiz_attempts").select("id").where("user_id", "=", t.id).execute();
    expect(n).toHaveLength(3);
    expect(await quizPassed(db, courseId, t.id)).toBe(false);
    expect((await quizForTrainee(db, courseId, t.id)).canTake).toBe(false);
  });

  it("a forged choice id (another question's or unknown) is a 400 and writes nothing", async () => {
    const t = await makeUser(db);
    await attend(t.id);
    // Without an opened attempt (no draw) nothing is graded.
    await expect(submitQuizAttempt(db, courseId, t.id, await answers(5))).rejects.toThrow("画面を更新して");
    const unopened = await answers(5);
    unopened.answers[0]!.choiceId = 999999;
    await expect(submitQuizAttempt(db, courseId, t.id, unopened)).rejects.toBeInstanceOf(InvalidAnswerError);
    await quizForTrainee(db, courseId, t.id);
    const forged = await answers(5);
    forged.answers[0]!.choiceId = forged.answers[1]!.choiceId;
    const err = await submitQuizAttempt(db, courseId, t.id, forged).catch((e) => e);
    expect(err).toBeInstanceOf(InvalidAnswerError);
    expect(err.status).toBe(400);
    forged.answers[0]!.choiceId = 999999;
    await expect(submitQuizAttempt(db, courseId, t.id, forged)).rejects.toBeInstanceOf(InvalidAnswerError);
    const partial = await answers(5);
    partial.answers.pop();
    await expect(submitQuizAttempt(db, courseId, t.id, partial)).rejects.toThrow("すべての問題");
    expect(await db.selectFrom("quiz_attempts").select("id").where("user_id", "=", t.id).execute()).toEqual([]);
  });

  it("a question needs two choices and a correct one among them", () => {
    const r = QuestionSchema.safeParse({
      intent: "add-question",
      prompt: "問",
      choices: ["A", ""],
      correct: 2,
      explanation: "解説",
    });
    expect(r.error?.issues.map((i) => i.message)).toEqual(
      expect.arrayContaining(["選択肢を2つ以上入力してください。", "正解には、入力した選択肢を選んでください。"]),
    );
  });
});

describe("question bank and per-attempt draws (issue 21, item 6)", () => {
  let db: Database;
  let courseId: number;
  let attend: (userId: string, status?: "present" | "absent") => Promise<void>;
  let staffId: string;
  const settings = (questionsPerAttempt?: number) => ({
    intent: "settings" as const,
    title: "理解度確認テスト",
    passPercent: 60,
    maxAttempts: 3,
    published: true,
    questionsPerAttempt,
  });
  beforeAll(async () => {
    db = await createTestDb();
    ({ courseId, attend } = await attendedCourse(db));
    staffId = (await makeUser(db, ["staff"])).id;
    await saveQuizSettings(db, courseId, { ...settings(), published: false }, staffId);
    for (let i = 1; i <= 5; i++)
      await addQuestion(
        db,
        courseId,
        {
          intent: "add-question",
          prompt: `問題${i}`,
          choices: [`正${i}`, `誤${i}a`, `誤${i}b`, `誤${i}c`],
          correct: 1,
          explanation: `解説${i}`,
        },
        staffId,
      );
    await saveQuizSettings(db, courseId, settings(3), staffId);
  });

  async function trainee() {
    const t = await makeUser(db);
    await attend(t.id);
    return t.id;
  }
  const correctChoice = async (questionId: number) =>
    (await quizForStaff(db, courseId)).questions.find((q) => q.id === questionId)!.choices.find((c) => c.correct)!.id;
  const wrongChoice = async (questionId: number) =>
    (await quizForStaff(db, courseId)).questions.find((q) => q.id === questionId)!.choices.find((c) => !c.correct)!.id;
  const order = (page: Awaited<ReturnType<typeof quizForTrainee>>) =>
    page.questions.map((q) => `${q.prompt}:${q.choices.map((c) => c.id).join(",")}`);

  it("staff keep 5 questions and ask 3: the setting is 1 to the bank's size, blank for all", async () => {
    const over = await saveQuizSettings(db, courseId, settings(6), staffId).catch((e) => e);
    expect(over).toBeInstanceOf(ConflictError);
    expect(over.field).toBe("questionsPerAttempt");
    expect(over.message).toBe(
      "1回の出題数は、登録されている問題の数（5問）以下にしてください。空欄にすると全問を出題します。",
    );
    expect((await quizForStaff(db, courseId)).quiz!.questions_per_attempt).toBe(3);
    const parse = (value: string) =>
      QuizSettingsSchema.safeParse({ ...settings(), questionsPerAttempt: value }).error?.issues.map((i) => i.message);
    expect(parse("0")).toEqual(["1回の出題数は1〜100問で入力してください（空欄なら全問）。"]);
    expect(parse("2.5")?.[0]).toContain("1回の出題数");
    expect(parse("abc")?.[0]).toContain("1回の出題数");
    expect(QuizSettingsSchema.parse({ ...settings(), questionsPerAttempt: "３" }).questionsPerAttempt).toBe(3);
    expect(QuizSettingsSchema.parse({ ...settings(), questionsPerAttempt: undefined }).questionsPerAttempt).toBe(
      undefined,
    );
  });

  it("an attempt asks the drawn 3, keeps its order on reload; another seed draws another order", async () => {
    const a = await trainee();
    const first = await quizForTrainee(db, courseId, a, { random: seededRandom(1) });
    expect(first.questions).toHaveLength(3);
    expect(new Set(first.questions.map((q) => q.id)).size).toBe(3);
    expect(first.questions.every((q) => q.choices.length === 4)).toBe(true);
    // A reload (whatever the source would draw now) shows the same questions and choice order.
    const reload = await quizForTrainee(db, courseId, a, { random: seededRandom(99) });
    expect(order(reload)).toEqual(order(first));
    const b = await trainee();
    const other = await quizForTrainee(db, courseId, b, { random: seededRandom(2) });
    expect(other.questions).toHaveLength(3);
    expect(order(other)).not.toEqual(order(first));
    // The draw is the seeded one: the same seed for a third trainee draws the same as the first.
    const c = await trainee();
    expect(order(await quizForTrainee(db, courseId, c, { random: seededRandom(1) }))).toEqual(order(first));
  });

  it("scores only the drawn questions; the next attempt draws again; the review follows the draw", async () => {
    const t = await trainee();
    const page = await quizForTrainee(db, courseId, t, { random: seededRandom(3) });
    const [q1, q2, q3] = page.questions.map((q) => q.id) as [number, number, number];
    const result = await submitQuizAttempt(db, courseId, t, {
      answers: [
        { questionId: q1, choiceId: await correctChoice(q1) },
        { questionId: q2, choiceId: await wrongChoice(q2) },
        { questionId: q3, choiceId: await wrongChoice(q3) },
      ],
    });
    expect(result).toMatchObject({ scorePercent: 33, passed: false });
    const row = await db
      .selectFrom("quiz_attempts")
      .select(["correct_count", "question_count"])
      .where("id", "=", result.attemptId)
      .executeTakeFirstOrThrow();
    expect(row).toEqual({ correct_count: 1, question_count: 3 });
    const after = await quizForTrainee(db, courseId, t, { reviewAttemptId: result.attemptId, random: seededRandom(4) });
    // The review lists the drawn questions in the order asked, the right one unmarked.
    expect(after.review!.answers.map((a) => a.questionId)).toEqual([q1, q2, q3]);
    expect(after.review!.answers.map((a) => a.wrong)).toEqual([null, true, true]);
    expect(JSON.stringify(after.review)).not.toContain("解説");
    // The second attempt has its own draw.
    expect(after.questions).toHaveLength(3);
    expect(order(after)).not.toEqual(order(page));
    const draws = await db
      .selectFrom("quiz_attempt_draws")
      .select(["attempt_no", "attempt_id"])
      .where("user_id", "=", t)
      .orderBy("attempt_no")
      .execute();
    expect(draws).toEqual([
      { attempt_no: 1, attempt_id: result.attemptId },
      { attempt_no: 2, attempt_id: null },
    ]);
  });

  it("refuses an answer outside the draw or a choice of another question, writing nothing", async () => {
    const t = await trainee();
    const page = await quizForTrainee(db, courseId, t, { random: seededRandom(5) });
    const drawn = page.questions.map((q) => q.id);
    const notDrawn = (await quizForStaff(db, courseId)).questions.map((q) => q.id).find((id) => !drawn.includes(id))!;
    const valid = page.questions.map((q) => ({ questionId: q.id, choiceId: q.choices[0]!.id }));
    const outside = [...valid.slice(0, 2), { questionId: notDrawn, choiceId: await correctChoice(notDrawn) }];
    const err = await submitQuizAttempt(db, courseId, t, { answers: outside }).catch((e) => e);
    expect(err).toBeInstanceOf(InvalidAnswerError);
    expect(err.status).toBe(400);
    await expect(
      submitQuizAttempt(db, courseId, t, {
        answers: [...valid, { questionId: notDrawn, choiceId: await correctChoice(notDrawn) }],
      }),
    ).rejects.toBeInstanceOf(InvalidAnswerError);
    const swapped = valid.map((a, i) => (i === 0 ? { ...a, choiceId: valid[1]!.choiceId } : a));
    await expect(submitQuizAttempt(db, courseId, t, { answers: swapped })).rejects.toBeInstanceOf(InvalidAnswerError);
    await expect(submitQuizAttempt(db, courseId, t, { answers: valid.slice(0, 2) })).rejects.toThrow("すべての問題");
    expect(await db.selectFrom("quiz_attempts").select("id").where("user_id", "=", t).execute()).toEqual([]);
    expect(await db.selectFrom("quiz_attempt_draws").select("attempt_id").where("user_id", "=", t).execute()).toEqual([
      { attempt_id: null },
    ]);
    // The draw itself is answered fine.
    await expect(submitQuizAttempt(db, courseId, t, { answers: valid })).resolves.toMatchObject({
      passed: expect.any(Boolean),
    });
  });

  it("an attempt from before draws (none stored) still reviews in the bank's order; the next one draws", async () => {
    const t = await trainee();
    const quiz = (await quizForStaff(db, courseId)).quiz!;
    const bank = (await quizForStaff(db, courseId)).questions;
    const legacy = await db
      .insertInto("quiz_attempts")
      .values({
        quiz_id: quiz.id,
        user_id: t,
        attempt_no: 1,
        correct_count: 1,
        question_count: 5,
        score_percent: 20,
        pass_percent: 60,
        passed: 0,
        submitted_at: "2026-11-01T00:00:00.000Z",
      })
      .returning("id")
      .executeTakeFirstOrThrow();
    await db
      .insertInto("quiz_attempt_answers")
      .values(
        bank.map((q, i) => ({
          attempt_id: legacy.id,
          question_id: q.id,
          choice_id: q.choices.find((c) => c.correct === (i === 0))!.id,
          correct: i === 0 ? 1 : 0,
        })),
      )
      .execute();
    const page = await quizForTrainee(db, courseId, t, { reviewAttemptId: legacy.id, random: seededRandom(6) });
    expect(page.review!.answers.map((a) => a.prompt)).toEqual(["問題1", "問題2", "問題3", "問題4", "問題5"]);
    expect(page.review!.answers.map((a) => a.wrong)).toEqual([null, true, true, true, true]);
    expect(page.remaining).toBe(2);
    expect(page.questions).toHaveLength(3);
    const second = await submitQuizAttempt(db, courseId, t, {
      answers: await Promise.all(
        page.questions.map(async (q) => ({ questionId: q.id, choiceId: await correctChoice(q.id) })),
      ),
    });
    expect(second).toMatchObject({ scorePercent: 100, passed: true });
    const rows = await db.selectFrom("quiz_attempt_draws").select(["attempt_no"]).where("user_id", "=", t).execute();
    expect(rows).toEqual([{ attempt_no: 2 }]);
  });
});
