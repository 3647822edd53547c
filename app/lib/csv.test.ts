import { describe, expect, it } from "vitest";
import { CsvParseError, decodeCsvBytes, parseCsv, parseCsvWithHeader, toCsv } from "./csv";

describe("toCsv", () => {
  it("starts with a BOM and ends every row with CRLF", () => {
    expect(
      toCsv([
        ["自治体", "人数"],
        ["山形市", 3],
      ]),
    ).toBe("\uFEFF自治体,人数\r\n山形市,3\r\n");
  });

  it("returns only the BOM for no rows", () => {
    expect(toCsv([])).toBe("\uFEFF");
  });

  it("quotes fields with commas, quotes, CR or LF and doubles quotes", () => {
    expect(toCsv([["a,b", 'say "hi"', "line1\nline2", "cr\rx", "plain"]])).toBe(
      '\uFEFF"a,b","say ""hi""","line1\nline2","cr\rx",plain\r\n',
    );
  });

  it("writes null and undefined as empty cells", () => {
    expect(toCsv([[null, "x", undefined, 0]])).toBe("\uFEFF,x,,0\r\n");
  });

  it("neutralises cells Excel would run as formulas", () => {
    expect(toCsv([["=SUM(A1:A2)", "+81", "-cmd", "@A1", "\tx", "a=b"]])).toBe(
      "\uFEFF'=SUM(A1:A2),'+81,'-cmd,'@A1,'\tx,a=b\r\n",
    );
    // The apostrophe goes inside the quotes when the cell also needs quoting.
    expect(toCsv([['=HYPERLINK("http://x","y")']])).toBe('\uFEFF"\'=HYPERLINK(""http://x"",""y"")"\r\n');
    expect(toCsv([["\rx"]])).toBe('\uFEFF"\'\rx"\r\n');
  });

  it("neutralises the full-width formula starters Japanese Excel also runs", () => {
    expect(toCsv([["＝SUM(A1:A2)", "＋81", "－5", "＠A1", "a＝b", "＝"]])).toBe(
      "\uFEFF'＝SUM(A1:A2),'＋81,'－5,'＠A1,a＝b,'＝\r\n",
    );
    expect(toCsv([['＝HYPERLINK("http://x","y")']])).toBe('\uFEFF"\'＝HYPERLINK(""http://x"",""y"")"\r\n');
  });

  it("leaves numbers and plain negative number strings alone", () => {
    expect(toCsv([[-5, "-5", "-1.5", 1.25, "-1.5e3", "-"]])).toBe("\uFEFF-5,-5,-1.5,1.25,'-1.5e3,'-\r\n");
  });

  it("round-trips through parseCsv", () => {
    const rows = [
      ["氏名", "備考"],
      ["山田 太郎", 'カンマ,と"引用符"と\r\n改行'],
      ["", "最後"],
    ];
    expect(parseCsv(toCsv(rows))).toEqual(rows);
  });
});

describe("decodeCsvBytes", () => {
  it("decodes Shift_JIS when the bytes are not valid UTF-8", () => {
    const sjis = new Uint8Array([0x8e, 0x52, 0x8c, 0x60, 0x8e, 0x73]); // 山形市
    expect(decodeCsvBytes(sjis)).toEqual({ text: "山形市", encoding: "shift_jis" });
  });

  it("decodes CP932 extensions such as circled digits", () => {
    const bytes = new Uint8Array([0x87, 0x40, 0x2c, 0x82, 0xa0]); // ①,あ
    expect(decodeCsvBytes(bytes)).toEqual({ text: "①,あ", encoding: "shift_jis" });
  });

  it("strips a UTF-8 BOM", () => {
    const bytes = new TextEncoder().encode("\uFEFF山形市,062014\r\n");
    expect(bytes[0]).toBe(0xef);
    expect(decodeCsvBytes(bytes)).toEqual({ text: "山形市,062014\r\n", encoding: "utf-8" });
  });

  it("decodes UTF-8 without a BOM and plain ASCII", () => {
    expect(decodeCsvBytes(new TextEncoder().encode("岐阜市"))).toEqual({
      text: "岐阜市",
      encoding: "utf-8",
    });
    expect(decodeCsvBytes(new TextEncoder().encode("a,b"))).toEqual({
      text: "a,b",
      encoding: "utf-8",
    });
    expect(decodeCsvBytes(new Uint8Array())).toEqual({ text: "", encoding: "utf-8" });
  });

  it("reads a whole Excel export written by toCsv", () => {
    const csv = toCsv([["名前"], ["ふじみ野市"]]);
    const { text } = decodeCsvBytes(new TextEncoder().encode(csv));
    expect(parseCsv(text)).toEqual([["名前"], ["ふじみ野市"]]);
  });
});

