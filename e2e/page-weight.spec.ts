import type { CDPSession, Page } from "@playwright/test";
import { expect, test } from "./support/fixtures";

// Issue 11, item 11: a first visit stays light. Budgets (transferred, compressed): at most
// 350 KB for the whole page and 150 KB of JavaScript; responses compressed; no validation
// library in the browser. `npm run bench` measures the same under a throttled network.
const TOTAL_BUDGET = 350 * 1024;
const SCRIPT_BUDGET = 150 * 1024;

type Loaded = { url: string; type: string; encoded: number; encoding: string | undefined };

async function record(page: Page): Promise<{ cdp: CDPSession; loaded: Loaded[] }> {
  const cdp = await page.context().newCDPSession(page);
  const pending = new Map<string, Omit<Loaded, "encoded">>();
  const loaded: Loaded[] = [];
  cdp.on("Network.responseReceived", (e) => {
    const headers = Object.fromEntries(Object.entries(e.response.headers).map(([k, v]) => [k.toLowerCase(), v]));
    pending.set(e.requestId, { url: e.response.url, type: e.type, encoding: headers["content-encoding"] });
  });
  cdp.on("Network.loadingFinished", (e) => {
    const r = pending.get(e.requestId);
    if (r) loaded.push({ ...r, encoded: e.encodedDataLength });
  });
  await cdp.send("Network.enable");
  await cdp.send("Network.setCacheDisabled", { cacheDisabled: true });
  return { cdp, loaded };
}

const sum = (xs: Loaded[]) => xs.reduce((n, x) => n + x.encoded, 0);

for (const visit of [
  { name: "the catalog, signed out", path: "/courses", as: null },
  { name: "the trainee's dashboard", path: "/dashboard", as: "trainee" },
] as const) {
  test(`a first visit to ${visit.name} stays within the page-weight budget`, async ({ page, signInAs }) => {
    if (visit.as) await signInAs(visit.as);
    const { loaded } = await record(page);
    await page.goto(visit.path, { waitUntil: "networkidle" });
    const scripts = loaded.filter((r) => r.type === "Script");
    const summary = `${loaded.length} requests, ${Math.round(sum(loaded) / 1024)} KB, JS ${Math.round(sum(scripts) / 1024)} KB`;
    expect(sum(scripts), `compressed JavaScript (${summary})`).toBeLessThanOrEqual(SCRIPT_BUDGET);
    expect(sum(loaded), `everything transferred (${summary})`).toBeLessThanOrEqual(TOTAL_BUDGET);
    // The document, every script and every stylesheet arrive compressed.
    const uncompressed = loaded.filter(
      (r) => ["Document", "Script", "Stylesheet"].includes(r.type) && r.encoded > 1024 && !r.encoding,
    );
    expect(uncompressed.map((r) => r.url)).toEqual([]);
    // No schema library in the browser: zod's classes carry their names even when minified.
    for (const s of scripts) {
      const body = await (await page.request.get(s.url)).text();
      expect(body.includes("ZodBase64") || body.includes("$ZodType"), `zod in ${s.url}`).toBe(false);
    }
  });
}

test("pages are compressed per response and built assets are sent precompressed", async ({ request }) => {
  const html = await request.get("/courses", { headers: { "Accept-Encoding": "gzip, deflate, br" } });
  expect(html.status()).toBe(200);
  expect(["br", "gzip"]).toContain(html.headers()["content-encoding"]);

  const script = (await html.text()).match(/\/build\/[^"]+\.js/)?.[0];
  expect(script, "a built script on the page").toBeTruthy();
  const br = await request.get(script!, { headers: { "Accept-Encoding": "gzip, deflate, br" } });
  expect(br.headers()["content-encoding"]).toBe("br");
  expect(br.headers()["vary"]).toMatch(/Accept-Encoding/i);
  expect(br.headers()["content-type"]).toMatch(/javascript/);
  expect(br.headers()["cache-control"]).toMatch(/immutable/);
  const gz = await request.get(script!, { headers: { "Accept-Encoding": "gzip" } });
  expect(gz.headers()["content-encoding"]).toBe("gzip");
  // The same file, whatever the encoding (the client here decodes both).
  expect(await gz.text()).toBe(await br.text());
  const plain = await request.get(script!, { headers: { "Accept-Encoding": "identity" } });
  expect(plain.headers()["content-encoding"]).toBeUndefined();
  expect(await plain.text()).toBe(await br.text());
});
