import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { chromium, type Browser, type CDPSession, type Page } from "@playwright/test";

// Page weight of a first visit (decision 0010): a real browser with a cold cache loads each
// page under DevTools' "Fast 3G" profile with 4× CPU throttling; bytes transferred are counted
// per resource type from the network log (encoded bytes, headers included) and the
// largest-contentful-paint time is read from the page. Part of `npm run bench`; alone:
// `npm run bench:weight` (or BENCH_PAGES=weight). Runs the production build on the demo data.

const root = path.resolve(import.meta.dirname, "../..");
const tmp = path.join(root, "e2e/.tmp");
const PORT = Number(process.env.BENCH_WEIGHT_PORT ?? 3904);
const RUNS = Number(process.env.BENCH_WEIGHT_RUNS ?? 3);
const base = `http://127.0.0.1:${PORT}`;

/** Targets of issue 11, per page: everything transferred, and the compressed JavaScript. */
export const WEIGHT_BUDGET = { totalBytes: 350 * 1024, scriptBytes: 150 * 1024 };

// DevTools' "Fast 3G" preset (Chromium's throttling presets: 1.6 Mbps down, 750 kbps up,
// both ×0.9, and 150 ms ×3.75 latency).
const FAST_3G = {
  offline: false,
  latency: 562.5,
  downloadThroughput: ((1.6 * 1000 * 1000) / 8) * 0.9,
  uploadThroughput: ((750 * 1000) / 8) * 0.9,
};
const CPU_SLOWDOWN = 4;

type Kind = "document" | "script" | "stylesheet" | "font" | "other";
const KINDS: Kind[] = ["document", "script", "stylesheet", "font", "other"];

export type WeightResult = {
  page: string;
  path: string;
  requests: number;
  bytes: Record<Kind, number>;
  total: number;
  uncompressedScript: number;
  encodings: Record<string, number>;
  lcpMs: number[];
};

function kindOf(type: string | undefined): Kind {
  switch (type) {
    case "Document":
      return "document";
    case "Script":
      return "script";
    case "Stylesheet":
      return "stylesheet";
    case "Font":
      return "font";
    default:
      return "other";
  }
}

/** Records every response of a page load through CDP: type, encoded bytes, decoded size, encoding. */
async function recordNetwork(cdp: CDPSession) {
  const requests = new Map<string, { kind: Kind; encoding: string }>();
  const finished: { kind: Kind; encoded: number; decoded: number; encoding: string }[] = [];
  const decoded = new Map<string, number>();
  cdp.on("Network.responseReceived", (e) => {
    const headers = Object.fromEntries(Object.entries(e.response.headers).map(([k, v]) => [k.toLowerCase(), v]));
    requests.set(e.requestId, { kind: kindOf(e.type), encoding: String(headers["content-encoding"] ?? "none") });
  });
  cdp.on("Network.dataReceived", (e) => decoded.set(e.requestId, (decoded.get(e.requestId) ?? 0) + e.dataLength));
  cdp.on("Network.loadingFinished", (e) => {
    const r = requests.get(e.requestId);
    if (r) finished.push({ ...r, encoded: e.encodedDataLength, decoded: decoded.get(e.requestId) ?? 0 });
  });
  await cdp.send("Network.enable");
  await cdp.send("Network.setCacheDisabled", { cacheDisabled: true });
  return finished;
}

async function coldVisit(browser: Browser, target: string, cookie: string | null, throttle: boolean) {
  const context = await browser.newContext({ locale: "ja-JP", timezoneId: "Asia/Tokyo", viewport: null });
  if (cookie) {
    const [name, value] = cookie.split("=") as [string, string];
    await context.addCookies([{ name, value, domain: "127.0.0.1", path: "/" }]);
  }
  const page: Page = await context.newPage();
  await page.addInitScript(() => {
    const w = window as unknown as { __lcp: number };
    w.__lcp = 0;
    new PerformanceObserver((list) => {
      for (const entry of list.getEntries()) w.__lcp = entry.startTime;
    }).observe({ type: "largest-contentful-paint", buffered: true });
  });
  const cdp = await context.newCDPSession(page);
  const finished = await recordNetwork(cdp);
  if (throttle) {
    await cdp.send("Network.emulateNetworkConditions", FAST_3G);
    await cdp.send("Emulation.setCPUThrottlingRate", { rate: CPU_SLOWDOWN });
  }
  const response = await page.goto(base + target, { waitUntil: "networkidle", timeout: 120_000 });
  if (!response || response.status() !== 200) throw new Error(`${target}: status ${response?.status()}`);
  const lcp = await page.evaluate(() => (window as unknown as { __lcp: number }).__lcp);
  await context.close();
  return { finished: [...finished], lcp };
}

