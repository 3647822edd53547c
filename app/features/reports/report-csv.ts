import type { CsvCell } from "~/lib/csv";
import { sheetToCsv, type Column, type ColumnKind, type Sheet } from "~/lib/spreadsheet";
import { formatFiscalYear } from "~/lib/dates";
import type { FiscalYearReport, HoursRow } from "./report.server";

// The report's CSV files (UTF-8 with BOM, CRLF, formula guard: lib/csv.ts, as the roster).
// "ojt" is the annual OJT outcome report for MIC and the Digital Agency: one long table
// (区分 / コード / 項目 / figures) that Excel opens as is and a pivot table can regroup; the
// others are the page's tables one by one. Hours are given in minutes (exact) and in hours.

export const REPORT_TABLES = {
  ojt: "OJT実施状況報告",
  enrollments: "受講申込と修了",
  certificates: "修了証の発行",
  placements: "OJT受入（自治体別）",
  hours: "OJT承認時間",
  deliverables: "OJT成果物",
} as const;
export type ReportTable = keyof typeof REPORT_TABLES;

export function isReportTable(value: string): value is ReportTable {
  return Object.hasOwn(REPORT_TABLES, value);
}

/** Minutes as hours with two decimals ("0.75"), a plain number for Excel. */
export function hoursCell(minutes: number): string {
  return (Math.round((minutes / 60) * 100) / 100).toFixed(2);
}

function ojtOutcomeRows(r: FiscalYearReport): CsvCell[][] {
  const year = formatFiscalYear(r.fiscalYear);
  const rows: CsvCell[][] = [];
  const add = (section: string, code: string, label: string, count: number | null, minutes: number | null = null) =>
    rows.push([year, section, code, label, count, minutes, minutes === null ? null : Number(hoursCell(minutes))]);
  const p = r.placements.total;
  add("概要", "placements", "OJT実施件数", p.placements);
  add("概要", "active", "うち実施中", p.active);
  add("概要", "completed", "うち修了", p.completed);
  add("概要", "discontinued", "うち中止", p.discontinued);
  add("概要", "ended_other", "うち終了（結果未記録）", p.endedOther);
  add("概要", "trainees", "OJT参加者数", r.placements.trainees);
  add("概要", "municipalities", "受入自治体数", r.placements.municipalities.length);
  add("概要", "ojt_completions", "OJT修了者数（年度内に修了）", r.completions.ojt);
  add("概要", "approved_entries", "承認済みの記録", r.hours.entries, r.hours.totalMinutes);
  add("概要", "deliverables", "成果物", r.deliverables.total);
  for (const x of r.placements.prefectures) add("都道府県別", x.code, x.name, x.placements);
  for (const x of r.placements.municipalities) add("自治体別", x.code, `${x.prefectureName} ${x.name}`, x.placements);
  const hours = (section: string, list: HoursRow[]) => {
    for (const h of list) add(section, h.code, h.label, h.entries, h.minutes);
  };
  hours("作業の種類別", r.hours.taskKinds);
  hours("PGLフェーズ別", r.hours.phases);
  hours("MICの役割別", r.hours.roles);
  for (const d of r.deliverables.byTaskKind) add("成果物（作業の種類別）", d.key, d.label, d.count);
  for (const d of r.deliverables.byType) add("成果物（ファイルの種類別）", d.key, d.label, d.count);
  return rows;
}

