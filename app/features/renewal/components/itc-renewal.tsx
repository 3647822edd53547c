import { Link } from "@remix-run/react";
import { COURSE_FORMAT_LABELS, type CourseFormat } from "~/features/vocabulary/course-kinds";
import { fiscalYearOf, formatDateJa, formatFiscalYear } from "~/lib/dates";
import { EmptyState } from "~/ui/layout";
import { ACTIVITY_STATUS_LABELS, type ActivityStatus } from "../labels";
import {
  FOLLOW_UP_RULE,
  RENEWAL_POINTS,
  isClassroomFollowUp,
  type Condition,
  type FollowUpCourse,
  pointsEquation,
  pointsTotal,
  type Readiness,
} from "../rules";

// The ITC's own renewal pages (/my/renewal…): the readiness summary, the conditions, the
// courses that would close the gap and the list of self-reported activities.

const STATUS_TONES: Record<ActivityStatus, string> = {
  submitted: "bg-blue-100 text-blue-1200",
  returned: "bg-red-100 text-red-1200",
  evidence_requested: "bg-yellow-100 text-yellow-1200",
  approved: "bg-green-100 text-green-1200",
};

export function ActivityStatusBadge({ status }: { status: string }) {
  const s = (status in ACTIVITY_STATUS_LABELS ? status : "submitted") as ActivityStatus;
  return <span className={`badge whitespace-nowrap ${STATUS_TONES[s]}`}>{ACTIVITY_STATUS_LABELS[s]}</span>;
}

/** Hours as the ITC typed them: 「1.5時間」. */
export function hoursText(hours: number): string {
  return `${Number.isInteger(hours) ? hours : hours.toFixed(1)}時間`;
}

/** Points this fiscal year against the 10 needed: one stacked bar, the same figures in words. */
export function PointsSummary({
  coursePoints,
  activityPoints,
  pendingPoints,
}: {
  coursePoints: number;
  activityPoints: number;
  pendingPoints: number;
}) {
  const points = pointsTotal({ coursePoints, activityPoints });
  const scale = Math.max(RENEWAL_POINTS, points + pendingPoints);
  const pct = (n: number) => (n / scale) * 100;
  const short = Math.max(0, RENEWAL_POINTS - points);
  return (
    <div data-testid="points-summary">
      <p className="text-std-28B-150">
        <span data-testid="points-total">{points}</span>
        <span className="text-std-16N-170">／{RENEWAL_POINTS}ポイント</span>
      </p>
      <p className="text-dns-16N-130" data-testid="points-equation">
        {pointsEquation({ coursePoints, activityPoints })}
      </p>
      {/* The bar repeats the figures below for the eye; the text is what a screen reader reads.
          SVG attributes, not style attributes: the Content-Security-Policy (style-src 'self')
          blocks inline styles. */}
      <svg
        className="mt-2 block h-4 w-full overflow-hidden rounded-6"
        viewBox="0 0 100 4"
        preserveAspectRatio="none"
        aria-hidden="true"
        focusable="false"
        data-testid="points-bar"
      >
        <rect width="100" height="4" className="fill-solid-gray-100" />
        <rect width={pct(coursePoints)} height="4" className="fill-key-900" />
        <rect x={pct(coursePoints)} width={pct(activityPoints)} height="4" className="fill-green-700" />
        <rect x={pct(points)} width={pct(pendingPoints)} height="4" className="fill-yellow-400" />
        {scale > RENEWAL_POINTS ? (
          <rect x={pct(RENEWAL_POINTS) - 0.3} width="0.6" height="4" className="fill-solid-gray-900" />
        ) : null}
      </svg>
      <ul className="mt-3 flex flex-col gap-1 text-dns-16N-130 sm:flex-row sm:flex-wrap sm:gap-x-5">
        <li className="flex items-center gap-2">
          <span className="inline-block size-3 rounded-4 bg-key-900" aria-hidden="true" />
          研修（協会が登録）{coursePoints}ポイント
        </li>
        <li className="flex items-center gap-2">
          <span className="inline-block size-3 rounded-4 bg-green-700" aria-hidden="true" />
          自己申告（承認済み）{activityPoints}ポイント
        </li>
        <li className="flex items-center gap-2">
          <span className="inline-block size-3 rounded-4 bg-yellow-400" aria-hidden="true" />
          確認待ち{pendingPoints}ポイント
        </li>
      </ul>
      <p className="mt-3 text-std-16B-170">
        {short === 0 ? "ポイントの条件を満たしています。" : `あと${short}ポイント必要です。`}
        {short > 0 && pendingPoints > 0 ? (
          <span className="text-std-16N-170">（確認待ちの活動が承認されると{pendingPoints}ポイント加わります）</span>
        ) : null}
      </p>
    </div>
  );
}

