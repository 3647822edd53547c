// Field schemas shared by every form: text is normalised once here, numbers, dates, times and
// codes accept what a Japanese IME types (full-width digits, 「，」 separators, 「円」), and
// each field answers in Japanese. Every helper takes the field's label first and returns a zod
// schema whose input is the string a form sends (Conform turns "" into undefined, which the
// helpers report as "…を入力してください。"). Add `.optional()` for a field that may be left
// empty; text helpers have an `optional…` twin that yields "" instead. See decision 0009.
import { z } from "zod";
import { isIsoDate } from "./dates";
import { formatNumber } from "./numbers";

// ---------------------------------------------------------------------------------------------
// Plain functions (usable outside zod, e.g. by CSV imports)

// C0 and C1 control characters and DEL.
const CONTROL_RE = /[\u0000-\u001F\u007F-\u009F]/u;
// Control characters a multi-line text loses: all but tab and line feed (CR is folded first).
const MULTILINE_STRIPPED_RE = /[\u0000-\u0008\u000B-\u001F\u007F-\u009F]/gu;
const MULTILINE_CONTROL_RE = /[\u0000-\u0008\u000B-\u001F\u007F-\u009F]/u;
// Bidi embeddings, overrides and isolates (LRE…RLO, LRI…PDI): they reorder what a reader sees
// ("Trojan Source"), so a name could show as something it is not.
const BIDI_CONTROL_RE = /[\u202A-\u202E\u2066-\u2069]/u;
const BIDI_CONTROL_GLOBAL_RE = /[\u202A-\u202E\u2066-\u2069]/gu;
// Zero-width characters: harmless inside text (ZWJ joins emoji), but a value made only of them
// (and spaces) looks empty and counts as empty.
const INVISIBLE_RE = /[\s\u200B-\u200D\u2060\uFEFF]/gu;
const LONE_SURROGATE_RE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;
// Hyphens and dashes an IME or a copy from a document may put in a code or a date.
const DASHES_RE = /[\u2010-\u2015\u2212\u30FC\uFF70\uFE63]/gu;

/**
 * True when the text carries the replacement character U+FFFD or a lone surrogate: the browser
 * or our body parser could not decode what was sent (invalid UTF-8, a broken encoding), and
 * storing it would silently lose the characters.
 */
export function hasBrokenText(s: string): boolean {
  return s.includes("\uFFFD") || LONE_SURROGATE_RE.test(s);
}

/** True when nothing visible is left once spaces (including U+3000) and zero-width characters go. */
export function isBlankText(s: string): boolean {
  return s.replace(INVISIBLE_RE, "") === "";
}

/** Single-line text as stored: NFC, trimmed (JavaScript's trim covers U+3000 and U+FEFF). */
export function normalizeLine(s: string): string {
  return s.normalize("NFC").trim();
}

/**
 * Multi-line text as stored: NFC, CRLF/CR → LF, control characters other than tab and newline
 * and bidi controls removed, trimmed.
 */
export function normalizeMultiline(s: string): string {
  return s
    .normalize("NFC")
    .replace(/\r\n?/g, "\n")
    .replace(MULTILINE_STRIPPED_RE, "")
    .replace(BIDI_CONTROL_GLOBAL_RE, "")
    .trim();
}

/**
 * Digits, separators and letters as half-width (NFKC), every dash as "-", spaces removed:
 * 「０６２０１４」→ "062014", 「２０２６－１２－０１」→ "2026-12-01", 「１０：００」→ "10:00".
 */
export function toHalfWidth(s: string): string {
  return s.normalize("NFKC").replace(DASHES_RE, "-").replace(/\s+/gu, "");
}

/**
 * A number as a Japanese user may type it: full-width digits, 「198,000」「１９８，０００」,
 * and (for money) a leading ¥ or trailing 円. Returns NaN when it is not a plain decimal number
 * (separators must group by three).
 */
export function parseJapaneseNumber(s: string, options: { money?: boolean } = {}): number {
  let t = toHalfWidth(s);
  if (options.money) t = t.replace(/^[¥\\]/u, "").replace(/円$/u, "");
  if (t.includes(",")) {
    if (!/^-?\d{1,3}(,\d{3})+(\.\d+)?$/.test(t)) return NaN;
    t = t.replace(/,/g, "");
  }
  return /^-?\d+(\.\d+)?$/.test(t) ? Number(t) : NaN;
}

/**
 * A date as typed: 「2026-12-01」「２０２６－１２－０１」「2026/12/1」「2026年12月1日」 →
 * "2026-12-01"; anything else comes back half-width but otherwise unchanged (and fails isIsoDate).
 */
