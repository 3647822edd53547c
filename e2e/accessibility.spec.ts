import { catalogRules } from "./authorization/catalog";
import { engagementRules } from "./authorization/engagements";
import { foundationRules } from "./authorization/foundation";
import { renewalItcRules } from "./authorization/renewal";
import type { AccessRule } from "./authorization/types";
import { expect, expectAccessible, test } from "./support/fixtures";

// Every page of the authorization table that some visitor may open gets an axe-core check,
// so a new route cannot ship without one. The same sweep checks that each page hydrates
// (entry.client.tsx marks <html data-hydrated>) without a console error or an uncaught
// exception: a hydration mismatch (React #418) shows up as either. Each page is checked once, as the first visitor
// below who may see it; the journeys check error and filled-in states on top of this.
const rules: AccessRule[] = [...foundationRules, ...catalogRules, ...engagementRules, ...renewalItcRules];
const visitors = ["anonymous", "trainee", "trainer", "staff", "admin"] as const;

const seen = new Set<string>();
const pagesFor = Object.fromEntries(
  visitors.map((visitor) => {
    const paths = rules
      .filter((r) => (r.method ?? "GET") === "GET" && r[visitor] === 200 && !/\.(csv|ics|xlsx)(\?|$)/.test(r.path))
      .map((r) => r.path)
      .filter((p) => p !== "/healthz" && !seen.has(p));
    for (const p of paths) seen.add(p);
    return [visitor, paths];
  }),
) as Record<(typeof visitors)[number], string[]>;

for (const visitor of visitors) {
  test(`every page ${visitor} may open passes the axe check`, async ({ page, signInAs }) => {
    // Generous: axe takes seconds a page on a busy machine, and staff see some forty pages.
    test.setTimeout(360_000);
    const pages = pagesFor[visitor];
    expect(pages.length, "the table lists pages for this visitor").toBeGreaterThan(0);
    if (visitor !== "anonymous") await signInAs(visitor);
    const errors: string[] = [];
    page.on("console", (message) => {
      if (message.type() === "error") errors.push(`${page.url()}: console: ${message.text()}`);
    });
    page.on("pageerror", (error) => errors.push(`${page.url()}: page error: ${error.message}`));
    for (const path of pages) {
      const response = await page.goto(path);
      expect(response?.status(), path).toBe(200);
      await expect(page.locator("html"), `${path} hydrates`).toHaveAttribute("data-hydrated", "true", {
        timeout: 20_000,
      });
      expect.soft(errors.splice(0), `${path} loads and hydrates without errors`).toEqual([]);
      // Japanese pages only: the document language is what screen readers pronounce by.
      await expect(page.locator("html")).toHaveAttribute("lang", "ja");
      await expectAccessible(page);
    }
  });
}
