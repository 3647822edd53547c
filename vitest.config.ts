import path from "node:path";
import { defineConfig } from "vitest/config";

// With TEST_DATABASE_URL (a PostgreSQL server) the suite runs on PostgreSQL (decision 0014),
// leaving out the files about SQLite itself (its backup, a file's health check, the row objects
// built from better-sqlite3's arrays).
const onPostgres = Boolean(process.env.TEST_DATABASE_URL);
const SQLITE_ONLY = ["db/backup.test.ts", "app/lib/database-health.server.test.ts", "app/db.server.test.ts"];
// Several servers writing at once: PostgreSQL's concurrency (SQLite has one writer at a time).
const POSTGRES_ONLY = [
  "app/postgres-concurrency.test.ts",
  "app/postgres-failover.test.ts",
  "db/move-to-postgres.test.ts",
];

export default defineConfig({
  resolve: { alias: { "~": path.resolve(import.meta.dirname, "app") } },
  test: {
    include: ["app/**/*.test.{ts,tsx}", "db/**/*.test.ts", ".ci/**/*.test.ts"],
    exclude: ["**/node_modules/**", ...(onPostgres ? SQLITE_ONLY : POSTGRES_ONLY)],
    globalSetup: ["app/testing/global-setup.ts"],
    environment: "node",
    env: { TZ: "UTC", LOG_LEVEL: "error" },
    testTimeout: 20_000,
  },
});
