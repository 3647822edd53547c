import { describe, expect, it } from "vitest";
import { z } from "zod";
import {
  codeField,
  dateField,
  decimalField,
  hasBrokenText,
  integerField,
  optionalMultilineText,
  optionalText,
  parseJapaneseNumber,
  phoneField,
  postalCodeField,
  requiredMultilineText,
  requiredText,
  timeField,
} from "./schema";

/** The value, or the first message. */
function run(schema: z.ZodType, input: unknown): unknown {
  const r = schema.safeParse(input);
  return r.success ? r.data : `error: ${r.error.issues[0]?.message}`;
}

describe("requiredText (names, titles)", () => {
  const name = requiredText("氏名", 20);
  it.each([
    ["NUL only", "\u0000", "error: 氏名に使えない文字（制御文字）が含まれています。"],
    ["control characters only", "\u0001\u0002\u0007", "error: 氏名に使えない文字（制御文字）が含まれています。"],
    ["zero-width spaces only", "\u200B\u200B", "error: 氏名を入力してください。"],
    ["zero-width and full-width spaces", "\u3000\u200B \u2060\uFEFF", "error: 氏名を入力してください。"],
    [
      "a right-to-left override",
      "山田\u202Egnp.exe",
      "error: 氏名に使えない文字（文字の向きを変える制御文字）が含まれています。",
    ],
    ["a bidi isolate", "\u2067山田\u2069", "error: 氏名に使えない文字（文字の向きを変える制御文字）が含まれています。"],
    ["a NUL inside", "講座\u0000名", "error: 氏名に使えない文字（制御文字）が含まれています。"],
    ["a newline inside", "山田\n太郎", "error: 氏名に使えない文字（制御文字）が含まれています。"],
    [
      "U+FFFD from invalid UTF-8",
      "山\uFFFD田",
      "error: 氏名に読み取れない文字（文字化け）が含まれています。入力し直してください。",
    ],
    [
      "a lone surrogate",
      "山田\uD800",
      "error: 氏名に読み取れない文字（文字化け）が含まれています。入力し直してください。",
    ],
    ["too long", "あ".repeat(21), "error: 氏名は20文字以内で入力してください。"],
  ])("refuses %s", (_, input, expected) => {
    expect(run(name, input)).toBe(expected);
  });

  it("trims ASCII and full-width spaces and composes to NFC", () => {
    expect(run(name, "\u3000 山田 太郎\u3000")).toBe("山田 太郎");
    // か + combining dakuten → が (NFC), so the same name is stored the same way.
    expect(run(name, "\u304B\u3099")).toBe("\u304C");
  });

  it("NUL-only is refused, but NUL at the edges of a real name is trimmed away only if whitespace", () => {
    // NUL is not whitespace: it stays and is refused rather than silently dropped.
    expect(run(name, "\u0000山田")).toMatch(/制御文字/);
  });

  it("keeps a zero-width joiner inside text (emoji sequences)", () => {
    expect(run(name, "山田\u200D太郎")).toBe("山田\u200D太郎");
  });

  it("min length counts the normalised text", () => {
    expect(run(requiredText("理由", 100, { min: 2 }), " あ ")).toBe("error: 理由は2文字以上で入力してください。");
  });
});

describe("optionalText", () => {
  const venue = optionalText("会場", 10);
  it("turns missing and blank into an empty string", () => {
    expect(run(venue, undefined)).toBe("");
    expect(run(venue, "\u3000\u200B")).toBe("");
  });
  it("still refuses control characters and overrides", () => {
    expect(run(venue, "会場\u0000")).toMatch(/制御文字/);
    expect(run(venue, "\u202E場会")).toMatch(/向き/);
  });
});

describe("multi-line text (descriptions, comments)", () => {
  const body = requiredMultilineText("志望動機", 100);
  it("keeps newlines and tabs, folds CRLF, stores the text as typed in NFC", () => {
    expect(run(body, "一行目\r\n\t二行目\r三行目（デモ）")).toBe("一行目\n\t二行目\n三行目（デモ）");
    expect(run(body, "か\u3099")).toBe("が");
  });
  it("refuses control characters and bidi controls rather than dropping them", () => {
    expect(run(body, "理由\u0000")).toBe("error: 志望動機に使えない文字（制御文字）が含まれています。");
    expect(run(body, "一行目\u0007")).toMatch(/制御文字/);
    expect(run(body, "理由\u202E")).toMatch(/文字の向きを変える制御文字/);
  });
  it("refuses a value that is blank once cleaned", () => {
    expect(run(body, "\u200B\r\n\u3000")).toBe("error: 志望動機を入力してください。");
  });
  it("refuses broken characters", () => {
    expect(run(body, "志望\uFFFD")).toMatch(/文字化け/);
  });
  it("optional variant gives an empty string", () => {
    expect(run(optionalMultilineText("備考", 100), undefined)).toBe("");
  });
});

