import { describe, expect, it } from "vitest";
import { cryptoRandom, draw, seededRandom, shuffle } from "./random";

describe("random", () => {
  const items = Array.from({ length: 10 }, (_, i) => i + 1);

  it("a seed repeats its shuffle; another seed gives another order", () => {
    expect(shuffle(items, seededRandom(1))).toEqual(shuffle(items, seededRandom(1)));
    expect(shuffle(items, seededRandom(1))).not.toEqual(shuffle(items, seededRandom(2)));
    expect([...shuffle(items, seededRandom(1))].sort((a, b) => a - b)).toEqual(items);
    // The input is left as it was.
    expect(items).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
  });

  it("draws the size asked, without repeats, all when asked for more", () => {
    const three = draw(items, 3, seededRandom(7));
    expect(three).toHaveLength(3);
    expect(new Set(three).size).toBe(3);
    expect(three.every((x) => items.includes(x))).toBe(true);
    expect(draw(items, 20, seededRandom(7))).toHaveLength(10);
    expect(draw(items, 0, seededRandom(7))).toEqual([]);
  });

  it("the crypto source stays in range and refuses a bad bound", () => {
    for (let i = 0; i < 200; i++) {
      const n = cryptoRandom(3);
      expect(Number.isInteger(n) && n >= 0 && n < 3).toBe(true);
    }
    expect(cryptoRandom(1)).toBe(0);
    expect(() => cryptoRandom(0)).toThrow(RangeError);
    expect(shuffle(items)).toHaveLength(10);
  });

  it("a seeded source spreads over every value (no value left out)", () => {
    const random = seededRandom(42);
    const seen = new Set(Array.from({ length: 500 }, () => random(5)));
    expect([...seen].sort()).toEqual([0, 1, 2, 3, 4]);
  });
});
