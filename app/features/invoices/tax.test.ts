import { describe, expect, it } from "vitest";
import { documentNumber, taxIncludedIn } from "./tax";

describe("consumption tax in a tax-included fee", () => {
  it("is floor(amount × 10 / 110)", () => {
    expect(taxIncludedIn(11_000)).toBe(1_000);
    expect(taxIncludedIn(33_000)).toBe(3_000);
    expect(taxIncludedIn(10_000)).toBe(909); // 909.09…
    expect(taxIncludedIn(1)).toBe(0);
    expect(taxIncludedIn(0)).toBe(0);
    expect(taxIncludedIn(55_555)).toBe(5_050); // 5050.45…
    expect(taxIncludedIn(10_800, 8)).toBe(800);
  });

  it("refuses a fractional or negative amount", () => {
    expect(() => taxIncludedIn(-1)).toThrow();
    expect(() => taxIncludedIn(1.5)).toThrow();
  });
});

describe("document numbers", () => {
  it("name the kind, the fiscal year and a six-digit serial", () => {
    expect(documentNumber("invoice", 2026, 1)).toBe("INV-2026-000001");
    expect(documentNumber("receipt", 2027, 123)).toBe("RCP-2027-000123");
  });
});
