import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { db } from "~/db.server";
import { requireRole } from "~/features/auth/session.server";
import { enrollmentsAtRisk } from "~/features/enrollment/completion.server";
import { EmptyState, PageHeader } from "~/ui/layout";

export const meta: MetaFunction = () => [{ title: "修了が危ぶまれる受講者 | ITC研修ポータル" }];

export async function loader(args: LoaderFunctionArgs) {
  await requireRole(args, "staff");
  return { rows: await enrollmentsAtRisk(db()) };
}

export default function AtRisk() {
  const { rows } = useLoaderData<typeof loader>();
  return (
    <div>
      <PageHeader
        title="修了が危ぶまれる受講者"
        lead="欠席により、あと1回の欠席で修了要件を満たせなくなる方と、すでに満たせなくなった方です。出席率は開催回のすべての日程（未実施を含む）で数えています。本人と講師にはお知らせ済みで、別の開催回での受け直しを案内しています。"
      />
      {rows.length === 0 ? (
        <EmptyState title="該当する受講者はいません">欠席で修了が危ぶまれる方が出ると、ここに表示されます。</EmptyState>
      ) : (
        <div className="overflow-x-auto">
          <table className="table" data-testid="at-risk">
            <caption className="sr-only">修了が危ぶまれる受講者の一覧</caption>
            <thead>
              <tr>
                <th scope="col">受講者</th>
                <th scope="col">講座・開催回</th>
                <th scope="col">出席 / 欠席 / 必要</th>
                <th scope="col">状況</th>
              </tr>
            </thead>
            <tbody>
              {rows.map((r) => (
                <tr key={r.id}>
                  <td>{r.name}</td>
                  <td>
                    <Link to={`/staff/cohorts/${r.cohort_id}/enrollments/${r.id}`}>
                      {r.course_title} {r.cohort_name}
                    </Link>
                  </td>
                  <td>
                    {r.attended} / {r.missed} / {r.required}（全{r.session_count}回、出席率
                    {r.session_count > 0 ? Math.round((r.attended / r.session_count) * 100) : 0}%）
                  </td>
                  <td>{r.outlook === "impossible" ? "修了不可" : "あと1回の欠席で修了不可"}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </div>
  );
}
