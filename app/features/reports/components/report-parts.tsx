import { Form } from "@remix-run/react";
import { formatFiscalYear } from "~/lib/dates";
import { formatNumber } from "~/lib/numbers";
import { BarChart } from "~/ui/bar-chart";
import type { HoursRow, PrefecturePlacementRow } from "../report.server";
import { REPORT_LABELS } from "../labels";

// Pieces both report pages use: the year picker, plain figure tables, and a chart with its
// table beside it (the SVG names the table's caption; the table carries the figures).

/** "12.5時間": minutes as hours with at most one decimal. */
export function hoursLabel(minutes: number): string {
  return `${formatNumber(Math.round((minutes / 60) * 10) / 10)}時間`;
}

export function count(n: number): string {
  return formatNumber(n);
}

/** A GET form: works without JavaScript, and the URL keeps the chosen year. */
export function FiscalYearPicker({
  years,
  selected,
  action,
}: {
  years: number[];
  selected: number | null;
  action: string;
}) {
  return (
    <Form method="get" action={action} className="flex flex-wrap items-end gap-2" data-testid="fy-picker">
      <div>
        <label htmlFor="fy" className="label">
          年度
        </label>
        <select key={selected} id="fy" name="fy" defaultValue={selected ?? undefined} className="input">
          {years.map((y) => (
            <option key={y} value={y}>
              {formatFiscalYear(y)}
            </option>
          ))}
        </select>
      </div>
      <button type="submit" className="btn-secondary">
        表示
      </button>
    </Form>
  );
}

export type Column<T> = { header: string; cell: (row: T) => string; numeric?: boolean };

/** A plain table of figures with a caption; `total` is drawn bold after the rows. */
export function FigureTable<T>({
  id,
  caption,
  columns,
  rows,
  total,
  rowKey,
}: {
  id: string;
  caption: string;
  columns: Column<T>[];
  rows: T[];
  total?: T;
  rowKey: (row: T) => string;
}) {
  const [first, ...rest] = columns;
  const line = (r: T, isTotal: boolean) => (
    <tr key={isTotal ? "__total" : rowKey(r)} className={isTotal ? "font-bold" : "border-b border-solid-gray-200"}>
      <th scope="row" className={`py-1 pr-3 text-left ${isTotal ? "" : "font-normal"}`}>
        {first!.cell(r)}
      </th>
      {rest.map((c) => (
        <td key={c.header} className={`px-2 py-1 ${c.numeric === false ? "text-left" : "text-right tabular-nums"}`}>
          {c.cell(r)}
        </td>
      ))}
    </tr>
  );
  return (
    <div className="report-table overflow-x-auto">
      <table className="w-full text-left" data-testid={id}>
        <caption id={`${id}-caption`} className="mb-2 text-left text-std-16B-170">
          {caption}
        </caption>
        <thead>
          <tr className="border-b border-solid-gray-420">
            {columns.map((c, i) => (
              <th
                key={c.header}
                scope="col"
                className={`py-1 ${i === 0 ? "pr-3 text-left" : c.numeric === false ? "px-2 text-left" : "whitespace-nowrap px-2 text-right"}`}
              >
                {c.header}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {rows.length === 0 ? (
            <tr>
              <td colSpan={columns.length} className="py-2 text-solid-gray-700">
                {REPORT_LABELS.noData}
              </td>
            </tr>
          ) : (
            rows.map((r) => line(r, false))
          )}
          {total && rows.length > 0 ? line(total, true) : null}
        </tbody>
      </table>
    </div>
  );
}

const HOURS_COLUMNS = (first: string): Column<HoursRow>[] => [
  { header: first, cell: (r) => r.label },
  { header: "記録数", cell: (r) => count(r.entries) },
  { header: "承認時間", cell: (r) => hoursLabel(r.minutes) },
];

/** Approved hours of one dimension: the bars, and the table with the same figures. */
export function HoursFigure({
  id,
  title,
  first,
  rows,
  chart = true,
}: {
  id: string;
  title: string;
  first: string;
  rows: HoursRow[];
  chart?: boolean;
}) {
  const total: HoursRow = {
    id: -1,
    code: "",
    label: "合計",
    minutes: rows.reduce((s, r) => s + r.minutes, 0),
    entries: rows.reduce((s, r) => s + r.entries, 0),
  };
  const table = (
    <FigureTable
      id={id}
      caption={title}
      columns={HOURS_COLUMNS(first)}
      rows={total.entries === 0 ? [] : rows}
      total={total}
      rowKey={(r) => String(r.id)}
    />
  );
  if (!chart || total.entries === 0) return <div className="report-figure">{table}</div>;
  return (
    <div className="report-figure grid gap-4 md:grid-cols-2 [&>*]:min-w-0">
      <BarChart
        id={id}
        title={`${title}（棒グラフ）`}
        describedBy={`${id}-caption`}
        bars={rows.map((r) => ({
          key: String(r.id),
          label: r.label,
          value: r.minutes,
          valueLabel: hoursLabel(r.minutes),
        }))}
      />
      {table}
    </div>
  );
}

export function PrefectureFigure({
  id,
  rows,
  chart = true,
}: {
  id: string;
  rows: PrefecturePlacementRow[];
  chart?: boolean;
}) {
  const total = rows.reduce(
    (t, r) => ({
      ...t,
      municipalities: t.municipalities + r.municipalities,
      placements: t.placements + r.placements,
      active: t.active + r.active,
      completed: t.completed + r.completed,
      discontinued: t.discontinued + r.discontinued,
      endedOther: t.endedOther + r.endedOther,
    }),
    {
      code: "",
      name: "合計",
      municipalities: 0,
      placements: 0,
      active: 0,
      completed: 0,
      discontinued: 0,
      endedOther: 0,
    },
  );
  const title = "都道府県別のOJT実施件数";
  const table = (
    <FigureTable
      id={id}
      caption={title}
      rows={rows}
      total={total}
      rowKey={(r) => r.code}
      columns={[
        { header: "都道府県", cell: (r) => r.name },
        { header: "自治体数", cell: (r) => count(r.municipalities) },
        { header: "OJT件数", cell: (r) => count(r.placements) },
        { header: "実施中", cell: (r) => count(r.active) },
        { header: "修了", cell: (r) => count(r.completed) },
        { header: "中止", cell: (r) => count(r.discontinued) },
      ]}
    />
  );
  if (!chart || rows.length === 0) return <div className="report-figure">{table}</div>;
  return (
    <div className="report-figure grid gap-4 md:grid-cols-2 [&>*]:min-w-0">
      <BarChart
        id={id}
        title={`${title}（棒グラフ）`}
        describedBy={`${id}-caption`}
        bars={rows.map((r) => ({
          key: r.code,
          label: r.name,
          value: r.placements,
          valueLabel: `${count(r.placements)}件`,
        }))}
      />
      {table}
    </div>
  );
}
