import { afterEach, describe, expect, it, vi } from "vitest";
import {
  TIME_ZONE,
  addDays,
  fiscalYearOf,
  fiscalYearRange,
  formatDateJa,
  formatDateTimeJa,
  formatFiscalYear,
  formatWareki,
  formatDocumentDate,
  formatDocumentDatesIn,
  formatWestern,
  isIsoDate,
  todayInTokyo,
  tokyoDateOf,
  tokyoDateTimeToInstant,
  weekdayJa,
} from "./dates";

describe("TIME_ZONE", () => {
  it("is Asia/Tokyo", () => {
    expect(TIME_ZONE).toBe("Asia/Tokyo");
  });
});

describe("todayInTokyo / tokyoDateOf", () => {
  it("uses the Tokyo calendar, which is ahead of UTC", () => {
    // 2026-05-19 15:00 UTC is already 2026-05-20 00:00 in Tokyo.
    expect(todayInTokyo(new Date("2026-05-19T15:00:00Z"))).toBe("2026-05-20");
    expect(todayInTokyo(new Date("2026-05-19T14:59:59Z"))).toBe("2026-05-19");
  });

  it("defaults to the current time", () => {
    // A clock the test sets: the Tokyo day has already turned while UTC's has not.
    vi.useFakeTimers({ now: new Date("2026-05-19T15:00:00Z"), toFake: ["Date"] });
    try {
      expect(todayInTokyo()).toBe("2026-05-20");
    } finally {
      vi.useRealTimers();
    }
  });

  it("accepts ISO instant strings with offsets", () => {
    expect(tokyoDateOf("2026-12-31T23:30:00-05:00")).toBe("2027-01-01");
    expect(tokyoDateOf("2026-03-31T14:59:59.999Z")).toBe("2026-03-31");
  });

  it("rejects invalid instants", () => {
    expect(() => tokyoDateOf("not a date")).toThrow(RangeError);
    expect(() => tokyoDateOf(new Date(NaN))).toThrow(RangeError);
  });
});

describe("server time zone independence", () => {
  const original = process.env.TZ;
  afterEach(() => {
    if (original === undefined) delete process.env.TZ;
    else process.env.TZ = original;
  });

  it("gives the same results when the process runs in another zone", () => {
    process.env.TZ = "America/Los_Angeles";
    const instant = new Date("2026-05-20T00:30:00Z"); // 09:30 in Tokyo, 17:30 the day before in LA
    expect(tokyoDateOf(instant)).toBe("2026-05-20");
    expect(formatDateTimeJa(instant)).toBe("2026年5月20日(水) 09:30");
    expect(formatDateJa("2026-05-20")).toBe("2026年5月20日(水)");
    expect(formatWareki("2026-05-20")).toBe("令和8年5月20日");
    expect(tokyoDateTimeToInstant("2026-05-20", "09:30").toISOString()).toBe("2026-05-20T00:30:00.000Z");
  });
});

describe("formatDateJa", () => {
  it("formats a calendar date without shifting it", () => {
    expect(formatDateJa("2026-05-20")).toBe("2026年5月20日(水)");
    expect(formatDateJa("2026-01-01")).toBe("2026年1月1日(木)");
  });

  it("formats instants in Tokyo time", () => {
    expect(formatDateJa(new Date("2026-05-19T15:00:00Z"))).toBe("2026年5月20日(水)");
    expect(formatDateJa("2026-05-19T23:00:00+09:00")).toBe("2026年5月19日(火)");
  });

  it("rejects impossible calendar dates", () => {
    expect(() => formatDateJa("2026-02-30")).toThrow(RangeError);
  });
});

describe("formatDateTimeJa", () => {
  it("shows the Tokyo wall-clock time with zero-padded hours", () => {
    expect(formatDateTimeJa(new Date("2026-05-20T00:30:00Z"))).toBe("2026年5月20日(水) 09:30");
    expect(formatDateTimeJa("2026-05-20T15:05:00Z")).toBe("2026年5月21日(木) 00:05");
    expect(formatDateTimeJa("2026-05-20T14:59:00Z")).toBe("2026年5月20日(水) 23:59");
  });
});

