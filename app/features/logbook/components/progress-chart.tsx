// Types only: the chart renders what the loader computed.
import type { Coverage } from "../progress.server";
import { formatHours, type Progress, type ProgressRow } from "../progress";
import { barWidth, CHART_COLORS } from "~/ui/bar-chart";

// Plan against actual, drawn on the server as SVG (no JavaScript): one band per task kind
// and the total. Widths are percentages of the SVG's own width and text keeps its pixel size,
// so the chart stays readable at 375 px and fills a wide screen without scaling the text.
// The same figures follow as a table, which the chart names with aria-describedby.

const ROW = 46;
const BAR_Y = 20;
const BAR_H = 16;

const PHASE_LABELS: Record<string, string> = {
  not_started: "開始前です。",
  running: "実施中です。",
  over: "期間が終わりました。",
};

/** "1.5": the chart's short figures (the table spells them out). */
function hours(minutes: number) {
  return String(Math.round((minutes / 60) * 10) / 10);
}

function Band({ r, y, max }: { r: ProgressRow; y: number; max: number }) {
  return (
    <g>
      <text x="0" y={y + 14} fontSize="14" fill={CHART_COLORS.text}>
        {r.label} {hours(r.approvedMinutes)}/{hours(r.plannedMinutes)}時間
      </text>
      <rect x="0" y={y + BAR_Y} width="100%" height={BAR_H} fill={CHART_COLORS.track} />
      {r.plannedMinutes > 0 ? (
        <rect
          x="0"
          y={y + BAR_Y}
          width={barWidth(r.plannedMinutes, max)}
          height={BAR_H}
          fill="#ffffff"
          stroke={CHART_COLORS.outline}
          strokeWidth="1"
        />
      ) : null}
      <rect
        x="0"
        y={y + BAR_Y + 3}
        width={barWidth(r.approvedMinutes, max)}
        height={BAR_H - 6}
        fill={CHART_COLORS.bar}
      />
      {r.submittedMinutes > 0 ? (
        <rect
          x={barWidth(r.approvedMinutes, max)}
          y={y + BAR_Y + 3}
          width={barWidth(r.submittedMinutes, max)}
          height={BAR_H - 6}
          fill={CHART_COLORS.barLight}
        />
      ) : null}
      {r.plannedMinutes > 0 ? (
        <line
          x1={barWidth(r.expectedMinutes, max)}
          x2={barWidth(r.expectedMinutes, max)}
          y1={y + BAR_Y - 3}
          y2={y + BAR_Y + BAR_H + 3}
          stroke={CHART_COLORS.marker}
          strokeWidth="3"
        />
      ) : null}
    </g>
  );
}

