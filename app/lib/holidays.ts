// Japanese public holidays (国民の祝日 and the days off they cause), computed by the rules of the
// 国民の祝日に関する法律 for 1980–2099 rather than read from a list, so no yearly update is needed.
// Equinox days use the standard approximation formula, which matches the official
// announcements for this range; the government fixes them each February for the next year.

import { isIsoDate } from "./dates";

export const MIN_HOLIDAY_YEAR = 1980;
export const MAX_HOLIDAY_YEAR = 2099;

export interface Holiday {
  date: string; // YYYY-MM-DD
  name: string;
}

const SUBSTITUTE = "振替休日";
const CITIZENS = "国民の休日";
const DAY_MS = 86_400_000;

// One-off days made holidays by special laws (treated as 国民の祝日 for the other rules).
// The 2019 days 4/30 and 5/2 follow from the 国民の休日 rule, so they are not listed here.
const SPECIAL_DAYS: Readonly<Record<string, string>> = {
  "1989-02-24": "昭和天皇の大喪の礼",
  "1990-11-12": "即位礼正殿の儀",
  "1993-06-09": "皇太子徳仁親王の結婚の儀",
  "2019-05-01": "天皇の即位の日",
  "2019-10-22": "即位礼正殿の儀の行われる日",
};

function iso(year: number, month: number, day: number): string {
  return `${String(year).padStart(4, "0")}-${String(month).padStart(2, "0")}-${String(day).padStart(2, "0")}`;
}

/** 0 = Sunday … 6 = Saturday. */
function dayOfWeek(year: number, month: number, day: number): number {
  return new Date(Date.UTC(year, month - 1, day)).getUTCDay();
}

/** Day of month of the n-th Monday (Happy Monday system). */
function nthMonday(year: number, month: number, n: number): number {
  const firstMonday = 1 + ((8 - dayOfWeek(year, month, 1)) % 7);
  return firstMonday + 7 * (n - 1);
}

// Standard approximation (valid 1980–2099): the fractional day drifts by 0.242194 a year and
// is pulled back by one every leap year.
function vernalEquinoxDay(year: number): number {
  return Math.floor(20.8431 + 0.242194 * (year - 1980) - Math.floor((year - 1980) / 4));
}

function autumnalEquinoxDay(year: number): number {
  return Math.floor(23.2488 + 0.242194 * (year - 1980) - Math.floor((year - 1980) / 4));
}

/** The 国民の祝日 themselves (and special-law days), before any derived days off. */
function nationalHolidays(year: number): Map<string, string> {
  const days = new Map<string, string>();
  const add = (month: number, day: number, name: string): void => {
    days.set(iso(year, month, day), name);
  };

  add(1, 1, "元日");
  add(1, year >= 2000 ? nthMonday(year, 1, 2) : 15, "成人の日");
  add(2, 11, "建国記念の日");
  if (year >= 2020) add(2, 23, "天皇誕生日");
  add(3, vernalEquinoxDay(year), "春分の日");
  if (year >= 2007) add(4, 29, "昭和の日");
  else if (year >= 1989) add(4, 29, "みどりの日");
  else add(4, 29, "天皇誕生日");
  add(5, 3, "憲法記念日");
  if (year >= 2007) add(5, 4, "みどりの日");
  add(5, 5, "こどもの日");

  // 2020 and 2021 moved three holidays around the Tokyo Olympics by special law.
  if (year === 2020) {
    add(7, 23, "海の日");
    add(7, 24, "スポーツの日");
    add(8, 10, "山の日");
  } else if (year === 2021) {
    add(7, 22, "海の日");
    add(7, 23, "スポーツの日");
    add(8, 8, "山の日");
  } else {
    if (year >= 2003) add(7, nthMonday(year, 7, 3), "海の日");
    else if (year >= 1996) add(7, 20, "海の日");
    if (year >= 2016) add(8, 11, "山の日");
    if (year >= 2022) add(10, nthMonday(year, 10, 2), "スポーツの日");
    else if (year >= 2000) add(10, nthMonday(year, 10, 2), "体育の日");
    else add(10, 10, "体育の日");
  }

  add(9, year >= 2003 ? nthMonday(year, 9, 3) : 15, "敬老の日");
  add(9, autumnalEquinoxDay(year), "秋分の日");
  add(11, 3, "文化の日");
  add(11, 23, "勤労感謝の日");
  if (year >= 1989 && year <= 2018) add(12, 23, "天皇誕生日");

  for (const [date, name] of Object.entries(SPECIAL_DAYS)) {
    if (date.startsWith(`${year}-`)) days.set(date, name);
  }
  return days;
}

