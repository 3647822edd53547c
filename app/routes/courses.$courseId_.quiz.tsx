import { getFormProps, useForm } from "@conform-to/react";
import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import type { z } from "zod";
import { db } from "~/db.server";
import { QuizAnswersSchema } from "~/features/assessment/assessment.schema";
import { quizForTrainee, submitQuizAttempt } from "~/features/assessment/quiz.server";
import { requireUser } from "~/features/auth/session.server";
import { formatDateTimeJa } from "~/lib/dates";
import { invalidSubmission, parseForm, replyWithDomainError } from "~/lib/forms.server";
import { idParam, parseId } from "~/lib/params";
import { FormErrors } from "~/ui/form";
import { PageHeader } from "~/ui/layout";

export const meta: MetaFunction = () => [{ title: "理解度確認テスト | ITC研修ポータル" }];

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const user = await requireUser({ request, context });
  const attempt = new URL(request.url).searchParams.get("attempt");
  return quizForTrainee(db(), idParam(params, "courseId"), user.id, {
    reviewAttemptId: attempt ? parseId(attempt, "受験結果") : undefined,
  });
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const user = await requireUser({ request, context });
  const courseId = idParam(params, "courseId");
  const submission = parseForm(await request.formData(), QuizAnswersSchema);
  if (submission.status !== "success") return invalidSubmission(submission);
  try {
    const result = await submitQuizAttempt(db(), courseId, user.id, submission.value);
    return redirect(`/courses/${courseId}/quiz?attempt=${result.attemptId}`);
  } catch (error) {
    return replyWithDomainError(submission, error);
  }
}

export default function QuizPage() {
  const q = useLoaderData<typeof loader>();
  const lastResult = useActionData<typeof action>();
  const [form, fields] = useForm<z.input<typeof QuizAnswersSchema>>({
    id: `form-quiz-${q.attempts.length}`,
    lastResult,
    defaultValue: { answers: q.questions.map((x) => ({ questionId: String(x.id) })) },
  });
  const items = fields.answers.getFieldList();
  return (
    <div className="mx-auto max-w-3xl">
      <PageHeader
        title={q.quiz.title}
        lead={`${q.course.title}・合格点 ${q.quiz.passPercent}%・受験できる回数 ${q.quiz.maxAttempts}回（残り ${q.remaining}回）`}
      />
      {q.review ? (
        <section className="card mb-6 border-2 border-blue-900" aria-labelledby="result" data-testid="quiz-result">
          <h2 id="result" className="mb-2">
            {q.review.attempt.attempt_no}回目の結果：{q.review.attempt.score_percent}点（
            {q.review.attempt.correct_count}/{q.review.attempt.question_count}問正解）・
            {q.review.attempt.passed ? "合格" : "不合格"}
          </h2>
          {q.review.revealed ? null : (
            <p className="mb-3" data-testid="quiz-review-note">
              合格するか受験できる回数を使い切るまで、正解と解説は表示しません。不正解だった問題だけをお知らせします。
            </p>
          )}
          <ol className="list-decimal space-y-3 pl-6">
            {q.review.answers.map((a) => (
              <li key={a.questionId}>
                <p className="whitespace-pre-line">{a.prompt}</p>
                <p>
                  あなたの回答：{a.chosen}
                  {a.wrong ? "（不正解）" : q.review?.revealed ? "（正解）" : null}
                </p>
                {a.wrong && a.correctLabel ? <p>正解：{a.correctLabel}</p> : null}
                {a.explanation ? <p className="text-dns-14N-130 whitespace-pre-line">解説：{a.explanation}</p> : null}
              </li>
            ))}
          </ol>
        </section>
      ) : null}
      {q.passed ? (
        <p className="card mb-6">このテストには合格しています。</p>
      ) : q.remaining === 0 ? (
        <p className="card mb-6">受験できる回数をすべて使いました。事務局にご相談ください。</p>
      ) : null}
      {q.canTake ? (
        <Form method="post" {...getFormProps(form)} className="card">
          <h2 className="mb-1">{q.attempts.length + 1}回目の受験</h2>
          <p className="mb-3" data-testid="quiz-count">
            全{q.questions.length}問
          </p>
          <FormErrors id={form.errorId} errors={form.errors} />
          <FormErrors errors={fields.answers.errors} />
          {items.map((item, i) => {
            const f = item.getFieldset();
            const question = q.questions[i];
            if (!question) return null;
            return (
              <fieldset
                key={item.key}
                className="mb-6"
                aria-describedby={f.choiceId.errors?.length ? f.choiceId.errorId : undefined}
              >
                <legend className="text-std-16B-170 whitespace-pre-line">
                  問{i + 1}．{question.prompt}
                </legend>
                <input type="hidden" name={f.questionId.name} value={question.id} />
                {question.choices.map((c) => (
                  <label key={c.id} className="flex min-h-11 items-center gap-2">
                    <input type="radio" name={f.choiceId.name} value={c.id} />
                    {c.label}
                  </label>
                ))}
                {f.choiceId.errors?.length ? (
                  <div id={f.choiceId.errorId} className="field-error">
                    {f.choiceId.errors.map((e) => (
                      <p key={e}>{e}</p>
                    ))}
                  </div>
                ) : null}
              </fieldset>
            );
          })}
          <button type="submit" className="btn w-full sm:w-auto">
            回答を送信する
          </button>
        </Form>
      ) : null}
      {q.attempts.length ? (
        <section className="mt-6" aria-labelledby="history">
          <h2 id="history" className="mb-2">
            受験の記録
          </h2>
          <ul>
            {q.attempts.map((a) => (
              <li key={a.id}>
                <Link to={`?attempt=${a.id}`}>
                  {a.attempt_no}回目：{a.score_percent}点・{a.passed ? "合格" : "不合格"}・
                  {formatDateTimeJa(a.submitted_at)}
                </Link>
              </li>
            ))}
          </ul>
        </section>
      ) : null}
    </div>
  );
}
