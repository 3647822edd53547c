// A form on a page opened directly (the server's HTML, then hydration) is sent by Remix with
// fetch once the page has hydrated, never as a full document POST. React's ids (useId) must
// come out the same on the server and in the browser for that: when the two trees differ,
// React logs "The submit event is dispatched by form#… instead of form#…" and the browser
// falls back to posting the document.
import type { Page } from "@playwright/test";
import { expect, test, type DemoRole } from "./support/fixtures";

const PAGES: { path: string; as?: DemoRole }[] = [
  { path: "/login" },
  { path: "/register" },
  { path: "/engagements/new", as: "trainer" },
  { path: "/staff/courses/new", as: "staff" },
];

async function submitFirstForm(page: Page) {
  const form = page.locator("main form[method='post']").first();
  const [request] = await Promise.all([
    page.waitForRequest((r) => r.method() === "POST"),
    form.locator('button[type="submit"]').last().click(),
  ]);
  return request;
}

for (const { path, as } of PAGES) {
  test(`a form on ${path}, opened directly, is sent by fetch once hydrated`, async ({ page, signInAs }) => {
    if (as) await signInAs(as);
    const messages: string[] = [];
    page.on("console", (m) => messages.push(m.text()));
    await page.goto(path);
    await page.locator("html[data-hydrated='true']").waitFor();
    // A form that validates in the browser sends nothing while empty: break one field's rule
    // only on the server (none of these forms accepts a bare space everywhere).
    await page.evaluate(() => {
      for (const input of document.querySelectorAll<HTMLInputElement>("main form input:not([type=hidden])")) {
        input.removeAttribute("required");
        input.removeAttribute("pattern");
        input.removeAttribute("minlength");
        if (input.type === "email" || input.type === "url") input.type = "text";
      }
      for (const f of document.querySelectorAll("main form")) f.setAttribute("novalidate", "");
    });
    const request = await submitFirstForm(page);
    expect(request.isNavigationRequest(), `${path}: the POST was a document request`).toBe(false);
    expect(new URL(request.url()).pathname + new URL(request.url()).search).toMatch(/\.data(\?|$)|[?&]_data=/);
    expect(messages.filter((m) => m.includes("The submit event is dispatched by"))).toEqual([]);
  });
}
