import { Link } from "@remix-run/react";
import { RENEWAL_POINTS } from "~/features/vocabulary/course-kinds";
import { formatDateJa, formatFiscalYear } from "~/lib/dates";
import { EmptyState } from "~/ui/layout";
import type { staffTrainingSummary, traineeTrainingSummary } from "../dashboard.server";

type TraineeSummary = Awaited<ReturnType<typeof traineeTrainingSummary>>;
type StaffSummary = Awaited<ReturnType<typeof staffTrainingSummary>>;

/** The trainee's training at a glance, for the dashboard. */
export function TraineeTrainingCard({ summary }: { summary: TraineeSummary }) {
  const s = summary;
  return (
    <div>
      {s.activeEnrollments === 0 && s.waitlisted === 0 ? (
        <EmptyState title="申し込んだ研修はまだありません">
          <Link to="/courses">研修を探す</Link>から申し込めます。
        </EmptyState>
      ) : (
        <dl className="grid grid-cols-[auto_1fr] gap-x-4 gap-y-2">
          <dt className="text-solid-gray-700">次の受講日</dt>
          <dd>
            {s.nextSession
              ? `${formatDateJa(s.nextSession.date)} ${s.nextSession.start_time}〜 ${s.nextSession.course_title}`
              : "予定はありません"}
          </dd>
          <dt className="text-solid-gray-700">申込中</dt>
          <dd>
            {s.activeEnrollments}件{s.waitlisted ? `（ほかキャンセル待ち${s.waitlisted}件）` : ""}
          </dd>
        </dl>
      )}
      {s.questionnairesDue > 0 ? (
        <p className="mt-3 rounded-8 bg-yellow-50 p-2">
          未回答の受講アンケートが{s.questionnairesDue}件あります。<Link to="/my/training">マイ研修</Link>
          から回答してください。
        </p>
      ) : null}
      <p className="mt-3">
        {formatFiscalYear(s.fiscalYear)}の実践力ポイント：
        <strong>
          {s.pointsThisYear}／{RENEWAL_POINTS}
        </strong>
        （<Link to="/my/points">詳しく</Link>）
      </p>
      <p className="mt-2">
        <Link to="/my/training">マイ研修を開く</Link>
      </p>
    </div>
  );
}

/** The secretariat's view of coming cohorts and open work, for the dashboard. */
export function StaffTrainingCard({ summary }: { summary: StaffSummary }) {
  const s = summary;
  return (
    <div>
      <h3 className="mb-2 text-std-16B-170">60日以内に始まる開催回</h3>
      {s.upcomingCohorts.length === 0 ? (
        <p>予定されている開催回はありません。</p>
      ) : (
        <ul className="mb-3 divide-y divide-solid-gray-200">
          {s.upcomingCohorts.map((c) => (
            <li key={c.id} className="py-1">
              <Link to={`/staff/cohorts/${c.id}`}>
                {c.course_title} {c.name}
              </Link>
              <span className="block text-dns-14N-130 text-solid-gray-700">
                {c.first_session_date ? formatDateJa(c.first_session_date) : ""}・申込 {c.seats_taken ?? 0}／
                {c.capacity}人{c.waitlist_length ? `・待ち${c.waitlist_length}人` : ""}
              </span>
            </li>
          ))}
        </ul>
      )}
      <p>
        承認待ちの申込 {s.pendingApprovals}件・入金未確認 {s.unpaid}件
      </p>
      <p className="mt-2">
        <Link to="/staff/courses">講座・開催回を開く</Link>
      </p>
    </div>
  );
}
