import { describe, expect, it } from "vitest";
import { buildIcs, type IcsEvent } from "./ics";

const now = new Date("2026-04-01T03:04:05.678Z");

const session: IcsEvent = {
  uid: "session-1@itc-training.example.jp",
  date: "2026-05-20",
  start: "09:30",
  end: "12:00",
  summary: "第1回 集合研修",
  location: "山形市役所 3階会議室",
  description: "持ち物：ノートPC",
};

/** Undoes RFC 5545 folding: a CRLF followed by one space joins the lines. */
function unfold(ics: string): string {
  return ics.replace(/\r\n /g, "");
}

function unfoldedLines(ics: string): string[] {
  return unfold(ics).split("\r\n");
}

describe("buildIcs", () => {
  it("produces the calendar, time zone and event structure", () => {
    const ics = buildIcs({ calendarName: "ITC研修 2026年度 第1期", events: [session], now });
    expect(unfoldedLines(ics)).toEqual([
      "BEGIN:VCALENDAR",
      "VERSION:2.0",
      "PRODID:-//ITC Training//JA",
      "CALSCALE:GREGORIAN",
      "METHOD:PUBLISH",
      "X-WR-CALNAME:ITC研修 2026年度 第1期",
      "X-WR-TIMEZONE:Asia/Tokyo",
      "BEGIN:VTIMEZONE",
      "TZID:Asia/Tokyo",
      "BEGIN:STANDARD",
      "DTSTART:19700101T000000",
      "TZOFFSETFROM:+0900",
      "TZOFFSETTO:+0900",
      "TZNAME:JST",
      "END:STANDARD",
      "END:VTIMEZONE",
      "BEGIN:VEVENT",
      "UID:session-1@itc-training.example.jp",
      "DTSTAMP:20260401T030405Z",
      "DTSTART;TZID=Asia/Tokyo:20260520T093000",
      "DTEND;TZID=Asia/Tokyo:20260520T120000",
      "SUMMARY:第1回 集合研修",
      "LOCATION:山形市役所 3階会議室",
      "DESCRIPTION:持ち物：ノートPC",
      "END:VEVENT",
      "END:VCALENDAR",
      "",
    ]);
  });

  it("uses CRLF line ends only and ends with CRLF", () => {
    const ics = buildIcs({ calendarName: "x", events: [session], now });
    expect(ics.endsWith("END:VCALENDAR\r\n")).toBe(true);
    expect(ics.replace(/\r\n/g, "")).not.toMatch(/[\r\n]/);
  });

  it("omits optional properties and writes one VEVENT per event", () => {
    const ics = buildIcs({
      calendarName: "x",
      events: [
        { uid: "a", date: "2026-05-20", start: "09:30", end: "10:00", summary: "A" },
        { uid: "b", date: "2026-06-03", start: "13:00", end: "17:15", summary: "B" },
      ],
      now,
    });
    const lines = unfoldedLines(ics);
    expect(lines.filter((l) => l === "BEGIN:VEVENT")).toHaveLength(2);
    expect(lines.some((l) => l.startsWith("LOCATION"))).toBe(false);
    expect(lines.some((l) => l.startsWith("DESCRIPTION"))).toBe(false);
    expect(lines).toContain("DTSTART;TZID=Asia/Tokyo:20260603T130000");
    expect(lines).toContain("DTEND;TZID=Asia/Tokyo:20260603T171500");
  });

  it("escapes backslashes, semicolons, commas and newlines", () => {
    const ics = buildIcs({
      calendarName: "a,b;c",
      events: [
        {
          ...session,
          summary: "研修, 第1回; 前半",
          location: "C:\\会場",
          description: "1行目\n2行目\r\n3行目",
        },
      ],
      now,
    });
    const lines = unfoldedLines(ics);
    expect(lines).toContain("X-WR-CALNAME:a\\,b\\;c");
    expect(lines).toContain("SUMMARY:研修\\, 第1回\\; 前半");
    expect(lines).toContain("LOCATION:C:\\\\会場");
    expect(lines).toContain("DESCRIPTION:1行目\\n2行目\\n3行目");
  });

  it("defaults DTSTAMP to the current time", () => {
    const before = Date.now();
    const ics = buildIcs({ calendarName: "x", events: [session] });
    const stamp = /DTSTAMP:(\d{8}T\d{6}Z)/.exec(ics)?.[1] ?? "";
    const iso = stamp.replace(/^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/, "$1-$2-$3T$4:$5:$6Z");
    expect(Math.abs(new Date(iso).getTime() - before)).toBeLessThan(5_000);
  });

  it("folds long Japanese lines at 75 octets without splitting characters", () => {
    const summary = "情報システム部門における地方公共団体情報システム標準化と移行計画の策定演習".repeat(3);
    const description = "あ".repeat(24) + "a" + "😀".repeat(30) + "終";
    const ics = buildIcs({
      calendarName: "x",
      events: [{ ...session, summary, description }],
      now,
    });
    const physical = ics.split("\r\n");
    const encoder = new TextEncoder();
    for (const line of physical) {
      expect(encoder.encode(line).length).toBeLessThanOrEqual(75);
      // A split multi-byte sequence would decode to U+FFFD or a lone surrogate.
      expect(line).not.toMatch(/\uFFFD|[\uD800-\uDBFF](?![\uDC00-\uDFFF])/);
    }
    expect(physical.filter((l) => l.startsWith(" ")).length).toBeGreaterThan(4);
    expect(unfoldedLines(ics)).toContain(`SUMMARY:${summary}`);
    expect(unfoldedLines(ics)).toContain(`DESCRIPTION:${description}`);
  });

  it("fills a folded line to exactly 75 octets when the characters allow it", () => {
    const summary = "a".repeat(200);
    const ics = buildIcs({ calendarName: "x", events: [{ ...session, summary }], now });
    const physical = ics.split("\r\n");
    const start = physical.findIndex((l) => l.startsWith("SUMMARY:"));
    expect(physical[start]).toBe(`SUMMARY:${"a".repeat(67)}`);
    expect(physical[start + 1]).toBe(` ${"a".repeat(74)}`);
    expect(physical[start + 2]).toBe(` ${"a".repeat(59)}`);
  });

  it("rejects invalid events", () => {
    const build = (e: Partial<IcsEvent>): string =>
      buildIcs({ calendarName: "x", events: [{ ...session, ...e }], now });
    expect(() => build({ date: "2026-02-30" })).toThrow(RangeError);
    expect(() => build({ start: "9:30" })).toThrow(RangeError);
    expect(() => build({ end: "24:00" })).toThrow(RangeError);
    expect(() => build({ start: "12:00", end: "12:00" })).toThrow(RangeError);
    expect(() => build({ uid: " " })).toThrow(RangeError);
  });
});
