// The Excel (.xlsx) twin of each CSV export, from the same column model (lib/spreadsheet.ts):
// codes are text cells (06 stays 06), dates and instants are real date cells, numbers are
// numbers, the header row is bold and frozen. Text is only ever written as a string cell, so
// "=HYPERLINK(…)" or "＝1+1" is shown as typed and never run: exceljs writes a formula only
// when given a { formula } object, which this module never builds. Decision 0033.

import ExcelJS from "exceljs";
import { isIsoDate, tokyoWallClock } from "./dates";
import { downloadHeaders } from "./download";
import { displayWidth, type Column, type Sheet } from "./spreadsheet";

export const XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

const DATE_FORMAT = "yyyy/mm/dd";
const DATETIME_FORMAT = "yyyy/mm/dd hh:mm";
const TEXT_FORMAT = "@";
const MIN_WIDTH = 6;
const MAX_WIDTH = 60;

/** Excel refuses sheet names over 31 characters or with : \ / ? * [ ]. */
export function sheetName(title: string): string {
  const name = title.replace(/[:\\/?*[\]]/g, "_").slice(0, 31);
  return name === "" ? "Sheet1" : name;
}

type XlsxCell = { value: string | number | Date | null; numFmt?: string; shown: string };

function xlsxCell<Row>(column: Column<Row>, row: Row): XlsxCell {
  switch (column.kind) {
    case "text":
    case "code": {
      const v = column.value(row);
      if (v === null || v === undefined || v === "") return { value: null, shown: "" };
      return { value: v, numFmt: column.kind === "code" ? TEXT_FORMAT : undefined, shown: v };
    }
    case "number": {
      const v = column.value(row);
      if (v === null || v === undefined) return { value: null, shown: "" };
      const decimals = column.decimals;
      return {
        value: v,
        numFmt: decimals === undefined || decimals === 0 ? undefined : `0.${"0".repeat(decimals)}`,
        shown: decimals === undefined ? String(v) : v.toFixed(decimals),
      };
    }
    case "date": {
      const v = column.value(row);
      if (v === null || v === undefined || v === "") return { value: null, shown: "" };
      // A value that is not a calendar date is kept as the text it is rather than guessed at.
      if (!isIsoDate(v)) return { value: v, shown: v };
      return { value: tokyoWallClock(v), numFmt: DATE_FORMAT, shown: DATE_FORMAT };
    }
    case "datetime": {
      const v = column.value(row);
      if (v === null || v === undefined || v === "") return { value: null, shown: "" };
      return { value: tokyoWallClock(v), numFmt: DATETIME_FORMAT, shown: DATETIME_FORMAT };
    }
  }
}

/** The sheet as one .xlsx workbook (a ZIP file, "PK…"). */
export async function sheetToXlsx<Row>(sheet: Sheet<Row>): Promise<Uint8Array<ArrayBuffer>> {
  const workbook = new ExcelJS.Workbook();
  workbook.creator = "ITC研修管理";
  const ws = workbook.addWorksheet(sheetName(sheet.title), {
    views: [{ state: "frozen", xSplit: 0, ySplit: 1 }],
  });
  const widths = sheet.columns.map((c) => displayWidth(c.header));

  const header = ws.addRow(sheet.columns.map((c) => c.header));
  header.font = { bold: true };
  header.alignment = { vertical: "middle" };

  for (const row of sheet.rows) {
    const cells = sheet.columns.map((c) => xlsxCell(c, row));
    const xrow = ws.addRow(cells.map((c) => c.value));
    cells.forEach((c, i) => {
      if (c.numFmt) xrow.getCell(i + 1).numFmt = c.numFmt;
      widths[i] = Math.max(widths[i]!, displayWidth(c.shown));
    });
  }

  sheet.columns.forEach((c, i) => {
    const column = ws.getColumn(i + 1);
    column.width = Math.min(MAX_WIDTH, Math.max(MIN_WIDTH, widths[i]! + 2));
    // Codes typed into an empty cell later also stay text.
    if (c.kind === "code") column.numFmt = TEXT_FORMAT;
  });
  if (sheet.columns.length > 0) {
    ws.autoFilter = { from: { row: 1, column: 1 }, to: { row: 1, column: sheet.columns.length } };
  }

  // A copy in a plain ArrayBuffer, which a Response body accepts.
  return new Uint8Array(await workbook.xlsx.writeBuffer());
}

/** The Excel download of a sheet: `<filename>.xlsx`. */
export async function xlsxResponse<Row>(sheet: Sheet<Row>): Promise<Response> {
  return new Response(await sheetToXlsx(sheet), {
    headers: downloadHeaders(XLSX_CONTENT_TYPE, `${sheet.filename}.xlsx`, `${sheet.asciiFilename}.xlsx`),
  });
}
