import { Notice } from "~/ui/notice";
import { getFormProps, getInputProps, useForm, type SubmissionResult } from "@conform-to/react";
import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import type { z } from "zod";
import { db } from "~/db.server";
import { QuestionSchema, QuizSettingsSchema, RetireQuestionSchema } from "~/features/assessment/assessment.schema";
import { addQuestion, quizForStaff, retireQuestion, saveQuizSettings } from "~/features/assessment/quiz.server";
import { requireRole } from "~/features/auth/session.server";
import { parseForm, replyWithDomainError } from "~/lib/forms.server";
import { idParam } from "~/lib/params";
import { FormErrors, TextField, TextareaField } from "~/ui/form";
import { PageHeader } from "~/ui/layout";

export const meta: MetaFunction = () => [{ title: "理解度確認テストの編集 | ITC研修ポータル" }];

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  await requireRole({ request, context }, "staff");
  return quizForStaff(db(), idParam(params, "courseId"));
}

type Intent = "settings" | "add-question" | "retire-question";

export async function action({ request, params, context }: ActionFunctionArgs) {
  const user = await requireRole({ request, context }, "staff");
  const courseId = idParam(params, "courseId");
  const formData = await request.formData();
  const intent = String(formData.get("intent") ?? "") as Intent;
  const reply = (result: SubmissionResult<string[]>, status: number) => data({ intent, result }, { status });
  const run = async <S extends z.ZodTypeAny>(schema: S, fn: (v: z.output<S>) => Promise<unknown>, notice: string) => {
    const submission = parseForm(formData, schema);
    if (submission.status !== "success") return reply(submission.reply(), 400);
    try {
      await fn(submission.value);
    } catch (error) {
      const r = replyWithDomainError(submission, error);
      return reply(r.data, r.init?.status ?? 409);
    }
    return redirect(`/staff/courses/${courseId}/quiz?notice=${notice}`);
  };
  switch (intent) {
    case "settings":
      return run(QuizSettingsSchema, (v) => saveQuizSettings(db(), courseId, v, user.id), "settings");
    case "add-question":
      return run(QuestionSchema, (v) => addQuestion(db(), courseId, v, user.id), "added");
    case "retire-question":
      return run(RetireQuestionSchema, (v) => retireQuestion(db(), courseId, v.questionId, user.id), "retired");
    default:
      return reply({ status: "error", error: { "": ["操作の種類が正しくありません。"] } }, 400);
  }
}

export default function StaffQuizPage() {
  const { course, quiz, questions, stats } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const resultFor = (i: Intent) =>
    actionData?.intent === i ? (actionData.result as SubmissionResult<string[]>) : undefined;
  return (
    <div className="mx-auto max-w-3xl">
      <Notice page="staffQuiz" />
      <PageHeader
        title="理解度確認テスト"
        lead={`${course.title}：受講（出席）した方が研修後に受けるテストです。正解は回答を送信するまで受講者に送られません。`}
      />
      {quiz ? (
        <p className="mb-4">
          受験 {stats.attempts}回・合格 {stats.passed}回・{quiz.published ? "公開中" : "非公開"}
        </p>
      ) : null}
      {/* Keyed by what a save changes, so a saved form starts afresh (no stale message or value). */}
      <SettingsForm
        key={quiz?.updated_at ?? "new"}
        quiz={quiz}
        bankSize={questions.length}
        lastResult={resultFor("settings")}
      />
      <section className="card mt-6" aria-labelledby="questions">
        <h2 id="questions" className="mb-3">
          問題（{questions.length}問）
        </h2>
        {quiz?.questions_per_attempt != null && quiz.questions_per_attempt < questions.length ? (
          <p className="mb-3" data-testid="quiz-bank-note">
            1回の受験では、この{questions.length}問から{quiz.questions_per_attempt}問を受験ごとに選んで出題します。
          </p>
        ) : null}
        <ol className="list-decimal space-y-4 pl-6" data-testid="quiz-questions">
          {questions.map((q) => (
            <li key={q.id}>
              <p className="whitespace-pre-line">{q.prompt}</p>
              <ul className="ml-2 list-disc pl-4">
                {q.choices.map((c) => (
                  <li key={c.id}>
                    {c.label}
                    {c.correct ? <strong>（正解）</strong> : null}
                  </li>
                ))}
              </ul>
              <p className="text-dns-14N-130">解説：{q.explanation}</p>
              <Form method="post" className="mt-1">
                <input type="hidden" name="intent" value="retire-question" />
                <input type="hidden" name="questionId" value={q.id} />
                <button type="submit" className="btn-secondary">
                  この問題を出題から外す
                </button>
              </Form>
            </li>
          ))}
        </ol>
      </section>
      {quiz ? <QuestionForm key={questions.map((q) => q.id).join(",")} lastResult={resultFor("add-question")} /> : null}
      <p className="mt-6">
        <Link to={`/staff/courses/${course.id}`}>講座のページへ戻る</Link>
      </p>
    </div>
  );
}