export function normalizeDate(s: string): string {
  const t = toHalfWidth(s);
  const m = /^(\d{4})[-/.年](\d{1,2})[-/.月](\d{1,2})日?$/u.exec(t);
  return m ? `${m[1]}-${m[2]!.padStart(2, "0")}-${m[3]!.padStart(2, "0")}` : t;
}

/** A time as typed: 「10:00」「１０：００」「9:30」「10時」 → "10:00"; otherwise half-width, unchanged. */
export function normalizeTime(s: string): string {
  const t = toHalfWidth(s);
  const m = /^(\d{1,2})(?::(\d{2})|時(?:(\d{1,2})分)?)$/u.exec(t);
  if (!m) return t;
  const minutes = m[2] ?? m[3] ?? "0";
  return `${m[1]!.padStart(2, "0")}:${minutes.padStart(2, "0")}`;
}

// ---------------------------------------------------------------------------------------------
// Messages

export const messages = {
  required: (label: string) => `${label}を入力してください。`,
  // A value of the wrong shape (a list where one text was expected): a crafted or broken form.
  invalid: (label: string) => `${label}の値が正しくありません。`,
  broken: (label: string) => `${label}に読み取れない文字（文字化け）が含まれています。入力し直してください。`,
  control: (label: string) => `${label}に使えない文字（制御文字）が含まれています。`,
  bidi: (label: string) => `${label}に使えない文字（文字の向きを変える制御文字）が含まれています。`,
  tooShort: (label: string, min: number) => `${label}は${formatNumber(min)}文字以上で入力してください。`,
  tooLong: (label: string, max: number) => `${label}は${formatNumber(max)}文字以内で入力してください。`,
  notNumber: (label: string) => `${label}は数字で入力してください。`,
  notInteger: (label: string) => `${label}は整数で入力してください。`,
  tooSmall: (label: string, min: number) => `${label}は${formatNumber(min)}以上にしてください。`,
  tooLarge: (label: string, max: number) => `${label}は${formatNumber(max)}以下にしてください。`,
  date: (label: string) => `${label}は正しい日付で入力してください（例：2026-06-01）。`,
  time: (label: string) => `${label}は正しい時刻で入力してください（例：10:00）。`,
} as const;

type Ctx = z.RefinementCtx;
// `continue: true` as zod's own min/max checks do: the object's cross-field refinements still
// run (and guard their inputs), so every message shows at once.
function fail(ctx: Ctx, message: string): never {
  ctx.addIssue({ code: "custom", message, continue: true });
  return z.NEVER as never;
}

// ---------------------------------------------------------------------------------------------
// Text fields

type TextOptions = { min?: number };

function checkLine(label: string, max: number, min: number, required: boolean) {
  return (raw: string | undefined, ctx: Ctx): string => {
    if (raw === undefined) return required ? fail(ctx, messages.required(label)) : "";
    if (hasBrokenText(raw)) return fail(ctx, messages.broken(label));
    const s = normalizeLine(raw);
    if (isBlankText(s)) return required ? fail(ctx, messages.required(label)) : "";
    if (BIDI_CONTROL_RE.test(s)) return fail(ctx, messages.bidi(label));
    if (CONTROL_RE.test(s)) return fail(ctx, messages.control(label));
    if (s.length < min) return fail(ctx, messages.tooShort(label, min));
    if (s.length > max) return fail(ctx, messages.tooLong(label, max));
    return s;
  };
}

function checkMultiline(label: string, max: number, min: number, required: boolean) {
  return (raw: string | undefined, ctx: Ctx): string => {
    if (raw === undefined) return required ? fail(ctx, messages.required(label)) : "";
    if (hasBrokenText(raw)) return fail(ctx, messages.broken(label));
    // Refused, not dropped: a NUL or an override in a reason would otherwise be stored or
    // published without the writer knowing (issue 22). Tab, LF and CR are the text's own.
    const folded = raw.replace(/\r\n?/g, "\n");
    if (BIDI_CONTROL_RE.test(folded)) return fail(ctx, messages.bidi(label));
    if (MULTILINE_CONTROL_RE.test(folded)) return fail(ctx, messages.control(label));
    const s = normalizeMultiline(raw);
    if (isBlankText(s)) return required ? fail(ctx, messages.required(label)) : "";
    if (s.length < min) return fail(ctx, messages.tooShort(label, min));
    if (s.length > max) return fail(ctx, messages.tooLong(label, max));
    return s;
  };
}

