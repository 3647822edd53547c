import { describe, expect, it } from "vitest";
import { parseCsv } from "./csv";
import { contentDisposition } from "./download";
import { csvResponse, displayWidth, sheetToCsv, type Sheet } from "./spreadsheet";

type Row = { code: string; name: string; count: number | null; hours: number; on: string; at: string };

const sample: Sheet<Row> = {
  title: "自治体別",
  filename: "自治体別_2026年度",
  asciiFilename: "municipalities-2026",
  columns: [
    { header: "団体コード", kind: "code", value: (r) => r.code },
    { header: "自治体", kind: "text", value: (r) => r.name },
    { header: "件数", kind: "number", value: (r) => r.count },
    { header: "時間", kind: "number", value: (r) => r.hours, decimals: 2 },
    { header: "認定日", kind: "date", value: (r) => r.on },
    { header: "申込日時", kind: "datetime", value: (r) => r.at },
  ],
  rows: [
    { code: "062014", name: "山形市", count: 3, hours: 2, on: "2026-04-01", at: "2026-05-20T00:30:00.000Z" },
    { code: "06", name: '＝HYPERLINK("http://x")', count: null, hours: 0.755, on: "", at: "" },
  ],
};

describe("the column model's CSV", () => {
  it("writes the header, then each row as its columns read it", () => {
    expect(parseCsv(sheetToCsv(sample))).toEqual([
      ["団体コード", "自治体", "件数", "時間", "認定日", "申込日時"],
      ["062014", "山形市", "3", "2.00", "2026-04-01", "2026年5月20日(水) 09:30"],
      ["06", '\'＝HYPERLINK("http://x")', "", "0.76", "", ""],
    ]);
    expect(sheetToCsv(sample).startsWith("\uFEFF団体コード,")).toBe(true);
  });

  it("is downloaded under its Japanese name with an ASCII fallback, never cached", async () => {
    const response = csvResponse(sample);
    expect(response.headers.get("Content-Type")).toBe("text/csv; charset=utf-8");
    expect(response.headers.get("Content-Disposition")).toBe(
      `attachment; filename="municipalities-2026.csv"; filename*=UTF-8''${encodeURIComponent("自治体別_2026年度.csv")}`,
    );
    expect(response.headers.get("Cache-Control")).toBe("private, no-store");
    // text() would drop the BOM; the bytes keep it.
    expect(new TextDecoder("utf-8", { ignoreBOM: true }).decode(await response.arrayBuffer())).toBe(sheetToCsv(sample));
  });

  it("keeps the ASCII fallback ASCII and unquoted", () => {
    expect(contentDisposition("名簿.csv", 'r"é\\.csv')).toBe(
      `attachment; filename="r___.csv"; filename*=UTF-8''${encodeURIComponent("名簿.csv")}`,
    );
  });

  it("measures full-width characters as two columns", () => {
    expect(displayWidth("062014")).toBe(6);
    expect(displayWidth("山形市")).toBe(6);
    expect(displayWidth("ＡＢ")).toBe(4);
    expect(displayWidth("ｱｲ")).toBe(2);
  });
});
