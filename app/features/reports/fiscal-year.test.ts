import { describe, expect, it } from "vitest";
import { fiscalYearBounds, fiscalYearsBetween, parseFiscalYearParam } from "./fiscal-year";

describe("the fiscal year a report asks for", () => {
  it("defaults to the current fiscal year in Tokyo", () => {
    // 2027-03-31 15:30 UTC is already 1 April in Tokyo: FY2027.
    expect(parseFiscalYearParam(null, new Date("2027-03-31T15:30:00Z"))).toEqual({ ok: true, fiscalYear: 2027 });
    expect(parseFiscalYearParam("", new Date("2027-03-31T14:30:00Z"))).toEqual({ ok: true, fiscalYear: 2026 });
  });
  it("refuses anything but a four-digit year in range", () => {
    for (const bad of ["abc", "26", "2026.5", "１９９９", "1999", "2201", " 2026", "2026-04"])
      expect(parseFiscalYearParam(bad), bad).toEqual({ ok: false });
    expect(parseFiscalYearParam("2026")).toEqual({ ok: true, fiscalYear: 2026 });
  });
});

describe("fiscal-year bounds", () => {
  it("holds 31 March and leaves out 1 April, as dates and as Tokyo instants", () => {
    const b = fiscalYearBounds(2026);
    expect(b).toEqual({
      start: "2026-04-01",
      end: "2027-03-31",
      from: "2026-03-31T15:00:00.000Z",
      until: "2027-03-31T15:00:00.000Z",
    });
    expect("2027-03-31" <= b.end).toBe(true);
    expect("2027-04-01" <= b.end).toBe(false);
  });
  it("lists the years between two dates", () => {
    expect(fiscalYearsBetween("2025-03-31", "2026-04-01")).toEqual([2024, 2025, 2026]);
    expect(fiscalYearsBetween(null, "2026-04-01")).toEqual([]);
  });
});
