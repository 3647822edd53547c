import { getFormProps, useForm } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod/v4";
import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import type { z } from "zod";
import { db } from "~/db.server";
import { requireRole } from "~/features/auth/session.server";
import { dueRuleText } from "~/features/payments/instructions";
import { ACCOUNT_TYPES, ACCOUNT_TYPE_LABELS, DUE_BASES, DUE_BASIS_LABELS } from "~/features/payments/kinds";
import { PaymentSettingsSchema } from "~/features/payments/payments.schema";
import { getPaymentSettings, updatePaymentSettings } from "~/features/payments/settings.server";
import { formatDateTimeJa } from "~/lib/dates";
import { invalidSubmission } from "~/lib/forms.server";
import { FormErrors, SelectField, TextareaField, TextField } from "~/ui/form";
import { PageHeader } from "~/ui/layout";
import { Notice } from "~/ui/notice";

export const meta: MetaFunction = () => [{ title: "受講料の振込先 | ITC研修ポータル" }];

export async function loader({ request, context }: LoaderFunctionArgs) {
  await requireRole({ request, context }, "staff", "admin");
  return { settings: await getPaymentSettings(db()) };
}

export async function action({ request, context }: ActionFunctionArgs) {
  const user = await requireRole({ request, context }, "staff", "admin");
  const submission = parseWithZod(await request.formData(), { schema: PaymentSettingsSchema });
  if (submission.status !== "success") return invalidSubmission(submission);
  await updatePaymentSettings(db(), submission.value, user.id);
  return redirect("/staff/payment-settings?notice=saved");
}

export default function PaymentSettingsPage() {
  const { settings } = useLoaderData<typeof loader>();
  return (
    <div className="mx-auto max-w-3xl">
      <PageHeader
        title="受講料の振込先"
        lead="有料の研修に申し込んだ方へ、確認画面・申込確認メール・マイ研修でこの振込先とお支払い期限を案内します。"
      />
      <Notice page="paymentSettings" />
      {settings ? (
        <p className="mb-4 text-dns-14N-130 text-solid-gray-700">
          現在のお支払い期限：{dueRuleText(settings)}（最終更新 {formatDateTimeJa(settings.updated_at)}）
        </p>
      ) : (
        <p className="mb-4 rounded-8 border-l-4 border-yellow-700 bg-yellow-50 p-3">
          振込先が未設定です。設定するまで、申込者には「お支払い方法は事務局からご案内します」と表示されます。
        </p>
      )}
      {/* Keyed by the saved version: after saving, the fields show the stored (normalised) values. */}
      <SettingsForm key={settings?.updated_at ?? "unset"} settings={settings} />
    </div>
  );
}

function SettingsForm({ settings }: { settings: ReturnType<typeof useLoaderData<typeof loader>>["settings"] }) {
  const lastResult = useActionData<typeof action>();
  const [form, fields] = useForm<z.input<typeof PaymentSettingsSchema>, z.output<typeof PaymentSettingsSchema>>({
    lastResult,
    defaultValue: settings
      ? {
          bankName: settings.bank_name,
          branchName: settings.branch_name,
          accountType: settings.account_type,
          accountNumber: settings.account_number,
          accountHolderKana: settings.account_holder_kana,
          dueBasis: settings.due_basis,
          dueDays: String(settings.due_days),
          note: settings.note,
        }
      : { accountType: "ordinary", dueBasis: "after_enrolment", dueDays: "14" },
    onValidate: ({ formData }) => parseWithZod(formData, { schema: PaymentSettingsSchema }),
    shouldValidate: "onBlur",
    shouldRevalidate: "onInput",
  });
  return (
    <Form method="post" {...getFormProps(form)} className="card">
      <FormErrors id={form.errorId} errors={form.errors} />
      <div className="grid gap-x-4 sm:grid-cols-2">
        <TextField meta={fields.bankName} label="金融機関名" required hint="例：みずほ銀行" />
        <TextField meta={fields.branchName} label="支店名" required hint="例：本店営業部" />
      </div>
      <div className="grid gap-x-4 sm:grid-cols-2">
        <SelectField
          meta={fields.accountType}
          label="口座種別"
          required
          placeholder={null}
          options={ACCOUNT_TYPES.map((t) => ({ value: t, label: ACCOUNT_TYPE_LABELS[t] }))}
        />
        <TextField
          meta={fields.accountNumber}
          label="口座番号"
          required
          inputMode="numeric"
          hint="7桁（短い番号は先頭に0を補います）"
        />
      </div>
      <TextField
        meta={fields.accountHolderKana}
        label="口座名義（カナ）"
        required
        hint="通帳の表記どおりカタカナで（例：イツパンシヤダンホウジン アイテイーシーキヨウカイ）"
      />
      <div className="grid gap-x-4 sm:grid-cols-2">
        <SelectField
          meta={fields.dueBasis}
          label="お支払い期限の基準"
          required
          placeholder={null}
          options={DUE_BASES.map((b) => ({ value: b, label: DUE_BASIS_LABELS[b] }))}
        />
        <TextField
          meta={fields.dueDays}
          label="日数"
          required
          inputMode="numeric"
          hint="0〜90日。例：受講確定日から14日以内、初回開催日の7日前まで"
        />
      </div>
      <TextareaField
        meta={fields.note}
        label="補足（任意）"
        rows={3}
        hint="例：振込手数料はご負担ください。請求書が必要な方は事務局までご連絡ください。"
      />
      <button type="submit" className="btn w-full sm:w-auto">
        保存する
      </button>
    </Form>
  );
}
