import { getFormProps, useForm } from "@conform-to/react";
import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import type { z } from "zod";
import { db } from "~/db.server";
import { requireRole } from "~/features/auth/session.server";
import { ChoiceGroup } from "~/features/ojt/components/fields";
import { PREREQUISITE_RULES, PREREQUISITE_RULE_LABELS } from "~/features/vocabulary/ojt-kinds";
import { PrerequisiteSettingsSchema } from "~/features/ojt/ojt.schema";
import {
  getOjtPrerequisites,
  listCoursesForPrerequisites,
  setOjtPrerequisites,
} from "~/features/ojt/prerequisites.server";
import { invalidSubmission, parseForm, replyWithDomainError } from "~/lib/forms.server";
import { ReminderDaysSchema } from "~/features/logbook/counterpart.schema";
import { getCounterpartReminderDays, setCounterpartReminderDays } from "~/features/logbook/counterpart.server";
import { FormErrors, TextField } from "~/ui/form";
import { EmptyState, PageHeader } from "~/ui/layout";
import { Notice } from "~/ui/notice";

export const meta: MetaFunction = () => [{ title: "OJTの申込条件 | ITC研修ポータル" }];

const KIND_LABELS: Record<string, string> = {
  basic_municipal: "自治体ビジネス基礎研修",
  case_training: "ケース研修",
  follow_up: "フォローアップ研修",
  skill: "スキル研修",
  other: "その他",
};

export async function loader({ request, context }: LoaderFunctionArgs) {
  await requireRole({ request, context }, "staff", "admin");
  const [current, courses, reminderDays] = await Promise.all([
    getOjtPrerequisites(db()),
    listCoursesForPrerequisites(db()),
    getCounterpartReminderDays(db()),
  ]);
  return { current, courses, reminderDays };
}

export async function action({ request, context }: ActionFunctionArgs) {
  const user = await requireRole({ request, context }, "staff", "admin");
  const formData = await request.formData();
  if (formData.get("intent") === "reminder") {
    const reminder = parseForm(formData, ReminderDaysSchema);
    if (reminder.status !== "success") return invalidSubmission(reminder);
    await setCounterpartReminderDays(db(), reminder.value.counterpartReminderDays, user.id);
    return redirect("/staff/ojt-settings?notice=reminder-saved");
  }
  const submission = parseForm(formData, PrerequisiteSettingsSchema);
  if (submission.status !== "success") return invalidSubmission(submission);
  try {
    await setOjtPrerequisites(db(), submission.value, user.id);
  } catch (error) {
    return replyWithDomainError(submission, error);
  }
  return redirect("/staff/ojt-settings?notice=saved");
}

export default function OjtSettings() {
  const { current, courses, reminderDays } = useLoaderData<typeof loader>();
  const lastResult = useActionData<typeof action>();
  const [form, fields] = useForm<z.input<typeof PrerequisiteSettingsSchema>>({
    lastResult,
    defaultValue: { courseIds: current.courses.map((c) => String(c.id)), rule: current.rule },
  });
  return (
    <div className="mx-auto max-w-3xl">
      <PageHeader title="OJTの申込条件" lead="OJTに申し込む前に修了が必要な研修を設定します。" />
      <Notice page="ojtSettings" />
      {courses.length === 0 ? (
        <EmptyState title="研修が登録されていません">研修を登録すると、申込条件に設定できます。</EmptyState>
      ) : (
        <Form method="post" {...getFormProps(form)} className="card">
          <FormErrors id={form.errorId} errors={form.errors} />
          <ChoiceGroup
            meta={fields.courseIds}
            type="checkbox"
            legend="修了が必要な研修"
            required
            columns=""
            options={courses.map((c) => ({
              value: String(c.id),
              label: `${c.title}（${c.code}・${KIND_LABELS[c.kind] ?? c.kind}）`,
            }))}
          />
          <ChoiceGroup
            meta={fields.rule}
            type="radio"
            legend="条件の種類"
            required
            columns=""
            options={PREREQUISITE_RULES.map((r) => ({ value: r, label: PREREQUISITE_RULE_LABELS[r] }))}
          />
          <button type="submit" className="btn w-full sm:w-auto">
            保存する
          </button>
        </Form>
      )}
      <ReminderDaysForm reminderDays={reminderDays} />
    </div>
  );
}

/** How long a counterpart's confirmation request waits before one reminder e-mail. */
function ReminderDaysForm({ reminderDays }: { reminderDays: number }) {
  const lastResult = useActionData<typeof action>();
  const [form, fields] = useForm<z.input<typeof ReminderDaysSchema>>({
    id: "reminder-days",
    lastResult:
      lastResult && "initialValue" in lastResult && lastResult.initialValue?.intent === "reminder"
        ? lastResult
        : undefined,
    defaultValue: { counterpartReminderDays: String(reminderDays) },
  });
  return (
    <Form method="post" {...getFormProps(form)} className="card mt-8">
      <h2 className="mb-3">自治体担当者への確認依頼</h2>
      <input type="hidden" name="intent" value="reminder" />
      <FormErrors id={form.errorId} errors={form.errors} />
      <TextField
        meta={fields.counterpartReminderDays}
        label="催促メールを送るまでの日数"
        required
        inputMode="numeric"
        hint="確認を依頼してからこの日数が過ぎても回答がないとき、担当者に一度だけ催促のメールを送ります（1〜30日）。"
      />
      <button type="submit" className="btn w-full sm:w-auto">
        保存する
      </button>
    </Form>
  );
}