/** Each condition, met or not, with what is missing and where on the page to act on it. */
export function ConditionList({
  conditions,
  actions = {},
}: {
  conditions: readonly Condition[];
  actions?: Partial<Record<Condition["key"], { href: string; label: string }>>;
}) {
  return (
    <ul className="divide-y divide-solid-gray-200" data-testid="conditions">
      {conditions.map((c) => (
        <li key={c.key} className="flex gap-3 py-3" data-testid={`condition-${c.key}`} data-met={c.met}>
          <span
            className={`badge h-fit shrink-0 whitespace-nowrap ${c.met ? "bg-green-100 text-green-1200" : "bg-red-100 text-red-1200"}`}
          >
            {c.met ? "達成" : "未達成"}
          </span>
          <div className="min-w-0">
            <p className="text-std-16B-170">{c.label}</p>
            <p className="text-dns-16N-130 text-solid-gray-800">{c.detail}</p>
            {c.missing ? <p className="mt-1 text-dns-16N-130 text-red-1000">{c.missing}</p> : null}
            {!c.met && actions[c.key] ? (
              <a href={actions[c.key]!.href} className="mt-1 inline-block text-dns-16N-130">
                {actions[c.key]!.label}
              </a>
            ) : null}
          </div>
        </li>
      ))}
    </ul>
  );
}

/** One term of a description list: stacked on phones, side by side from the small breakpoint. */
export function Fact({
  term,
  testId,
  className,
  children,
}: {
  term: string;
  testId?: string;
  className?: string;
  children: React.ReactNode;
}) {
  return (
    <div className="grid gap-0.5 py-2 sm:grid-cols-[11rem_1fr] sm:gap-x-6">
      <dt className="font-bold">{term}</dt>
      <dd className={`min-w-0 ${className ?? ""}`} data-testid={testId}>
        {children}
      </dd>
    </div>
  );
}

/** Which renewal the year is for, its fee, and the follow-up course rule counted from certification. */
export function RenewalTerms({
  readiness,
  certifiedOn,
  followUps,
}: {
  readiness: Pick<Readiness, "fiscalYear" | "ordinal" | "feeYen">;
  certifiedOn: string;
  followUps: readonly FollowUpCourse[];
}) {
  const { fiscalYear, ordinal, feeYen } = readiness;
  const certFy = fiscalYearOf(certifiedOn);
  // The n-th renewal follows fiscal year certFy + n - 1, in April–May of the calendar year after.
  const byYear = certFy + FOLLOW_UP_RULE.byRenewal;
  const classroom = followUps.filter(isClassroomFollowUp).length;
  return (
    <dl className="divide-y divide-solid-gray-200" data-testid="renewal-terms">
      <Fact term="ITC認定日">{formatDateJa(certifiedOn)}</Fact>
      <Fact term="この年度の更新" testId="renewal-ordinal">
        {ordinal === null
          ? `${formatFiscalYear(fiscalYear)}はITC認定より前の年度です。`
          : `${formatFiscalYear(fiscalYear)}の実績で、${fiscalYear + 1}年4〜5月に第${ordinal}回の更新を行います。`}
      </Fact>
      {ordinal !== null ? (
        <Fact term="更新料" testId="renewal-fee">
          {feeYen > 0 ? `${feeYen.toLocaleString("ja-JP")}円（税込）` : "初回の更新のため、更新料はかかりません。"}
        </Fact>
      ) : null}
      <Fact term="フォローアップ研修" testId="follow-up-rule">
        第{FOLLOW_UP_RULE.byRenewal}回の更新（{byYear}年4〜5月）までに、フォローアップ研修を
        {FOLLOW_UP_RULE.courses}講座修了してください（うち{FOLLOW_UP_RULE.classroom}
        講座以上は会場またはライブ配信で{FOLLOW_UP_RULE.classroomHours}時間以上の集合研修）。
        <span className="mt-1 block text-solid-gray-800">
          認定後に修了：{followUps.length}講座（うち集合研修{classroom}講座）
        </span>
      </Fact>
    </dl>
  );
}

