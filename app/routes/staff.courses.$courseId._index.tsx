import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { db } from "~/db.server";
import { requireRole } from "~/features/auth/session.server";
import { FormatBadge, KindBadge } from "~/features/catalog/components/badges";
import { dateRangeJa } from "~/features/catalog/components/session-list";
import { listCohortsOfCourse } from "~/features/catalog/cohorts.server";
import { getCourseForEdit } from "~/features/catalog/courses.server";
import { formatHours, formatYen } from "~/features/vocabulary/course-kinds";
import { formatFiscalYear, todayInTokyo } from "~/lib/dates";
import { idParam } from "~/lib/params";
import { prefectureName } from "~/lib/local-gov-code";
import { EmptyState, PageHeader } from "~/ui/layout";
import { Notice } from "~/ui/notice";

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: `${data?.course.title ?? "講座"}（事務局） | ITC研修ポータル` },
];

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  await requireRole({ request, context }, "staff");
  const courseId = idParam(params, "courseId");
  const [course, cohorts] = await Promise.all([getCourseForEdit(db(), courseId), listCohortsOfCourse(db(), courseId)]);
  return { course, cohorts, today: todayInTokyo() };
}

export default function StaffCourse() {
  const { course, cohorts, today } = useLoaderData<typeof loader>();
  return (
    <div>
      <p className="mb-2">
        <Link to="/staff/courses">講座一覧へ戻る</Link>
      </p>
      <PageHeader
        title={course.title}
        lead={`${course.code}・${formatHours(course.total_hours)}・${course.points}ポイント${course.points_overridden ? "（手動設定）" : ""}・${formatYen(course.fee_yen)}`}
        actions={
          <>
            <Link to={`/staff/cohorts/new?courseId=${course.id}`} className="btn">
              開催回を追加
            </Link>
            <Link to={`/staff/courses/${course.id}/edit`} className="btn-secondary">
              講座を編集
            </Link>
            <Link to={`/courses/${course.id}`} className="btn-secondary">
              公開ページ
            </Link>
            <Link to={`/staff/courses/${course.id}/quiz`} className="btn-secondary">
              理解度確認テスト
            </Link>
          </>
        }
      />
      <Notice page="staffCourse" />
      <div className="mb-6 flex flex-wrap gap-2">
        <KindBadge kind={course.kind} />
        <FormatBadge format={course.format} />
        {course.published ? (
          <span className="badge bg-green-100 text-green-1200">公開中</span>
        ) : (
          <span className="badge bg-yellow-100 text-yellow-1200">非公開</span>
        )}
        {course.allow_multiple_cohorts ? (
          <span className="badge bg-solid-gray-100 text-solid-gray-900">複数の回への申込可</span>
        ) : null}
        {course.allow_repeat ? <span className="badge bg-solid-gray-100 text-solid-gray-900">再受講可</span> : null}
        {course.prerequisites.length > 0 ? (
          <span>前提：{course.prerequisites.map((p) => p.title).join("、")}</span>
        ) : null}
      </div>
      <section aria-labelledby="cohorts-heading">
        <h2 id="cohorts-heading" className="mb-3">
          開催回
        </h2>
        {cohorts.length === 0 ? (
          <EmptyState title="開催回はまだありません">「開催回を追加」から日程を登録してください。</EmptyState>
        ) : (
          <ul className="space-y-3">
            {cohorts.map((c) => (
              <li key={c.id} className="card flex flex-col gap-1 md:flex-row md:items-center md:justify-between">
                <div>
                  <h3 className="text-std-18B-160">
                    <Link to={`/staff/cohorts/${c.id}`}>{c.name}</Link>
                    {c.last_session_date && c.last_session_date < today ? (
                      <span className="badge ml-2 bg-solid-gray-100 text-solid-gray-800">終了</span>
                    ) : null}
                  </h3>
                  <p className="text-dns-14N-130 text-solid-gray-700">
                    {formatFiscalYear(c.fiscal_year)}・{dateRangeJa(c.first_session_date, c.last_session_date)}（
                    {c.session_count}日）・{c.prefecture_code ? prefectureName(c.prefecture_code) : "オンライン"}
                  </p>
                </div>
                <p>
                  申込 {c.seats_taken ?? 0}／{c.capacity}人
                  {c.waitlist_length ? `・キャンセル待ち ${c.waitlist_length}人` : ""}
                </p>
              </li>
            ))}
          </ul>
        )}
      </section>
    </div>
  );
}
