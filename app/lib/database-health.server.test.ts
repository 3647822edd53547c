import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import SQLite from "better-sqlite3";
import { Kysely, SqliteDialect } from "kysely";
import { execFileSync } from "node:child_process";
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

/** chattr +i works here (ext4 and the capability); a file system without it skips the test. */
function canMakeImmutable(): boolean {
  const probe = path.join(dir, "chattr-probe");
  fs.writeFileSync(probe, "");
  try {
    execFileSync("chattr", ["+i", probe], { stdio: "ignore" });
    execFileSync("chattr", ["-i", probe], { stdio: "ignore" });
    return true;
  } catch {
    return false;
  } finally {
    fs.rmSync(probe, { force: true });
  }
}

describe("checkDatabase: the file at DATABASE_PATH is the one written", () => {
  it("refuses once the database file was deleted (writes would go to the unlinked file)", async () => {
    const file = await migratedFile("deleted.db");
    const db = openDatabase(file);
    expect(await checkDatabase(db)).toEqual({ ok: true });
    fs.rmSync(file);
    expect(await checkDatabase(db)).toEqual({ ok: false, reason: expect.stringContaining("file missing") });
    await db.destroy();
  });

  it("refuses once another file took its place (a restore under a running server)", async () => {
    const file = await migratedFile("replaced.db");
    const other = await migratedFile("replacement.db");
    const db = openDatabase(file);
    fs.renameSync(other, file);
    expect(await checkDatabase(db)).toEqual({ ok: false, reason: expect.stringContaining("not the one") });
    await db.destroy();
  });

  it.skipIf(!canMakeImmutable())("refuses an immutable database file (chattr +i)", async () => {
    const file = await migratedFile("immutable.db");
    const db = openDatabase(file);
    execFileSync("chattr", ["+i", file]);
    try {
      expect(await checkDatabase(db)).toEqual({ ok: false, reason: expect.stringContaining("not writable") });
    } finally {
      execFileSync("chattr", ["-i", file]);
    }
    expect(await checkDatabase(db)).toEqual({ ok: true });
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
