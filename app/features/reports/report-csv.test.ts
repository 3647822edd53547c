import { describe, expect, it } from "vitest";
import { parseCsv } from "~/lib/csv";
import { fiscalYearBounds } from "./fiscal-year";
import { hoursCell, isReportTable, reportCsv, reportSheet, REPORT_TABLES } from "./report-csv";
import type { FiscalYearReport } from "./report.server";

const zero = { placements: 0, active: 0, completed: 0, discontinued: 0, endedOther: 0 };
const report: FiscalYearReport = {
  fiscalYear: 2026,
  bounds: fiscalYearBounds(2026),
  enrollments: {
    courses: [
      {
        courseId: 1,
        code: "B-1",
        title: '=HYPERLINK("http://evil")',
        kind: "basic_municipal",
        kindLabel: "自治体ビジネス基礎研修",
        applications: 3,
        enrolled: 2,
        pending: 0,
        waitlisted: 0,
        cancelled: 1,
        completed: 2,
      },
    ],
    kinds: [],
    total: { applications: 3, enrolled: 2, pending: 0, waitlisted: 0, cancelled: 1, completed: 2 },
  },
  completions: { courses: 2, ojt: 1 },
  certificates: {
    programmes: [{ programmeId: 2, name: "自治体OJT", valid: 1, suspended: 0, revoked: 1, total: 2 }],
    total: 2,
  },
  placements: {
    municipalities: [
      {
        code: "062014",
        name: "山形市",
        prefectureCode: "06",
        prefectureName: "山形県",
        ...zero,
        placements: 2,
        active: 2,
      },
      {
        code: "212016",
        name: "岐阜市",
        prefectureCode: "21",
        prefectureName: "岐阜県",
        ...zero,
        placements: 1,
        completed: 1,
      },
    ],
    prefectures: [
      { code: "06", name: "山形県", municipalities: 1, ...zero, placements: 2, active: 2 },
      { code: "21", name: "岐阜県", municipalities: 1, ...zero, placements: 1, completed: 1 },
    ],
    total: { ...zero, placements: 3, active: 2, completed: 1 },
    trainees: 3,
  },
  hours: {
    taskKinds: [
      { id: 1, code: "consultation", label: "職員相談会への同席", minutes: 45, entries: 1 },
      { id: 2, code: "spec_review", label: "仕様書・見積書レビュー", minutes: 120, entries: 2 },
    ],
    phases: [{ id: null, code: "", label: "未設定", minutes: 165, entries: 3 }],
    roles: [{ id: null, code: "", label: "未設定", minutes: 165, entries: 3 }],
    totalMinutes: 165,
    entries: 3,
  },
  deliverables: {
    byTaskKind: [{ key: "spec_review", label: "仕様書・見積書レビュー", count: 2 }],
    byType: [],
    total: 2,
  },
};

describe("the report's CSV files", () => {
  it("are UTF-8 with a BOM and CRLF, with a Japanese header, for Japanese Excel", () => {
    const { csv, filename } = reportCsv("ojt", report);
    expect(csv.startsWith("\uFEFF年度,区分,コード,項目,件数,承認時間（分）,承認時間（時間）\r\n")).toBe(true);
    expect(csv.replace(/\r\n/g, "")).not.toMatch(/\n/);
    expect(filename).toBe("OJT実施状況報告_2026年度.csv");
  });

  it("the MIC report's sections add up to its summary", () => {
    const rows = parseCsv(reportCsv("ojt", report).csv);
    const section = (name: string) => rows.filter((r) => r[1] === name);
    const summary = (code: string) => section("概要").find((r) => r[2] === code)!;
    expect(summary("placements")[4]).toBe("3");
    expect(section("都道府県別").reduce((s, r) => s + Number(r[4]), 0)).toBe(3);
    expect(section("自治体別").map((r) => r[3])).toEqual(["山形県 山形市", "岐阜県 岐阜市"]);
    expect(section("作業の種類別").reduce((s, r) => s + Number(r[5]), 0)).toBe(Number(summary("approved_entries")[5]));
    expect(summary("approved_entries")[6]).toBe("2.75");
  });

  it("guards cells Excel would run as a formula", () => {
    const rows = parseCsv(reportCsv("enrollments", report).csv);
    expect(rows[1]![3]).toBe('\'=HYPERLINK("http://evil")');
  });

  it("every table has a file and an unknown name is none", () => {
    for (const t of Object.keys(REPORT_TABLES)) {
      expect(isReportTable(t)).toBe(true);
      expect(reportCsv(t as keyof typeof REPORT_TABLES, report).csv.split("\r\n").length).toBeGreaterThan(1);
    }
    expect(isReportTable("toString")).toBe(false);
    expect(isReportTable("users")).toBe(false);
    expect(hoursCell(55)).toBe("0.92");
  });
});

describe("the report's Excel files", () => {
  it("say which columns are codes, so 06 and 062014 keep their zeros", () => {
    const sheet = reportSheet("placements", report);
    expect(sheet.columns.map((c) => c.kind)).toEqual([
      "text",
      "code",
      "text",
      "code",
      "text",
      "number",
      "number",
      "number",
      "number",
      "number",
    ]);
    const pref = sheet.columns[1]!;
    expect(pref.kind === "code" && pref.value(sheet.rows[0]!)).toBe("06");
    expect(sheet.filename).toBe("OJT受入（自治体別）_2026年度");
    expect(sheet.asciiFilename).toBe("report-placements-2026");
  });

  it("keep the same rows as the CSV, hours as numbers with two decimals", () => {
    const sheet = reportSheet("hours", report);
    const hours = sheet.columns[6]!;
    expect(hours.kind === "number" && hours.decimals).toBe(2);
    expect(parseCsv(reportCsv("hours", report).csv)).toHaveLength(sheet.rows.length + 1);
    expect(parseCsv(reportCsv("hours", report).csv)[1]![6]).toBe("0.75");
  });
});
