import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { db } from "~/db.server";
import { requireRole } from "~/features/auth/session.server";
import { listCohortsTaughtBy } from "~/features/catalog/cohorts.server";
import { dateRangeJa } from "~/features/catalog/components/session-list";
import { INSTRUCTOR_ROLE_LABELS } from "~/features/vocabulary/course-kinds";
import { formatDateJa, todayInTokyo } from "~/lib/dates";
import { prefectureName } from "~/lib/local-gov-code";
import { EmptyState, PageHeader } from "~/ui/layout";

export const meta: MetaFunction = () => [{ title: "担当開催回 | ITC研修ポータル" }];

export async function loader({ request, context }: LoaderFunctionArgs) {
  const user = await requireRole({ request, context }, "trainer");
  return { cohorts: await listCohortsTaughtBy(db(), user.id), today: todayInTokyo() };
}

export default function TrainerCohorts() {
  const { cohorts, today } = useLoaderData<typeof loader>();
  return (
    <div>
      <PageHeader title="担当開催回" lead="講師・サブ講師として担当する開催回の名簿と出欠です。" />
      {cohorts.length === 0 ? (
        <EmptyState title="担当する開催回はありません">
          事務局が開催回の講師に登録すると、ここに表示されます。
        </EmptyState>
      ) : (
        <ul className="space-y-3">
          {cohorts.map((c) => (
            <li key={c.id} className="card flex flex-col gap-1 md:flex-row md:items-center md:justify-between">
              <div>
                <h2 className="text-std-18B-160">
                  <Link to={`/trainer/cohorts/${c.id}`}>
                    {c.course_title} {c.name}
                  </Link>
                  {c.last_session_date && c.last_session_date < today ? (
                    <span className="badge ml-2 bg-solid-gray-100 text-solid-gray-800">終了</span>
                  ) : null}
                </h2>
                <p className="text-dns-14N-130 text-solid-gray-700">
                  {INSTRUCTOR_ROLE_LABELS[c.role as "lecturer" | "sub_lecturer"]}・
                  {dateRangeJa(c.first_session_date, c.last_session_date)}（{c.session_count}日）・
                  {c.prefecture_code ? `${prefectureName(c.prefecture_code)} ${c.venue}` : "オンライン"}
                </p>
              </div>
              <p>
                受講 {c.seats_taken ?? 0}／{c.capacity}人
                {c.next_date ? <span className="block">次回 {formatDateJa(c.next_date)}</span> : null}
              </p>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
