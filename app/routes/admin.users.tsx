import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useSearchParams } from "@remix-run/react";
import { db } from "~/db.server";
import { RoleChangeSchema, UserSearchSchema } from "~/features/auth/auth.schema";
import { ROLE_LABELS, ROLES } from "~/features/auth/roles";
import { requireRole } from "~/features/auth/session.server";
import { grantRole, revokeRole, searchUsers } from "~/features/auth/users.server";
import { DomainError } from "~/lib/errors";
import { parseForm } from "~/lib/forms.server";
import { prefectureName } from "~/lib/local-gov-code";
import { EmptyState, FlashMessage, PageHeader, RoleBadges } from "~/ui/layout";
import { Pagination } from "~/ui/pagination";
import { formatNumber } from "~/lib/numbers";
import { SearchFilter, SelectFilter, labelled } from "~/ui/filters";

export const meta: MetaFunction = () => [{ title: "利用者管理 | ITC研修ポータル" }];

export async function loader({ request }: LoaderFunctionArgs) {
  await requireRole(request, "admin");
  const params = Object.fromEntries(new URL(request.url).searchParams);
  const query = UserSearchSchema.parse(params);
  return { query, result: await searchUsers(db(), query) };
}

export async function action({ request }: ActionFunctionArgs) {
  const admin = await requireRole(request, "admin");
  const submission = parseForm(await request.formData(), RoleChangeSchema);
  if (submission.status !== "success") {
    return data({ error: "役割の変更内容が正しくありません。" }, { status: 400 });
  }
  const input = { actorId: admin.id, userId: submission.value.userId, role: submission.value.role };
  try {
    if (submission.value.intent === "grant") await grantRole(db(), input);
    else await revokeRole(db(), input);
  } catch (error) {
    if (error instanceof DomainError) return data({ error: error.message }, { status: error.status });
    throw error;
  }
  const back = new URL(request.url);
  back.searchParams.set("notice", submission.value.intent === "grant" ? "granted" : "revoked");
  return redirect(back.pathname + back.search);
}

const NOTICES: Record<string, string> = { granted: "役割を付与しました。", revoked: "役割を解除しました。" };

export default function AdminUsers() {
  const { query, result } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const [searchParams] = useSearchParams();
  return (
    <div>
      <PageHeader title="利用者管理" lead={`${formatNumber(result.total)}人の利用者`} />
      <FlashMessage message={NOTICES[searchParams.get("notice") ?? ""]} />
      <FlashMessage message={actionData?.error} tone="error" />
      <Form method="get" className="card mb-6 flex flex-col gap-3 md:flex-row md:items-end" role="search">
        <SearchFilter
          label="キーワード"
          defaultValue={query.q}
          placeholder="氏名・ふりがな・メール・所属・認定番号"
          className="flex-1"
        />
        <SelectFilter id="role" label="役割" defaultValue={query.role} options={labelled(ROLES, ROLE_LABELS)} />
        <button type="submit" className="btn">
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
                <th scope="col">役割</th>
                <th scope="col">役割の変更</th>
              </tr>
            </thead>
            <tbody>
              {result.users.map((u) => (
                <tr key={u.id}>
                  <td data-label="氏名">
                    <span className="block text-dns-14N-130 text-solid-gray-700">{u.name_kana}</span>
                    {u.name}
                  </td>
                  <td data-label="メール・所属">
                    <span className="block break-all">{u.email}</span>
                    <span className="text-dns-14N-130 text-solid-gray-700">
                      {[u.organization, prefectureName(u.prefecture_code)].filter(Boolean).join("・")}
                    </span>
                  </td>
                  <td data-label="役割">
                    <RoleBadges roles={u.roles} />
                  </td>
                  <td data-label="役割の変更">
                    <div className="flex flex-wrap gap-2">
                      {ROLES.map((role) => {
                        const held = u.roles.includes(role);
                        return (
                          <Form method="post" key={role}>
                            <input type="hidden" name="userId" value={u.id} />
                            <input type="hidden" name="role" value={role} />
                            <button
                              type="submit"
                              name="intent"
                              value={held ? "revoke" : "grant"}
                              className={held ? "btn-secondary btn-small" : "btn btn-small"}
                              aria-label={`${u.name}さんの${ROLE_LABELS[role]}を${held ? "解除" : "付与"}`}
                            >
                              {ROLE_LABELS[role]}を{held ? "解除" : "付与"}
                            </button>
                          </Form>
                        );
                      })}
                    </div>
                  </td>
                </tr>
              ))}
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
