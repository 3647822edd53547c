// Date helpers for a Japan-only service. Everything a user sees is in Asia/Tokyo, whatever
// time zone the server runs in, so every Intl call passes TIME_ZONE explicitly.
//
// Two kinds of input are distinguished on purpose:
// - a "YYYY-MM-DD" string is a calendar date (a session day, a deadline) and is never shifted;
// - a Date, or any other string, is an instant and is converted to the Tokyo calendar first.

export const TIME_ZONE = "Asia/Tokyo";

/** Japan has observed no DST since 1951, so Tokyo wall-clock time is always UTC+9. */
const TOKYO_OFFSET_MS = 9 * 60 * 60 * 1000;

const ISO_DATE_RE = /^([0-9]{4})-([0-9]{2})-([0-9]{2})$/;
const HHMM_RE = /^([01][0-9]|2[0-3]):([0-5][0-9])$/;
const WEEKDAYS_JA = ["日", "月", "火", "水", "木", "金", "土"] as const;

interface CalendarDate {
  year: number;
  month: number; // 1-12
  day: number;
}

// Built once: constructing Intl formatters is comparatively expensive.
const warekiFormat = new Intl.DateTimeFormat("ja-JP-u-ca-japanese", {
  era: "long",
  year: "numeric",
  month: "long",
  day: "numeric",
  timeZone: TIME_ZONE,
});

function pad(n: number, width = 2): string {
  return String(n).padStart(width, "0");
}

/** A UTC midnight Date; unlike Date.UTC, setUTCFullYear does not map years 0-99 to 1900-1999. */
function utcDate(year: number, monthIndex: number, day: number): Date {
  const d = new Date(0);
  d.setUTCFullYear(year, monthIndex, day);
  return d;
}

function daysInMonth(year: number, month: number): number {
  // Day 0 of the next month is the last day of this one.
  return utcDate(year, month, 0).getUTCDate();
}

function formatIso({ year, month, day }: CalendarDate): string {
  return `${pad(year, 4)}-${pad(month)}-${pad(day)}`;
}

/** Parses a strict "YYYY-MM-DD" calendar date, or returns null. */
function parseIsoDate(s: string): CalendarDate | null {
  const m = ISO_DATE_RE.exec(s);
  if (!m) return null;
  const year = Number(m[1]);
  const month = Number(m[2]);
  const day = Number(m[3]);
  if (month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) return null;
  return { year, month, day };
}

function requireIsoDate(s: string): CalendarDate {
  const d = parseIsoDate(s);
  if (!d) throw new RangeError(`Invalid calendar date (expected YYYY-MM-DD): ${s}`);
  return d;
}

function toInstant(instant: Date | string): Date {
  const d = typeof instant === "string" ? new Date(instant) : instant;
  if (Number.isNaN(d.getTime())) throw new RangeError(`Invalid date: ${String(instant)}`);
  return d;
}

// Japan has kept UTC+9 without daylight saving since 1952, so a fixed offset is exact for
// every date this app handles, and about fifty times cheaper than Intl's formatToParts (this
// runs for every timestamp of a 200-row roster).

function tokyoParts(instant: Date): CalendarDate & { hour: number; minute: number } {
  const shifted = new Date(instant.getTime() + TOKYO_OFFSET_MS);
  return {
    year: shifted.getUTCFullYear(),
    month: shifted.getUTCMonth() + 1,
    day: shifted.getUTCDate(),
    hour: shifted.getUTCHours(),
    minute: shifted.getUTCMinutes(),
  };
}

/** Calendar-date strings are taken as is; anything else is an instant seen from Tokyo. */
function toTokyoCalendarDate(date: Date | string): CalendarDate {
  if (typeof date === "string") {
    const cal = parseIsoDate(date);
    if (cal) return cal;
    if (ISO_DATE_RE.test(date)) throw new RangeError(`Invalid calendar date: ${date}`);
  }
  const { year, month, day } = tokyoParts(toInstant(date));
  return { year, month, day };
}

function weekdayOf({ year, month, day }: CalendarDate): string {
  return WEEKDAYS_JA[utcDate(year, month - 1, day).getUTCDay()] ?? "";
}

function formatCalendarJa(cal: CalendarDate): string {
  return `${cal.year}年${cal.month}月${cal.day}日(${weekdayOf(cal)})`;
}

/** Today's calendar date in Tokyo, "YYYY-MM-DD". */
export function todayInTokyo(now: Date = new Date()): string {
  return tokyoDateOf(now);
}

/** The Tokyo calendar date ("YYYY-MM-DD") on which an instant falls. */
export function tokyoDateOf(instant: Date | string): string {
  const { year, month, day } = tokyoParts(toInstant(instant));
  return formatIso({ year, month, day });
}

/** "2026年5月20日(水)". */
export function formatDateJa(date: Date | string): string {
  return formatCalendarJa(toTokyoCalendarDate(date));
}

/** "2026年5月20日(水) 09:30", in Tokyo time. */
export function formatDateTimeJa(instant: Date | string): string {
  const p = tokyoParts(toInstant(instant));
  return `${formatCalendarJa(p)} ${pad(p.hour)}:${pad(p.minute)}`;
}