describe("formatWareki", () => {
  it("formats Reiwa dates", () => {
    expect(formatWareki("2026-05-20")).toBe("令和8年5月20日");
    expect(formatWareki("2020-01-01")).toBe("令和2年1月1日");
  });

  it("writes the first year of an era as 元年", () => {
    expect(formatWareki("2019-05-01")).toBe("令和元年5月1日");
    expect(formatWareki("2019-12-31")).toBe("令和元年12月31日");
    expect(formatWareki("1989-01-08")).toBe("平成元年1月8日");
  });

  it("switches era on the right day", () => {
    expect(formatWareki("2019-04-30")).toBe("平成31年4月30日");
  });

  it("treats instants in Tokyo time", () => {
    // 2019-04-30 15:00 UTC is 2019-05-01 00:00 in Tokyo, the first day of Reiwa.
    expect(formatWareki(new Date("2019-04-30T15:00:00Z"))).toBe("令和元年5月1日");
  });
});

describe("fiscalYearOf", () => {
  it("starts the fiscal year in April", () => {
    expect(fiscalYearOf("2026-03-31")).toBe(2025);
    expect(fiscalYearOf("2026-04-01")).toBe(2026);
    expect(fiscalYearOf("2026-12-31")).toBe(2026);
    expect(fiscalYearOf("2027-01-01")).toBe(2026);
  });

  it("converts instants to Tokyo before deciding", () => {
    // 2026-03-31 15:00 UTC is 2026-04-01 00:00 in Tokyo.
    expect(fiscalYearOf(new Date("2026-03-31T15:00:00Z"))).toBe(2026);
    expect(fiscalYearOf(new Date("2026-03-31T14:59:59Z"))).toBe(2025);
  });
});

describe("fiscalYearRange", () => {
  it("runs from April 1 to March 31 of the next year", () => {
    expect(fiscalYearRange(2026)).toEqual({ start: "2026-04-01", end: "2027-03-31" });
    expect(fiscalYearRange(2019)).toEqual({ start: "2019-04-01", end: "2020-03-31" });
  });

  it("is consistent with fiscalYearOf", () => {
    const { start, end } = fiscalYearRange(2030);
    expect(fiscalYearOf(start)).toBe(2030);
    expect(fiscalYearOf(end)).toBe(2030);
    expect(fiscalYearOf(addDays(start, -1))).toBe(2029);
    expect(fiscalYearOf(addDays(end, 1))).toBe(2031);
  });
});

describe("formatFiscalYear", () => {
  it("adds the Japanese era name", () => {
    expect(formatFiscalYear(2026)).toBe("2026年度（令和8年度）");
    expect(formatFiscalYear(2020)).toBe("2020年度（令和2年度）");
  });

  it("uses 元年度 for the first year of an era", () => {
    expect(formatFiscalYear(2019)).toBe("2019年度（令和元年度）");
    expect(formatFiscalYear(1989)).toBe("1989年度（平成元年度）");
  });

  it("uses Heisei and Showa for earlier years", () => {
    expect(formatFiscalYear(2018)).toBe("2018年度（平成30年度）");
    expect(formatFiscalYear(1990)).toBe("1990年度（平成2年度）");
    expect(formatFiscalYear(1988)).toBe("1988年度（昭和63年度）");
  });
});

describe("isIsoDate", () => {
  it("accepts real dates", () => {
    expect(isIsoDate("2026-05-20")).toBe(true);
    expect(isIsoDate("2024-02-29")).toBe(true);
    expect(isIsoDate("2000-02-29")).toBe(true);
  });

  it("rejects impossible dates and other shapes", () => {
    expect(isIsoDate("2026-02-30")).toBe(false);
    expect(isIsoDate("2026-02-29")).toBe(false);
    expect(isIsoDate("1900-02-29")).toBe(false);
    expect(isIsoDate("2026-13-01")).toBe(false);
    expect(isIsoDate("2026-00-10")).toBe(false);
    expect(isIsoDate("2026-04-31")).toBe(false);
    expect(isIsoDate("2026-5-20")).toBe(false);
    expect(isIsoDate("2026/05/20")).toBe(false);
    expect(isIsoDate("２０２６-05-20")).toBe(false);
    expect(isIsoDate("2026-05-20T00:00:00Z")).toBe(false);
    expect(isIsoDate("")).toBe(false);
  });
});

