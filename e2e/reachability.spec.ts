import { request as playwrightRequest } from "@playwright/test";
import { catalogRules } from "./authorization/catalog";
import { certificateDocumentRules } from "./authorization/certificate-documents";
import { engagementRules } from "./authorization/engagements";
import { foundationRules } from "./authorization/foundation";
import { invoiceRules } from "./authorization/invoices";
import { logbookFileRules } from "./authorization/logbook-files";
import { renewalStaffRules } from "./authorization/renewal-staff";
import { renewalItcRules } from "./authorization/renewal";
import { reportRules } from "./authorization/reports";
import type { AccessRule } from "./authorization/types";
import { DEMO, expect, randomIp, sessionCookieFor, test } from "./support/fixtures";
import { E2E_PORT } from "./support/env";

// Issue 11, item 8: every page a visitor may use is reachable by following links from where
// they start (the dashboard and its navigation; the home page for anonymous visitors). A
// bounded crawl over same-site links collects the route patterns it reaches; every GET page
// of the authorization table that the visitor may open must be among them.
const rules: AccessRule[] = [
  ...foundationRules,
  ...catalogRules,
  ...engagementRules,
  ...logbookFileRules,
  ...certificateDocumentRules,
  ...reportRules,
  ...invoiceRules,
  ...renewalStaffRules,
  ...renewalItcRules,
];
const visitors = ["anonymous", "trainee", "trainer", "staff", "admin"] as const;
type Visitor = (typeof visitors)[number];
const baseURL = `http://localhost:${E2E_PORT}`;

// Pages deliberately reached another way than by a link, per visitor, each with its reason.
// Record pages (a cohort's attendance sheet, an enrolment, a placement) are reached from
// their record, which the crawl follows. Add an entry only with a comment.
const FROM_EMAIL = {
  // Confirmation, invitation, reset and unlock links are opened from the e-mail, never a page.
  "/account/link/not-a-token": "single-use links sent by e-mail",
  // The municipal counterpart's confirmation link (no account), sent by e-mail.
  "/counterpart/not-a-token": "the counterpart's single-use confirmation link sent by e-mail",
  "/counterpart/done": "shown only after answering through that link",
  "/check-in/:id": "reached by scanning the QR code on the room's screen, or the online session's link",
};
const ALLOWED_UNLINKED: Record<Visitor, Record<string, string>> = {
  anonymous: { ...FROM_EMAIL },
  trainee: { ...FROM_EMAIL },
  trainer: { ...FROM_EMAIL },
  staff: { ...FROM_EMAIL },
  admin: { ...FROM_EMAIL },
};

/** The route pattern of a path: numeric segments (ids, municipality codes) become ":id". */
export function routePattern(path: string): string {
  const pathname = path.split(/[?#]/)[0]!;
  return pathname.replace(/\/\d+(?=\/|$)/g, "/:id");
}

// Downloads (CSV, calendars, invoice PDFs) and assets are not pages.
const NOT_PAGES = /\.(csv|ics|pdf|css|js|png|svg|ico|woff2?|webmanifest)$/;

function linksIn(html: string): string[] {
  const hrefs: string[] = [];
  for (const m of html.matchAll(/<a\b[^>]*\shref="([^"]*)"/g)) {
    const href = m[1]!.replace(/&amp;/g, "&");
    if (!href.startsWith("/") || href.startsWith("//")) continue;
    hrefs.push(href.split("#")[0]!);
  }
  return hrefs;
}

function requiredPatterns(visitor: Visitor): string[] {
  const patterns = rules
    .filter((r) => (r.method ?? "GET") === "GET" && r[visitor] === 200)
    .map((r) => routePattern(r.path))
    .filter((p) => p !== "/healthz" && !NOT_PAGES.test(p));
  return [...new Set(patterns)].filter((p) => !(p in ALLOWED_UNLINKED[visitor]));
}

for (const visitor of visitors) {
  test(`every page ${visitor} may use is reachable by links`, async () => {
    test.setTimeout(90_000);
    const cookie = visitor === "anonymous" ? null : await sessionCookieFor(DEMO[visitor]);
    const api = await playwrightRequest.newContext({
      baseURL,
      extraHTTPHeaders: {
        "X-Forwarded-For": randomIp(),
        ...(cookie ? { Cookie: `${cookie.name}=${cookie.value}` } : {}),
      },
    });
    const start = visitor === "anonymous" ? "/" : "/dashboard";
    const reached = new Set<string>([routePattern(start)]);
    const visitsPerPattern = new Map<string, number>();
    const queue = [start];
    // One visit per path, without its query string: filter and sort variants of a list lead
    // to the same kinds of pages, and the first variant linked may be a filter with no rows.
    const queuedPaths = new Set([start]);
    // Bounded: at most eight paths of each pattern are opened (enough to meet a cohort with a
    // past session and one without), 600 pages in all.
    let visits = 0;
    while (queue.length > 0 && visits < 600) {
      const path = queue.shift()!;
      const pattern = routePattern(path);
      const seen = visitsPerPattern.get(pattern) ?? 0;
      if (seen >= 8) continue;
      visitsPerPattern.set(pattern, seen + 1);
      visits++;
      const response = await api.get(path, { maxRedirects: 0 });
      if (response.status() !== 200 || !(response.headers()["content-type"] ?? "").includes("text/html")) continue;
      for (const href of linksIn(await response.text())) {
        const p = routePattern(href);
        reached.add(p);
        const pathname = href.split("?")[0]!;
        if (NOT_PAGES.test(p) || p === "/logout" || queuedPaths.has(pathname)) continue;
        queuedPaths.add(pathname);
        queue.push(pathname);
      }
    }
    await api.dispose();
    const missing = requiredPatterns(visitor).filter((p) => !reached.has(p));
    expect(missing, `pages ${visitor} may open but no link leads to`).toEqual([]);
  });
}