describe("parseCsv", () => {
  it("parses CRLF and LF line ends", () => {
    expect(parseCsv("a,b\r\nc,d\r\n")).toEqual([
      ["a", "b"],
      ["c", "d"],
    ]);
    expect(parseCsv("a,b\nc,d")).toEqual([
      ["a", "b"],
      ["c", "d"],
    ]);
  });

  it("handles quoted commas, doubled quotes and embedded newlines", () => {
    expect(parseCsv('"a,b","say ""hi""","x\r\ny"\r\nz,,""\r\n')).toEqual([
      ["a,b", 'say "hi"', "x\r\ny"],
      ["z", "", ""],
    ]);
  });

  it("keeps empty fields at the ends of a row", () => {
    expect(parseCsv(",a,\n")).toEqual([["", "a", ""]]);
  });

  it("strips a leading BOM", () => {
    expect(parseCsv("\uFEFFcode,name\n062014,山形市")).toEqual([
      ["code", "name"],
      ["062014", "山形市"],
    ]);
  });

  it("returns no rows for empty text", () => {
    expect(parseCsv("")).toEqual([]);
    expect(parseCsv("\uFEFF")).toEqual([]);
  });

  it("keeps stray quotes inside unquoted fields as data", () => {
    expect(parseCsv('5" floppy,x')).toEqual([['5" floppy', "x"]]);
  });

  it("reports an unterminated quote with its line", () => {
    const parse = (): string[][] => parseCsv('a\nb,"open\nstill open');
    expect(parse).toThrow(CsvParseError);
    try {
      parse();
    } catch (e) {
      expect(e).toBeInstanceOf(CsvParseError);
      expect((e as CsvParseError).line).toBe(2);
    }
  });
});

describe("parseCsvWithHeader", () => {
  it("maps rows by trimmed header and reports physical line numbers", () => {
    const text = [
      " 団体コード , 団体名 ,備考",
      "062014,山形市,",
      "",
      '112453,ふじみ野市,"複数行の',
      '備考"',
      ",,",
      "212016,岐阜市",
      "",
    ].join("\r\n");
    const { header, rows } = parseCsvWithHeader(text);
    expect(header).toEqual(["団体コード", "団体名", "備考"]);
    expect(rows).toEqual([
      { line: 2, values: { 団体コード: "062014", 団体名: "山形市", 備考: "" } },
      { line: 4, values: { 団体コード: "112453", 団体名: "ふじみ野市", 備考: "複数行の\r\n備考" } },
      { line: 7, values: { 団体コード: "212016", 団体名: "岐阜市", 備考: "" } },
    ]);
  });

  it("counts lines the same way with LF files", () => {
    const { rows } = parseCsvWithHeader('h\n"a\nb"\n\nc\n');
    expect(rows.map((r) => r.line)).toEqual([2, 5]);
  });

  it("handles a file with only a header, or nothing", () => {
    expect(parseCsvWithHeader("a,b\r\n")).toEqual({ header: ["a", "b"], rows: [] });
    expect(parseCsvWithHeader("")).toEqual({ header: [], rows: [] });
  });

  it("does not let a __proto__ header reach the prototype", () => {
    const { rows } = parseCsvWithHeader("__proto__,x\nevil,1\n");
    const values = rows[0]?.values;
    expect(values && Object.getPrototypeOf(values)).toBe(Object.prototype);
    expect(values && Object.hasOwn(values, "__proto__")).toBe(true);
  });
});
