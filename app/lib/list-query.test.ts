import { describe, expect, it } from "vitest";
import { z } from "zod";
import { choiceParam, pageCount, pageOffset, pageParam, prefectureParam, searchTextParam } from "./list-query";

describe("list query fields", () => {
  const Schema = z.object({
    q: searchTextParam,
    prefecture: prefectureParam,
    kind: choiceParam(["a", "b"]),
    page: pageParam,
  });

  it("keeps good values", () => {
    expect(Schema.parse({ q: " 山形 ", prefecture: "06", kind: "b", page: "3" })).toEqual({
      q: "山形",
      prefecture: "06",
      kind: "b",
      page: 3,
    });
  });

  it("replaces each unusable value by its default and keeps the others", () => {
    expect(Schema.parse({ q: "x".repeat(101), prefecture: "6", kind: "c", page: "-2" })).toEqual({
      q: "",
      prefecture: "",
      kind: "",
      page: 1,
    });
    expect(Schema.parse({ q: "山形", page: "abc" })).toEqual({ q: "山形", prefecture: "", kind: "", page: 1 });
  });
});

describe("paging", () => {
  it("counts pages, with one page for an empty list", () => {
    expect(pageCount(0, 50)).toBe(1);
    expect(pageCount(50, 50)).toBe(1);
    expect(pageCount(51, 50)).toBe(2);
  });

  it("skips the rows of the pages before", () => {
    expect(pageOffset(1, 20)).toBe(0);
    expect(pageOffset(3, 20)).toBe(40);
  });
});