/**
 * A required one-line text (a name, a title): NFC, trimmed; refuses control characters, bidi
 * overrides/isolates, broken characters, and values that are only spaces or zero-width characters.
 */
export function requiredText(label: string, max: number, options: TextOptions = {}) {
  return z.string({ error: messages.required(label) }).transform(checkLine(label, max, options.min ?? 1, true));
}

/** The same rules as requiredText, but an empty value is allowed and becomes "". */
export function optionalText(label: string, max: number) {
  return z
    .string({ error: messages.invalid(label) })
    .optional()
    .transform(checkLine(label, max, 0, false));
}

/**
 * A required multi-line text (a description, a comment, a reason): NFC, keeps newlines and
 * tabs (CRLF → LF); refuses other control characters, bidi controls, broken characters and
 * blank values.
 */
export function requiredMultilineText(label: string, max: number, options: TextOptions = {}) {
  return z.string({ error: messages.required(label) }).transform(checkMultiline(label, max, options.min ?? 1, true));
}

/** The same rules as requiredMultilineText, but an empty value is allowed and becomes "". */
export function optionalMultilineText(label: string, max: number) {
  return z
    .string({ error: messages.invalid(label) })
    .optional()
    .transform(checkMultiline(label, max, 0, false));
}

// ---------------------------------------------------------------------------------------------
// Numbers, dates, times, codes

type NumberOptions = {
  min: number;
  max: number;
  /** A yen amount: a leading ¥ and a trailing 円 are allowed. */
  money?: boolean;
  /** One message for "out of range" instead of the separate min/max ones (e.g. "…は1〜20日で…"). */
  rangeMessage?: string;
  /** A decimal's unit (0.5 for half hours), with the message for a value off the step. */
  step?: { size: number; message: string };
};

function checkNumber(label: string, options: NumberOptions, integer: boolean) {
  return (raw: string | number, ctx: Ctx): number => {
    if (typeof raw === "string" && hasBrokenText(raw)) return fail(ctx, messages.broken(label));
    if (typeof raw === "string" && isBlankText(raw)) return fail(ctx, messages.required(label));
    const n = typeof raw === "number" ? raw : parseJapaneseNumber(raw, options);
    if (Number.isNaN(n)) return fail(ctx, messages.notNumber(label));
    if (integer && !Number.isInteger(n)) return fail(ctx, messages.notInteger(label));
    if (n < options.min) return fail(ctx, options.rangeMessage ?? messages.tooSmall(label, options.min));
    if (n > options.max) return fail(ctx, options.rangeMessage ?? messages.tooLarge(label, options.max));
    if (options.step && !Number.isInteger(n / options.step.size)) return fail(ctx, options.step.message);
    return n;
  };
}

// A number from code (seed data, tests) is taken as it is; a string is what a form sends.
const numberInput = (label: string) => z.union([z.number(), z.string()], { error: messages.required(label) });

/** A whole number typed in a form (「２０」「198,000」「198,000円」 with money). `.optional()` for an optional one. */
export function integerField(label: string, options: NumberOptions) {
  return numberInput(label).transform(checkNumber(label, options, true));
}

/** A decimal number typed in a form (「６．５」), optionally on a step such as 0.5. */
export function decimalField(label: string, options: NumberOptions) {
  return numberInput(label).transform(checkNumber(label, options, false));
}

/** A calendar date "YYYY-MM-DD" (accepts full-width, 「/」 and 「年月日」). */
export function dateField(label: string) {
  return z.string({ error: messages.required(label) }).transform((raw, ctx) => {
    if (isBlankText(raw)) return fail(ctx, messages.required(label));
    const s = normalizeDate(raw);
    return isIsoDate(s) ? s : fail(ctx, messages.date(label));
  });
}

/** A time of day "HH:MM" (accepts 「１０：００」, 「9:30」, 「10時」). */
export function timeField(label: string) {
  return z.string({ error: messages.required(label) }).transform((raw, ctx) => {
    if (isBlankText(raw)) return fail(ctx, messages.required(label));
    const s = normalizeTime(raw);
    return /^([01][0-9]|2[0-3]):[0-5][0-9]$/.test(s) ? s : fail(ctx, messages.time(label));
  });
}

type CodeOptions = { max: number; pattern: RegExp; message: string; upper?: boolean };

function checkCode(label: string, options: CodeOptions) {
  return (raw: string, ctx: Ctx): string => {
    const half = toHalfWidth(raw);
    const s = options.upper ? half.toUpperCase() : half;
    if (s.length > options.max) return fail(ctx, messages.tooLong(label, options.max));
    return options.pattern.test(s) ? s : fail(ctx, options.message);
  };
}

