import { describe, expect, it } from "vitest";
import { formatNumber } from "./numbers";

describe("formatNumber", () => {
  it("groups digits the Japanese way", () => {
    expect(formatNumber(0)).toBe("0");
    expect(formatNumber(5500)).toBe("5,500");
    expect(formatNumber(1234567)).toBe("1,234,567");
    expect(formatNumber(-220000)).toBe("-220,000");
  });
});