describe("integerField", () => {
  const capacity = integerField("定員", { min: 1, max: 1000 });
  const fee = integerField("受講料", { min: 0, max: 10_000_000, money: true });
  it.each([
    ["２０", 20],
    ["20", 20],
    [" ２０ ", 20],
    ["１，０００", 1000],
  ])("reads %s as %d", (input, expected) => {
    expect(run(capacity, input)).toBe(expected);
  });
  it.each([
    ["198,000", 198000],
    ["１９８，０００", 198000],
    ["198,000円", 198000],
    ["１９８，０００円", 198000],
    ["¥198,000", 198000],
    ["￥１９８０００", 198000],
  ])("reads the money %s", (input, expected) => {
    expect(run(fee, input)).toBe(expected);
  });
  it.each([
    ["二十", "error: 定員は数字で入力してください。"],
    ["1,00", "error: 定員は数字で入力してください。"],
    ["20円", "error: 定員は数字で入力してください。"],
    ["2.5", "error: 定員は整数で入力してください。"],
    ["０", "error: 定員は1以上にしてください。"],
    ["1001", "error: 定員は1,000以下にしてください。"],
    ["\u3000", "error: 定員を入力してください。"],
  ])("refuses %s", (input, expected) => {
    expect(run(capacity, input)).toBe(expected);
  });
  it("never tells the user to switch to half-width", () => {
    expect(String(run(capacity, "ニ十"))).not.toMatch(/半角/);
  });
  it("uses a range message when given", () => {
    const days = integerField("日数", { min: 1, max: 20, rangeMessage: "日数は1〜20日で入力してください。" });
    expect(run(days, "２１")).toBe("error: 日数は1〜20日で入力してください。");
  });
  it("is optional with .optional()", () => {
    expect(run(capacity.optional(), undefined)).toBeUndefined();
  });
});

describe("decimalField and parseJapaneseNumber", () => {
  it("reads full-width decimals", () => {
    expect(run(decimalField("総時間数", { min: 0.5, max: 500 }), "６．５")).toBe(6.5);
  });
  it("refuses ill-grouped separators", () => {
    expect(parseJapaneseNumber("12,34")).toBeNaN();
    expect(parseJapaneseNumber("1,234,567")).toBe(1234567);
  });
});

describe("dateField and timeField", () => {
  const date = dateField("開始日");
  it.each([
    ["2026-12-01", "2026-12-01"],
    ["２０２６－１２－０１", "2026-12-01"],
    ["２０２６ー１２ー０１", "2026-12-01"],
    ["2026/12/1", "2026-12-01"],
    ["2026年12月1日", "2026-12-01"],
  ])("reads %s", (input, expected) => {
    expect(run(date, input)).toBe(expected);
  });
  it("refuses an impossible date", () => {
    expect(run(date, "2026-02-30")).toBe("error: 開始日は正しい日付で入力してください（例：2026-06-01）。");
  });
  const time = timeField("開始時刻");
  it.each([
    ["10:00", "10:00"],
    ["１０：００", "10:00"],
    ["9:30", "09:30"],
    ["10時", "10:00"],
  ])("reads the time %s", (input, expected) => {
    expect(run(time, input)).toBe(expected);
  });
  it("refuses 25:00", () => {
    expect(run(time, "２５：００")).toMatch(/正しい時刻/);
  });
});

describe("codes", () => {
  it("codeField makes the code half-width and upper-case", () => {
    const code = codeField("講座コード", { max: 30, pattern: /^[A-Z0-9-]+$/, message: "形式", upper: true });
    expect(run(code, "ｂａｓｉｃ－２０２６")).toBe("BASIC-2026");
  });
  it("postal code", () => {
    expect(run(postalCodeField(), "〒９９０－８５４０")).toBe("990-8540");
    expect(run(postalCodeField(), "9908540")).toBe("990-8540");
    expect(run(postalCodeField(), "99085")).toMatch(/7桁/);
  });
  it("phone number", () => {
    expect(run(phoneField(), "０２３－６４１－１２１２")).toBe("023-641-1212");
    expect(run(phoneField(), "12345")).toMatch(/10〜11桁/);
  });
});

describe("hasBrokenText", () => {
  it("detects U+FFFD and lone surrogates, not paired ones", () => {
    expect(hasBrokenText("a\uFFFD")).toBe(true);
    expect(hasBrokenText("a\uDC00")).toBe(true);
    expect(hasBrokenText("😀")).toBe(false);
  });
});
