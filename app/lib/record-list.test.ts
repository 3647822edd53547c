import { describe, expect, it } from "vitest";
import { ConflictError } from "./errors";
import { containsPattern } from "./list-search.server";
import {
  BulkScopeSchema,
  LIST_SEARCH_MAX,
  listSearchParam,
  listSearchText,
  requireExpectedCount,
  scopeFields,
  withFilters,
} from "./record-list";

describe("listSearchText", () => {
  it("folds full-width and half-width input with NFKC and trims", () => {
    expect(listSearchText("　ＳＡＴＯ　健一 ")).toBe("SATO 健一");
    expect(listSearchText("ｽｽﾞｷ")).toBe("スズキ");
  });

  it("drops control, format and lone surrogate characters and collapses whitespace", () => {
    expect(listSearchText("山形\u0000市\u202e")).toBe("山形市");
    expect(listSearchText("鈴木\t\n 美咲")).toBe("鈴木 美咲");
    expect(listSearchText("a\ud800b\udfffc")).toBe("abc");
    expect(listSearchText("\u200b")).toBe("");
  });

  it("cuts a long search at the limit without splitting a surrogate pair", () => {
    expect(listSearchText("あ".repeat(5000))).toBe("あ".repeat(LIST_SEARCH_MAX));
    const emoji = "😀".repeat(LIST_SEARCH_MAX + 5);
    const cut = listSearchText(emoji);
    expect([...cut]).toHaveLength(LIST_SEARCH_MAX);
    expect(/\p{Cs}/u.test(cut)).toBe(false);
  });

  it("treats anything but a string as no search", () => {
    expect(listSearchParam.parse(undefined)).toBe("");
    expect(listSearchParam.parse(["a", "b"])).toBe("");
    expect(listSearchParam.parse(42)).toBe("");
  });
});

describe("containsPattern", () => {
  it("folds as the stored search text does and escapes LIKE wildcards", () => {
    expect(containsPattern("ＳＡＴＯ")).toBe("%sato%");
    expect(containsPattern("スズキ")).toBe("%すずき%");
    expect(containsPattern("100%_\\")).toBe("%100\\%\\_\\\\%");
    expect(containsPattern("  ")).toBeNull();
  });
});

describe("withFilters", () => {
  it("keeps the filters, drops page and notices, applies changes", () => {
    expect(withFilters("/x.csv", "?q=%E5%B1%B1&page=3&notice=approved&status=pending")).toBe(
      "/x.csv?q=%E5%B1%B1&status=pending",
    );
    expect(withFilters("/x", "?q=a&status=enrolled", { q: null })).toBe("/x?status=enrolled");
    expect(withFilters("/x", "", { q: "" })).toBe("/x");
    expect(withFilters("/x", "?sampled=3", { q: "b" })).toBe("/x?q=b");
  });
});

describe("BulkScopeSchema", () => {
  it("defaults to the ticked rows of the page", () => {
    expect(BulkScopeSchema.parse({})).toEqual({ scope: "page", q: "" });
  });

  it("reads all matching with its search and count", () => {
    expect(BulkScopeSchema.parse({ scope: "matching", q: " ｻﾄｳ ", expected: "12" })).toEqual({
      scope: "matching",
      q: "サトウ",
      expected: 12,
    });
  });

  it("refuses a forged scope or count with a Japanese message", () => {
    const bad = BulkScopeSchema.safeParse({ scope: "everything", expected: "-1" });
    expect(bad.success).toBe(false);
    const messages = bad.error!.issues.map((i) => i.message);
    expect(messages).toContain("選択の範囲が正しくありません。");
    expect(messages).toContain("件数が正しくありません。画面を更新してください。");
  });
});

describe("requireExpectedCount", () => {
  it("passes when the server's count is the count shown", () => {
    expect(() => requireExpectedCount(3, 3)).not.toThrow();
  });

  it("refuses a changed list, a missing count and an empty match", () => {
    expect(() => requireExpectedCount(3, 4)).toThrow(ConflictError);
    expect(() => requireExpectedCount(3, 4)).toThrow(/表示したときは3件でしたが、いまは4件/);
    expect(() => requireExpectedCount(undefined, 4)).toThrow(ConflictError);
    expect(() => requireExpectedCount(0, 0)).toThrow(/一致するものがありません/);
  });
});

describe("scopeFields", () => {
  it("keeps only the scope's fields, so ticked rows beside it are not a repeated field", () => {
    const form = new FormData();
    form.append("scope", "matching");
    form.append("q", "佐藤");
    form.append("expected", "3");
    form.append("entryIds", "1:1");
    form.append("entryIds", "2:1");
    expect([...scopeFields(form).entries()]).toEqual([
      ["scope", "matching"],
      ["q", "佐藤"],
      ["expected", "3"],
    ]);
  });
});
