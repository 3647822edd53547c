// CSV for Japanese offices: exports that Excel opens without mojibake, and imports of what
// Excel saves (UTF-8 with BOM, or Shift_JIS/CP932 from "CSV (コンマ区切り)").

export type CsvCell = string | number | null | undefined;

const BOM = "\uFEFF";

/** Thrown when the text cannot be read as CSV; `line` is 1-based for error messages. */
export class CsvParseError extends Error {
  constructor(
    message: string,
    readonly line: number,
  ) {
    super(message);
    this.name = "CsvParseError";
  }
}

// Excel runs a cell starting with one of these as a formula (CSV injection). Japanese Excel
// also reads the full-width ＝＋－＠ (what an IME types) as formula starters.
const FORMULA_START_RE = /^[=+\-@\t\r＝＋－＠]/;
// A negative number such as "-5" is data, not a formula, and must stay a number in Excel.
const PLAIN_NUMBER_RE = /^-?[0-9]+(\.[0-9]+)?$/;
const NEEDS_QUOTES_RE = /[",\r\n]/;

function formatCell(cell: CsvCell): string {
  if (cell === null || cell === undefined) return "";
  let s = String(cell);
  if (typeof cell === "string" && FORMULA_START_RE.test(s) && !PLAIN_NUMBER_RE.test(s)) {
    s = `'${s}`;
  }
  return NEEDS_QUOTES_RE.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/** RFC 4180 CSV with a UTF-8 BOM (so Excel detects UTF-8) and CRLF after every row. */
export function toCsv(rows: ReadonlyArray<ReadonlyArray<CsvCell>>): string {
  return BOM + rows.map((row) => row.map(formatCell).join(",") + "\r\n").join("");
}

/** Decodes an uploaded file: UTF-8 (BOM optional) if it is valid UTF-8, otherwise Shift_JIS. */
export function decodeCsvBytes(bytes: Uint8Array): {
  text: string;
  encoding: "utf-8" | "shift_jis";
} {
  const hasBom = bytes.length >= 3 && bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf;
  const body = hasBom ? bytes.subarray(3) : bytes;
  try {
    // ignoreBOM keeps a second, literal BOM as data rather than silently dropping it.
    const text = new TextDecoder("utf-8", { fatal: true, ignoreBOM: true }).decode(body);
    return { text, encoding: "utf-8" };
  } catch {
    // Shift_JIS text is almost never valid UTF-8, so a failure means an Excel-saved SJIS file.
    // WHATWG "shift_jis" is Windows-31J (CP932), which also covers ①, ㈱ and NEC/IBM kanji.
    return { text: new TextDecoder("shift_jis").decode(body), encoding: "shift_jis" };
  }
}

interface CsvRecord {
  line: number;
  fields: string[];
}

/** Splits CSV text into records, remembering the physical line each record starts on. */
function parseRecords(input: string): CsvRecord[] {
  const text = input.startsWith(BOM) ? input.slice(1) : input;
  const records: CsvRecord[] = [];
  let fields: string[] = [];
  let field = "";
  let line = 1;
  let recordLine = 1;
  let inQuotes = false;
  let quoteLine = 1;
  let i = 0;

  const endRecord = (): void => {
    fields.push(field);
    records.push({ line: recordLine, fields });
    fields = [];
    field = "";
  };

  while (i < text.length) {
    const ch = text[i];
    if (inQuotes) {
      if (ch === '"') {
        if (text[i + 1] === '"') {
          field += '"';
          i += 2;
          continue;
        }
        inQuotes = false;
      } else {
        if (ch === "\n" || (ch === "\r" && text[i + 1] !== "\n")) line++;
        field += ch;
      }
      i++;
      continue;
    }
    if (ch === '"' && field === "") {
      inQuotes = true;
      quoteLine = line;
    } else if (ch === ",") {
      fields.push(field);
      field = "";
    } else if (ch === "\r" || ch === "\n") {
      // CRLF, LF or a lone CR (old Mac files) all end the record.
      if (ch === "\r" && text[i + 1] === "\n") i++;
      endRecord();
      line++;
      recordLine = line;
    } else {
      // Lenient: a stray quote inside an unquoted field, or text after a closing quote,
      // is kept as data, as Excel does.
      field += ch;
    }
    i++;
  }

  if (inQuotes) {
    throw new CsvParseError(`${quoteLine}行目の引用符（"）が閉じられていません。`, quoteLine);
  }
  // Text not ending in a newline still has a last record; a trailing newline adds none.
  if (field !== "" || fields.length > 0) endRecord();
  return records;
}

/** Parses RFC 4180 CSV (CRLF or LF, quoted commas, doubled quotes, embedded newlines). */
export function parseCsv(text: string): string[][] {
  return parseRecords(text).map((r) => r.fields);
}

/**
 * Parses CSV whose first row is a header. Each row keeps the physical line number it starts
 * on (the header is line 1) so import errors can point at the right line in Excel.
 * Fully empty rows are skipped; missing trailing cells read as "".
 */
export function parseCsvWithHeader(text: string): {
  header: string[];
  rows: Array<{ line: number; values: Record<string, string> }>;
} {
  const [first, ...rest] = parseRecords(text);
  if (!first) return { header: [], rows: [] };
  const header = first.fields.map((h) => h.trim());
  const rows = rest
    .filter((r) => r.fields.some((f) => f.trim() !== ""))
    .map((r) => ({
      line: r.line,
      // fromEntries defines own properties, so a "__proto__" header cannot touch the prototype.
      values: Object.fromEntries(header.map((h, i) => [h, r.fields[i] ?? ""])),
    }));
  return { header, rows };
}
