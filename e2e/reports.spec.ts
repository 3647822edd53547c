import fs from "node:fs";
import type { Page } from "@playwright/test";
import { screenshotDir } from "./support/env";
import { fiscalYearOf, formatFiscalYear } from "../app/lib/dates";
import { expect, expectAccessible, test } from "./support/fixtures";

// Issue 15, reports: staff open the fiscal-year report from the dashboard, change the year,
// download the MIC/Digital Agency OJT report as CSV (UTF-8 with BOM, Japanese header) and open
// its printable page with server-drawn charts. Read-only: the demo data is left as it was.

const SHOTS = screenshotDir("reports");
const currentFy = fiscalYearOf(new Date());

async function figure(page: Page, testId: string, label: string): Promise<string> {
  const item = page.getByTestId(testId).locator("div", { has: page.locator("dt", { hasText: label }) });
  return (await item.locator("dd").textContent()) ?? "";
}

test("staff open the report, change the year, download the CSV and open the printable page", async ({
  page,
  signInAs,
}) => {
  // A long journey on a shared, busy machine.
  test.setTimeout(180_000);
  await signInAs("staff");
  await page.goto("/dashboard");
  await page.getByRole("link", { name: "年度別の実績", exact: true }).first().click();
  await expect(page).toHaveURL(/\/staff\/reports$/);
  await expect(page.getByRole("heading", { level: 1, name: "年度別の実績" })).toBeVisible();
  await expect(page.getByText(formatFiscalYear(currentFy)).first()).toBeVisible();
  // The demo's OJT this year: placements and approved hours are counted.
  expect(await figure(page, "report-summary", "OJT実施件数")).toMatch(/^[1-9][0-9]*件$/);
  expect(await figure(page, "report-summary", "承認済みのOJT時間")).not.toBe("0時間");
  await expect(page.getByTestId("hours-by-task-kind")).toContainText("職員相談会への同席");
  await expect(page.getByTestId("placements-by-prefecture")).toContainText("山形県");
  await expectAccessible(page);

  // Change the year with the picker (a plain GET form).
  const optionCount = await page.locator("#fy option").count();
  const options: string[] = [];
  for (let i = 0; i < optionCount; i++)
    options.push((await page.locator("#fy option").nth(i).getAttribute("value")) ?? "");
  expect(options).toContain(String(currentFy));
  const other = options.find((o) => o !== String(currentFy)) ?? options[0]!;
  await page.locator("#fy").selectOption(other);
  await page.getByRole("button", { name: "表示" }).click();
  await expect(page).toHaveURL(new RegExp(`fy=${other}`));
  await expect(page.getByText(formatFiscalYear(Number(other))).first()).toBeVisible();

  // A year without data says so; a bad year is a Japanese message and a 400, not a 500.
  await page.goto("/staff/reports?fy=2003");
  await expect(page.getByText("この年度のデータはありません。").first()).toBeVisible();
  await expectAccessible(page);
  const bad = await page.goto("/staff/reports?fy=abc");
  expect(bad?.status()).toBe(400);
  await expect(page.getByRole("alert")).toContainText("年度の指定が正しくありません");
  await expectAccessible(page);

  // The annual OJT report as CSV for Japanese Excel.
  await page.goto(`/staff/reports?fy=${currentFy}`);
  const placements = (await figure(page, "report-summary", "OJT実施件数")).replace("件", "");
  const [download] = await Promise.all([page.waitForEvent("download"), page.getByTestId("csv-ojt").click()]);
  expect(download.suggestedFilename()).toBe(`OJT実施状況報告_${currentFy}年度.csv`);
  const bytes = fs.readFileSync((await download.path())!);
  expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
  const text = new TextDecoder("utf-8", { fatal: true }).decode(bytes.subarray(3));
  expect(text.startsWith("年度,区分,コード,項目,件数,承認時間（分）,承認時間（時間）\r\n")).toBe(true);
  expect(text).toContain(`${formatFiscalYear(currentFy)},概要,placements,OJT実施件数,${placements},,\r\n`);
  expect(text).toContain(",都道府県別,06,山形県,");
  const bad404 = await page.request.get("/staff/reports/csv/users?fy=2026");
  expect(bad404.status()).toBe(404);
  const badCsv = await page.request.get("/staff/reports/csv/ojt?fy=20x6");
  expect(badCsv.status()).toBe(400);
  expect(await badCsv.text()).toContain("年度の指定が正しくありません");

  // The printable page: charts drawn on the server, each with its table.
  await page.getByRole("link", { name: "OJT実施状況報告（印刷用）" }).click();
  await expect(page).toHaveURL(new RegExp(`/staff/reports/ojt\\?fy=${currentFy}`));
  await expect(page.getByRole("heading", { level: 1 })).toContainText("OJT実施状況報告");
  for (const id of ["ojt-by-task-kind", "ojt-by-phase", "ojt-by-role", "ojt-by-prefecture"]) {
    const chart = page.getByTestId(`${id}-chart`);
    await expect(chart).toHaveAttribute("role", "img");
    await expect(chart).toHaveAttribute("aria-describedby", `${id}-caption`);
    await expect(page.locator(`#${id}-caption`)).toBeVisible();
  }
  await expect(page.getByRole("img", { name: "作業の種類別の承認時間（棒グラフ）" })).toBeVisible();
  await expectAccessible(page);
  await page.emulateMedia({ media: "print" });
  await expect(page.locator("body > header")).toBeHidden();
  await expect(page.getByRole("button", { name: "印刷する" })).toBeHidden();
  await expect(page.getByTestId("ojt-by-task-kind-chart")).toBeVisible();
  await page.emulateMedia({ media: "screen" });
});

test("screenshots of the report pages at 375 and 1280 px, and the print layout", async ({ page, signInAs }) => {
  test.setTimeout(180_000);
  await signInAs("staff");
  const pages = [
    ["reports", `/staff/reports?fy=${currentFy}`],
    ["reports-empty-year", "/staff/reports?fy=2003"],
    ["reports-bad-year", "/staff/reports?fy=abc"],
    ["ojt-report", `/staff/reports/ojt?fy=${currentFy}`],
    ["ojt-report-empty-year", "/staff/reports/ojt?fy=2003"],
  ] as const;
  for (const [name, url] of pages) {
    await page.goto(url);
    for (const width of [375, 1280]) {
      await page.setViewportSize({ width, height: 900 });
      // Nothing wider than the phone's screen (a wide table scrolls inside its own box).
      expect(
        await page.evaluate(() => document.documentElement.scrollWidth),
        `${name} at ${width}px`,
      ).toBeLessThanOrEqual(width);
      await page.screenshot({ path: `${SHOTS}/${name}-${width}.png`, fullPage: true });
    }
  }
  await page.goto(`/staff/reports/ojt?fy=${currentFy}`);
  await page.setViewportSize({ width: 794, height: 1123 });
  await page.emulateMedia({ media: "print" });
  await page.screenshot({ path: `${SHOTS}/ojt-report-print.png`, fullPage: true });
  await page.pdf({ path: `${SHOTS}/ojt-report.pdf`, format: "A4", printBackground: true });
});
