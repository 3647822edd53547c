import path from "node:path";

export const ROOT = path.resolve(import.meta.dirname, "../..");
export const E2E_PORT = Number(process.env.E2E_PORT ?? 3100);
// One database per port, so that several suites can run side by side.
export const E2E_DATABASE = path.join(ROOT, `e2e/.tmp/e2e-${E2E_PORT}.db`);

/**
 * The suite runs on SQLite, or on PostgreSQL when E2E_POSTGRES_URL names a server (any
 * database on it: the suite makes its own, one per port). On PostgreSQL two app servers share
 * the database, as several machines would: the journeys use the first, the concurrency tests
 * send their requests to both.
 */
const postgresServer = process.env.E2E_POSTGRES_URL;
export const E2E_ENGINE: "sqlite" | "postgres" = postgresServer ? "postgres" : "sqlite";
export const E2E_DATABASE_LOCATION = postgresServer ? databaseUrl(postgresServer, `itc_e2e_${E2E_PORT}`) : E2E_DATABASE;
// Ports E2E_PORT + 1 and + 2 are taken by tests that start servers of their own.
export const E2E_SECOND_PORT = E2E_PORT + 5;
export const E2E_BASE_URLS =
  E2E_ENGINE === "postgres"
    ? [`http://localhost:${E2E_PORT}`, `http://localhost:${E2E_SECOND_PORT}`]
    : [`http://localhost:${E2E_PORT}`];

function databaseUrl(server: string, name: string): string {
  const url = new URL(server);
  url.pathname = `/${name}`;
  return url.toString();
}

/**
 * The credential signing key of the PostgreSQL servers (they must share one; on SQLite the
 * server creates its own beside the database, which the suite thereby tests). A fixed key for
 * tests only, published here: never use it anywhere else.
 */
export const E2E_CREDENTIAL_SIGNING_KEY = "z3u2e114ML5L8FY9bX8syZpAzXQdGmMDbQ843LZAdYPc62J9";

/** Where a spec's screenshots go, to be looked at (beside the run's other artefacts, per port). */
export function screenshotDir(spec: string): string {
  return path.join(ROOT, "test-results", "screenshots", String(E2E_PORT), spec);
}
