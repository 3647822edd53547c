import { getFormProps, useForm } from "@conform-to/react";
import type { z } from "zod";
import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useActionData } from "@remix-run/react";
import { db } from "~/db.server";
import { NewPasswordFields } from "~/features/auth/components/new-password-fields";
import { ChangePasswordSchema } from "~/features/auth/auth.schema";
import { requireUser, startSession } from "~/features/auth/session.server";
import { changePassword } from "~/features/auth/users.server";
import { invalidSubmission, parseForm, replyWithDomainError } from "~/lib/forms.server";
import { FormErrors, TextField } from "~/ui/form";
import { PageHeader } from "~/ui/layout";

export const meta: MetaFunction = () => [{ title: "パスワード変更 | ITC研修ポータル" }];

const HIDDEN = ["currentPassword", "newPassword", "newPasswordConfirm"];

export async function loader({ request, context }: LoaderFunctionArgs) {
  await requireUser({ request, context });
  return null;
}

export async function action({ request, context }: ActionFunctionArgs) {
  const user = await requireUser({ request, context });
  const submission = parseForm(await request.formData(), ChangePasswordSchema);
  if (submission.status !== "success") return invalidSubmission(submission, { hideFields: HIDDEN });
  try {
    await changePassword(db(), { userId: user.id, ...submission.value, ip: context.clientIp });
  } catch (error) {
    return replyWithDomainError(submission, error, { hideFields: HIDDEN });
  }
  // All sessions ended with the change; this browser continues in a fresh one.
  return redirect("/dashboard?notice=password-changed", { headers: { "Set-Cookie": await startSession(user.id) } });
}

export default function ChangePassword() {
  const lastResult = useActionData<typeof action>();
  const [form, fields] = useForm<z.input<typeof ChangePasswordSchema>>({
    lastResult,
  });
  return (
    <div className="mx-auto max-w-xl">
      <PageHeader title="パスワード変更" lead="変更すると、他の端末でのサインインはすべて終了します。" />
      <Form method="post" {...getFormProps(form)} className="card">
        <FormErrors id={form.errorId} errors={form.errors} />
        <TextField
          meta={fields.currentPassword}
          label="現在のパスワード"
          type="password"
          autoComplete="current-password"
          required
        />
        <NewPasswordFields newPassword={fields.newPassword} newPasswordConfirm={fields.newPasswordConfirm} />
        <button type="submit" className="btn">
          変更する
        </button>
      </Form>
    </div>
  );
}
