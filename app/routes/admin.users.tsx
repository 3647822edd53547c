import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { db } from "~/db.server";
import { ACCOUNT_STATUS_LABELS, accountStatus } from "~/features/auth/account-messages";
import { performUserAction } from "~/features/auth/accounts.server";
import { UserActionSchema, UserSearchSchema } from "~/features/auth/auth.schema";
import { ROLE_LABELS, ROLES } from "~/features/auth/roles";
import { requireRole } from "~/features/auth/session.server";
import { searchUsers } from "~/features/auth/users.server";
import { parseForm, replyWithRefusal } from "~/lib/forms.server";
import { prefectureName } from "~/lib/local-gov-code";
import { EmptyState, FlashMessage, PageHeader, RoleBadges } from "~/ui/layout";
import { Notice } from "~/ui/notice";
import { Pagination } from "~/ui/pagination";
import { formatNumber } from "~/lib/numbers";
import { SearchFilter, SelectFilter, labelled } from "~/ui/filters";

export const meta: MetaFunction = () => [{ title: "利用者管理 | ITC研修ポータル" }];

export async function loader({ request, context }: LoaderFunctionArgs) {
  await requireRole({ request, context }, "admin");
  const params = Object.fromEntries(new URL(request.url).searchParams);
  const query = UserSearchSchema.parse(params);
  return { query, result: await searchUsers(db(), query) };
}

export async function action({ request, context }: ActionFunctionArgs) {
  const admin = await requireRole({ request, context }, "admin");
  const submission = parseForm(await request.formData(), UserActionSchema);
  if (submission.status !== "success") {
    return data({ error: "操作の内容が正しくありません。" }, { status: 400 });
  }
  try {
    await performUserAction(db(), admin.id, submission.value);
  } catch (error) {
    return replyWithRefusal(error);
  }
  const back = new URL(request.url);
  back.searchParams.set("notice", submission.value.intent);
  return redirect(back.pathname + back.search);
}

// The admin role is granted on the user's page, with a confirmation; here only the others.
const QUICK_ROLES = ROLES.filter((r) => r !== "admin");

export default function AdminUsers() {
  const { query, result } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  return (
    <div>
      <PageHeader
        title="利用者管理"
        lead={`${formatNumber(result.total)}人の利用者`}
        actions={
          <Link to="/admin/users/new" className="btn">
            利用者を招待
          </Link>
        }
      />
      <Notice page="users" />
      <FlashMessage message={actionData?.error} tone="error" />
      <Form method="get" className="card mb-6 flex flex-col gap-3 md:flex-row md:items-end" role="search">
        <SearchFilter
          label="キーワード"
          defaultValue={query.q}
          placeholder="氏名・ふりがな・メール・所属・認定番号"
          className="flex-1"
        />
        <SelectFilter id="role" label="役割" defaultValue={query.role} options={labelled(ROLES, ROLE_LABELS)} />
        <button type="submit" className="btn-secondary">
          検索
        </button>
      </Form>
      {result.users.length === 0 ? (
        <EmptyState title="該当する利用者はいません">キーワードや役割の条件を変えてお試しください。</EmptyState>
      ) : (
        <div className="overflow-x-auto">
          <table className="data-table stack-table">
            <caption className="sr-only">利用者一覧</caption>
            <thead>
              <tr>
                <th scope="col">氏名</th>
                <th scope="col">メール・所属</th>
                <th scope="col">役割・状態</th>
                <th scope="col">役割の変更</th>
              </tr>
            </thead>
            <tbody>
              {result.users.map((u) => {
                const status = accountStatus(u);
                return (
                  <tr key={u.id}>
                    <td data-label="氏名">
                      <span className="block text-dns-14N-130 text-solid-gray-700">{u.name_kana}</span>
                      <Link to={`/admin/users/${u.id}`} aria-label={`${u.name}さんの詳細・操作`}>
                        {u.name}
                      </Link>
                    </td>
                    <td data-label="メール・所属">
                      <span className="block break-all">{u.email}</span>
                      <span className="text-dns-14N-130 text-solid-gray-700">
                        {[u.organization, prefectureName(u.prefecture_code)].filter(Boolean).join("・")}
                      </span>
                    </td>
                    <td data-label="役割・状態">
                      <RoleBadges roles={u.roles} />
                      {status !== "active" ? (
                        <span className="mt-1 block text-dns-14N-130 text-solid-gray-800">
                          {ACCOUNT_STATUS_LABELS[status]}
                        </span>
                      ) : null}
                    </td>
                    <td data-label="役割の変更">
                      <div className="flex flex-wrap gap-2">
                        {QUICK_ROLES.map((role) => {
                          const held = u.roles.includes(role);
                          return (
                            <Form method="post" key={role}>
                              <input type="hidden" name="userId" value={u.id} />
                              <input type="hidden" name="role" value={role} />
                              <button
                                type="submit"
                                name="intent"
                                value={held ? "revoke" : "grant"}
                                className="btn-secondary btn-small"
                                aria-label={`${u.name}さんの${ROLE_LABELS[role]}を${held ? "解除" : "付与"}`}
                              >
                                {ROLE_LABELS[role]}を{held ? "解除" : "付与"}
                              </button>
                            </Form>
                          );
                        })}
                        <Link
                          to={`/admin/users/${u.id}`}
                          className="btn-secondary btn-small"
                          aria-label={`${u.name}さんの管理者権限・利用停止・パスワード再設定`}
                        >
                          管理者権限・その他の操作
                        </Link>
                      </div>
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      )}
      <Pagination page={result.page} pageCount={result.pageCount} />
      <p className="mt-6">
        <Link to="/dashboard">ダッシュボードへ戻る</Link>
      </p>
    </div>
  );
}
