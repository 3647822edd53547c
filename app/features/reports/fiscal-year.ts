import { fiscalYearOf, tokyoDateTimeToInstant, fiscalYearRange, addDays } from "~/lib/dates";

// The fiscal year a report page or CSV asks for (`?fy=2026`), and the bounds of a fiscal year
// for the three kinds of date the tables hold.

export const MIN_FISCAL_YEAR = 2000;
export const MAX_FISCAL_YEAR = 2200;

export type FiscalYearParam = { ok: true; fiscalYear: number } | { ok: false };

/** No `fy`: the current fiscal year in Tokyo. A present but bad value is refused, not guessed. */
export function parseFiscalYearParam(value: string | null, now: Date = new Date()): FiscalYearParam {
  if (value === null || value === "") return { ok: true, fiscalYear: fiscalYearOf(now) };
  if (!/^[0-9]{4}$/.test(value)) return { ok: false };
  const fy = Number(value);
  if (fy < MIN_FISCAL_YEAR || fy > MAX_FISCAL_YEAR) return { ok: false };
  return { ok: true, fiscalYear: fy };
}

export type FiscalYearBounds = {
  /** Calendar dates, inclusive: "2026-04-01" … "2027-03-31". */
  start: string;
  end: string;
  /** Instants (ISO UTC, as the tables store them), half-open: [from, until). */
  from: string;
  until: string;
};

/** A fiscal year as date bounds (for YYYY-MM-DD columns) and instant bounds (for timestamps). */
export function fiscalYearBounds(fy: number): FiscalYearBounds {
  const { start, end } = fiscalYearRange(fy);
  return {
    start,
    end,
    from: tokyoDateTimeToInstant(start, "00:00").toISOString(),
    until: tokyoDateTimeToInstant(addDays(end, 1), "00:00").toISOString(),
  };
}

/** Every fiscal year from the one of `first` to the one of `last` (dates or instants). */
export function fiscalYearsBetween(first: string | null, last: string | null): number[] {
  if (!first || !last) return [];
  const a = Math.max(MIN_FISCAL_YEAR, fiscalYearOf(first));
  const b = Math.min(MAX_FISCAL_YEAR, fiscalYearOf(last));
  const years: number[] = [];
  for (let y = a; y <= b; y++) years.push(y);
  return years;
}
