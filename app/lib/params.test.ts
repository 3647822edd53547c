import { describe, expect, it } from "vitest";
import { NotFoundError } from "./errors";
import { idParam, parseId } from "./params";

describe("idParam", () => {
  it("reads a positive integer id from the route parameters", () => {
    expect(idParam({ cohortId: "42" }, "cohortId")).toBe(42);
    expect(parseId("9007199254740991", "講座")).toBe(Number.MAX_SAFE_INTEGER);
  });

  it.each([undefined, "", "0", "-1", "1.5", "abc", "1e3", " 7", "07", "9007199254740993"])(
    "answers 404 with the thing's name for %j",
    (value) => {
      const call = () => idParam({ cohortId: value }, "cohortId");
      expect(call).toThrow(NotFoundError);
      expect(call).toThrow("開催回が見つかりません。");
    },
  );

  it("names the thing given for a plain `id` parameter", () => {
    expect(() => idParam({ id: "x" }, "id", "案件")).toThrow("案件が見つかりません。");
  });
});
