import { getFormProps, useForm, type FieldMetadata } from "@conform-to/react";
import type { z } from "zod";
import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { db } from "~/db.server";
import { requireRole } from "~/features/auth/session.server";
import { QUESTIONNAIRE_QUESTIONS, RATING_LABELS } from "~/features/enrollment/questionnaire-questions";
import { QuestionnaireSchema } from "~/features/enrollment/enrollment.schema";
import {
  getQuestionnaire,
  questionnaireBlocker,
  submitQuestionnaire,
} from "~/features/enrollment/questionnaire.server";
import { todayInTokyo } from "~/lib/dates";
import { idParam } from "~/lib/params";
import { invalidSubmission, replyWithDomainError, parseForm } from "~/lib/forms.server";
import { FieldError, FormErrors, TextareaField } from "~/ui/form";
import { PageHeader } from "~/ui/layout";

export const meta: MetaFunction = () => [{ title: "受講アンケート | ITC研修ポータル" }];

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const user = await requireRole({ request, context }, "trainee");
  const { enrollment, response } = await getQuestionnaire(db(), {
    enrollmentId: idParam(params, "enrollmentId"),
    userId: user.id,
  });
  return { enrollment, submitted: response !== null, blocker: questionnaireBlocker(enrollment, todayInTokyo()) };
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const user = await requireRole({ request, context }, "trainee");
  const enrollmentId = idParam(params, "enrollmentId");
  const submission = parseForm(await request.formData(), QuestionnaireSchema);
  if (submission.status !== "success") return invalidSubmission(submission);
  try {
    await submitQuestionnaire(db(), { enrollmentId, userId: user.id, answers: submission.value });
  } catch (error) {
    return replyWithDomainError(submission, error);
  }
  return redirect("/my/training?notice=questionnaire");
}

function RatingField({ meta, label }: { meta: FieldMetadata<number>; label: string }) {
  const invalid = Boolean(meta.errors?.length);
  return (
    <fieldset
      className="mb-6"
      aria-describedby={invalid ? meta.errorId : undefined}
      aria-invalid={invalid || undefined}
    >
      <legend className="label">
        {label}
        <span className="required" aria-hidden="true">
          必須
        </span>
      </legend>
      <div className="flex flex-col gap-1 sm:flex-row sm:flex-wrap sm:gap-x-5">
        {[5, 4, 3, 2, 1].map((v) => (
          <label key={v} className="flex min-h-11 items-center gap-2">
            <input
              type="radio"
              name={meta.name}
              value={v}
              defaultChecked={meta.initialValue === String(v)}
              className="size-5"
            />
            {RATING_LABELS[v]}
          </label>
        ))}
      </div>
      <FieldError meta={meta} />
    </fieldset>
  );
}

export default function Questionnaire() {
  const { enrollment, submitted, blocker } = useLoaderData<typeof loader>();
  const lastResult = useActionData<typeof action>();
  const [form, fields] = useForm<z.input<typeof QuestionnaireSchema>>({
    // One form state per enrolment (Conform resets when the id changes).
    id: `questionnaire-${enrollment.id}`,
    lastResult,
  });
  return (
    <div className="mx-auto max-w-3xl">
      <p className="mb-2">
        <Link to="/my/training">マイ研修へ戻る</Link>
      </p>
      <PageHeader title="受講アンケート" lead={`${enrollment.course_title} ${enrollment.cohort_name}`} />
      {submitted ? (
        <p className="card">このアンケートは回答済みです。ご協力ありがとうございました。</p>
      ) : blocker ? (
        <p className="card">{blocker}</p>
      ) : (
        <Form method="post" {...getFormProps(form)} className="card">
          <p className="mb-6">今後の研修の改善に役立てます。回答は修了要件のひとつです（送信後の変更はできません）。</p>
          <FormErrors id={form.errorId} errors={form.errors} />
          {QUESTIONNAIRE_QUESTIONS.map((q) => (
            <RatingField key={q.name} meta={fields[q.name]} label={q.label} />
          ))}
          <TextareaField meta={fields.goodPoints} label="良かった点" rows={4} hint="2000文字以内" />
          <TextareaField
            meta={fields.improvements}
            label="改善してほしい点・今後受けたい研修"
            rows={4}
            hint="2000文字以内"
          />
          <button type="submit" className="btn">
            回答を送信する
          </button>
        </Form>
      )}
    </div>
  );
}
