import fs from "node:fs";
import path from "node:path";
import SQLite from "better-sqlite3";
import { migrations } from "./migrations";

// Online backup and offline restore of the one SQLite file (`npm run db:backup`,
// `npm run db:restore`). A backup goes through SQLite's backup API, not a file copy: a copy
// of a WAL database taken while the server writes can miss the WAL or tear a page.

/**
 * Copies the live database into `destination` while the server keeps running. All pages are
 * copied in one step, inside one read transaction: WAL readers do not block writers, and a
 * write by the server cannot restart a copy that is already under way.
 */
export async function backupDatabase(source: string, destination: string): Promise<{ pages: number }> {
  if (fs.existsSync(destination)) throw new Error(`${destination} already exists`);
  fs.mkdirSync(path.dirname(path.resolve(destination)), { recursive: true });
  const partial = `${destination}.partial`;
  fs.rmSync(partial, { force: true });
  const db = new SQLite(source, { fileMustExist: true });
  try {
    db.pragma("busy_timeout = 5000");
    const { totalPages } = await db.backup(partial, { progress: () => 0x7fffffff });
    const check = inspectDatabase(partial);
    if (!check.ok) throw new Error(`the copy is not usable: ${check.reason}`);
    fs.renameSync(partial, destination);
    return { pages: totalPages };
  } finally {
    db.close();
    fs.rmSync(partial, { force: true });
  }
}

export type Inspection = { ok: true; migrations: number; pending: number } | { ok: false; reason: string };

/** Whether a file is an intact database of this application, and how far it is migrated. */
export function inspectDatabase(file: string): Inspection {
  let db: SQLite.Database;
  try {
    db = new SQLite(file, { readonly: true, fileMustExist: true });
  } catch (error) {
    return { ok: false, reason: `cannot be opened: ${(error as Error).message}` };
  }
  try {
    const integrity = db.pragma("integrity_check", { simple: true });
    if (integrity !== "ok") return { ok: false, reason: `damaged (integrity_check: ${String(integrity)})` };
    const hasLog = db.prepare("select 1 from sqlite_master where type = 'table' and name = 'kysely_migration'").get();
    if (!hasLog) return { ok: false, reason: "not a migrated database of this application" };
    const applied = db.prepare("select name from kysely_migration").pluck().all() as string[];
    const known = Object.keys(migrations);
    const unknown = applied.filter((name) => !known.includes(name));
    if (unknown.length > 0)
      return { ok: false, reason: `made by a newer version of the application (migration ${unknown[0]})` };
    return { ok: true, migrations: applied.length, pending: known.length - applied.length };
  } catch (error) {
    return { ok: false, reason: `not a database: ${(error as Error).message}` };
  } finally {
    db.close();
  }
}

/**
 * Throws when another connection (a running server) has the file open. Leaving WAL mode
 * needs the only connection to the file; SQLite refuses at once with "database is locked"
 * otherwise, which is exactly the question.
 */
export function assertNotInUse(file: string): void {
  const db = new SQLite(file, { fileMustExist: true });
  try {
    db.pragma("busy_timeout = 0");
    db.pragma("journal_mode = DELETE");
  } catch (error) {
    if ((error as { code?: string }).code === "SQLITE_BUSY")
      throw new Error(`${file} is in use (is the server running? stop it first)`);
    throw error;
  } finally {
    db.close();
  }
}

/**
 * Puts a backup in place of the database of a stopped install. The backup is checked first;
 * the database it replaces is kept beside it (`<file>.before-restore-<time>`).
 */
export async function restoreDatabase(backup: string, target: string): Promise<{ kept?: string; pending: number }> {
  const check = inspectDatabase(backup);
  if (!check.ok) throw new Error(`${backup} cannot be restored: ${check.reason}`);
  const incoming = `${target}.restoring`;
  fs.rmSync(incoming, { force: true });
  const source = new SQLite(backup, { readonly: true, fileMustExist: true });
  try {
    await source.backup(incoming, { progress: () => 0x7fffffff });
  } finally {
    source.close();
  }
  let kept: string | undefined;
  if (fs.existsSync(target)) {
    // Also folds the WAL into the file, so the kept copy is complete on its own.
    assertNotInUse(target);
    kept = `${target}.before-restore-${new Date().toISOString().replace(/[:.]/g, "-")}`;
    fs.renameSync(target, kept);
  }
  for (const suffix of ["-wal", "-shm"]) fs.rmSync(target + suffix, { force: true });
  fs.renameSync(incoming, target);
  return { kept, pending: check.pending };
}
