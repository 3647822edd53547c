import path from "node:path";
import { defineConfig, devices } from "@playwright/test";

import {
  E2E_CREDENTIAL_SIGNING_KEY,
  E2E_DATABASE_LOCATION,
  E2E_ENGINE,
  E2E_PORT,
  E2E_SECOND_PORT,
  ROOT as root,
} from "./support/env";

// Debian's Chromium here; a laptop with Playwright's own browsers can unset this.
const executablePath = process.env.PLAYWRIGHT_CHROMIUM_PATH ?? "/usr/bin/chromium";

// Under `npm run test:calendar` (e2e/calendar.sh) the runner and the app server run under
// libfaketime, which LD_PRELOAD brings. Chromium hangs under it, so the browser starts without
// it and gets the same time from Playwright's clock instead (the context fixture).
const browserEnv = process.env.LD_PRELOAD
  ? Object.fromEntries(
      Object.entries(process.env).filter(([name]) => name !== "LD_PRELOAD" && !name.startsWith("FAKETIME")),
    )
  : undefined;

// The suite starts on an empty database (e2e/support/fresh-database.ts). On SQLite that is only
// removing the file, which the shell does without starting tsx (seconds on a busy machine).
const freshDatabase =
  E2E_ENGINE === "sqlite"
    ? `rm -f ${["", "-wal", "-shm"].map((suffix) => JSON.stringify(E2E_DATABASE_LOCATION + suffix)).join(" ")}`
    : "node_modules/.bin/tsx e2e/support/fresh-database.ts";

export default defineConfig({
  testDir: ".",
  testMatch: "**/*.spec.ts",
  // Per port, so two suites on one machine never clobber each other's artefacts.
  outputDir: path.join(root, "test-results", String(E2E_PORT)),
  fullyParallel: false,
  workers: 2,
  retries: 0,
  forbidOnly: true,
  reporter: process.env.CI ? [["list"]] : [["list"]],
  // Generous: a hang still fails, but a busy two-core CI machine does not.
  timeout: 60_000,
  expect: { timeout: 5_000 },
  use: {
    baseURL: `http://localhost:${E2E_PORT}`,
    locale: "ja-JP",
    timezoneId: "Asia/Tokyo",
    // No trace by default: recording one (a DOM snapshot at every action) made the journeys a
    // fifth slower, for every passing test. A failure keeps its screenshot and error context;
    // to debug one, run its spec again with `--trace retain-on-failure`.
    trace: "off",
    screenshot: "only-on-failure",
  },
  projects: [
    {
      name: "chromium",
      use: {
        ...devices["Desktop Chrome"],
        launchOptions: {
          executablePath: executablePath || undefined,
          env: browserEnv,
          args: [
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-quic",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--no-first-run",
          ],
        },
      },
    },
  ],
  // On PostgreSQL, what does not depend on the engine runs once, on SQLite: the page-weight and
  // phrase-break sweeps, the HTTP hardening (and its SQLite backups), the screenshots and the
  // axe checks (see expectAccessible).
  testIgnore:
    E2E_ENGINE === "postgres"
      ? ["**/page-weight.spec.ts", "**/phrase-breaks.spec.ts", "**/hardening-http.spec.ts"]
      : [],
  grepInvert: E2E_ENGINE === "postgres" ? /screenshots/ : undefined,
  webServer: [
    {
      ...server(E2E_PORT),
      command: `${freshDatabase} && node build/server/db/scripts/setup.js && exec node build/server/app/server.js`,
    },
    // A second app server on the same PostgreSQL, as a second machine would be.
    ...(E2E_ENGINE === "postgres"
      ? [
          {
            ...server(E2E_SECOND_PORT),
            command: `node_modules/.bin/tsx e2e/support/wait-for-server.ts http://127.0.0.1:${E2E_PORT}/healthz && exec node build/server/app/server.js`,
          },
        ]
      : []),
  ],
});

function server(port: number) {
  return {
    cwd: root,
    url: `http://localhost:${port}/healthz`,
    reuseExistingServer: false,
    timeout: 120_000,
    stdout: "ignore" as const,
    stderr: "pipe" as const,
    env: {
      NODE_ENV: "production",
      PORT: String(port),
      HOST: "127.0.0.1",
      ...(E2E_ENGINE === "postgres"
        ? { DATABASE_URL: E2E_DATABASE_LOCATION, CREDENTIAL_SIGNING_KEY: E2E_CREDENTIAL_SIGNING_KEY }
        : { DATABASE_PATH: E2E_DATABASE_LOCATION }),
      // Plain HTTP on localhost: the browser would keep a Secure cookie, the API client not.
      COOKIE_SECURE: "false",
      // Each test context claims its own client address, so the sign-in rate limit of one
      // test never blocks another.
      TRUST_PROXY: "1",
      LOG_LEVEL: "warn",
      // Guard for the render fast path of app/entry.server.tsx (decision 0004).
      STRICT_RENDER: "1",
    },
  };
}
