import { getFormProps, useForm } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod/v4";
import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData } from "@remix-run/react";
import { db } from "~/db.server";
import { requestPasswordReset } from "~/features/auth/accounts.server";
import { ForgotPasswordSchema } from "~/features/auth/auth.schema";
import { optionalUser } from "~/features/auth/session.server";
import { invalidSubmission } from "~/lib/forms.server";
import { FormErrors, TextField } from "~/ui/form";
import { PageHeader } from "~/ui/layout";

export const meta: MetaFunction = () => [{ title: "パスワードの再設定 | ITC研修ポータル" }];

export async function loader({ request, context }: LoaderFunctionArgs) {
  if (await optionalUser({ request, context })) throw redirect("/account/password");
  return null;
}

export async function action({ request, context }: ActionFunctionArgs) {
  const submission = parseWithZod(await request.formData(), { schema: ForgotPasswordSchema });
  if (submission.status !== "success") return invalidSubmission(submission);
  await requestPasswordReset(db(), { email: submission.value.email, ip: context.clientIp });
  // The same answer whether or not the address has an account.
  return redirect("/login?notice=reset-requested");
}

export default function ForgotPassword() {
  const lastResult = useActionData<typeof action>();
  const [form, fields] = useForm({
    lastResult,
    onValidate: ({ formData }) => parseWithZod(formData, { schema: ForgotPasswordSchema }),
    shouldValidate: "onSubmit",
  });
  return (
    <div className="mx-auto max-w-md">
      <PageHeader
        title="パスワードの再設定"
        lead="登録したメールアドレスを入力してください。再設定用のリンクをメールでお送りします（1時間有効）。"
      />
      <Form method="post" {...getFormProps(form)} className="card">
        <FormErrors id={form.errorId} errors={form.errors} />
        <TextField meta={fields.email} label="メールアドレス" type="email" autoComplete="email" required />
        <button type="submit" className="btn w-full">
          再設定のリンクを送る
        </button>
      </Form>
      <p className="mt-6">
        <Link to="/login">サインインへ戻る</Link>
      </p>
    </div>
  );
}
