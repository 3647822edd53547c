import { describe, expect, it } from "vitest";
import {
  PREFECTURES,
  isValidLocalGovCode,
  localGovCheckDigit,
  normalizeLocalGovCode,
  prefectureName,
  prefectureOfLocalGovCode,
} from "./local-gov-code";

describe("PREFECTURES", () => {
  it("lists the 47 prefectures in JIS order", () => {
    expect(PREFECTURES).toHaveLength(47);
    expect(PREFECTURES[0]).toEqual({ code: "01", name: "北海道" });
    expect(PREFECTURES[1]).toEqual({ code: "02", name: "青森県" });
    expect(PREFECTURES[12]).toEqual({ code: "13", name: "東京都" });
    expect(PREFECTURES[25]).toEqual({ code: "26", name: "京都府" });
    expect(PREFECTURES[26]).toEqual({ code: "27", name: "大阪府" });
    expect(PREFECTURES[46]).toEqual({ code: "47", name: "沖縄県" });
    PREFECTURES.forEach((p, i) => expect(p.code).toBe(String(i + 1).padStart(2, "0")));
    expect(new Set(PREFECTURES.map((p) => p.name)).size).toBe(47);
  });
});

describe("prefectureName", () => {
  it("maps two-digit codes to names", () => {
    expect(prefectureName("06")).toBe("山形県");
    expect(prefectureName("11")).toBe("埼玉県");
    expect(prefectureName("21")).toBe("岐阜県");
    expect(prefectureName("46")).toBe("鹿児島県");
  });

  it("returns null for anything else", () => {
    expect(prefectureName("00")).toBeNull();
    expect(prefectureName("48")).toBeNull();
    expect(prefectureName("6")).toBeNull();
    expect(prefectureName("０６")).toBeNull();
  });
});

describe("localGovCheckDigit", () => {
  it("computes the JIS X 0402 check digit", () => {
    expect(localGovCheckDigit("06201")).toBe(4); // 山形市
    expect(localGovCheckDigit("11245")).toBe(3); // ふじみ野市
    expect(localGovCheckDigit("21201")).toBe(6); // 岐阜市
    expect(localGovCheckDigit("27224")).toBe(8); // 摂津市
    expect(localGovCheckDigit("13101")).toBe(6); // 千代田区
  });

  it("handles the remainders 0 and 1", () => {
    expect(localGovCheckDigit("01101")).toBe(1); // 札幌市中央区: sum 11, remainder 0
    expect(localGovCheckDigit("01205")).toBe(0); // 室蘭市: sum 23, remainder 1
  });

  it("rejects input that is not five ASCII digits", () => {
    expect(() => localGovCheckDigit("0620")).toThrow(RangeError);
    expect(() => localGovCheckDigit("0620a")).toThrow(RangeError);
  });
});

describe("isValidLocalGovCode", () => {
  it("accepts real codes", () => {
    for (const code of ["062014", "112453", "212016", "272248", "011011", "012050", "060003"]) {
      expect(isValidLocalGovCode(code)).toBe(true);
    }
  });

  it("rejects wrong check digits, unknown prefectures and bad shapes", () => {
    for (const code of ["062015", "112450", "482014", "002011", "06201", "06201a", "0620140", ""]) {
      expect(isValidLocalGovCode(code)).toBe(false);
    }
    // Full-width digits are valid only after normalization.
    expect(isValidLocalGovCode("０６２０１４")).toBe(false);
  });
});

describe("prefectureOfLocalGovCode", () => {
  it("returns the prefecture of a valid code", () => {
    expect(prefectureOfLocalGovCode("062014")).toEqual({ code: "06", name: "山形県" });
    expect(prefectureOfLocalGovCode("112453")).toEqual({ code: "11", name: "埼玉県" });
    expect(prefectureOfLocalGovCode("212016")).toEqual({ code: "21", name: "岐阜県" });
    expect(prefectureOfLocalGovCode("272248")).toEqual({ code: "27", name: "大阪府" });
  });

  it("returns null for invalid codes", () => {
    expect(prefectureOfLocalGovCode("062015")).toBeNull();
    expect(prefectureOfLocalGovCode("482014")).toBeNull();
  });
});

describe("normalizeLocalGovCode", () => {
  it("converts full-width digits and strips separators", () => {
    expect(normalizeLocalGovCode("０６２０１４")).toBe("062014");
    expect(isValidLocalGovCode(normalizeLocalGovCode("０６２０１４"))).toBe(true);
    expect(normalizeLocalGovCode(" 06-2014 ")).toBe("062014");
    expect(normalizeLocalGovCode("06　201　4")).toBe("062014");
    expect(normalizeLocalGovCode("０６－２０１４")).toBe("062014");
    expect(normalizeLocalGovCode("06−2014")).toBe("062014");
  });

  it("leaves other characters for validation to reject", () => {
    expect(normalizeLocalGovCode("06201a")).toBe("06201a");
    expect(isValidLocalGovCode(normalizeLocalGovCode("06201a"))).toBe(false);
  });
});
