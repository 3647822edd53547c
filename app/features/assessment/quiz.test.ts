import { beforeAll, describe, expect, it } from "vitest";
import type { Database } from "~/db.server";
import { ConflictError, ForbiddenError } from "~/lib/errors";
import { createTestDb, makeUser } from "~/testing/db";
import { attendedCourse } from "~/testing/logbook-progress";
import { QuestionSchema } from "./assessment.schema";
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

  /** Answers with `right` questions correct. */
  async function answers(right: number) {
    const staffView = await quizForStaff(db, courseId);
    return {
      answers: staffView.questions.map((q, i) => ({
        questionId: q.id,
        choiceId: q.choices.find((c) => c.correct === i < right)!.id,
      })),
    };
  }

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
    const first = await submitQuizAttempt(db, courseId, t.id, await answers(2));
    expect(first).toMatchObject({ scorePercent: 40, passed: false });
    const review = await quizForTrainee(db, courseId, t.id, first.attemptId);
    expect(review.review!.answers.filter((a) => a.wrong)).toHaveLength(3);
    expect(review.remaining).toBe(2);
    const second = await submitQuizAttempt(db, courseId, t.id, await answers(3));
    expect(second).toMatchObject({ scorePercent: 60, passed: true });
    // Passed: the review shows the correct choices and the explanations.
    const passedReview = await quizForTrainee(db, courseId, t.id, first.attemptId);
    expect(passedReview.review!.revealed).toBe(true);
    expect(passedReview.review!.answers.map((a) => a.explanation)).toContain("解説1");
    expect(passedReview.review!.answers.filter((a) => a.wrong).map((a) => a.correctLabel)).toEqual([
      "正3",
      "正4",
      "正5",
    ]);
    expect(await quizPassed(db, courseId, t.id)).toBe(true);
    expect(await quizzesAvailableTo(db, t.id)).toEqual([expect.objectContaining({ courseId, passed: true })]);
    await expect(submitQuizAttempt(db, courseId, t.id, await answers(5))).rejects.toThrow("既に合格");
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
    const first = await submitQuizAttempt(db, courseId, t.id, await answers(2));
    const page = await quizForTrainee(db, courseId, t.id, first.attemptId);
    const review = page.review!;
    expect(review.revealed).toBe(false);
    // 問題1 and 問題2 were right: they read like any other answer, with no mark.
    expect(review.answers.map((a) => a.wrong)).toEqual([null, null, true, true, true]);
    // No correct choice, no explanation in the review (the explanations name the answer).
    expect(review.answers.every((a) => a.correctLabel === null && a.explanation === null)).toBe(true);
    const text = JSON.stringify(review);
    for (const right of ["正3", "正4", "正5", "解説"]) expect(text).not.toContain(right);
    // The trainee's own answers are there, right or wrong.
    expect(review.answers.map((a) => a.chosen)).toEqual(["正1", "正2", "誤3a", "誤4a", "誤5a"]);

    // After the last attempt, the review shows everything.
    await submitQuizAttempt(db, courseId, t.id, await answers(0));
    await submitQuizAttempt(db, courseId, t.id, await answers(0));
    const last = (await quizForTrainee(db, courseId, t.id, first.attemptId)).review!;
    expect(last.revealed).toBe(true);
    expect(last.answers.map((a) => a.correctLabel)).toEqual(["正1", "正2", "正3", "正4", "正5"]);
    expect(last.answers.map((a) => a.explanation)).toEqual(["解説1", "解説2", "解説3", "解説4", "解説5"]);
  });

  it("attempts run out, also under simultaneous submissions", async () => {
    const t = await makeUser(db);
    await attend(t.id);
    const wrong = await answers(0);
    const results = await Promise.allSettled([1, 2, 3, 4, 5].map(() => submitQuizAttempt(db, courseId, t.id, wrong)));
    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(3);
    for (const r of results.filter((r) => r.status === "rejected"))
      expect((r as PromiseRejectedResult).reason).toBeInstanceOf(ConflictError);
    const n = await db.selectFrom("quiz_attempts").select("id").where("user_id", "=", t.id).execute();
    expect(n).toHaveLength(3);
    expect(await quizPassed(db, courseId, t.id)).toBe(false);
    expect((await quizForTrainee(db, courseId, t.id)).canTake).toBe(false);
  });

  it("a forged choice id (another question's or unknown) is a 400 and writes nothing", async () => {
    const t = await makeUser(db);
    await attend(t.id);
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