/** Japanese-era date, "令和8年5月20日"; the first year of an era is written "元年". */
export function formatWareki(date: Date | string): string {
  // Format Tokyo noon of the calendar date so the Tokyo-zoned formatter cannot shift the day.
  const cal = toTokyoCalendarDate(date);
  const instant = tokyoDateTimeToInstant(formatIso(cal), "12:00");
  // Some ICU versions print "1年" rather than "元年"; rebuild from parts to be sure.
  return warekiFormat
    .formatToParts(instant)
    .map((p) => (p.type === "year" && (p.value === "1" || p.value === "01") ? "元" : p.value))
    .join("");
}

/** "2026年10月8日" for a calendar date (no weekday: the style of certificates and invoices). */
export function formatWestern(date: Date | string): string {
  const { year, month, day } = toTokyoCalendarDate(date);
  return `${year}年${month}月${day}日`;
}

/**
 * A date on a document that leaves the system (certificate, invoice): 和暦 with the western
 * date beside it, "令和8年10月8日（2026年10月8日）".
 */
export function formatDocumentDate(date: Date | string): string {
  return `${formatWareki(date)}（${formatWestern(date)}）`;
}

/** Every "YYYY-MM-DD" in a text (a stored period such as "2026-10-08〜2026-12-01") as a document date. */
export function formatDocumentDatesIn(text: string): string {
  return text.replace(/\b\d{4}-\d{2}-\d{2}\b/g, (iso) => (isIsoDate(iso) ? formatDocumentDate(iso) : iso));
}

/** Japanese fiscal year (年度), which runs April to March: 2026-03-31 → 2025. */
export function fiscalYearOf(date: Date | string): number {
  const { year, month } = toTokyoCalendarDate(date);
  return month >= 4 ? year : year - 1;
}

/** First and last calendar days of a fiscal year. */
export function fiscalYearRange(fy: number): { start: string; end: string } {
  if (!Number.isInteger(fy)) throw new RangeError(`Invalid fiscal year: ${fy}`);
  return { start: `${pad(fy, 4)}-04-01`, end: `${pad(fy + 1, 4)}-03-31` };
}

// By convention a fiscal year is named after the era in force for most of it, so FY2019
// (April 2019, still 平成31年) is 令和元年度 and FY1989 is 平成元年度.
const FISCAL_ERAS: ReadonlyArray<{ name: string; firstFiscalYear: number }> = [
  { name: "令和", firstFiscalYear: 2019 },
  { name: "平成", firstFiscalYear: 1989 },
  { name: "昭和", firstFiscalYear: 1926 },
  { name: "大正", firstFiscalYear: 1912 },
];

/** "2026年度（令和8年度）". */
export function formatFiscalYear(fy: number): string {
  if (!Number.isInteger(fy)) throw new RangeError(`Invalid fiscal year: ${fy}`);
  const era = FISCAL_ERAS.find((e) => fy >= e.firstFiscalYear);
  if (!era) return `${fy}年度`;
  const n = fy - era.firstFiscalYear + 1;
  return `${fy}年度（${era.name}${n === 1 ? "元" : n}年度）`;
}

/**
 * For spreadsheets, which have no time zones: a Date whose UTC fields are the Tokyo wall
 * clock of `date` (a "YYYY-MM-DD" calendar date becomes its UTC midnight, never shifted).
 * Excel shows the UTC fields as they are, so the cell reads as Tokyo time.
 */
export function tokyoWallClock(date: Date | string): Date {
  if (typeof date === "string") {
    const cal = parseIsoDate(date);
    if (cal) return utcDate(cal.year, cal.month - 1, cal.day);
  }
  return new Date(toInstant(date).getTime() + TOKYO_OFFSET_MS);
}

/** True for a real calendar date written exactly as "YYYY-MM-DD" (rejects 2026-02-30). */
export function isIsoDate(s: string): boolean {
  return parseIsoDate(s) !== null;
}

/** Calendar arithmetic on "YYYY-MM-DD"; n may be negative. */
export function addDays(isoDate: string, n: number): string {
  if (!Number.isInteger(n)) throw new RangeError(`Day count must be an integer: ${n}`);
  const { year, month, day } = requireIsoDate(isoDate);
  // UTC has no DST, so adding whole days in UTC is exact calendar arithmetic.
  const d = utcDate(year, month - 1, day + n);
  return formatIso({ year: d.getUTCFullYear(), month: d.getUTCMonth() + 1, day: d.getUTCDate() });
}

/** "月" … "日" for a calendar date. */
export function weekdayJa(isoDate: string): string {
  return weekdayOf(requireIsoDate(isoDate));
}

/** The instant at which Tokyo clocks show the given date and "HH:MM". */
export function tokyoDateTimeToInstant(isoDate: string, hhmm: string): Date {
  const { year, month, day } = requireIsoDate(isoDate);
  const m = HHMM_RE.exec(hhmm);
  if (!m) throw new RangeError(`Invalid time (expected HH:MM): ${hhmm}`);
  const utc = utcDate(year, month - 1, day);
  utc.setUTCHours(Number(m[1]), Number(m[2]));
  return new Date(utc.getTime() - TOKYO_OFFSET_MS);
}
