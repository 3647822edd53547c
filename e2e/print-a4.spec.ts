import { execFileSync } from "node:child_process";
import fs from "node:fs";
import type { Page, TestInfo } from "@playwright/test";
import { E2E_ENGINE } from "./support/env";
import { expect, test } from "./support/fixtures";
import { buildPrintYear, PRINT_FY, signInSheetCohort } from "./print-helpers";

// Issue 22, item 11: every page staff print comes out on A4 with nothing cut. Each page is
// printed to PDF by Chromium (print media, the page's own @page size), the PDF's text is read
// back with poppler's pdftotext, and every column header and every figure of every table must
// be in it — a column pushed off the paper is missing from the text. pdfinfo checks the paper.

test.describe.configure({ mode: "serial", timeout: 180_000 });

type Sheet = { orientation: "portrait" | "landscape" };
type Printed = { pages: string[]; text: string };

/** Prints the page to PDF in the test's output folder; returns the text of each page. */
async function printToPdf(page: Page, testInfo: TestInfo, name: string, sheet: Sheet): Promise<Printed> {
  await page.emulateMedia({ media: "print" });
  const pdf = testInfo.outputPath(`${name}.pdf`);
  await page.pdf({ path: pdf, format: "A4", preferCSSPageSize: true, printBackground: true });
  await page.emulateMedia({ media: "screen" });
  const info = execFileSync("pdfinfo", ["-f", "1", "-l", "999", pdf], { encoding: "utf8" });
  const sizes = [...info.matchAll(/^Page\s+\d+ size:\s+([\d.]+) x ([\d.]+) pts/gm)].map(
    (m) => `${Math.round(Number(m[1]))}x${Math.round(Number(m[2]))}`,
  );
  expect(sizes.length, `${name}: pages`).toBeGreaterThan(0);
  const a4 = sheet.orientation === "portrait" ? "595x842" : "842x595";
  expect(sizes, `${name}: every page A4 ${sheet.orientation}`).toEqual(sizes.map(() => a4));
  const text = execFileSync("pdftotext", ["-layout", "-enc", "UTF-8", pdf, "-"], { encoding: "utf8" });
  // A picture of the first page, to look at (SQLite half only, like the screenshots).
  if (E2E_ENGINE === "sqlite")
    execFileSync("pdftoppm", ["-png", "-r", "60", "-f", "1", "-l", "2", pdf, testInfo.outputPath(name)]);
  const pages = text.split("\f").filter((p) => p.trim() !== "");
  return { pages, text };
}

const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
const squash = (s: string) => s.replace(/\s+/g, "");

/** The header row on one line, in order; none missing. */
function headerLine(headers: string[]): RegExp {
  return new RegExp(headers.map((h) => escape(h.trim())).join("\\s+"));
}

type TableText = { id: string; headers: string[]; rows: { head: string; cells: string[] }[] };

/** Every figure table on the page as the browser shows it: headers, row heads, cells. */
async function figureTables(page: Page): Promise<TableText[]> {
  return page.locator("table[data-testid]").evaluateAll((tables) =>
    tables.map((t) => ({
      id: t.getAttribute("data-testid") ?? "",
      headers: [...t.querySelectorAll("thead th")].map((th) => (th.textContent ?? "").trim()),
      rows: [...t.querySelectorAll("tbody tr")]
        .filter((tr) => tr.querySelector("th[scope=row]"))
        .map((tr) => ({
          head: (tr.querySelector("th[scope=row]")?.textContent ?? "").trim(),
          cells: [...tr.querySelectorAll("td")].map((td) => (td.textContent ?? "").trim()),
        })),
    })),
  );
}

/**
 * Each table in the printed text: its header row whole on one line; each row's figures, from
 * the first column to the last, in order on one line; each row's name (a long one, wrapped in
 * its cell, by its beginning and end).
 */
function expectTablesPrinted(printed: Printed, tables: TableText[], name: string) {
  const lines = printed.text.split("\n");
  const flat = squash(printed.text);
  for (const t of tables) {
    expect(
      lines.some((l) => headerLine(t.headers).test(l)),
      `${name} ${t.id}: header row ${t.headers.join(" / ")}`,
    ).toBe(true);
    for (const r of t.rows) {
      const figures = new RegExp(`(^|\\s)${r.cells.map(escape).join("\\s+")}(\\s|$)`);
      expect(
        lines.some((l) => figures.test(l)),
        `${name} ${t.id}: row ${r.head} ${r.cells.join(" ")}`,
      ).toBe(true);
      const head = squash(r.head);
      if (head.length <= 16) expect(flat, `${name} ${t.id}: row name`).toContain(head);
      else {
        expect(flat, `${name} ${t.id}: row name begins`).toContain(head.slice(0, 8));
        expect(flat, `${name} ${t.id}: row name ends`).toContain(head.slice(-6));
      }
    }
  }
}

let built: { courseTitle: string } | undefined;
test.beforeAll(async () => {
  built = await buildPrintYear();
});

