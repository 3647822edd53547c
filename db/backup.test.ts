import { spawn } from "node:child_process";
import fs from "node:fs";
import { createRequire } from "node:module";
import os from "node:os";
import path from "node:path";
import SQLite from "better-sqlite3";
import { afterAll, describe, expect, it } from "vitest";
import { openDatabase } from "../app/db.server";
import { assertNotInUse, backupDatabase, inspectDatabase, restoreDatabase } from "./backup";
import { migrateToLatest } from "./migrate";

const dir = fs.mkdtempSync(path.join(os.tmpdir(), "itc-backup-"));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

/** Every table's rows, in a stable order. */
function dump(file: string): Record<string, unknown[]> {
  const db = new SQLite(file, { readonly: true });
  const tables = db
    .prepare("select name from sqlite_master where type = 'table' and name not like 'sqlite_%' order by name")
    .pluck()
    .all() as string[];
  const out: Record<string, unknown[]> = {};
  for (const t of tables) out[t] = db.prepare(`select * from "${t}" order by rowid`).raw().all();
  db.close();
  return out;
}

async function waitFor(condition: () => boolean, ms = 10_000) {
  const end = Date.now() + ms;
  while (!condition()) {
    if (Date.now() > end) throw new Error("timed out");
    await new Promise((r) => setTimeout(r, 20));
  }
}

describe("backup and restore", () => {
  it("copies a consistent database while another process keeps writing, and restores it", async () => {
    const live = path.join(dir, "live.db");
    const db = openDatabase(live);
    await migrateToLatest(db);
    await db.destroy();
    // A few megabytes, so the copy is not over before the writer gets going.
    const seed = new SQLite(live);
    const insert = seed.prepare(
      "insert into audit_log (action, entity_type, entity_id, details, created_at) values ('seed', 'test', ?, ?, ?)",
    );
    seed.transaction(() => {
      for (let i = 0; i < 20_000; i++) insert.run(String(i), JSON.stringify({ pad: "x".repeat(200) }), "2026-11-30");
    })();
    seed.close();

    // The server's part: another process inserting numbered rows all along.
    const sqlitePath = createRequire(import.meta.url).resolve("better-sqlite3");
    const writer = spawn(
      process.execPath,
      [
        "-e",
        `const db = new (require(${JSON.stringify(sqlitePath)}))(${JSON.stringify(live)});
         db.pragma("journal_mode = WAL"); db.pragma("busy_timeout = 5000");
         const ins = db.prepare("insert into sign_in_attempts (email, ip, succeeded, attempted_at) values ('w@example.test', '127.0.0.1', 1, 'now')");
         for (let i = 0; ; i++) { ins.run(); if (i % 20 === 0) Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 1); }`,
      ],
      { stdio: "ignore" },
    );
    const rows = () => {
      const d = new SQLite(live, { readonly: true });
      const n = d.prepare("select count(*) from sign_in_attempts").pluck().get() as number;
      d.close();
      return n;
    };
    try {
      await waitFor(() => rows() > 200);
      const before = rows();
      const backup = path.join(dir, "backups", "copy.db");
      await backupDatabase(live, backup);
      const duringCopy = (dump(backup).sign_in_attempts ?? []).length;
      await waitFor(() => rows() > duringCopy + 200);
      writer.kill("SIGKILL");
      await new Promise((r) => writer.once("exit", r));

      expect(inspectDatabase(backup)).toMatchObject({ ok: true, pending: 0 });
      // Consistent: the copy is the live database as of one moment. Every table equals the
      // live one, except the writer's, of which it holds exactly the first rows, none missing.
      const copy = dump(backup);
      const now = dump(live);
      expect(duringCopy).toBeGreaterThanOrEqual(before);
      expect(now.sign_in_attempts!.length).toBeGreaterThan(duringCopy);
      expect(copy.sign_in_attempts).toEqual(now.sign_in_attempts!.slice(0, duringCopy));
      expect({ ...copy, sign_in_attempts: [] }).toEqual({ ...now, sign_in_attempts: [] });
      expect(copy.audit_log).toHaveLength(20_000);

      // Restore into an install whose database is open (a running server): refused, unchanged.
      const server = openDatabase(live);
      await server.selectFrom("users").selectAll().execute();
      await expect(restoreDatabase(backup, live)).rejects.toThrow(/in use/);
      await server.destroy();
      expect(dump(live)).toEqual(now);

      // Stopped: the backup takes its place; the replaced database is kept.
      const { kept } = await restoreDatabase(backup, live);
      expect(dump(live)).toEqual(copy);
      expect(dump(kept!)).toEqual(now);
    } finally {
      writer.kill("SIGKILL");
    }
  }, 60_000);

  it("refuses to restore a file that is not a migrated database of this application", async () => {
    const target = path.join(dir, "target.db");
    const db = openDatabase(target);
    await migrateToLatest(db);
    await db.destroy();
    const junk = path.join(dir, "junk.db");
    fs.writeFileSync(junk, "not a database at all, just some text ".repeat(200));
    await expect(restoreDatabase(junk, target)).rejects.toThrow(/cannot be restored/);
    const empty = path.join(dir, "empty.db");
    new SQLite(empty).exec("create table t (x)");
    await expect(restoreDatabase(empty, target)).rejects.toThrow(/not a migrated database/);
    const newer = path.join(dir, "newer.db");
    fs.copyFileSync(target, newer);
    new SQLite(newer).prepare("insert into kysely_migration (name, timestamp) values ('2099-01-01_99_x', 'x')").run();
    await expect(restoreDatabase(newer, target)).rejects.toThrow(/newer version/);
    expect(inspectDatabase(target)).toMatchObject({ ok: true });
    expect(() => assertNotInUse(target)).not.toThrow();
  });
});
