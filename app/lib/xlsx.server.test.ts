import ExcelJS from "exceljs";
import { describe, expect, it } from "vitest";
import type { Sheet } from "./spreadsheet";
import { sheetName, sheetToXlsx, XLSX_CONTENT_TYPE, xlsxResponse } from "./xlsx.server";

type Row = { pref: string; code: string; name: string; count: number | null; hours: number; on: string; at: string };

const sheet: Sheet<Row> = {
  title: "OJT受入（自治体別）",
  filename: "OJT受入（自治体別）_2026年度",
  asciiFilename: "report-placements-2026",
  columns: [
    { header: "都道府県コード", kind: "code", value: (r) => r.pref },
    { header: "団体コード", kind: "code", value: (r) => r.code },
    { header: "自治体", kind: "text", value: (r) => r.name },
    { header: "件数", kind: "number", value: (r) => r.count },
    { header: "承認時間（時間）", kind: "number", value: (r) => r.hours, decimals: 2 },
    { header: "ITC認定日", kind: "date", value: (r) => r.on },
    { header: "申込日時", kind: "datetime", value: (r) => r.at },
  ],
  rows: [
    {
      pref: "06",
      code: "062014",
      name: "山形市",
      count: 3,
      hours: 2.75,
      on: "2026-04-01",
      at: "2026-05-20T00:30:00.000Z",
    },
    { pref: "01", code: "011002", name: '=HYPERLINK("http://evil","x")', count: null, hours: 0, on: "", at: "" },
    { pref: "13", code: "131016", name: "＝1+1", count: 0, hours: 1, on: "未定", at: "" },
  ],
};

async function readBack(bytes: Uint8Array): Promise<ExcelJS.Worksheet> {
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(Buffer.from(bytes) as unknown as ArrayBuffer);
  expect(workbook.worksheets).toHaveLength(1);
  return workbook.worksheets[0]!;
}

describe("the .xlsx twin of a CSV", () => {
  it("is a ZIP file whose one sheet has the Japanese title and a bold, frozen header", async () => {
    const bytes = await sheetToXlsx(sheet);
    expect(Buffer.from(bytes.subarray(0, 2)).toString("latin1")).toBe("PK");
    const ws = await readBack(bytes);
    expect(ws.name).toBe("OJT受入（自治体別）");
    expect(ws.getRow(1).values).toEqual([
      undefined,
      "都道府県コード",
      "団体コード",
      "自治体",
      "件数",
      "承認時間（時間）",
      "ITC認定日",
      "申込日時",
    ]);
    expect(ws.getCell("A1").font?.bold).toBe(true);
    expect(ws.views[0]).toMatchObject({ state: "frozen", ySplit: 1 });
    expect(ws.rowCount).toBe(4);
  });

  it("keeps codes as text cells with their leading zeros", async () => {
    const ws = await readBack(await sheetToXlsx(sheet));
    expect(ws.getCell("A2").value).toBe("06");
    expect(ws.getCell("A2").type).toBe(ExcelJS.ValueType.String);
    expect(ws.getCell("B2").value).toBe("062014");
    expect(ws.getCell("B2").numFmt).toBe("@");
  });

  it("writes numbers as numbers, with fixed decimals where the column says so", async () => {
    const ws = await readBack(await sheetToXlsx(sheet));
    expect(ws.getCell("D2").value).toBe(3);
    expect(ws.getCell("D2").type).toBe(ExcelJS.ValueType.Number);
    expect(ws.getCell("D3").value).toBeNull();
    expect(ws.getCell("D4").value).toBe(0);
    expect(ws.getCell("E2").value).toBe(2.75);
    expect(ws.getCell("E2").numFmt).toBe("0.00");
  });

  it("writes calendar dates and instants as date cells, instants in Tokyo time", async () => {
    const ws = await readBack(await sheetToXlsx(sheet));
    const on = ws.getCell("F2").value;
    expect(on).toBeInstanceOf(Date);
    expect((on as Date).toISOString()).toBe("2026-04-01T00:00:00.000Z");
    expect(ws.getCell("F2").numFmt).toBe("yyyy/mm/dd");
    const at = ws.getCell("G2").value;
    expect(at).toBeInstanceOf(Date);
    // 00:30 UTC is 09:30 in Tokyo; a spreadsheet has no zone, so it holds the Tokyo clock.
    expect((at as Date).toISOString()).toBe("2026-05-20T09:30:00.000Z");
    expect(ws.getCell("G2").numFmt).toBe("yyyy/mm/dd hh:mm");
    expect(ws.getCell("F3").value).toBeNull();
    // Something that is not a calendar date stays the text it is.
    expect(ws.getCell("F4").value).toBe("未定");
  });

  it("stores text that looks like a formula as a plain string, never a formula", async () => {
    const ws = await readBack(await sheetToXlsx(sheet));
    for (const address of ["C3", "C4"]) {
      expect(ws.getCell(address).type, address).toBe(ExcelJS.ValueType.String);
      expect(ws.getCell(address).formula, address).toBeUndefined();
    }
    expect(ws.getCell("C3").value).toBe('=HYPERLINK("http://evil","x")');
    expect(ws.getCell("C4").value).toBe("＝1+1");
  });

  it("gives columns room for their widest cell, within bounds", async () => {
    const ws = await readBack(await sheetToXlsx(sheet));
    expect(ws.getColumn(1).width).toBe(16); // 都道府県コード: 7 full-width characters + 2
    expect(ws.getColumn(4).width).toBe(6);
    expect(ws.getColumn(3).width).toBe(31); // the HYPERLINK text, 29 characters + 2
  });

  it("names the sheet as Excel allows", () => {
    expect(sheetName("a/b:c*d?e[f]g\\h")).toBe("a_b_c_d_e_f_g_h");
    expect(sheetName("あ".repeat(40))).toBe("あ".repeat(31));
    expect(sheetName("")).toBe("Sheet1");
  });

  it("is downloaded as .xlsx under its Japanese name with an ASCII fallback", async () => {
    const response = await xlsxResponse(sheet);
    expect(response.headers.get("Content-Type")).toBe(XLSX_CONTENT_TYPE);
    expect(response.headers.get("Content-Disposition")).toBe(
      `attachment; filename="report-placements-2026.xlsx"; filename*=UTF-8''${encodeURIComponent("OJT受入（自治体別）_2026年度.xlsx")}`,
    );
    expect(response.headers.get("Cache-Control")).toBe("private, no-store");
    const ws = await readBack(new Uint8Array(await response.arrayBuffer()));
    expect(ws.getCell("B2").value).toBe("062014");
  });
});
