import { sql } from "kysely";
import { migrateToLatest } from "../../db/migrate";
import { openDatabase } from "../db.server";

// PostgreSQL for the tests (decision 0014): TEST_DATABASE_URL names a server (any database on
// it, usually `postgres`); the suite migrates one template database once per run, and each test
// file gets its own copy (CREATE DATABASE … TEMPLATE, a file copy: ~50 ms, no migrations).

export const TEMPLATE_DATABASE = "itc_test_template";

/** The PostgreSQL server of this test run, or undefined for SQLite. */
export function testDatabaseUrl(): string | undefined {
  return process.env.TEST_DATABASE_URL || undefined;
}

export function urlOfDatabase(serverUrl: string, database: string): string {
  const url = new URL(serverUrl);
  url.pathname = `/${database}`;
  return url.toString();
}

/** Builds the template once per run (vitest globalSetup); C collation, as text sorts in SQLite. */
export async function createTemplateDatabase(serverUrl: string): Promise<void> {
  const admin = openDatabase(serverUrl, { poolSize: 1 });
  try {
    await sql`DROP DATABASE IF EXISTS ${sql.id(TEMPLATE_DATABASE)} WITH (FORCE)`.execute(admin);
    await sql`CREATE DATABASE ${sql.id(TEMPLATE_DATABASE)} TEMPLATE template0 ENCODING 'UTF8' LC_COLLATE 'C' LC_CTYPE 'C'`.execute(
      admin,
    );
  } finally {
    await admin.destroy();
  }
  const template = openDatabase(urlOfDatabase(serverUrl, TEMPLATE_DATABASE), { poolSize: 1 });
  try {
    await migrateToLatest(template);
  } finally {
    await template.destroy();
  }
}

/** A fresh copy of the migrated template; returns its URL and a function that drops it. */
export async function copyTemplateDatabase(serverUrl: string): Promise<{ url: string; drop: () => Promise<void> }> {
  const name = `itc_test_${process.pid}_${Date.now().toString(36)}_${Math.random().toString(36).slice(2, 8)}`;
  const admin = openDatabase(serverUrl, { poolSize: 1 });
  try {
    await sql`CREATE DATABASE ${sql.id(name)} TEMPLATE ${sql.id(TEMPLATE_DATABASE)}`.execute(admin);
  } finally {
    await admin.destroy();
  }
  return {
    url: urlOfDatabase(serverUrl, name),
    async drop() {
      const again = openDatabase(serverUrl, { poolSize: 1 });
      try {
        await sql`DROP DATABASE IF EXISTS ${sql.id(name)} WITH (FORCE)`.execute(again);
      } finally {
        await again.destroy();
      }
    },
  };
}