function SettingsForm({
  quiz,
  bankSize,
  lastResult,
}: {
  quiz: {
    title: string;
    pass_percent: number;
    max_attempts: number;
    questions_per_attempt: number | null;
    published: boolean;
  } | null;
  bankSize: number;
  lastResult: SubmissionResult<string[]> | undefined;
}) {
  const [form, f] = useForm<z.input<typeof QuizSettingsSchema>>({
    id: "form-quiz-settings",
    lastResult,
    defaultValue: {
      title: quiz?.title ?? "理解度確認テスト",
      passPercent: String(quiz?.pass_percent ?? 80),
      maxAttempts: String(quiz?.max_attempts ?? 3),
      questionsPerAttempt: quiz?.questions_per_attempt == null ? "" : String(quiz.questions_per_attempt),
      published: quiz?.published ? "on" : undefined,
    },
  });
  return (
    <section className="card" aria-labelledby="settings">
      <h2 id="settings" className="mb-3">
        設定
      </h2>
      <Form method="post" {...getFormProps(form)}>
        <input type="hidden" name="intent" value="settings" />
        <FormErrors id={form.errorId} errors={form.errors} />
        <TextField meta={f.title} label="テストの名前" required />
        <TextField meta={f.passPercent} label="合格点（正答率％）" required inputMode="numeric" />
        <TextField meta={f.maxAttempts} label="受験できる回数（1〜10回）" required inputMode="numeric" />
        <TextField
          meta={f.questionsPerAttempt}
          label="1回の出題数"
          inputMode="numeric"
          hint={`登録した問題（現在${bankSize}問）を問題バンクとして、受験のたびにこの数だけを選んで出題します。問題と選択肢の順番も受験ごとに入れ替わります。空欄にすると全問を出題します。登録した問題の数より多くはできません。`}
        />
        <label className="mb-2 flex min-h-11 items-center gap-2">
          <input {...getInputProps(f.published, { type: "checkbox" })} />
          受講者に公開する
        </label>
        {f.published.errors?.length ? (
          <div id={f.published.errorId} className="field-error">
            {f.published.errors.map((e) => (
              <p key={e}>{e}</p>
            ))}
          </div>
        ) : null}
        <button type="submit" className="btn-secondary">
          設定を保存する
        </button>
      </Form>
    </section>
  );
}

function QuestionForm({ lastResult }: { lastResult: SubmissionResult<string[]> | undefined }) {
  const [form, f] = useForm<z.input<typeof QuestionSchema>>({
    id: "form-question",
    lastResult,
    defaultValue: { choices: ["", "", "", ""] },
  });
  const choices = f.choices.getFieldList();
  return (
    <section className="card mt-6" aria-labelledby="add-question">
      <h2 id="add-question" className="mb-3">
        問題を追加する
      </h2>
      <Form method="post" {...getFormProps(form)}>
        <input type="hidden" name="intent" value="add-question" />
        <FormErrors id={form.errorId} errors={form.errors} />
        <TextareaField meta={f.prompt} label="問題文" required rows={3} />
        <FormErrors errors={f.choices.errors} />
        {choices.map((c, i) => (
          <TextField key={c.key} meta={c} label={`選択肢${i + 1}`} />
        ))}
        <fieldset className="mb-5">
          <legend className="label">正解の選択肢</legend>
          <div className="flex flex-wrap gap-4">
            {choices.map((c, i) => (
              <label key={c.key} className="flex min-h-11 items-center gap-2">
                <input
                  type="radio"
                  name={f.correct.name}
                  value={i + 1}
                  defaultChecked={f.correct.initialValue === String(i + 1)}
                />
                選択肢{i + 1}
              </label>
            ))}
          </div>
          {f.correct.errors?.length ? (
            <div id={f.correct.errorId} className="field-error">
              {f.correct.errors.map((e) => (
                <p key={e}>{e}</p>
              ))}
            </div>
          ) : null}
        </fieldset>
        <TextareaField meta={f.explanation} label="解説（回答後に表示）" required rows={3} />
        <button type="submit" className="btn">
          問題を追加する
        </button>
      </Form>
    </section>
  );
}
