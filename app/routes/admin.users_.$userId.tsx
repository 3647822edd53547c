import { parseWithZod } from "@conform-to/zod/v4";
import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { db } from "~/db.server";
import { auditTrail } from "~/features/audit/audit.server";
import { ACCOUNT_ACTION_LABELS, ACCOUNT_STATUS_LABELS, accountStatus } from "~/features/auth/account-messages";
import { getUserForAdmin, performUserAction } from "~/features/auth/accounts.server";
import { UserActionSchema } from "~/features/auth/auth.schema";
import { ROLE_LABELS, ROLES } from "~/features/auth/roles";
import { requireRole } from "~/features/auth/session.server";
import { confirmation, isConfirmed } from "~/lib/confirmation";
import { formatDateTimeJa } from "~/lib/dates";
import { replyWithRefusal } from "~/lib/forms.server";
import { prefectureName } from "~/lib/local-gov-code";
import { ConfirmStep } from "~/ui/confirm-step";
import { FlashMessage, PageHeader, RoleBadges } from "~/ui/layout";
import { Notice } from "~/ui/notice";

export const meta: MetaFunction = () => [{ title: "利用者の詳細 | ITC研修ポータル" }];

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const admin = await requireRole({ request, context }, "admin");
  const user = await getUserForAdmin(db(), params.userId ?? "");
  const history = await auditTrail(db(), "user", user.id);
  return { user, self: admin.id === user.id, history: history.slice(-20).reverse() };
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const admin = await requireRole({ request, context }, "admin");
  const formData = await request.formData();
  formData.set("userId", params.userId ?? "");
  const submission = parseWithZod(formData, { schema: UserActionSchema });
  if (submission.status !== "success") return data({ error: "操作の内容が正しくありません。" }, { status: 400 });
  if (submission.value.intent === "revoke" && !isConfirmed(formData)) {
    const role = ROLE_LABELS[submission.value.role];
    return data(
      confirmation(formData, {
        title: `${role}の役割を解除しますか`,
        consequences: [
          `この利用者は、${role}の画面と操作を使えなくなります（サインイン中の端末でも次の操作から）。`,
          REVOKE_CONSEQUENCE[submission.value.role],
          "これまでの記録は残ります。役割はあとで付与し直せます。",
        ],
        confirmLabel: `${role}を解除する`,
      }),
    );
  }
  try {
    await performUserAction(db(), admin.id, submission.value);
  } catch (error) {
    return replyWithRefusal(error);
  }
  return redirect(`/admin/users/${encodeURIComponent(params.userId ?? "")}?notice=${submission.value.intent}`);
}

const REVOKE_CONSEQUENCE: Record<(typeof ROLES)[number], string> = {
  trainee: "受講中の研修・OJTの記録の入力や確認ができなくなります。",
  trainer: "担当中のOJTの記録・承認・評価ができなくなります。担当の引き継ぎは事務局が行ってください。",
  staff: "修了認定、請求、報告など事務局の業務ができなくなります。",
  admin: "利用者の役割の変更・利用停止・招待ができなくなります。",
};

export default function AdminUser() {
  const { user, self, history } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const status = accountStatus(user);
  const isAdmin = user.roles.includes("admin");
  return (
    <div className="max-w-3xl">
      <PageHeader title={`${user.name}さん`} lead={`${user.email}・${ACCOUNT_STATUS_LABELS[status]}`} />
      <Notice page="users" />
      <FlashMessage message={actionData && "error" in actionData ? actionData.error : null} tone="error" />
      {actionData && "confirm" in actionData ? <ConfirmStep confirm={actionData.confirm} /> : null}

      <section className="card mb-6" aria-labelledby="profile">
        <h2 id="profile" className="mb-3">
          登録情報
        </h2>
        <dl className="grid grid-cols-[8em_1fr] gap-x-4 gap-y-2">
          <dt>ふりがな</dt>
          <dd>{user.name_kana}</dd>
          <dt>所属</dt>
          <dd>{[user.organization, prefectureName(user.prefecture_code)].filter(Boolean).join("・")}</dd>
          <dt>役割</dt>
          <dd>
            <RoleBadges roles={user.roles} />
          </dd>
          <dt>登録日時</dt>
          <dd>{formatDateTimeJa(user.created_at)}</dd>
        </dl>
      </section>

      <section className="card mb-6" aria-labelledby="roles">
        <h2 id="roles" className="mb-3">
          役割
        </h2>
        <div className="mb-4 flex flex-wrap gap-2">
          {ROLES.filter((r) => r !== "admin").map((role) => {
            const held = user.roles.includes(role);
            return (
              <Form method="post" key={role}>
                <input type="hidden" name="role" value={role} />
                <button
                  type="submit"
                  name="intent"
                  value={held ? "revoke" : "grant"}
                  className="btn-secondary btn-small"
                >
                  {ROLE_LABELS[role]}を{held ? "解除" : "付与"}
                </button>
              </Form>
            );
          })}
        </div>
        {isAdmin ? (
          <Form method="post">
            <input type="hidden" name="role" value="admin" />
            <button type="submit" name="intent" value="revoke" className="btn-secondary btn-small" disabled={self}>
              管理者権限を解除
            </button>
            {self ? <p className="hint mt-2">自分自身の管理者権限は外せません。</p> : null}
          </Form>
        ) : (
          <Form method="post" className="rounded-8 border border-solid-gray-420 p-4">
            <input type="hidden" name="role" value="admin" />
            <p className="mb-2">
              管理者は、すべての利用者の役割の変更・利用停止・招待ができます。付与するには確認の欄にチェックを入れてください。
            </p>
            <label className="mb-3 flex items-start gap-2">
              <input type="checkbox" name="confirm" value="yes" required className="mt-1" />
              <span>{user.name}さんに管理者権限を付与することを確認しました</span>
            </label>
            <button type="submit" name="intent" value="grant" className="btn btn-small">
              管理者権限を付与
            </button>
          </Form>
        )}
      </section>

      <section className="card mb-6" aria-labelledby="account">
        <h2 id="account" className="mb-3">
          アカウント
        </h2>
        <div className="flex flex-wrap gap-2">
          {status !== "deactivated" ? (
            <Form method="post">
              <button type="submit" name="intent" value="send-reset" className="btn-secondary btn-small">
                パスワード再設定のリンクを送る
              </button>
            </Form>
          ) : null}
          {status === "deactivated" ? (
            <Form method="post">
              <button type="submit" name="intent" value="reactivate" className="btn-secondary btn-small">
                利用を再開する
              </button>
            </Form>
          ) : self ? null : (
            <Form method="post">
              <button type="submit" name="intent" value="deactivate" className="btn-danger btn-small">
                利用を停止する
              </button>
            </Form>
          )}
        </div>
        <p className="hint mt-2">
          利用を停止すると、サインインできなくなり、サインイン中の端末もサインアウトします。受講履歴などの記録は残ります。
        </p>
      </section>

      <section className="card mb-6" aria-labelledby="history">
        <h2 id="history" className="mb-3">
          操作の記録（新しい順、20件まで）
        </h2>
        <ul className="flex flex-col gap-1">
          {history.map((h) => (
            <li key={h.id} className="text-dns-14N-130">
              <span className="mr-2">{formatDateTimeJa(h.created_at)}</span>
              {ACCOUNT_ACTION_LABELS[h.action] ?? h.action}
              {h.actor_name ? `（${h.actor_name}）` : ""}
            </li>
          ))}
        </ul>
      </section>
      <p>
        <Link to="/admin/users">利用者一覧へ戻る</Link>
      </p>
    </div>
  );
}
