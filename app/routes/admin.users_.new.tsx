import { getFormProps, useForm } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod/v4";
import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData } from "@remix-run/react";
import { db } from "~/db.server";
import { inviteUser } from "~/features/auth/accounts.server";
import { InviteUserSchema } from "~/features/auth/auth.schema";
import { ROLE_LABELS } from "~/features/auth/roles";
import { requireRole } from "~/features/auth/session.server";
import { invalidSubmission, replyWithDomainError } from "~/lib/forms.server";
import { PREFECTURES } from "~/lib/local-gov-code";
import { FormErrors, SelectField, TextField } from "~/ui/form";
import { PageHeader } from "~/ui/layout";

export const meta: MetaFunction = () => [{ title: "利用者を招待 | ITC研修ポータル" }];

export async function loader({ request, context }: LoaderFunctionArgs) {
  await requireRole({ request, context }, "admin");
  return null;
}

export async function action({ request, context }: ActionFunctionArgs) {
  const admin = await requireRole({ request, context }, "admin");
  const submission = parseWithZod(await request.formData(), { schema: InviteUserSchema });
  if (submission.status !== "success") return invalidSubmission(submission);
  let id: string;
  try {
    ({ id } = await inviteUser(db(), { ...submission.value, itcNumber: null, actorId: admin.id }));
  } catch (error) {
    return replyWithDomainError(submission, error);
  }
  return redirect(`/admin/users/${id}?notice=invited`);
}

const prefectureOptions = PREFECTURES.map((p) => ({ value: p.code, label: p.name }));
const roleOptions = (["trainee", "trainer", "staff"] as const).map((r) => ({ value: r, label: ROLE_LABELS[r] }));

export default function InviteUser() {
  const lastResult = useActionData<typeof action>();
  const [form, fields] = useForm({
    lastResult,
    onValidate: ({ formData }) => parseWithZod(formData, { schema: InviteUserSchema }),
    shouldValidate: "onBlur",
    shouldRevalidate: "onInput",
  });
  return (
    <div className="mx-auto max-w-2xl">
      <PageHeader
        title="利用者を招待"
        lead="アカウントを作成し、本人にパスワード設定用のリンク（7日間有効・1回限り）をメールで送ります。管理者権限は、作成後に利用者のページで付与します。"
      />
      <Form method="post" {...getFormProps(form)} className="card">
        <FormErrors id={form.errorId} errors={form.errors} />
        <input type="hidden" name="intent" value="invite" />
        <TextField meta={fields.name} label="氏名" required hint="例：山田 太郎" />
        <TextField meta={fields.nameKana} label="ふりがな" required hint="ひらがなで入力してください。" />
        <TextField meta={fields.email} label="メールアドレス" type="email" required />
        <SelectField meta={fields.prefectureCode} label="都道府県" options={prefectureOptions} required />
        <TextField meta={fields.organization} label="所属（会社・団体）" />
        <SelectField meta={fields.role} label="役割" options={roleOptions} required />
        <button type="submit" className="btn">
          招待のメールを送る
        </button>
      </Form>
      <p className="mt-6">
        <Link to="/admin/users">利用者一覧へ戻る</Link>
      </p>
    </div>
  );
}
