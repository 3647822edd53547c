import { describe, expect, it } from "vitest";
import { MUNICIPALITY_SIZES, TRAVEL_RANGES } from "~/features/vocabulary/ojt-kinds";
import {
  indexCandidates,
  scorePair,
  sizeOf,
  topSuggestions,
  topSuggestionsIndexed,
  type ScoringEngagement,
} from "./scoring";

const base: ScoringEngagement = {
  prefecture_code: "06",
  themes_mask: 0b11,
  ojt_slots: 3,
  slots_taken: 0,
  trainer_load: 0,
  population: 242692,
  municipality_kind: "core_city",
  start_fiscal_year: 2026,
  end_fiscal_year: 2027,
};
const app = {
  prefectures: ["06"],
  travel_range: "region" as const,
  themes_mask: 0b111,
  preferred_size: "large" as const,
  available_from: "2026-06-01",
  available_to: "2027-03-31",
};

describe("scorePair", () => {
  it("explains every part and sums to the total", () => {
    const s = scorePair(app, base)!;
    expect(s.parts.map((p) => [p.key, p.points, p.max])).toEqual([
      ["region", 40, 40],
      ["themes", 20, 30],
      ["slots", 10, 10],
      ["load", 10, 10],
      ["size", 10, 10],
    ]);
    expect(s.total).toBe(90);
    expect(s.parts[4]!.reason).toBe("大規模（希望どおり）");
  });
  it("gives less to a neighbour, a busy trainer, a last slot and another size", () => {
    const s = scorePair(app, {
      ...base,
      prefecture_code: "04",
      trainer_load: 2,
      slots_taken: 2,
      municipality_kind: "town_village",
      population: 8000,
    })!;
    expect(s.parts.map((p) => p.points)).toEqual([20, 20, 6, 4, 0]);
    expect(s.parts[0]!.reason).toBe("近隣（東北地方・宮城県）");
  });
  it("excludes what is out of reach or out of the period", () => {
    expect(scorePair({ ...app, travel_range: "prefecture" }, { ...base, prefecture_code: "04" })).toBeNull();
    expect(scorePair(app, { ...base, prefecture_code: "13" })).toBeNull();
    expect(
      scorePair({ ...app, travel_range: "nationwide" }, { ...base, prefecture_code: "47" })!.parts[0]!.points,
    ).toBe(5);
    expect(scorePair(app, { ...base, start_fiscal_year: 2028, end_fiscal_year: 2029 })).toBeNull();
  });
  it("classifies municipality size by kind and population", () => {
    expect(sizeOf("designated_city", null)).toBe("large");
    expect(sizeOf("city", 250_000)).toBe("large");
    expect(sizeOf("city", 87_086)).toBe("medium");
    expect(sizeOf("city", 30_000)).toBe("small");
    expect(sizeOf("town_village", null)).toBe("small");
  });
});

describe("topSuggestionsIndexed", () => {
  it("returns exactly what scoring every engagement returns", () => {
    let seed = 7;
    const random = () => (seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648;
    const pref = () => String(1 + Math.floor(random() * 47)).padStart(2, "0");
    const engagements = Array.from({ length: 600 }, (_, id) => ({
      ...base,
      id,
      prefecture_code: pref(),
      themes_mask: 1 + Math.floor(random() * 127),
      ojt_slots: 2,
      slots_taken: Math.floor(random() * 2),
      trainer_load: Math.floor(random() * 4),
      population: Math.floor(random() * 500_000),
      municipality_kind: random() < 0.5 ? ("city" as const) : ("town_village" as const),
      start_fiscal_year: 2025 + Math.floor(random() * 3),
    }));
    const index = indexCandidates(engagements);
    for (let i = 0; i < 200; i++) {
      const a = {
        ...app,
        prefectures: [pref(), pref()],
        travel_range: TRAVEL_RANGES[i % 3]!,
        preferred_size: MUNICIPALITY_SIZES[i % 4]!,
        themes_mask: 1 + Math.floor(random() * 127),
      };
      const expected = topSuggestions(a, engagements, 3);
      const actual = topSuggestionsIndexed(a, index, 3);
      expect(actual.reachable).toBe(expected.reachable);
      expect(actual.suggestions.map((s) => [s.engagement.id, s.score.total])).toEqual(
        expected.suggestions.map((s) => [s.engagement.id, s.score.total]),
      );
    }
  });
});
