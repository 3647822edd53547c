import { describe, expect, it } from "vitest";
import { renewalFiscalYearParam } from "./fiscal-year-param";

describe("renewalFiscalYearParam", () => {
  it("defaults to the current fiscal year in Tokyo", () => {
    // 2027-03-31 15:30 UTC is 2027-04-01 in Tokyo: fiscal year 2027.
    expect(renewalFiscalYearParam(null, new Date("2027-03-31T15:30:00Z"))).toBe(2027);
    expect(renewalFiscalYearParam("", new Date("2027-03-31T14:30:00Z"))).toBe(2026);
  });
  it("takes a four-digit year in range and refuses anything else", () => {
    expect(renewalFiscalYearParam("2026")).toBe(2026);
    for (const bad of ["abc", "20x6", "1999", "2101", "２０２６", "2026.0", " 2026"])
      expect(renewalFiscalYearParam(bad), bad).toBeNull();
  });
});