export function ProgressChart({
  progress,
  coverage,
  id = "progress",
}: {
  progress: Progress;
  coverage: Coverage;
  id?: string;
}) {
  const rows = [...progress.rows, progress.total];
  // The chart draws the kinds with a plan or hours; the table lists every kind.
  const drawn = [
    ...progress.rows.filter((r) => r.plannedMinutes > 0 || r.approvedMinutes + r.submittedMinutes > 0),
    progress.total,
  ];
  const max = Math.max(
    60,
    ...rows.map((r) => Math.max(r.plannedMinutes, r.approvedMinutes + r.submittedMinutes, r.expectedMinutes)),
  );
  const height = drawn.length * ROW + 4;
  const t = progress.total;
  const summary = `計画 ${formatHours(t.plannedMinutes)}のうち承認済み ${formatHours(t.approvedMinutes)}、承認待ち ${formatHours(
    t.submittedMinutes,
  )}。今日までの計画 ${formatHours(t.expectedMinutes)}、このペースでの見込み ${formatHours(t.forecastMinutes)}。`;
  return (
    <div data-testid="progress">
      <p className="mb-2">
        {PHASE_LABELS[progress.phase]}期間 {progress.totalDays}日のうち {progress.elapsedDays}日経過。{summary}
      </p>
      <svg
        role="img"
        aria-labelledby={`${id}-title`}
        aria-describedby={`${id}-table-caption`}
        width="100%"
        height={height}
        className="block overflow-visible"
      >
        <title id={`${id}-title`}>作業の種類ごとの計画と実績（承認済み/計画の時間。{summary}）</title>
        {drawn.map((r, i) => (
          <Band key={r.taskKindId} r={r} y={i * ROW} max={max} />
        ))}
      </svg>
      <ul className="mt-2 flex flex-wrap gap-x-4 gap-y-1 text-dns-14N-130" aria-label="グラフの凡例">
        <li>
          <span aria-hidden="true" className="mr-1 inline-block h-3 w-5 border border-solid-gray-420 bg-white" />
          計画
        </li>
        <li>
          <span aria-hidden="true" className="mr-1 inline-block h-3 w-5 bg-[#0031d8]" />
          承認済み
        </li>
        <li>
          <span aria-hidden="true" className="mr-1 inline-block h-3 w-5 bg-[#9db7f9]" />
          承認待ち
        </li>
        <li>
          <span aria-hidden="true" className="mr-1 inline-block h-3 w-1 bg-[#e25100]" />
          今日までの計画
        </li>
      </ul>
      <div className="mt-4 overflow-x-auto">
        <table className="w-full min-w-[36rem] text-left" data-testid="progress-table">
          <caption id={`${id}-table-caption`} className="mb-2 text-left text-std-16B-170">
            計画と実績（時間）：承認済みの時間だけが確認済みの実績です
          </caption>
          <thead>
            <tr className="border-b border-solid-gray-420">
              <th scope="col" className="py-1 pr-2">
                作業の種類
              </th>
              <th scope="col" className="px-2 text-right">
                計画
              </th>
              <th scope="col" className="px-2 text-right">
                今日までの計画
              </th>
              <th scope="col" className="px-2 text-right">
                承認済み
              </th>
              <th scope="col" className="px-2 text-right">
                承認待ち
              </th>
              <th scope="col" className="px-2 text-right">
                見込み
              </th>
            </tr>
          </thead>
          <tbody>
            {rows.map((r) => (
              <tr key={r.taskKindId} className={r.taskKindId === 0 ? "font-bold" : "border-b border-solid-gray-200"}>
                <th scope="row" className="py-1 pr-2 font-normal">
                  {r.label}
                </th>
                <td className="px-2 text-right">{formatHours(r.plannedMinutes)}</td>
                <td className="px-2 text-right">{formatHours(r.expectedMinutes)}</td>
                <td className="px-2 text-right">
                  {formatHours(r.approvedMinutes)}
                  {r.approvedPercent != null ? `（${r.approvedPercent}%）` : ""}
                </td>
                <td className="px-2 text-right">{formatHours(r.submittedMinutes)}</td>
                <td className="px-2 text-right">{formatHours(r.forecastMinutes)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <div className="mt-4 grid gap-4 md:grid-cols-2">
        <CoverageList title="経験したPGLのフェーズ（承認済み）" items={coverage.phases} testId="coverage-phases" />
        <CoverageList title="実践したMICの役割（承認済み）" items={coverage.roles} testId="coverage-roles" />
      </div>
    </div>
  );
}

function CoverageList({
  title,
  items,
  testId,
}: {
  title: string;
  items: { id: number; label: string; approvedMinutes: number }[];
  testId: string;
}) {
  const covered = items.filter((i) => i.approvedMinutes > 0).length;
  return (
    <div>
      <h3 className="mb-1 text-std-16B-170">
        {title}：{covered}/{items.length}
      </h3>
      <ul className="flex flex-wrap gap-2" data-testid={testId}>
        {items.map((i) => (
          <li
            key={i.id}
            className={
              i.approvedMinutes > 0
                ? "rounded-4 border border-blue-900 bg-blue-50 px-2 py-0.5"
                : "rounded-4 border border-solid-gray-420 px-2 py-0.5 text-solid-gray-700"
            }
          >
            {i.approvedMinutes > 0 ? `✓ ${i.label}（${formatHours(i.approvedMinutes)}）` : `${i.label}（未）`}
          </li>
        ))}
      </ul>
    </div>
  );
}

/** The placement page's section: the chart and table, and the way to the plan form. */
export function PlacementProgressSection({
  placementId,
  progress,
  coverage,
  canEditPlan,
}: {
  placementId: number;
  progress: Progress;
  coverage: Coverage;
  canEditPlan: boolean;
}) {
  return (
    <section className="card min-w-0 md:col-span-2" aria-labelledby="plan-actual">
      <h2 id="plan-actual" className="mb-3">
        計画と実績
      </h2>
      {progress.total.plannedMinutes === 0 ? (
        <p className="mb-3">
          まだ計画時間が記入されていません。作業の種類ごとに、期間中に予定する時間を記入してください。
        </p>
      ) : null}
      <ProgressChart progress={progress} coverage={coverage} />
      {canEditPlan ? (
        <p className="mt-4">
          <a href={`/placements/${placementId}/plan`} className="btn-secondary inline-block">
            計画時間を記入・変更する
          </a>
        </p>
      ) : null}
    </section>
  );
}
