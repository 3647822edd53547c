import { fiscalYearOf } from "~/lib/dates";

// The fiscal year the staff's renewal pages and CSV ask for (`?fy=2026`): none means the
// current one in Tokyo; a present but bad value is refused (400), not guessed.

export const BAD_FISCAL_YEAR = "年度の指定が正しくありません。2000〜2100の西暦の年（例：2026）で指定してください。";

/** The fiscal year of `?fy=`, or null when it is present and not a year from 2000 to 2100. */
export function renewalFiscalYearParam(value: string | null, now: Date = new Date()): number | null {
  if (value === null || value === "") return fiscalYearOf(now);
  if (!/^[0-9]{4}$/.test(value)) return null;
  const fy = Number(value);
  return fy >= 2000 && fy <= 2100 ? fy : null;
}