test("the OJT report prints on A4 portrait with every column of the prefecture table, 中止 included", async ({
  page,
  signInAs,
}, testInfo) => {
  await signInAs("staff");
  await page.goto(`/staff/reports/ojt?fy=${PRINT_FY}`);
  await expect(page.getByTestId("ojt-by-prefecture")).toContainText("岐阜県");
  const tables = await figureTables(page);
  const prefecture = tables.find((t) => t.id === "ojt-by-prefecture")!;
  // The data fills every column: 中止 (the last) has figures in both prefectures.
  expect(prefecture.headers).toEqual(["都道府県", "自治体数", "OJT件数", "実施中", "修了", "中止"]);
  expect(prefecture.rows).toEqual([
    { head: "山形県", cells: ["1", "4", "1", "1", "1"] },
    { head: "岐阜県", cells: ["1", "3", "0", "1", "2"] },
    { head: "合計", cells: ["2", "7", "1", "2", "3"] },
  ]);
  const municipality = tables.find((t) => t.id === "placements-by-municipality")!;
  expect(municipality.headers.at(-1)).toBe("終了（結果未記録）");
  expect(municipality.rows.map((r) => r.cells.at(-1))).toEqual(["1", "0"]);

  const printed = await printToPdf(page, testInfo, "ojt-report", { orientation: "portrait" });
  expectTablesPrinted(printed, tables, "OJT report");
  // The site's frame and the buttons stay off the paper.
  expect(printed.text).not.toContain("印刷する");
  expect(printed.text).not.toContain("CSVをダウンロード");
  expect(printed.text).not.toContain("ITコーディネータの研修・OJT・修了認定");
});

test("the fiscal-year report prints on A4 landscape with every table whole", async ({ page, signInAs }, testInfo) => {
  await signInAs("staff");
  await page.goto(`/staff/reports?fy=${PRINT_FY}`);
  await expect(page.getByTestId("enrollments-by-course")).toContainText(built!.courseTitle);
  const tables = await figureTables(page);
  expect(tables.map((t) => t.id)).toEqual([
    "enrollments-by-kind",
    "enrollments-by-course",
    "certificates-by-programme",
    "placements-by-prefecture",
    "placements-by-municipality",
    "hours-by-task-kind",
    "hours-by-phase",
    "hours-by-role",
    "deliverables-by-task-kind",
    "deliverables-by-type",
  ]);
  // Every table has figures in its last column.
  for (const t of tables) expect(t.rows.length, `${t.id} has rows`).toBeGreaterThan(0);
  const course = tables.find((t) => t.id === "enrollments-by-course")!;
  expect(course.headers).toEqual(["講座", "申込", "受講確定", "承認待ち", "キャンセル待ち", "キャンセル", "修了"]);
  expect(course.rows[0]!.cells).toEqual(["7", "3", "1", "1", "2", "2"]);
  const certificates = tables.find((t) => t.id === "certificates-by-programme")!;
  expect(certificates.rows.at(-1)!.cells).toEqual(["2", "1", "1", "4"]);

  const printed = await printToPdf(page, testInfo, "reports", { orientation: "landscape" });
  expectTablesPrinted(printed, tables, "fiscal-year report");
  for (const label of [
    "受講申込",
    "研修の修了者",
    "修了証の発行",
    "OJT実施件数",
    "OJT修了",
    "承認済みのOJT時間",
    "OJT成果物",
  ])
    expect(squash(printed.text)).toContain(label);
  expect(printed.text).not.toContain("ITコーディネータの研修・OJT・修了認定");
  expect(printed.text).not.toContain("講座別のCSV");
});

test("the sign-in sheet prints on A4 portrait, its header row on every page", async ({ page, signInAs }, testInfo) => {
  const { cohortId, names, organizations } = await signInSheetCohort();
  await signInAs("staff");
  await page.goto(`/staff/cohorts/${cohortId}/sign-in-sheet`);
  await expect(page.getByRole("heading", { level: 1, name: "署名簿" })).toBeVisible();
  const printed = await printToPdf(page, testInfo, "sign-in-sheet", { orientation: "portrait" });
  // Long enough for two sheets; the header row is repeated on each, with its last column 署名.
  expect(printed.pages.length).toBeGreaterThan(1);
  for (const [i, p] of printed.pages.entries())
    expect(headerLine(["No.", "氏名", "所属", "署名"]).test(p), `header row on page ${i + 1}`).toBe(true);
  const flat = squash(printed.text);
  for (const n of names) expect(flat).toContain(squash(n));
  for (const o of organizations) expect(flat).toContain(squash(o));
  // No row split across two sheets: each number, name and organisation on one page.
  for (const [i, n] of names.entries()) {
    const on = printed.pages.filter((p) => squash(p).includes(squash(n)));
    expect(on, `row ${i + 1} on one page`).toHaveLength(1);
    expect(squash(on[0]!)).toContain(squash(organizations[i]!));
  }
  expect(printed.text).not.toContain("印刷する");
  expect(printed.text).not.toContain("名簿へ戻る");
  expect(fs.existsSync(testInfo.outputPath("sign-in-sheet.pdf"))).toBe(true);
});
