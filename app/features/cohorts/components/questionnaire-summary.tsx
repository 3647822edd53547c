import { Link, useLoaderData } from "@remix-run/react";
import { formatDateJa } from "~/lib/dates";
import { EmptyState, PageHeader } from "~/ui/layout";
import { RATING_LABELS } from "~/features/enrollment/questionnaire-questions";
import type { questionnaireSummaryPageData } from "../questionnaire-page.server";
import type { QuestionnaireSummary } from "~/features/enrollment/questionnaire-summary";

const SCALE = [5, 4, 3, 2, 1] as const;

/** The staff and trainer page: answer rate, ratings per question, and the comments. */
export function QuestionnaireSummaryPage() {
  const { cohort, summary, basePath } = useLoaderData<Awaited<ReturnType<typeof questionnaireSummaryPageData>>>();
  const rate = summary.enrolledCount > 0 ? Math.round((summary.responseCount / summary.enrolledCount) * 100) : 0;
  return (
    <div>
      <p className="mb-2">
        <Link to={basePath}>{cohort.name}の名簿へ戻る</Link>
      </p>
      <PageHeader title={`受講アンケート集計：${cohort.name}`} lead={cohort.course_title} />
      <p className="mb-6" data-testid="questionnaire-rate">
        回答 <b>{summary.responseCount}</b>件／受講確定 {summary.enrolledCount}人（回答率 {rate}%）
      </p>
      {summary.responseCount === 0 ? (
        <EmptyState title="まだ回答がありません">
          受講アンケートは最終日
          {cohort.last_session_date ? `（${formatDateJa(cohort.last_session_date)}）` : ""}
          から受講者が回答でき、回答はここに集計されます。自由記述は氏名を伏せて表示します。
        </EmptyState>
      ) : (
        <>
          <RatingsTable ratings={summary.ratings} />
          <div className="grid gap-6 lg:grid-cols-2">
            <Comments title="良かった点" items={summary.goodPoints} />
            <Comments title="改善してほしい点・今後受けたい研修" items={summary.improvements} />
          </div>
        </>
      )}
    </div>
  );
}

function RatingsTable({ ratings }: { ratings: QuestionnaireSummary["ratings"] }) {
  return (
    <section aria-labelledby="ratings-heading" className="mb-8">
      <h2 id="ratings-heading" className="mb-3">
        設問ごとの評価
      </h2>
      <table className="data-table stack-table w-full">
        <caption className="sr-only">設問ごとの平均と回答の分布（5段階、人数）</caption>
        <thead>
          <tr>
            <th scope="col" className="text-left">
              設問
            </th>
            <th scope="col" className="text-left">
              平均
            </th>
            {SCALE.map((v) => (
              <th key={v} scope="col" className="md:text-right">
                {RATING_LABELS[v]}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {ratings.map((r) => (
            <tr key={r.name} data-testid={`rating-${r.name}`}>
              <th scope="row" className="text-left font-bold">
                {r.label}
              </th>
              <td data-label="平均">
                <span className="font-bold">{r.average?.toFixed(1) ?? "—"}</span>
                {/* SVG attributes, not a style attribute: the Content-Security-Policy (style-src
                    'self') blocks inline styles in the server-rendered page. */}
                <svg
                  className="mt-1 block h-2 w-32"
                  viewBox="0 0 100 2"
                  preserveAspectRatio="none"
                  aria-hidden="true"
                  focusable="false"
                >
                  <rect width="100" height="2" className="fill-solid-gray-100" />
                  <rect width={((r.average ?? 0) / 5) * 100} height="2" className="fill-blue-900" />
                </svg>
              </td>
              {SCALE.map((v) => (
                <td key={v} data-label={RATING_LABELS[v]} className="tabular-nums md:text-right">
                  {r.distribution[v - 1]}人
                </td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}

function Comments({ title, items }: { title: string; items: readonly string[] }) {
  const id = `comments-${title.length}`;
  return (
    <section aria-labelledby={id} className="card">
      <h2 id={id} className="mb-3 text-std-18B-160">
        {title}（{items.length}件）
      </h2>
      {items.length === 0 ? (
        <p className="text-solid-gray-700">記入はありません。</p>
      ) : (
        <ul className="divide-y divide-solid-gray-200">
          {items.map((text, i) => (
            <li key={i} className="whitespace-pre-wrap break-words py-2">
              {text}
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
