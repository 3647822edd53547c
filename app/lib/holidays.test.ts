import { describe, expect, it } from "vitest";
import { holidaysInYear, japaneseHolidayName } from "./holidays";

/** "MM-DD name" strings, which keep the expected lists below short and readable. */
function compact(year: number): string[] {
  return holidaysInYear(year).map((h) => `${h.date.slice(5)} ${h.name}`);
}

describe("holidaysInYear (official calendars)", () => {
  it("2019: enthronement year, no 天皇誕生日", () => {
    expect(compact(2019)).toEqual([
      "01-01 元日",
      "01-14 成人の日",
      "02-11 建国記念の日",
      "03-21 春分の日",
      "04-29 昭和の日",
      "04-30 国民の休日",
      "05-01 天皇の即位の日",
      "05-02 国民の休日",
      "05-03 憲法記念日",
      "05-04 みどりの日",
      "05-05 こどもの日",
      "05-06 振替休日",
      "07-15 海の日",
      "08-11 山の日",
      "08-12 振替休日",
      "09-16 敬老の日",
      "09-23 秋分の日",
      "10-14 体育の日",
      "10-22 即位礼正殿の儀の行われる日",
      "11-03 文化の日",
      "11-04 振替休日",
      "11-23 勤労感謝の日",
    ]);
  });

  it("2020: Olympic moves, first スポーツの日, 天皇誕生日 on Feb 23", () => {
    expect(compact(2020)).toEqual([
      "01-01 元日",
      "01-13 成人の日",
      "02-11 建国記念の日",
      "02-23 天皇誕生日",
      "02-24 振替休日",
      "03-20 春分の日",
      "04-29 昭和の日",
      "05-03 憲法記念日",
      "05-04 みどりの日",
      "05-05 こどもの日",
      "05-06 振替休日",
      "07-23 海の日",
      "07-24 スポーツの日",
      "08-10 山の日",
      "09-21 敬老の日",
      "09-22 秋分の日",
      "11-03 文化の日",
      "11-23 勤労感謝の日",
    ]);
  });

  it("2021: Olympic moves again, 山の日 on a Sunday", () => {
    expect(compact(2021)).toEqual([
      "01-01 元日",
      "01-11 成人の日",
      "02-11 建国記念の日",
      "02-23 天皇誕生日",
      "03-20 春分の日",
      "04-29 昭和の日",
      "05-03 憲法記念日",
      "05-04 みどりの日",
      "05-05 こどもの日",
      "07-22 海の日",
      "07-23 スポーツの日",
      "08-08 山の日",
      "08-09 振替休日",
      "09-20 敬老の日",
      "09-23 秋分の日",
      "11-03 文化の日",
      "11-23 勤労感謝の日",
    ]);
  });

  it("2025", () => {
    expect(compact(2025)).toEqual([
      "01-01 元日",
      "01-13 成人の日",
      "02-11 建国記念の日",
      "02-23 天皇誕生日",
      "02-24 振替休日",
      "03-20 春分の日",
      "04-29 昭和の日",
      "05-03 憲法記念日",
      "05-04 みどりの日",
      "05-05 こどもの日",
      "05-06 振替休日",
      "07-21 海の日",
      "08-11 山の日",
      "09-15 敬老の日",
      "09-23 秋分の日",
      "10-13 スポーツの日",
      "11-03 文化の日",
      "11-23 勤労感謝の日",
      "11-24 振替休日",
    ]);
  });

  it("2026", () => {
    expect(compact(2026)).toEqual([
      "01-01 元日",
      "01-12 成人の日",
      "02-11 建国記念の日",
      "02-23 天皇誕生日",
      "03-20 春分の日",
      "04-29 昭和の日",
      "05-03 憲法記念日",
      "05-04 みどりの日",
      "05-05 こどもの日",
      "05-06 振替休日",
      "07-20 海の日",
      "08-11 山の日",
      "09-21 敬老の日",
      "09-22 国民の休日",
      "09-23 秋分の日",
      "10-12 スポーツの日",
      "11-03 文化の日",
      "11-23 勤労感謝の日",
    ]);
  });

  it("returns full ISO dates in ascending order", () => {
    const list = holidaysInYear(2026);
    expect(list[0]).toEqual({ date: "2026-01-01", name: "元日" });
    const dates = list.map((h) => h.date);
    expect(dates).toEqual([...dates].sort());
    expect(new Set(dates).size).toBe(dates.length);
  });

  it("refuses years outside 1980–2099", () => {
    expect(() => holidaysInYear(1979)).toThrow(RangeError);
    expect(() => holidaysInYear(2100)).toThrow(RangeError);
    expect(() => holidaysInYear(2026.5)).toThrow(RangeError);
    expect(holidaysInYear(1980).length).toBeGreaterThan(10);
    expect(holidaysInYear(2099).length).toBeGreaterThan(10);
  });
});