describe("addDays", () => {
  it("crosses month, year and leap-day boundaries", () => {
    expect(addDays("2026-05-20", 1)).toBe("2026-05-21");
    expect(addDays("2026-05-31", 1)).toBe("2026-06-01");
    expect(addDays("2026-12-31", 1)).toBe("2027-01-01");
    expect(addDays("2024-02-28", 1)).toBe("2024-02-29");
    expect(addDays("2026-03-01", -1)).toBe("2026-02-28");
    expect(addDays("2026-05-20", 0)).toBe("2026-05-20");
    expect(addDays("2026-01-01", 365)).toBe("2027-01-01");
  });

  it("rejects bad input", () => {
    expect(() => addDays("2026-02-30", 1)).toThrow(RangeError);
    expect(() => addDays("2026-02-01", 1.5)).toThrow(RangeError);
  });
});

describe("weekdayJa", () => {
  it("names the day of the week", () => {
    expect(weekdayJa("2026-05-18")).toBe("月");
    expect(weekdayJa("2026-05-20")).toBe("水");
    expect(weekdayJa("2026-05-24")).toBe("日");
    expect(weekdayJa("2026-05-23")).toBe("土");
  });
});

describe("tokyoDateTimeToInstant", () => {
  it("interprets the wall-clock time as UTC+9", () => {
    expect(tokyoDateTimeToInstant("2026-05-20", "09:30").toISOString()).toBe("2026-05-20T00:30:00.000Z");
    expect(tokyoDateTimeToInstant("2026-01-01", "00:00").toISOString()).toBe("2025-12-31T15:00:00.000Z");
  });

  it("round-trips with the formatters", () => {
    const instant = tokyoDateTimeToInstant("2026-08-07", "18:45");
    expect(tokyoDateOf(instant)).toBe("2026-08-07");
    expect(formatDateTimeJa(instant)).toBe("2026年8月7日(金) 18:45");
  });

  it("rejects bad times and dates", () => {
    expect(() => tokyoDateTimeToInstant("2026-05-20", "24:00")).toThrow(RangeError);
    expect(() => tokyoDateTimeToInstant("2026-05-20", "9:30")).toThrow(RangeError);
    expect(() => tokyoDateTimeToInstant("2026-05-32", "09:30")).toThrow(RangeError);
  });
});

describe("fixed UTC+9 arithmetic", () => {
  it("agrees with the IANA Asia/Tokyo zone across years, month ends and midnights", () => {
    const intl = new Intl.DateTimeFormat("en-CA", {
      timeZone: "Asia/Tokyo",
      year: "numeric",
      month: "2-digit",
      day: "2-digit",
      hour: "2-digit",
      minute: "2-digit",
      hourCycle: "h23",
    });
    // Every 7 h 13 min from 1990 to 2040 lands on every hour of the day and every month end.
    for (let t = Date.UTC(1990, 0, 1); t < Date.UTC(2040, 0, 1); t += (7 * 60 + 13) * 60_000) {
      const instant = new Date(t);
      const p = Object.fromEntries(intl.formatToParts(instant).map((x) => [x.type, x.value]));
      expect(tokyoDateOf(instant)).toBe(`${p.year}-${p.month}-${p.day}`);
    }
    expect(formatDateTimeJa("2026-03-31T15:00:00Z")).toBe("2026年4月1日(水) 00:00");
  });
});

describe("document dates", () => {
  it("writes 和暦 with the western date beside it", () => {
    expect(formatWestern("2026-10-08")).toBe("2026年10月8日");
    expect(formatDocumentDate("2026-10-08")).toBe("令和8年10月8日（2026年10月8日）");
    expect(formatDocumentDate("2019-05-01")).toBe("令和元年5月1日（2019年5月1日）");
  });

  it("rewrites every calendar date in a stored text and leaves the rest", () => {
    expect(formatDocumentDatesIn("2026-10-08〜2026-12-01")).toBe(
      "令和8年10月8日（2026年10月8日）〜令和8年12月1日（2026年12月1日）",
    );
    expect(formatDocumentDatesIn("基礎研修 第3期")).toBe("基礎研修 第3期");
    expect(formatDocumentDatesIn("2026-02-30")).toBe("2026-02-30");
  });
});
