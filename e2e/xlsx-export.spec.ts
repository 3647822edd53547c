import fs from "node:fs";
import ExcelJS from "exceljs";
import { fiscalYearOf } from "../app/lib/dates";
import { expect, test } from "./support/fixtures";

// Issue 22, item 10: an Excel (.xlsx) beside each CSV export, in which codes stay text
// ("06", not 6), the header is frozen and nothing is a formula. Staff only. Read-only.

const currentFy = fiscalYearOf(new Date());

test("staff download the OJT report as .xlsx: codes are text, the header is frozen", async ({ page, signInAs }) => {
  test.setTimeout(120_000);
  await signInAs("staff");
  await page.goto(`/staff/reports?fy=${currentFy}`);
  const [download] = await Promise.all([page.waitForEvent("download"), page.getByTestId("xlsx-ojt").click()]);
  expect(download.suggestedFilename()).toBe(`OJT実施状況報告_${currentFy}年度.xlsx`);
  const bytes = fs.readFileSync((await download.path())!);
  expect(bytes.subarray(0, 2).toString("latin1")).toBe("PK");

  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(bytes as unknown as ArrayBuffer);
  const ws = workbook.worksheets[0]!;
  expect(ws.name).toBe("OJT実施状況報告");
  expect(ws.views[0]).toMatchObject({ state: "frozen", ySplit: 1 });
  expect(ws.getRow(1).getCell(3).value).toBe("コード");
  const yamagata = ws.getColumn(3).values.indexOf("06");
  expect(yamagata).toBeGreaterThan(1);
  expect(ws.getRow(yamagata).getCell(3).type).toBe(ExcelJS.ValueType.String);
  expect(ws.getRow(yamagata).getCell(4).value).toBe("山形県");
  expect(typeof ws.getRow(yamagata).getCell(5).value).toBe("number");

  const response = await page.request.get(`/staff/reports/xlsx/placements?fy=${currentFy}`);
  expect(response.status()).toBe(200);
  expect(response.headers()["content-type"]).toBe("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");
  expect(response.headers()["content-disposition"]).toContain(`filename="report-placements-${currentFy}.xlsx"`);
  const bad = await page.request.get("/staff/reports/xlsx/ojt?fy=20x6");
  expect(bad.status()).toBe(400);
  expect(await bad.text()).toContain("年度の指定が正しくありません");
});

test("a trainee is refused the .xlsx at the server", async ({ page, signInAs }) => {
  await signInAs("trainee");
  const response = await page.request.get(`/staff/reports/xlsx/placements?fy=${currentFy}`, { maxRedirects: 0 });
  expect(response.status()).toBe(403);
  expect(response.headers()["content-type"] ?? "").not.toContain("spreadsheetml");
});
