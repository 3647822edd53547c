import { getFormProps, useForm } from "@conform-to/react";
import type { z } from "zod";
import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useSearchParams } from "@remix-run/react";
import { db } from "~/db.server";
import { SignInSchema } from "~/features/auth/auth.schema";
import { readDeviceToken } from "~/features/auth/device-cookie.server";
import { optionalUser, safeRedirectPath, startSession } from "~/features/auth/session.server";
import { signIn } from "~/features/auth/sign-in.server";
import { invalidSubmission, parseForm, replyWithDomainError } from "~/lib/forms.server";
import { FormErrors, TextField } from "~/ui/form";
import { Notice } from "~/ui/notice";

export const meta: MetaFunction = () => [{ title: "サインイン | ITC研修ポータル" }];

export async function loader({ request, context }: LoaderFunctionArgs) {
  const user = await optionalUser({ request, context });
  if (user) throw redirect(safeRedirectPath(new URL(request.url).searchParams.get("redirectTo")));
  return null;
}

export async function action({ request, context }: ActionFunctionArgs) {
  const submission = parseForm(await request.formData(), SignInSchema);
  if (submission.status !== "success") return invalidSubmission(submission, { hideFields: ["password"] });
  let userId: string;
  try {
    const deviceToken = await readDeviceToken(request);
    ({ userId } = await signIn(db(), { ...submission.value, ip: context.clientIp, deviceToken }));
  } catch (error) {
    return replyWithDomainError(submission, error, { hideFields: ["password"] });
  }
  const cookie = await startSession(userId);
  return redirect(safeRedirectPath(submission.value.redirectTo), { headers: { "Set-Cookie": cookie } });
}

export default function Login() {
  const lastResult = useActionData<typeof action>();
  const [searchParams] = useSearchParams();
  const [form, fields] = useForm<z.input<typeof SignInSchema>>({
    lastResult,
  });
  return (
    <div className="mx-auto max-w-md">
      <h1 className="mb-6">サインイン</h1>
      <Notice page="login" />
      <Form method="post" {...getFormProps(form)} className="card">
        <FormErrors id={form.errorId} errors={form.errors} />
        <input type="hidden" name="redirectTo" value={searchParams.get("redirectTo") ?? ""} />
        <TextField meta={fields.email} label="メールアドレス" type="email" autoComplete="username" required />
        <TextField meta={fields.password} label="パスワード" type="password" autoComplete="current-password" required />
        <button type="submit" className="btn w-full">
          サインイン
        </button>
      </Form>
      <p className="mt-6">
        <Link to="/forgot-password">パスワードをお忘れの方</Link>
      </p>
      <p className="mt-2">
        はじめての方は <Link to="/register">トレーニーとして新規登録</Link>
      </p>
    </div>
  );
}
