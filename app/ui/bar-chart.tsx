// Horizontal bar charts drawn on the server as SVG (no JavaScript, prints as it shows). Widths
// are percentages of the SVG's own width and text keeps its pixel size, so a chart stays
// readable at 375 px and fills a wide screen or an A4 page without scaling the text. Each bar
// gets its own line: the label and figure above, the bar below, so long Japanese labels never
// collide with the bar. The figures must also be given as a table the chart names with
// `describedBy` (screen readers and print read the table; the SVG is its picture).

export const CHART_COLORS = {
  track: "#f2f2f2",
  bar: "#0031d8",
  barLight: "#9db7f9",
  outline: "#767676",
  marker: "#e25100",
  text: "#1a1a1a",
} as const;

/** A value's share of the largest as an SVG width ("37.50%"), at most the full width. */
export function barWidth(value: number, max: number): string {
  if (max <= 0) return "0%";
  return `${Math.min(100, Math.max(0, (value / max) * 100)).toFixed(2)}%`;
}

export type Bar = { key: string; label: string; value: number; valueLabel: string };

const ROW = 42;
const BAR_Y = 20;
const BAR_H = 14;

export function BarChart({
  id,
  title,
  bars,
  describedBy,
}: {
  id: string;
  title: string;
  bars: Bar[];
  /** The id of the caption of the table that carries the same figures. */
  describedBy: string;
}) {
  const max = Math.max(0, ...bars.map((b) => b.value));
  return (
    <svg
      role="img"
      aria-labelledby={`${id}-title`}
      aria-describedby={describedBy}
      width="100%"
      height={bars.length * ROW + 2}
      className="block overflow-visible"
      data-testid={`${id}-chart`}
    >
      <title id={`${id}-title`}>{title}</title>
      {bars.map((b, i) => {
        const y = i * ROW;
        return (
          <g key={b.key}>
            <text x="0" y={y + 14} fontSize="14" fill={CHART_COLORS.text}>
              {`${b.label}\u3000${b.valueLabel}`}
            </text>
            <rect x="0" y={y + BAR_Y} width="100%" height={BAR_H} fill={CHART_COLORS.track} />
            {b.value > 0 ? (
              <rect x="0" y={y + BAR_Y} width={barWidth(b.value, max)} height={BAR_H} fill={CHART_COLORS.bar} />
            ) : null}
          </g>
        );
      })}
    </svg>
  );
}
