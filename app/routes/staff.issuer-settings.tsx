import { getFormProps, useForm } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod/v4";
import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import type { z } from "zod";
import { db } from "~/db.server";
import { requireRole } from "~/features/auth/session.server";
import { MissingDocumentsWarning } from "~/features/invoices/components/missing-documents";
import { countMissingDocuments, issueMissingDocuments } from "~/features/invoices/invoices.server";
import { IssuerSettingsSchema } from "~/features/issuer/issuer.schema";
import { getIssuer, updateIssuer } from "~/features/issuer/issuer.server";
import { formatDateTimeJa } from "~/lib/dates";
import { invalidSubmission } from "~/lib/forms.server";
import { FormErrors, TextField } from "~/ui/form";
import { PageHeader } from "~/ui/layout";
import { Notice } from "~/ui/notice";

export const meta: MetaFunction = () => [{ title: "請求書・領収書の発行元 | ITC研修ポータル" }];

export async function loader({ request, context }: LoaderFunctionArgs) {
  await requireRole({ request, context }, "staff", "admin");
  const [issuer, missing] = await Promise.all([getIssuer(db()), countMissingDocuments(db())]);
  return { issuer, missing };
}

export async function action({ request, context }: ActionFunctionArgs) {
  const user = await requireRole({ request, context }, "staff", "admin");
  const formData = await request.formData();
  if (formData.get("intent") === "issue-documents") {
    await issueMissingDocuments(db(), user.id);
    return redirect("/staff/issuer-settings?notice=documents-issued");
  }
  const submission = parseWithZod(formData, { schema: IssuerSettingsSchema });
  if (submission.status !== "success") return invalidSubmission(submission);
  await updateIssuer(db(), submission.value, user.id);
  return redirect("/staff/issuer-settings?notice=saved");
}

export default function IssuerSettingsPage() {
  const { issuer, missing } = useLoaderData<typeof loader>();
  return (
    <div className="mx-auto max-w-3xl">
      <PageHeader
        title="請求書・領収書の発行元"
        lead="有料の研修の受講が確定すると請求書を、入金を確認すると領収書を発行します（適格請求書）。発行元の団体名と登録番号を設定してください。"
      />
      <Notice page="issuerSettings" />
      <MissingDocumentsWarning registered={issuer.registration_number !== null} missing={missing} />
      <p className="mb-4 text-dns-14N-130 text-solid-gray-700">
        最終更新 {formatDateTimeJa(issuer.updated_at)}。発行済みの書類には発行時の団体名・登録番号が残ります。
      </p>
      <SettingsForm key={issuer.updated_at} issuer={issuer} />
    </div>
  );
}

function SettingsForm({ issuer }: { issuer: ReturnType<typeof useLoaderData<typeof loader>>["issuer"] }) {
  const lastResult = useActionData<typeof action>();
  const [form, fields] = useForm<z.input<typeof IssuerSettingsSchema>, z.output<typeof IssuerSettingsSchema>>({
    lastResult,
    defaultValue: {
      associationName: issuer.association_name,
      address: issuer.address,
      registrationNumber: issuer.registration_number ?? "",
    },
    onValidate: ({ formData }) => parseWithZod(formData, { schema: IssuerSettingsSchema }),
    shouldValidate: "onBlur",
    shouldRevalidate: "onInput",
  });
  return (
    <Form method="post" {...getFormProps(form)} className="card">
      <FormErrors id={form.errorId} errors={form.errors} />
      <TextField meta={fields.associationName} label="団体名（発行者名）" required />
      <TextField meta={fields.address} label="所在地（任意）" hint="例：東京都文京区本郷1-2-3" />
      <TextField
        meta={fields.registrationNumber}
        label="適格請求書発行事業者登録番号"
        inputMode="text"
        autoComplete="off"
        hint="「T」と13桁の数字（例：T1234567890123）。全角数字・小文字の t も入力できます。空欄のままでは請求書・領収書を発行しません。"
      />
      <button type="submit" className="btn w-full sm:w-auto">
        保存する
      </button>
    </Form>
  );
}
