import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import SQLite from "better-sqlite3";
import { Kysely, SqliteDialect } from "kysely";
import { afterAll, describe, expect, it } from "vitest";
import { migrateToLatest } from "../../db/migrate";
import { loader as healthz } from "../routes/healthz";
import { openDatabase } from "../db.server";
import { checkDatabase } from "./database-health.server";

const dir = fs.mkdtempSync(path.join(os.tmpdir(), "itc-health-"));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

async function migratedFile(name: string): Promise<string> {
  const file = path.join(dir, name);
  const db = openDatabase(file);
  await migrateToLatest(db);
  await db.destroy();
  return file;
}

describe("checkDatabase", () => {
  it("is ok for a migrated, writable database", async () => {
    const db = openDatabase(await migratedFile("ok.db"));
    expect(await checkDatabase(db)).toEqual({ ok: true });
    await db.destroy();
  });

  it("refuses an empty, unmigrated database", async () => {
    const db = openDatabase(path.join(dir, "empty.db"));
    expect(await checkDatabase(db)).toEqual({ ok: false, reason: expect.stringContaining("not migrated") });
    await db.destroy();
  });

  it("refuses a database with a migration pending or one from a newer version", async () => {
    const file = await migratedFile("old.db");
    const sqlite = new SQLite(file);
    const last = sqlite.prepare("select name from kysely_migration order by name desc limit 1").pluck().get();
    sqlite.prepare("delete from kysely_migration where name = ?").run(last);
    const db = new Kysely({ dialect: new SqliteDialect({ database: sqlite }) });
    expect(await checkDatabase(db)).toEqual({ ok: false, reason: expect.stringContaining("1 migration(s) pending") });
    sqlite.prepare("insert into kysely_migration (name, timestamp) values (?, ?)").run("2099-01-01_99_future", "x");
    expect(await checkDatabase(db)).toEqual({ ok: false, reason: expect.stringContaining("newer than this version") });
    await db.destroy();
  });

  it("refuses a database it cannot write to", async () => {
    // Opened read-only as SQLite does by itself for a file without write permission.
    const sqlite = new SQLite(await migratedFile("ro.db"), { readonly: true });
    const db = new Kysely({ dialect: new SqliteDialect({ database: sqlite }) });
    expect(await checkDatabase(db)).toEqual({ ok: false, reason: expect.stringContaining("not writable") });
    await db.destroy();
  });
});

describe("/healthz", () => {
  it("answers 503 with the reason when the database cannot serve", async () => {
    const previous = process.env.DATABASE_PATH;
    // db() opens DATABASE_PATH once per module instance: an empty file here.
    process.env.DATABASE_PATH = path.join(dir, "healthz-empty.db");
    try {
      const response = await healthz();
      expect(response.status).toBe(503);
      expect(await response.json()).toMatchObject({ status: "error", reason: expect.stringContaining("not migrated") });
    } finally {
      process.env.DATABASE_PATH = previous;
    }
  });
});