describe("japaneseHolidayName", () => {
  it("names 2026 holidays", () => {
    expect(japaneseHolidayName("2026-01-12")).toBe("成人の日");
    expect(japaneseHolidayName("2026-03-20")).toBe("春分の日");
    expect(japaneseHolidayName("2026-05-04")).toBe("みどりの日");
    expect(japaneseHolidayName("2026-05-06")).toBe("振替休日");
    expect(japaneseHolidayName("2026-09-22")).toBe("国民の休日");
    expect(japaneseHolidayName("2026-09-23")).toBe("秋分の日");
  });

  it("returns null for ordinary days, weekends included", () => {
    expect(japaneseHolidayName("2026-05-20")).toBeNull();
    expect(japaneseHolidayName("2026-05-07")).toBeNull();
    expect(japaneseHolidayName("2026-12-23")).toBeNull();
    expect(japaneseHolidayName("2026-05-23")).toBeNull(); // Saturday
    expect(japaneseHolidayName("2026-12-31")).toBeNull();
  });

  it("tracks 天皇誕生日 across reigns", () => {
    expect(japaneseHolidayName("1988-04-29")).toBe("天皇誕生日");
    expect(japaneseHolidayName("2018-12-23")).toBe("天皇誕生日");
    expect(japaneseHolidayName("2019-12-23")).toBeNull();
    expect(japaneseHolidayName("2019-02-23")).toBeNull();
    expect(japaneseHolidayName("2020-02-23")).toBe("天皇誕生日");
  });

  it("tracks the names of April 29 and May 4", () => {
    expect(japaneseHolidayName("1995-04-29")).toBe("みどりの日");
    expect(japaneseHolidayName("2007-04-29")).toBe("昭和の日");
    expect(japaneseHolidayName("2006-05-04")).toBe("国民の休日");
    expect(japaneseHolidayName("2007-05-04")).toBe("みどりの日");
  });

  it("introduces 山の日 in 2016 and renames 体育の日 in 2020", () => {
    expect(japaneseHolidayName("2015-08-11")).toBeNull();
    expect(japaneseHolidayName("2016-08-11")).toBe("山の日");
    expect(japaneseHolidayName("2019-10-14")).toBe("体育の日");
    expect(japaneseHolidayName("2020-10-12")).toBeNull(); // moved to July 24 for the Olympics
    expect(japaneseHolidayName("2022-10-10")).toBe("スポーツの日");
  });

  it("applies the pre-2000 fixed dates before Happy Monday", () => {
    expect(japaneseHolidayName("1999-01-15")).toBe("成人の日");
    expect(japaneseHolidayName("2000-01-10")).toBe("成人の日");
    expect(japaneseHolidayName("1999-10-10")).toBe("体育の日");
    expect(japaneseHolidayName("2002-09-15")).toBe("敬老の日");
    expect(japaneseHolidayName("2003-09-15")).toBe("敬老の日"); // 3rd Monday that year
    expect(japaneseHolidayName("2002-07-20")).toBe("海の日");
    expect(japaneseHolidayName("2003-07-21")).toBe("海の日");
    expect(japaneseHolidayName("1995-07-20")).toBeNull(); // 海の日 starts in 1996
  });

  it("applies the pre-2007 substitute and citizens' holiday rules", () => {
    // 1992-05-03 was a Sunday: the old rule gives the next Monday only.
    expect(japaneseHolidayName("1992-05-04")).toBe("振替休日");
    // 1986-05-04 was a Sunday between two 祝日: the old rule excluded Sundays.
    expect(japaneseHolidayName("1986-05-04")).toBeNull();
    expect(japaneseHolidayName("1988-05-04")).toBe("国民の休日");
    expect(japaneseHolidayName("2006-01-02")).toBe("振替休日");
    expect(japaneseHolidayName("2001-12-24")).toBe("振替休日");
  });

  it("applies the post-2007 substitute rule (next non-holiday)", () => {
    // 2008-05-04 (Sunday) → May 5 is also a 祝日, so the substitute is May 6.
    expect(japaneseHolidayName("2008-05-06")).toBe("振替休日");
    expect(japaneseHolidayName("2009-09-22")).toBe("国民の休日");
    expect(japaneseHolidayName("2015-09-22")).toBe("国民の休日");
  });

  it("knows the one-off holidays of the Heisei era", () => {
    expect(japaneseHolidayName("1989-02-24")).toBe("昭和天皇の大喪の礼");
    expect(japaneseHolidayName("1990-11-12")).toBe("即位礼正殿の儀");
    expect(japaneseHolidayName("1993-06-09")).toBe("皇太子徳仁親王の結婚の儀");
  });

  it("computes equinoxes by the approximation formula", () => {
    expect(japaneseHolidayName("2012-09-22")).toBe("秋分の日");
    expect(japaneseHolidayName("2024-03-20")).toBe("春分の日");
    expect(japaneseHolidayName("2024-09-22")).toBe("秋分の日");
    expect(japaneseHolidayName("2024-09-23")).toBe("振替休日");
  });

  it("rejects malformed dates", () => {
    expect(() => japaneseHolidayName("2026-02-30")).toThrow(RangeError);
    expect(() => japaneseHolidayName("2026/05/04")).toThrow(RangeError);
  });
});

describe("isYearEndClosure", () => {
  it("covers 29 December to 3 January, and nothing around it", async () => {
    const { isYearEndClosure } = await import("./holidays");
    expect(["2026-12-29", "2026-12-31", "2027-01-01", "2027-01-03"].map(isYearEndClosure)).toEqual([
      true,
      true,
      true,
      true,
    ]);
    expect(["2026-12-28", "2027-01-04", "2026-06-29", "2026-01-30"].map(isYearEndClosure)).toEqual([
      false,
      false,
      false,
      false,
    ]);
  });
});