function tableRows(table: ReportTable, r: FiscalYearReport): CsvCell[][] {
  const year = formatFiscalYear(r.fiscalYear);
  switch (table) {
    case "ojt":
      return ojtOutcomeRows(r);
    case "enrollments":
      return [
        ...r.enrollments.courses.map((c) => [
          year,
          c.kindLabel,
          c.code,
          c.title,
          c.applications,
          c.enrolled,
          c.pending,
          c.waitlisted,
          c.cancelled,
          c.completed,
        ]),
      ];
    case "certificates":
      return [...r.certificates.programmes.map((p) => [year, p.name, p.valid, p.suspended, p.revoked, p.total])];
    case "placements":
      return [
        ...r.placements.municipalities.map((m) => [
          year,
          m.prefectureCode,
          m.prefectureName,
          m.code,
          m.name,
          m.placements,
          m.active,
          m.completed,
          m.discontinued,
          m.endedOther,
        ]),
      ];
    case "hours": {
      const rows: CsvCell[][] = [];
      const section = (label: string, list: HoursRow[]) =>
        list.forEach((h) =>
          rows.push([year, label, h.code, h.label, h.entries, h.minutes, Number(hoursCell(h.minutes))]),
        );
      section("作業の種類別", r.hours.taskKinds);
      section("PGLフェーズ別", r.hours.phases);
      section("MICの役割別", r.hours.roles);
      return rows;
    }
    case "deliverables":
      return [
        ...r.deliverables.byTaskKind.map((d) => [year, "作業の種類別", d.key, d.label, d.count]),
        ...r.deliverables.byType.map((d) => [year, "ファイルの種類別", d.key, d.label, d.count]),
      ];
  }
}

type Spec = readonly [header: string, kind: ColumnKind, decimals?: number];

const HOURS = ["承認時間（時間）", "number", 2] as const;
const COLUMNS: Record<ReportTable, readonly Spec[]> = {
  ojt: [
    ["年度", "text"],
    ["区分", "text"],
    ["コード", "code"],
    ["項目", "text"],
    ["件数", "number"],
    ["承認時間（分）", "number"],
    HOURS,
  ],
  enrollments: [
    ["年度", "text"],
    ["研修の種類", "text"],
    ["講座コード", "code"],
    ["講座名", "text"],
    ["申込", "number"],
    ["受講確定", "number"],
    ["承認待ち", "number"],
    ["キャンセル待ち", "number"],
    ["キャンセル", "number"],
    ["修了", "number"],
  ],
  certificates: [
    ["年度", "text"],
    ["修了認定", "text"],
    ["有効", "number"],
    ["一時停止", "number"],
    ["取消", "number"],
    ["発行数", "number"],
  ],
  placements: [
    ["年度", "text"],
    ["都道府県コード", "code"],
    ["都道府県", "text"],
    ["団体コード", "code"],
    ["自治体", "text"],
    ["OJT件数", "number"],
    ["実施中", "number"],
    ["修了", "number"],
    ["中止", "number"],
    ["終了（結果未記録）", "number"],
  ],
  hours: [
    ["年度", "text"],
    ["区分", "text"],
    ["コード", "code"],
    ["項目", "text"],
    ["記録数", "number"],
    ["承認時間（分）", "number"],
    HOURS,
  ],
  deliverables: [
    ["年度", "text"],
    ["区分", "text"],
    ["コード", "code"],
    ["項目", "text"],
    ["件数", "number"],
  ],
};

/** A positional column of a row built as an array; the table's specs say each cell's kind. */
function column([header, kind, decimals]: Spec, i: number): Column<CsvCell[]> {
  if (kind === "number") {
    return {
      header,
      kind,
      decimals,
      value: (row) => (row[i] === null || row[i] === undefined ? null : Number(row[i])),
    };
  }
  if (kind === "datetime") return { header, kind, value: (row) => (row[i] === null ? null : String(row[i] ?? "")) };
  return { header, kind, value: (row) => (row[i] === null || row[i] === undefined ? null : String(row[i])) };
}

/** One of the report's tables as a sheet, for its CSV and its .xlsx. */
export function reportSheet(table: ReportTable, r: FiscalYearReport): Sheet<CsvCell[]> {
  return {
    title: REPORT_TABLES[table],
    filename: `${REPORT_TABLES[table]}_${r.fiscalYear}年度`,
    asciiFilename: `report-${table}-${r.fiscalYear}`,
    columns: COLUMNS[table].map(column),
    rows: tableRows(table, r),
  };
}

/** One of the report's CSV files and its download name. */
export function reportCsv(table: ReportTable, r: FiscalYearReport): { csv: string; filename: string } {
  const sheet = reportSheet(table, r);
  return { csv: sheetToCsv(sheet), filename: `${sheet.filename}.csv` };
}
