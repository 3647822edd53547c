import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it } from "vitest";
import { BarChart, barWidth } from "./bar-chart";

describe("<BarChart>", () => {
  it("draws each bar as a share of the largest, named by its title and the table's caption", () => {
    const html = renderToStaticMarkup(
      <BarChart
        id="hours"
        title="作業の種類ごとの承認時間"
        describedBy="hours-caption"
        bars={[
          { key: "a", label: "相談会", value: 120, valueLabel: "2時間" },
          { key: "b", label: "調達支援", value: 30, valueLabel: "0.5時間" },
          { key: "c", label: "予算", value: 0, valueLabel: "0時間" },
        ]}
      />,
    );
    expect(html).toContain('role="img"');
    expect(html).toContain('aria-labelledby="hours-title"');
    expect(html).toContain('aria-describedby="hours-caption"');
    expect(html).toContain('<title id="hours-title">作業の種類ごとの承認時間</title>');
    expect(html).toContain('width="100.00%"');
    expect(html).toContain('width="25.00%"');
    expect(html).toContain("予算　0時間");
    // Three tracks, two bars: a zero draws no bar.
    expect(html.match(/<rect/g)?.length).toBe(5);
  });

  it("widths stay between 0 and 100 %", () => {
    expect(barWidth(5, 0)).toBe("0%");
    expect(barWidth(150, 100)).toBe("100.00%");
    expect(barWidth(-1, 100)).toBe("0.00%");
  });
});
