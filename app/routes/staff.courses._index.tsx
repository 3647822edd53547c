import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { db } from "~/db.server";
import { requireRole } from "~/features/auth/session.server";
import { StaffCourseSearchSchema } from "~/features/catalog/catalog.schema";
import { FormatBadge, KindBadge } from "~/features/catalog/components/badges";
import { listCoursesForStaff } from "~/features/catalog/courses.server";
import { formatYen } from "~/features/vocabulary/course-kinds";
import { EmptyState, PageHeader } from "~/ui/layout";
import { Pagination } from "~/ui/pagination";
import { SearchFilter } from "~/ui/filters";

export const meta: MetaFunction = () => [{ title: "講座・開催回 | ITC研修ポータル" }];

export async function loader({ request, context }: LoaderFunctionArgs) {
  await requireRole({ request, context }, "staff");
  const query = StaffCourseSearchSchema.parse(Object.fromEntries(new URL(request.url).searchParams));
  return { query, result: await listCoursesForStaff(db(), query) };
}

export default function StaffCourses() {
  const { query, result } = useLoaderData<typeof loader>();
  return (
    <div>
      <PageHeader
        title="講座・開催回"
        lead={`${result.total}件の講座`}
        actions={
          <>
            <Link to="/staff/at-risk" className="btn-secondary">
              修了が危ぶまれる受講者
            </Link>
            <Link to="/staff/courses/new" className="btn">
              講座を作成
            </Link>
          </>
        }
      />
      <Form
        method="get"
        role="search"
        aria-label="講座の検索"
        className="card mb-6 flex flex-col gap-3 md:flex-row md:items-end"
      >
        <SearchFilter label="キーワード" defaultValue={query.q} placeholder="講座名・コード・説明" className="flex-1" />
        <button type="submit" className="btn-secondary">
          検索
        </button>
      </Form>
      {result.courses.length === 0 ? (
        <EmptyState title="講座はありません">「講座を作成」から最初の講座を登録してください。</EmptyState>
      ) : (
        <ul className="space-y-3" aria-label="講座一覧">
          {result.courses.map((c) => (
            <li key={c.id} className="card flex flex-col gap-2 md:flex-row md:items-center md:justify-between">
              <div>
                <div className="mb-1 flex flex-wrap gap-2">
                  <KindBadge kind={c.kind} />
                  <FormatBadge format={c.format} />
                  {c.published ? null : <span className="badge bg-yellow-100 text-yellow-1200">非公開</span>}
                </div>
                <h2 className="text-std-18B-160">
                  <Link to={`/staff/courses/${c.id}`}>{c.title}</Link>
                </h2>
                <p className="text-dns-14N-130 text-solid-gray-700">
                  {c.code}・{c.points}ポイント・{formatYen(c.fee_yen)}
                </p>
              </div>
              <p className="text-dns-16N-130">
                開催回 {c.cohort_count ?? 0}件（今後 {c.upcoming_count ?? 0}件）
              </p>
            </li>
          ))}
        </ul>
      )}
      <Pagination page={result.page} pageCount={result.pageCount} />
    </div>
  );
}
