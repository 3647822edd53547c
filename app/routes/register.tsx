import { getFormProps, useForm } from "@conform-to/react";
import type { z } from "zod";
import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData } from "@remix-run/react";
import { db } from "~/db.server";
import { RegisterSchema } from "~/features/auth/auth.schema";
import { optionalUser } from "~/features/auth/session.server";
import { registerTrainee } from "~/features/auth/users.server";
import { invalidSubmission, parseForm, replyWithDomainError } from "~/lib/forms.server";
import { PREFECTURES } from "~/lib/local-gov-code";
import { FormErrors, SelectField, TextField } from "~/ui/form";
import { PageHeader } from "~/ui/layout";

export const meta: MetaFunction = () => [{ title: "新規登録 | ITC研修ポータル" }];

const HIDDEN = ["password", "passwordConfirm"];

export async function loader({ request, context }: LoaderFunctionArgs) {
  if (await optionalUser({ request, context })) throw redirect("/dashboard");
  return null;
}

export async function action({ request, context }: ActionFunctionArgs) {
  const submission = parseForm(await request.formData(), RegisterSchema);
  if (submission.status !== "success") return invalidSubmission(submission, { hideFields: HIDDEN });
  const { passwordConfirm: _confirm, ...input } = submission.value;
  try {
    await registerTrainee(db(), { ...input, ip: context.clientIp });
  } catch (error) {
    return replyWithDomainError(submission, error, { hideFields: HIDDEN });
  }
  // The same answer whether or not the address already had an account (decision 0007).
  return redirect("/login?notice=registration-received");
}

const prefectureOptions = PREFECTURES.map((p) => ({ value: p.code, label: p.name }));

export default function Register() {
  const lastResult = useActionData<typeof action>();
  const [form, fields] = useForm<z.input<typeof RegisterSchema>>({
    lastResult,
  });
  return (
    <div className="mx-auto max-w-2xl">
      <PageHeader
        title="トレーニーITCとして新規登録"
        lead="研修への申込やOJTの申請ができるようになります。トレーナー・事務局の権限は管理者が付与します。"
      />
      <Form method="post" {...getFormProps(form)} className="card">
        <FormErrors id={form.errorId} errors={form.errors} />
        <TextField meta={fields.name} label="氏名" autoComplete="name" required hint="例：山田 太郎" />
        <TextField
          meta={fields.nameKana}
          label="ふりがな"
          required
          hint="ひらがなで入力してください。例：やまだ たろう"
        />
        <TextField meta={fields.email} label="メールアドレス" type="email" autoComplete="email" required />
        <TextField
          meta={fields.password}
          label="パスワード"
          type="password"
          autoComplete="new-password"
          required
          hint="12文字以上。長い文やフレーズがおすすめです。"
        />
        <TextField
          meta={fields.passwordConfirm}
          label="パスワード（確認）"
          type="password"
          autoComplete="new-password"
          required
        />
        <SelectField meta={fields.prefectureCode} label="都道府県" options={prefectureOptions} required />
        <TextField meta={fields.organization} label="所属（会社・団体）" autoComplete="organization" />
        <TextField meta={fields.itcNumber} label="ITC認定番号" hint="お持ちの方のみ。英数字とハイフン。" />
        <button type="submit" className="btn w-full sm:w-auto">
          登録する
        </button>
      </Form>
      <p className="mt-6">
        登録済みの方は <Link to="/login">サインイン</Link>
      </p>
    </div>
  );
}
