// One column model per export, shared by the CSV and the Excel (.xlsx) writer so the two
// files never drift: each column has its Japanese header, how to read its value from a row,
// and its kind, which says how the value is written.
//
//   text      free text; a cell that starts like a formula is neutralised (CSV) or stored as
//             a plain string cell (xlsx)
//   code      an identifier made of digits that must keep its leading zeros (都道府県コード
//             "06", 団体コード "062014", ITC番号): a text cell in xlsx
//   number    a count or amount; `decimals` fixes the digits after the point
//   date      a calendar date "YYYY-MM-DD"; a real date cell in xlsx (yyyy/mm/dd)
//   datetime  an instant; shown in Tokyo time (CSV: 2026年5月20日(水) 09:30, xlsx: a date cell)
//
// The CSV itself (BOM, CRLF, quoting, formula guard) is lib/csv.ts; the xlsx is
// lib/xlsx.server.ts. Decision 0033.

import { toCsv, type CsvCell } from "./csv";
import { formatDateTimeJa } from "./dates";
import { downloadHeaders } from "./download";

export type ColumnKind = "text" | "code" | "number" | "date" | "datetime";

type Empty = null | undefined;

export type Column<Row> =
  | { header: string; kind: "text" | "code"; value: (row: Row) => string | Empty }
  | { header: string; kind: "number"; value: (row: Row) => number | Empty; decimals?: number }
  | { header: string; kind: "date"; value: (row: Row) => string | Empty }
  | { header: string; kind: "datetime"; value: (row: Row) => string | Date | Empty };

export interface Sheet<Row> {
  /** The worksheet's name in the xlsx (Japanese, at most 31 characters). */
  title: string;
  /** The download's Japanese name without extension (RFC 5987 filename*). */
  filename: string;
  /** Its ASCII fallback without extension (plain filename=). */
  asciiFilename: string;
  columns: ReadonlyArray<Column<Row>>;
  rows: ReadonlyArray<Row>;
}

/** How a cell reads in the CSV: numbers with their fixed decimals, instants in Tokyo time. */
export function csvValue<Row>(column: Column<Row>, row: Row): CsvCell {
  switch (column.kind) {
    case "number": {
      const v = column.value(row);
      if (v === null || v === undefined) return null;
      return column.decimals === undefined ? v : v.toFixed(column.decimals);
    }
    case "datetime": {
      const v = column.value(row);
      return v === null || v === undefined || v === "" ? null : formatDateTimeJa(v);
    }
    default:
      return column.value(row);
  }
}

/** The sheet as CSV for Japanese Excel (UTF-8 with BOM, CRLF, formula guard). */
export function sheetToCsv<Row>(sheet: Sheet<Row>): string {
  return toCsv([
    sheet.columns.map((c) => c.header),
    ...sheet.rows.map((row) => sheet.columns.map((c) => csvValue(c, row))),
  ]);
}

/**
 * How wide a text is in Excel's column units: full-width characters (kanji, kana, ＝) count
 * as two, others as one.
 */
export function displayWidth(text: string): number {
  let width = 0;
  for (const ch of text) {
    const cp = ch.codePointAt(0)!;
    width += cp >= 0x1100 && !(cp >= 0xff61 && cp <= 0xff9f) ? 2 : 1;
  }
  return width;
}

/** The CSV download of a sheet: `<filename>.csv`, UTF-8 with BOM. */
export function csvResponse<Row>(sheet: Sheet<Row>): Response {
  return new Response(sheetToCsv(sheet), {
    headers: downloadHeaders("text/csv; charset=utf-8", `${sheet.filename}.csv`, `${sheet.asciiFilename}.csv`),
  });
}
