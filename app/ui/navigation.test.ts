import { describe, expect, it } from "vitest";
import { currentNavItem, navItemsFor } from "./navigation";

describe("currentNavItem", () => {
  const staff = navItemsFor(["staff"]);

  it("names the section a page belongs to, however deep", () => {
    expect(currentNavItem(staff, "/staff/certification")?.label).toBe("修了認定");
    expect(currentNavItem(staff, "/staff/certification/programmes/3")?.label).toBe("修了認定");
    expect(currentNavItem(staff, "/staff/renewal/activities/9")?.label).toBe("資格更新の確認");
  });

  it("matches whole path segments only", () => {
    // /staff/reports-old is not under /staff/reports; /dashboard2 is not /dashboard.
    expect(currentNavItem(staff, "/staff/reports-old")).toBeUndefined();
    expect(currentNavItem(staff, "/dashboard2")).toBeUndefined();
  });

  it("names nothing for a page outside the menu", () => {
    expect(currentNavItem(staff, "/notifications")).toBeUndefined();
    expect(currentNavItem(navItemsFor(null), "/staff/certification")).toBeUndefined();
  });
});
