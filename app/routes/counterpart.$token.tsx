import { getFormProps, useForm } from "@conform-to/react";
import {
  redirect,
  type ActionFunctionArgs,
  type HeadersFunction,
  type LoaderFunctionArgs,
  type MetaFunction,
} from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import type { z } from "zod";
import { db } from "~/db.server";
import { CounterpartResponseSchema } from "~/features/logbook/counterpart.schema";
import { openCounterpartLink, respondToCounterpartRequest } from "~/features/logbook/counterpart.server";
import { formatDateJa, formatDateTimeJa } from "~/lib/dates";
import { invalidSubmission, parseForm, replyWithDomainError } from "~/lib/forms.server";
import { FormErrors, TextareaField, TextField } from "~/ui/form";
import { PageHeader } from "~/ui/layout";

// The municipal counterpart's page (no account; the token in the address is the only key).
// Shows one entry and nothing else. Opening it changes nothing (mail scanners open links);
// the buttons do. A forged link is a 404, a used, expired or re-routed one a 410.

export const meta: MetaFunction = () => [
  { title: "OJT記録のご確認 | ITC研修ポータル" },
  { name: "robots", content: "noindex" },
  // As on the account links: keep the token out of other sites' logs, but let this page's own
  // form carry its Origin.
  { name: "referrer", content: "same-origin" },
];

export const headers: HeadersFunction = () => ({ "Cache-Control": "private, no-store" });

export async function loader({ params }: LoaderFunctionArgs) {
  return openCounterpartLink(db(), params.token ?? "");
}

export async function action({ request, params }: ActionFunctionArgs) {
  const submission = parseForm(await request.formData(), CounterpartResponseSchema);
  if (submission.status !== "success") return invalidSubmission(submission);
  let outcome: "confirmed" | "declined";
  try {
    outcome = await respondToCounterpartRequest(db(), params.token ?? "", submission.value);
  } catch (error) {
    return replyWithDomainError(submission, error);
  }
  // A page of its own: after the answer the link is used up, so this route's loader refuses it.
  return redirect(`/counterpart/done?result=${outcome}`);
}

function hours(minutes: number) {
  return minutes % 60 === 0 ? `${minutes / 60}時間` : `${Math.floor(minutes / 60)}時間${minutes % 60}分`;
}

export default function CounterpartConfirmation() {
  const { entry, recipient, expiresAt } = useLoaderData<typeof loader>();
  const lastResult = useActionData<typeof action>();
  const [form, fields] = useForm<z.input<typeof CounterpartResponseSchema>>({
    lastResult,
    defaultValue: { responderName: recipient.name, responderDepartment: recipient.department },
  });
  return (
    <div className="mx-auto max-w-2xl">
      <PageHeader
        title="OJT記録のご確認"
        lead={`${entry.municipality_name}で行われたITC実務研修（OJT）の記録です。内容をご確認のうえ、ご回答ください。`}
      />
      <section className="card mb-6" aria-labelledby="entry-heading">
        <h2 id="entry-heading" className="mb-3">
          記録の内容
        </h2>
        <dl className="grid gap-x-4 gap-y-2 sm:grid-cols-[9rem_1fr]">
          <dt className="font-bold">日付</dt>
          <dd>
            {formatDateJa(entry.work_date)}
            {entry.start_time && entry.end_time ? ` ${entry.start_time}〜${entry.end_time}` : ""}（
            {hours(entry.minutes)}）
          </dd>
          <dt className="font-bold">業務の種類</dt>
          <dd>{entry.task_kind}</dd>
          <dt className="font-bold">担当部署</dt>
          <dd>{entry.department || "（記入なし）"}</dd>
          <dt className="font-bold">トレーニー</dt>
          <dd>{entry.trainee_name}</dd>
          <dt className="font-bold">トレーナー</dt>
          <dd>{entry.trainer_name}</dd>
          <dt className="font-bold">実施した内容</dt>
          <dd className="whitespace-pre-line">{entry.activity || "（記入なし）"}</dd>
        </dl>
      </section>
      <Form method="post" {...getFormProps(form)} className="card">
        <h2 className="mb-3">ご回答</h2>
        <FormErrors id={form.errorId} errors={form.errors} />
        <p className="mb-4">ご本人の確認のため、お名前とご所属をご記入ください。</p>
        <div className="grid gap-x-4 sm:grid-cols-2">
          <TextField meta={fields.responderName} label="お名前" required autoComplete="name" />
          <TextField meta={fields.responderDepartment} label="ご所属（課・係）" autoComplete="organization" />
        </div>
        <TextareaField
          meta={fields.declineReason}
          label="確認できない場合の理由"
          rows={3}
          hint="「確認できない」を選ぶときは必ずご記入ください。"
        />
        <div className="flex flex-col gap-3 sm:flex-row">
          <button type="submit" name="decision" value="confirm" className="btn w-full sm:w-auto">
            内容を確認しました
          </button>
          <button type="submit" name="decision" value="decline" className="btn-secondary w-full sm:w-auto">
            確認できない
          </button>
        </div>
        <p className="hint mt-4">このリンクは{formatDateTimeJa(expiresAt)}まで、一度だけ使用できます。</p>
      </Form>
    </div>
  );
}
