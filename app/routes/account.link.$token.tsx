import { getFormProps, useForm } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod/v4";
import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { db } from "~/db.server";
import { NewPasswordFields } from "~/features/auth/components/new-password-fields";
import { LINK_PURPOSE_TITLES } from "~/features/auth/account-messages";
import { describeLink, redeemLink } from "~/features/auth/accounts.server";
import { SetPasswordSchema } from "~/features/auth/auth.schema";
import { serializeDeviceToken } from "~/features/auth/device-cookie.server";
import { startSession } from "~/features/auth/session.server";
import { invalidSubmission, replyWithDomainError } from "~/lib/forms.server";
import { FormErrors } from "~/ui/form";
import { PageHeader } from "~/ui/layout";

// The e-mailed single-use links: confirm an address, set a password (invitation or reset),
// lift the account-wide sign-in limit for this browser. Opening the link changes nothing
// (mail scanners open links); the button on the page does.

export const meta: MetaFunction = () => [
  { title: "アカウントの手続き | ITC研修ポータル" },
  // The token is in the address: keep it out of search engines and other sites' logs.
  // "same-origin", not "no-referrer": with no referrer at all, the browser sends the page's
  // own form with `Origin: null`, which the server refuses as cross-site.
  { name: "robots", content: "noindex" },
  { name: "referrer", content: "same-origin" },
];

export async function loader({ params }: LoaderFunctionArgs) {
  const link = await describeLink(db(), params.token ?? "");
  return { link: link ?? null };
}

const HIDDEN = ["newPassword", "newPasswordConfirm"];

export async function action({ request, params }: ActionFunctionArgs) {
  const formData = await request.formData();
  const link = await describeLink(db(), params.token ?? "");
  const needsPassword = link?.purpose === "invite" || link?.purpose === "password_reset";
  const submission = parseWithZod(formData, { schema: SetPasswordSchema });
  if (needsPassword && submission.status !== "success") return invalidSubmission(submission, { hideFields: HIDDEN });
  let result;
  try {
    result = await redeemLink(db(), {
      token: params.token ?? "",
      newPassword: submission.status === "success" ? submission.value.newPassword : undefined,
    });
  } catch (error) {
    return replyWithDomainError(submission, error, { hideFields: HIDDEN });
  }
  if (result.deviceToken) {
    return redirect("/login?notice=unlocked", {
      headers: { "Set-Cookie": await serializeDeviceToken(result.deviceToken) },
    });
  }
  const notice = result.purpose === "verify_email" ? "registered" : "password-changed";
  return redirect(`/dashboard?notice=${notice}`, { headers: { "Set-Cookie": await startSession(result.userId) } });
}

const LEADS = {
  verify_email: "ボタンを押すと、メールアドレスの確認が済み、登録が完了します。",
  invite: "ITC研修ポータルで使うパスワードを設定してください。設定するとサインインした状態になります。",
  password_reset: "新しいパスワードを設定してください。他の端末でのサインインはすべて終了します。",
  unlock:
    "ボタンを押すと、このブラウザからは、アカウント全体にかかっているサインインの制限を受けずにサインインできます。",
} as const;

const BUTTONS = {
  verify_email: "登録を完了する",
  invite: "パスワードを設定する",
  password_reset: "パスワードを再設定する",
  unlock: "制限を解除する",
} as const;

export default function AccountLink() {
  const { link } = useLoaderData<typeof loader>();
  const lastResult = useActionData<typeof action>();
  const [form, fields] = useForm({
    lastResult,
    onValidate: ({ formData }) => parseWithZod(formData, { schema: SetPasswordSchema }),
    shouldValidate: "onBlur",
    shouldRevalidate: "onInput",
  });
  if (!link) {
    return (
      <div className="mx-auto max-w-xl">
        <PageHeader
          title="このリンクは使えません"
          lead="リンクの有効期限が切れているか、すでに使われています。もう一度お手続きください。"
        />
        <p>
          <Link to="/forgot-password">パスワードの再設定</Link>・<Link to="/login">サインイン</Link>
        </p>
      </div>
    );
  }
  const needsPassword = link.purpose === "invite" || link.purpose === "password_reset";
  return (
    <div className="mx-auto max-w-xl">
      <PageHeader title={LINK_PURPOSE_TITLES[link.purpose]} lead={LEADS[link.purpose]} />
      <Form method="post" {...(needsPassword ? getFormProps(form) : {})} className="card">
        <FormErrors id={form.errorId} errors={form.errors} />
        <p className="mb-4">
          {link.name}さん（{link.email}）
        </p>
        {needsPassword ? (
          <>
            <input type="text" name="username" value={link.email} autoComplete="username" readOnly hidden />
            <NewPasswordFields newPassword={fields.newPassword} newPasswordConfirm={fields.newPasswordConfirm} />
          </>
        ) : null}
        <button type="submit" className="btn">
          {BUTTONS[link.purpose]}
        </button>
      </Form>
    </div>
  );
}
