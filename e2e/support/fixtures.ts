import crypto from "node:crypto";
import fs from "node:fs";
import { createRequire } from "node:module";
import AxeBuilder from "@axe-core/playwright";
import { test as base, expect, type Page } from "@playwright/test";
import { openDatabase, type Database } from "../../app/db.server";
import { E2E_DATABASE_LOCATION, E2E_ENGINE } from "./env";
import { uniqueIp } from "./unique";

export const DEMO_PASSWORD = "itc-demo-2026";
export const DEMO = {
  admin: "admin@example.com",
  staff: "staff@example.com",
  trainer: "trainer@example.com",
  trainee: "trainee@example.com",
} as const;
export type DemoRole = keyof typeof DEMO;

let database: Database | undefined;
/** The e2e server's own database, for fixtures that create users and sessions directly. */
export function e2eDb(): Database {
  database ??= openDatabase(E2E_DATABASE_LOCATION);
  return database;
}

/** A session for a demo account, written straight into the database (no sign-in form). */
export async function sessionCookieFor(
  email: string,
): Promise<{ name: string; value: string; domain: string; path: string }> {
  const user = await e2eDb().selectFrom("users").select("id").where("email", "=", email).executeTakeFirstOrThrow();
  const id = crypto.randomBytes(20).toString("hex");
  await e2eDb()
    .insertInto("sessions")
    .values({ id, user_id: user.id, expires_at: Math.floor(Date.now() / 1000) + 3600 })
    .execute();
  return { name: "itc_session", value: id, domain: "localhost", path: "/" };
}

/** A source address no other test uses (kept under its old name: many specs import it). */
export const randomIp = uniqueIp;

type Fixtures = {
  /** Signs the page's context in as a demo account. */
  signInAs: (role: DemoRole | string) => Promise<void>;
};

export const test = base.extend<Fixtures>({
  context: async ({ context }, use) => {
    await context.setExtraHTTPHeaders({ "X-Forwarded-For": randomIp() });
    // `npm run test:calendar`: the runner's clock is the faked one; the pages get the same time.
    if (process.env.E2E_CALENDAR) await context.clock.install({ time: new Date() });
    await use(context);
  },
  signInAs: async ({ context }, use) => {
    await use(async (who) => {
      const email = who in DEMO ? DEMO[who as DemoRole] : who;
      await context.addCookies([await sessionCookieFor(email)]);
    });
  },
});

export { expect };

/** No serious or critical axe-core violation on the page as it is now. */
export async function expectAccessible(page: Page) {
  // The markup does not depend on the engine: axe runs once, in the SQLite half of the suite.
  if (E2E_ENGINE === "postgres") return;
  const results = await runAxe(page);
  const bad = results.violations.filter((v) => v.impact === "serious" || v.impact === "critical");
  expect(
    bad.map((v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(" ")).join(", ")})`),
    `axe violations on ${page.url()}`,
  ).toEqual([]);
}

/**
 * A full-page screenshot for people to look at. The markup does not depend on the engine: like
 * the axe checks, screenshots are taken once, in the SQLite half of the suite.
 */
export async function screenshot(page: Page, path: string) {
  if (E2E_ENGINE === "postgres") return;
  await page.screenshot({ path, fullPage: true });
}

const AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"];
type AxeResults = Awaited<ReturnType<AxeBuilder["analyze"]>>;
// The axe-core that @axe-core/playwright runs, minified (half the parsing of its `source`).
const axeScript = fs.readFileSync(
  createRequire(createRequire(import.meta.url).resolve("@axe-core/playwright")).resolve("axe-core/axe.min.js"),
  "utf8",
);

/**
 * The same rules as `new AxeBuilder({ page }).withTags(AXE_TAGS).analyze()`, at a third of
 * its cost (some 0.7 s a check instead of 2 s, hundreds of checks a run): AxeBuilder opens a
 * blank page per check to merge the results of frames, and injects axe-core twice. The app's
 * pages have no frames, so axe-core runs on the document itself, injected once per document;
 * a page with frames still goes through AxeBuilder. Only violations are collected in full.
 */
async function runAxe(page: Page): Promise<AxeResults> {
  if (page.frames().length > 1) return new AxeBuilder({ page }).withTags(AXE_TAGS).analyze();
  type AxeWindow = { axe?: { run: (context: Document, options: object) => Promise<AxeResults> } };
  if (!(await page.evaluate(() => typeof (window as AxeWindow).axe?.run === "function"))) {
    await page.evaluate(axeScript);
  }
  return page.evaluate((options) => (window as AxeWindow).axe!.run(document, options), {
    runOnly: { type: "tag", values: AXE_TAGS },
    resultTypes: ["violations"],
  });
}