/** Loads each page RUNS times with a cold cache; bytes from the first run, LCP from all. */
export async function measureWeight(
  pages: { name: string; path: string; cookie: string | null }[],
  { runs = RUNS, throttle = true } = {},
): Promise<WeightResult[]> {
  const browser = await chromium.launch({
    executablePath: process.env.PLAYWRIGHT_CHROMIUM_PATH ?? "/usr/bin/chromium",
    args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--disable-background-networking"],
  });
  const results: WeightResult[] = [];
  try {
    for (const p of pages) {
      const lcpMs: number[] = [];
      let first: Awaited<ReturnType<typeof coldVisit>>["finished"] | null = null;
      for (let i = 0; i < runs; i++) {
        const visit = await coldVisit(browser, p.path, p.cookie, throttle);
        first ??= visit.finished;
        lcpMs.push(visit.lcp);
      }
      const bytes = Object.fromEntries(KINDS.map((k) => [k, 0])) as Record<Kind, number>;
      const encodings: Record<string, number> = {};
      let uncompressedScript = 0;
      for (const r of first ?? []) {
        bytes[r.kind] += r.encoded;
        encodings[r.encoding] = (encodings[r.encoding] ?? 0) + 1;
        if (r.kind === "script") uncompressedScript += r.decoded;
      }
      results.push({
        page: p.name,
        path: p.path,
        requests: first?.length ?? 0,
        bytes,
        total: KINDS.reduce((sum, k) => sum + bytes[k], 0),
        uncompressedScript,
        encodings,
        lcpMs,
      });
    }
  } finally {
    await browser.close();
  }
  return results;
}

const kb = (n: number) => (n / 1024).toFixed(1);
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? NaN;

export function printWeightTable(results: WeightResult[]): number {
  console.log(
    `\nPage weight, first visit with a cold cache (KB transferred; LCP under Fast 3G + ${CPU_SLOWDOWN}× CPU, median of ${RUNS})`,
  );
  const head = ["page", "requests", ...KINDS, "total", "JS (raw)", "LCP ms", "targets"];
  console.log(`| ${head.join(" | ")} |`);
  console.log(`|${head.map((_, i) => (i === 0 || i === head.length - 1 ? "---" : "---:")).join("|")}|`);
  let missed = 0;
  for (const r of results) {
    const totalOk = r.total <= WEIGHT_BUDGET.totalBytes;
    const jsOk = r.bytes.script <= WEIGHT_BUDGET.scriptBytes;
    if (!totalOk) missed++;
    if (!jsOk) missed++;
    const checks = `total ≤ 350 ${totalOk ? "✓" : "✗"}, JS ≤ 150 ${jsOk ? "✓" : "✗"}`;
    const cells = [
      `${r.page} (\`${r.path}\`)`,
      String(r.requests),
      ...KINDS.map((k) => kb(r.bytes[k])),
      kb(r.total),
      `${kb(r.bytes.script)} (${kb(r.uncompressedScript)})`,
      median(r.lcpMs).toFixed(0),
      checks,
    ];
    console.log(`| ${cells.join(" | ")} |`);
  }
  console.log(`encodings: ${results.map((r) => `${r.page}: ${JSON.stringify(r.encodings)}`).join("; ")}`);
  return missed;
}

async function waitFor(url: string, child: ChildProcess) {
  for (let i = 0; i < 1200; i++) {
    if (child.exitCode !== null) throw new Error(`server exited with ${child.exitCode}`);
    try {
      if ((await fetch(url)).ok) return;
    } catch {
      /* not up yet */
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`timed out waiting for ${url}`);
}

/** Signs the demo trainee in through the sign-in form's action and returns the session cookie. */
async function signIn(email: string): Promise<string> {
  const body = new URLSearchParams({ email, password: "itc-demo-2026" });
  const res = await fetch(`${base}/login`, {
    method: "POST",
    body,
    redirect: "manual",
    headers: { Origin: base, "Content-Type": "application/x-www-form-urlencoded" },
  });
  const cookie = res.headers.get("set-cookie")?.split(";")[0];
  if (!cookie) throw new Error(`sign-in as ${email} failed: ${res.status}`);
  return cookie;
}

/** Starts the production build on a fresh demo database, measures, prints; returns targets missed. */
export async function runWeightBench(): Promise<number> {
  fs.mkdirSync(tmp, { recursive: true });
  const dbFile = path.join(tmp, "bench-weight.db");
  for (const suffix of ["", "-wal", "-shm"]) fs.rmSync(dbFile + suffix, { force: true });
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    NODE_ENV: "production",
    PORT: String(PORT),
    HOST: "127.0.0.1",
    DATABASE_PATH: dbFile,
    COOKIE_SECURE: "false",
    LOG_LEVEL: "warn",
    WEB_CONCURRENCY: "1",
  };
  const setup = spawnSync(process.execPath, ["build/server/db/scripts/setup.js"], {
    cwd: root,
    env,
    stdio: ["ignore", "ignore", "inherit"],
  });
  if (setup.status !== 0) throw new Error("db setup failed");
  // Its own process group, so that stopping it stops all of its processes.
  const server = spawn(process.execPath, ["build/server/app/server.js"], {
    cwd: root,
    env,
    stdio: ["ignore", "ignore", "inherit"],
    detached: true,
  });
  try {
    await waitFor(`${base}/healthz`, server);
    const trainee = await signIn("trainee@example.com");
    const results = await measureWeight([
      { name: "catalog", path: "/courses", cookie: null },
      { name: "dashboard (trainee)", path: "/dashboard", cookie: trainee },
    ]);
    const missed = printWeightTable(results);
    const out = path.join(tmp, "bench-weight.json");
    fs.writeFileSync(out, JSON.stringify({ at: new Date().toISOString(), FAST_3G, CPU_SLOWDOWN, results }, null, 2));
    console.log(
      `${missed === 0 ? "Weight targets met." : `${missed} weight target(s) missed.`} (${path.relative(root, out)})`,
    );
    return missed;
  } finally {
    if (server.pid) process.kill(-server.pid, "SIGTERM");
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const missed = await runWeightBench();
  process.exitCode = missed === 0 ? 0 : 1;
}