export type HelpfulCohort = {
  cohort_id: number;
  cohort_name: string;
  first_session_date: string | null;
  last_session_date: string | null;
  enrollment_closes_on: string | null;
  course_id: number;
  title: string;
  kind: string;
  format: string;
  points: number;
  total_hours: number;
};

export function HelpfulCourses({ cohorts, fiscalYear }: { cohorts: readonly HelpfulCohort[]; fiscalYear: number }) {
  if (cohorts.length === 0)
    return (
      <EmptyState title={`${formatFiscalYear(fiscalYear)}中に受講を申し込める対象の研修はありません`}>
        <Link to="/courses">研修を探す</Link>から、今後の開催予定を確認できます。
      </EmptyState>
    );
  return (
    <ul className="grid gap-3 md:grid-cols-2" data-testid="helpful-courses">
      {cohorts.map((c) => (
        <li key={c.cohort_id} className="rounded-8 border border-solid-gray-200 p-3">
          <p>
            <Link to={`/courses/${c.course_id}`} className="text-std-16B-170">
              {c.title}
            </Link>
          </p>
          <p className="text-dns-16N-130">{c.cohort_name}</p>
          <p className="mt-1 flex flex-wrap gap-1">
            {c.points > 0 ? <span className="badge bg-green-100 text-green-1200">{c.points}ポイント</span> : null}
            {c.kind === "follow_up" ? (
              <span className="badge bg-blue-100 text-blue-1200">フォローアップ研修</span>
            ) : null}
            <span className="badge bg-solid-gray-100 text-solid-gray-900">
              {COURSE_FORMAT_LABELS[c.format as CourseFormat] ?? c.format}・{hoursText(c.total_hours)}
            </span>
          </p>
          <p className="mt-1 text-dns-14N-130 text-solid-gray-800">
            {c.first_session_date ? formatDateJa(c.first_session_date) : "日程未定"}
            {c.last_session_date && c.last_session_date !== c.first_session_date
              ? ` 〜 ${formatDateJa(c.last_session_date)}`
              : ""}
            {c.enrollment_closes_on ? `（申込締切 ${formatDateJa(c.enrollment_closes_on)}）` : ""}
          </p>
        </li>
      ))}
    </ul>
  );
}

export type ActivityRow = {
  id: number;
  kind_name: string;
  title: string;
  activity_date: string;
  hours: number;
  points: number;
  status: string;
  review_comment: string;
};

export function ActivityList({ activities }: { activities: readonly ActivityRow[] }) {
  return (
    <ul className="divide-y divide-solid-gray-200" data-testid="activities">
      {activities.map((a) => (
        <li key={a.id} className="py-3" data-testid={`activity-${a.id}`}>
          <div className="flex flex-wrap items-start justify-between gap-2">
            <Link to={`/my/renewal/activities/${a.id}`} className="min-w-0 break-words text-std-16B-170">
              {a.title}
            </Link>
            <ActivityStatusBadge status={a.status} />
          </div>
          <p className="text-dns-14N-130 text-solid-gray-800">
            {a.kind_name}・{formatDateJa(a.activity_date)}・{hoursText(a.hours)}・
            <span className="font-bold text-solid-gray-900">{a.points}ポイント</span>
          </p>
          {a.review_comment && a.status !== "approved" ? (
            <p className="mt-1 whitespace-pre-line rounded-8 bg-yellow-50 p-2 text-dns-14N-130">
              事務局より：{a.review_comment}
            </p>
          ) : null}
        </li>
      ))}
    </ul>
  );
}
