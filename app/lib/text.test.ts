import { describe, expect, it } from "vitest";
import { escapeLikePattern, isHiraganaReading, normalizeForSearch } from "./text";

describe("normalizeForSearch", () => {
  it("folds full-width, half-width and case", () => {
    expect(normalizeForSearch("ＤＸ推進")).toBe("dx推進");
    expect(normalizeForSearch("ｄｘ推進")).toBe("dx推進");
    expect(normalizeForSearch("DX推進")).toBe("dx推進");
  });

  it("folds half-width katakana, katakana and hiragana together", () => {
    expect(normalizeForSearch("ｼｽﾃﾑ")).toBe("しすてむ");
    expect(normalizeForSearch("システム")).toBe("しすてむ");
    expect(normalizeForSearch("しすてむ")).toBe("しすてむ");
    expect(normalizeForSearch("ｶﾞﾊﾞﾅﾝｽ")).toBe("がばなんす");
    expect(normalizeForSearch("ヴァーチャル")).toBe("ゔぁーちゃる");
  });

  it("collapses whitespace including the ideographic space and trims", () => {
    expect(normalizeForSearch("  情報　　セキュリティ \t 研修\n")).toBe("情報 せきゅりてぃ 研修");
    expect(normalizeForSearch("　")).toBe("");
  });

  it("keeps kanji and symbols", () => {
    expect(normalizeForSearch("山形市（令和８年度）")).toBe("山形市(令和8年度)");
  });
});

describe("escapeLikePattern", () => {
  it("escapes %, _ and backslash", () => {
    expect(escapeLikePattern("100%")).toBe("100\\%");
    expect(escapeLikePattern("a_b")).toBe("a\\_b");
    expect(escapeLikePattern("C:\\dir")).toBe("C:\\\\dir");
    expect(escapeLikePattern("%_\\")).toBe("\\%\\_\\\\");
  });

  it("leaves other text untouched", () => {
    expect(escapeLikePattern("山形市 DX")).toBe("山形市 DX");
    expect(escapeLikePattern("")).toBe("");
  });
});

describe("isHiraganaReading", () => {
  it("accepts hiragana, ー and spaces", () => {
    expect(isHiraganaReading("やまだ たろう")).toBe(true);
    expect(isHiraganaReading("やまだ　たろう")).toBe(true);
    expect(isHiraganaReading("るーしー")).toBe(true);
    expect(isHiraganaReading(" さとう ")).toBe(true);
    expect(isHiraganaReading("ゔぃんせんと")).toBe(true);
  });

  it("accepts a half-width prolonged sound mark after NFKC", () => {
    expect(isHiraganaReading("るｰしｰ")).toBe(true);
  });

  it("rejects katakana, kanji, latin letters, digits and empty input", () => {
    expect(isHiraganaReading("ヤマダ")).toBe(false);
    expect(isHiraganaReading("ﾔﾏﾀﾞ")).toBe(false);
    expect(isHiraganaReading("山田")).toBe(false);
    expect(isHiraganaReading("yamada")).toBe(false);
    expect(isHiraganaReading("たろう1")).toBe(false);
    expect(isHiraganaReading("やまだ・たろう")).toBe(false);
    expect(isHiraganaReading("")).toBe(false);
    expect(isHiraganaReading("　 ")).toBe(false);
  });
});
