// One shared formatter: Number#toLocaleString builds a new Intl.NumberFormat on every call,
// which costs tens of microseconds and adds up on long tables.
const grouped = new Intl.NumberFormat("ja-JP");

/** 12345 → "12,345" (Japanese digit grouping). */
export function formatNumber(n: number): string {
  return grouped.format(n);
}
