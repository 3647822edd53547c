import { describe, expect, it } from "vitest";
import { formatNumber } from "./numbers";

describe("formatNumber", () => {
  it("groups digits the Japanese way", () => {
    expect(formatNumber(0)).toBe("0");
    expect(formatNumber(5500)).toBe("5,500");
    expect(formatNumber(1234567)).toBe("1,234,567");
    expect(formatNumber(-220000)).toBe("-220,000");
  });

  it("agrees with Intl for integers of every length and for fractions", () => {
    const intl = new Intl.NumberFormat("ja-JP");
    const samples = [1, 12, 123, 1234, 12345, 123456, 1234567, 12345678, 100000000, Number.MAX_SAFE_INTEGER];
    for (const n of [...samples, ...samples.map((x) => -x), 0.5, 1234.56, -9876.5])
      expect(formatNumber(n)).toBe(intl.format(n));
  });
});