function computeHolidays(year: number): Map<string, string> {
  const national = nationalHolidays(year);
  const all = new Map(national);
  const isoOf = (d: Date): string => iso(d.getUTCFullYear(), d.getUTCMonth() + 1, d.getUTCDate());

  // 振替休日: a 祝日 on Sunday gives a day off. Until 2006 only the Monday after, and only if that
  // Monday was not itself a 祝日; from 2007 the first following day that is not a 祝日.
  for (const date of national.keys()) {
    const d = new Date(`${date}T00:00:00Z`);
    if (d.getUTCDay() !== 0) continue;
    do d.setUTCDate(d.getUTCDate() + 1);
    while (year >= 2007 && national.has(isoOf(d)));
    const next = isoOf(d);
    if (!national.has(next) && next.startsWith(`${year}-`)) all.set(next, SUBSTITUTE);
  }

  // 国民の休日 (from 1986): a non-祝日 day between two 祝日. Until 2006 the law excluded Sundays
  // and 振替休日; from 2007 only 祝日, but a day that is already 振替休日 keeps that name.
  if (year >= 1986) {
    for (let t = Date.UTC(year, 0, 2); t < Date.UTC(year, 11, 31); t += DAY_MS) {
      const date = isoOf(new Date(t));
      if (all.has(date)) continue; // already a 祝日 or 振替休日
      if (!national.has(isoOf(new Date(t - DAY_MS)))) continue;
      if (!national.has(isoOf(new Date(t + DAY_MS)))) continue;
      if (year < 2007 && new Date(t).getUTCDay() === 0) continue;
      all.set(date, CITIZENS);
    }
  }
  return all;
}

const cache = new Map<number, Map<string, string>>();

function holidayMap(year: number): Map<string, string> {
  if (!Number.isInteger(year) || year < MIN_HOLIDAY_YEAR || year > MAX_HOLIDAY_YEAR) {
    // Outside this range the rules (and the equinox formula) are not modelled; refuse rather
    // than silently give wrong answers.
    throw new RangeError(`Holidays are computed for ${MIN_HOLIDAY_YEAR}–${MAX_HOLIDAY_YEAR} only: ${year}`);
  }
  let map = cache.get(year);
  if (!map) {
    map = computeHolidays(year);
    cache.set(year, map);
  }
  return map;
}

/** Name of the holiday on a "YYYY-MM-DD" date, or null for an ordinary day. */
export function japaneseHolidayName(isoDate: string): string | null {
  if (!isIsoDate(isoDate)) throw new RangeError(`Invalid calendar date: ${isoDate}`);
  return holidayMap(Number(isoDate.slice(0, 4))).get(isoDate) ?? null;
}

/** Every holiday of a year, in date order. */
export function holidaysInYear(year: number): Array<{ date: string; name: string }> {
  return [...holidayMap(year)]
    .map(([date, name]) => ({ date, name }))
    .sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : 0));
}

/**
 * 年末年始 (29 December – 3 January): not public holidays except 元日, but city halls (by the
 * 地方自治法 and the usual 休日条例) and the association are closed, so a session then is
 * as unlikely to work as one on a holiday.
 */
export function isYearEndClosure(isoDate: string): boolean {
  const monthDay = isoDate.slice(5, 10);
  return monthDay >= "12-29" || monthDay <= "01-03";
}
