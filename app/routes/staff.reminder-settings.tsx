import { getFormProps, useForm } from "@conform-to/react";
import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import type { z } from "zod";
import { db } from "~/db.server";
import { requireRole } from "~/features/auth/session.server";
import { ReminderSettingsSchema } from "~/features/reminders/reminders.schema";
import { getReminderSettings, saveReminderSettings } from "~/features/reminders/reminders.server";
import { formatDateTimeJa } from "~/lib/dates";
import { invalidSubmission, parseForm } from "~/lib/forms.server";
import { FormErrors, TextField } from "~/ui/form";
import { PageHeader } from "~/ui/layout";
import { Notice } from "~/ui/notice";

export const meta: MetaFunction = () => [{ title: "お知らせの送信時期 | ITC研修ポータル" }];

export async function loader({ request, context }: LoaderFunctionArgs) {
  await requireRole({ request, context }, "staff", "admin");
  return { settings: await getReminderSettings(db()) };
}

export async function action({ request, context }: ActionFunctionArgs) {
  const user = await requireRole({ request, context }, "staff", "admin");
  const submission = parseForm(await request.formData(), ReminderSettingsSchema);
  if (submission.status !== "success") return invalidSubmission(submission);
  await saveReminderSettings(db(), submission.value, user.id);
  return redirect("/staff/reminder-settings?notice=saved");
}

export default function ReminderSettingsPage() {
  const { settings } = useLoaderData<typeof loader>();
  const lastResult = useActionData<typeof action>();
  const [form, fields] = useForm<z.input<typeof ReminderSettingsSchema>>({
    lastResult,
    defaultValue: {
      sessionReminderTime: settings.session_reminder_time,
      questionnaireAfterDays: String(settings.questionnaire_after_days),
      feeBeforeDays: String(settings.fee_before_days),
    },
  });
  return (
    <div className="mx-auto max-w-3xl">
      <PageHeader
        title="お知らせの送信時期"
        lead="受講者へのお知らせ（アプリ内とメール）を送る時期です。どのお知らせも、1人に1回だけ送ります。"
      />
      <Notice page="reminderSettings" />
      <p className="mb-4 text-dns-14N-130 text-solid-gray-700">最終更新 {formatDateTimeJa(settings.updated_at)}</p>
      <Form method="post" {...getFormProps(form)} className="card" key={settings.updated_at}>
        <FormErrors id={form.errorId} errors={form.errors} />
        <TextField
          meta={fields.sessionReminderTime}
          label="前日のお知らせの時刻"
          required
          hint="各日程の前日、この時刻（日本時間）以降に送ります。例：12:00"
        />
        <TextField
          meta={fields.questionnaireAfterDays}
          label="アンケートの催促（最終日の何日後）"
          required
          inputMode="numeric"
          hint="最終日からこの日数が過ぎても受講アンケートが未提出の方へ。1〜30日"
        />
        <TextField
          meta={fields.feeBeforeDays}
          label="受講料の催促（初回の何日前）"
          required
          inputMode="numeric"
          hint="初回開催日のこの日数前から、入金が確認できていない方へ。1〜60日"
        />
        <button type="submit" className="btn">
          保存する
        </button>
      </Form>
    </div>
  );
}
