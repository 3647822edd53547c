import { Link } from "@remix-run/react";
import { dateRangeJa } from "~/features/catalog/components/session-list";
import { INSTRUCTOR_ROLE_LABELS, formatYen } from "~/features/vocabulary/course-kinds";
import { formatDateJa, formatFiscalYear } from "~/lib/dates";
import { prefectureName } from "~/lib/local-gov-code";

type Cohort = {
  id: number;
  name: string;
  fiscal_year: number;
  prefecture_code: string | null;
  venue: string;
  meeting_url: string | null;
  capacity: number;
  enrollment_opens_on: string;
  enrollment_closes_on: string;
  cancellation_deadline: string;
  first_session_date: string | null;
  last_session_date: string | null;
  seats_taken: number | null;
  waitlist_length: number | null;
  fee_yen: number;
  points: number;
  sessions: Array<{ id: number; date: string; start_time: string; end_time: string; topic: string }>;
  instructors: Array<{ id: string; name: string; role: "lecturer" | "sub_lecturer" }>;
  warnings: string[];
};

/** Facts, instructors and sessions of a cohort, with links to take attendance per session. */
export function CohortOverview({ cohort, basePath, today }: { cohort: Cohort; basePath: string; today: string }) {
  return (
    <div className="mb-8 grid gap-6 lg:grid-cols-2">
      <section className="card" aria-labelledby="cohort-facts">
        <h2 id="cohort-facts" className="mb-3 text-std-18B-160">
          開催概要
        </h2>
        <dl className="grid grid-cols-[auto_1fr] gap-x-4 gap-y-1">
          <dt className="text-solid-gray-700">年度</dt>
          <dd>{formatFiscalYear(cohort.fiscal_year)}</dd>
          <dt className="text-solid-gray-700">期間</dt>
          <dd>{dateRangeJa(cohort.first_session_date, cohort.last_session_date)}</dd>
          <dt className="text-solid-gray-700">開催地</dt>
          <dd>
            {cohort.prefecture_code ? `${prefectureName(cohort.prefecture_code)} ${cohort.venue}` : "オンライン"}
            {cohort.meeting_url ? <span className="block break-all">{cohort.meeting_url}</span> : null}
          </dd>
          <dt className="text-solid-gray-700">申込状況</dt>
          <dd data-testid="seat-summary">
            {cohort.seats_taken ?? 0}／{cohort.capacity}人
            {cohort.waitlist_length ? `・キャンセル待ち${cohort.waitlist_length}人` : ""}
          </dd>
          <dt className="text-solid-gray-700">申込期間</dt>
          <dd>
            {formatDateJa(cohort.enrollment_opens_on)}〜{formatDateJa(cohort.enrollment_closes_on)}
          </dd>
          <dt className="text-solid-gray-700">取消期限</dt>
          <dd>{formatDateJa(cohort.cancellation_deadline)}</dd>
          <dt className="text-solid-gray-700">受講料</dt>
          <dd>
            {formatYen(cohort.fee_yen)}・{cohort.points}ポイント
          </dd>
          <dt className="text-solid-gray-700">講師</dt>
          <dd>
            {cohort.instructors.length === 0
              ? "未定"
              : cohort.instructors.map((i) => `${INSTRUCTOR_ROLE_LABELS[i.role]}：${i.name}`).join("／")}
          </dd>
          <dt className="text-solid-gray-700">アンケート</dt>
          <dd>
            <Link to={`${basePath}/questionnaire`}>受講アンケート集計</Link>
          </dd>
        </dl>
      </section>
      <section className="card" aria-labelledby="cohort-sessions">
        <h2 id="cohort-sessions" className="mb-3 text-std-18B-160">
          日程と出欠
        </h2>
        {cohort.warnings.length > 0 ? (
          <div className="mb-3 rounded-8 border-l-4 border-yellow-700 bg-yellow-50 p-3" role="note">
            <p className="font-bold">祝日・年末年始に重なる日程があります</p>
            <ul className="list-disc pl-6">
              {cohort.warnings.map((w) => (
                <li key={w}>{w}</li>
              ))}
            </ul>
          </div>
        ) : null}
        <ol className="divide-y divide-solid-gray-200">
          {cohort.sessions.map((s, i) => (
            <li key={s.id} className="flex flex-col gap-1 py-2 sm:flex-row sm:items-center sm:justify-between">
              <span>
                <span className="font-bold">
                  {cohort.sessions.length > 1 ? `${i + 1}日目 ` : ""}
                  {formatDateJa(s.date)}
                </span>{" "}
                {s.start_time}〜{s.end_time}
                {s.topic ? <span className="block text-dns-14N-130 text-solid-gray-700">{s.topic}</span> : null}
              </span>
              <span className="flex gap-3">
                {s.date <= today ? (
                  <Link to={`${basePath}/attendance/${s.id}`}>
                    出欠を記録<span className="sr-only">（{formatDateJa(s.date)}）</span>
                  </Link>
                ) : (
                  <span className="text-dns-14N-130 text-solid-gray-700">当日から出欠記録</span>
                )}
                <Link to={`${basePath}/sign-in-sheet?sessionId=${s.id}`}>
                  署名簿<span className="sr-only">（{formatDateJa(s.date)}）</span>
                </Link>
              </span>
            </li>
          ))}
        </ol>
      </section>
    </div>
  );
}
