import { addDays } from "~/lib/dates";

// Plan against actual for one placement (issue 14). Pure: the server module gathers the sums
// with a few set-based queries and this file turns them into the figures the page shows.
// Only approved minutes count as verified; submitted (waiting) minutes are shown beside them.

export type KindTotals = {
  taskKindId: number;
  label: string;
  plannedMinutes: number;
  submittedMinutes: number;
  approvedMinutes: number;
};

export type ProgressRow = KindTotals & {
  /** The plan pro rata over the elapsed part of the period. */
  expectedMinutes: number;
  /** Approved minutes per elapsed day × the period's days; null before any day has elapsed. */
  forecastMinutes: number | null;
  /** Approved as a share of the plan (0–100+), null when nothing is planned. */
  approvedPercent: number | null;
};

export type Progress = {
  asOf: string;
  totalDays: number;
  elapsedDays: number;
  phase: "not_started" | "running" | "over";
  rows: ProgressRow[];
  total: ProgressRow;
};

/** Whole days between two ISO dates (b − a). */
export function daysBetween(a: string, b: string): number {
  const [ay, am, ad] = a.split("-").map(Number) as [number, number, number];
  const [by, bm, bd] = b.split("-").map(Number) as [number, number, number];
  return Math.round((Date.UTC(by, bm - 1, bd) - Date.UTC(ay, am - 1, ad)) / 86_400_000);
}

/**
 * The date up to which the placement is measured: today, but never past the planned end nor
 * past the day the placement actually ended.
 */
export function progressDate(input: { today: string; endDate: string; endedOn: string | null }): string {
  let d = input.today;
  if (input.endDate < d) d = input.endDate;
  if (input.endedOn && input.endedOn < d) d = input.endedOn;
  return d;
}

function row(base: KindTotals, elapsedDays: number, totalDays: number): ProgressRow {
  const share = totalDays > 0 ? elapsedDays / totalDays : 0;
  return {
    ...base,
    expectedMinutes: Math.round(base.plannedMinutes * share),
    forecastMinutes: elapsedDays > 0 ? Math.round((base.approvedMinutes / elapsedDays) * totalDays) : null,
    approvedPercent: base.plannedMinutes > 0 ? Math.round((base.approvedMinutes / base.plannedMinutes) * 100) : null,
  };
}

export function computeProgress(input: {
  startDate: string;
  endDate: string;
  today: string;
  endedOn: string | null;
  kinds: KindTotals[];
}): Progress {
  const totalDays = Math.max(1, daysBetween(input.startDate, input.endDate) + 1);
  const asOf = progressDate(input);
  const elapsedDays = Math.min(totalDays, Math.max(0, daysBetween(input.startDate, asOf) + 1));
  const phase = elapsedDays === 0 ? "not_started" : asOf >= input.endDate || input.endedOn ? "over" : "running";
  const rows = input.kinds.map((k) => row(k, elapsedDays, totalDays));
  const sum = (f: (k: KindTotals) => number) => input.kinds.reduce((s, k) => s + f(k), 0);
  const total = row(
    {
      taskKindId: 0,
      label: "合計",
      plannedMinutes: sum((k) => k.plannedMinutes),
      submittedMinutes: sum((k) => k.submittedMinutes),
      approvedMinutes: sum((k) => k.approvedMinutes),
    },
    elapsedDays,
    totalDays,
  );
  return { asOf, totalDays, elapsedDays, phase, rows, total };
}

/** "12.5時間": minutes as hours with at most one decimal. */
export function formatHours(minutes: number | null): string {
  if (minutes == null) return "—";
  const h = Math.round((minutes / 60) * 10) / 10;
  return `${h.toLocaleString("ja-JP")}時間`;
}

/** The last day of the period as an exclusive bound, for date filters. */
export function dayAfter(isoDate: string): string {
  return addDays(isoDate, 1);
}