/**
 * A code made of letters, digits and hyphens (a course code, a certificate number), made
 * half-width (every dash becomes "-") and upper-case when `upper` is set; `pattern` is checked
 * on the normalised value.
 */
export function codeField(label: string, options: CodeOptions) {
  return z.string({ error: messages.required(label) }).transform((raw, ctx) => {
    if (isBlankText(raw)) return fail(ctx, messages.required(label));
    return checkCode(label, options)(raw, ctx);
  });
}

/** The same as codeField, but a missing or blank value is allowed and becomes null. */
export function optionalCodeField(label: string, options: CodeOptions) {
  return z
    .string()
    .optional()
    .transform((raw, ctx) => (raw === undefined || isBlankText(raw) ? null : checkCode(label, options)(raw, ctx)));
}

/** A Japanese postal code "123-4567" (accepts 「１２３４５６７」「〒１２３－４５６７」). */
export function postalCodeField(label = "郵便番号") {
  return z.string({ error: messages.required(label) }).transform((raw, ctx) => {
    const digits = toHalfWidth(raw).replace(/^〒/u, "").replace(/-/g, "");
    if (digits === "") return fail(ctx, messages.required(label));
    if (!/^\d{7}$/.test(digits)) return fail(ctx, `${label}は7桁の数字で入力してください（例：990-8540）。`);
    return `${digits.slice(0, 3)}-${digits.slice(3)}`;
  });
}

/** A Japanese phone number, stored half-width with its hyphens (accepts 「０２３－６４１－１２１２」). */
export function phoneField(label = "電話番号") {
  return z.string({ error: messages.required(label) }).transform((raw, ctx) => {
    const s = toHalfWidth(raw).replace(/[()]/g, "-").replace(/-+/g, "-").replace(/^-|-$/g, "");
    if (s === "") return fail(ctx, messages.required(label));
    const digits = s.replace(/-/g, "");
    if (!/^[0-9-]+$/.test(s) || digits.length < 10 || digits.length > 11 || !digits.startsWith("0")) {
      return fail(ctx, `${label}は市外局番から10〜11桁の数字で入力してください（例：023-641-1212）。`);
    }
    return s;
  });
}

// ---------------------------------------------------------------------------------------------
// The form body as a whole

/**
 * What is wrong with a form body before any field is validated, or null:
 * - a field sent twice that is not declared multi-valued (a checkbox group): a crafted or
 *   broken request, which the form's own "last one wins" would silently resolve;
 * - a value the body parser could not decode (invalid UTF-8 became U+FFFD, or a lone
 *   surrogate): storing it would silently lose the characters.
 * File values are skipped. Used by parseForm (forms.server.ts); call it directly for hand-parsed forms.
 */
export function formBodyProblem(
  formData: FormData,
  multiValued: readonly string[] = [],
): { field: string; message: string } | null {
  const seen = new Set<string>();
  for (const [key, value] of formData.entries()) {
    if (typeof value === "string" && hasBrokenText(value)) {
      return { field: key, message: "読み取れない文字（文字化け）が含まれています。入力し直してください。" };
    }
    if (seen.has(key) && !multiValued.includes(key)) {
      return {
        field: key,
        message: "同じ項目が2回以上送信されました。ページを読み込み直して、もう一度送信してください。",
      };
    }
    seen.add(key);
  }
  return null;
}

/** The names of a schema's array fields (checkbox groups, multi-selects): they may repeat in a form. */
export function multiValuedFields(schema: z.ZodType): string[] {
  const def = (schema as unknown as { _zod: { def: Record<string, any> } })._zod.def;
  switch (def.type) {
    case "object":
      return Object.entries(def.shape as Record<string, z.ZodType>)
        .filter(([, field]) => isArraySchema(field))
        .map(([name]) => name);
    case "pipe":
      return multiValuedFields(def.in);
    case "union":
    case "intersection":
      return [
        ...new Set<string>((def.options ?? [def.left, def.right]).flatMap((o: z.ZodType) => multiValuedFields(o))),
      ];
    case "optional":
    case "nullable":
    case "default":
    case "prefault":
    case "catch":
    case "readonly":
      return multiValuedFields(def.innerType);
    default:
      return [];
  }
}

function isArraySchema(schema: z.ZodType): boolean {
  const def = (schema as unknown as { _zod: { def: Record<string, any> } })._zod.def;
  if (def.type === "array") return true;
  // What the form sends is the pipe's input: a text split into a list is still one field.
  if (def.type === "pipe") return isArraySchema(def.in);
  if (def.innerType) return isArraySchema(def.innerType);
  return false;
}
