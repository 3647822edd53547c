import fs from "node:fs";
import path from "node:path";
import { sql, type Kysely } from "kysely";
import { migrations } from "../../db/migrations";
import { openedFileOf, type OpenedFile } from "../db.server";

// What serving needs from the database, checked by /healthz and once before the server starts:
// reads alone (`select 1`) said "ok" for a read-only or an unmigrated file while every page
// failed.

export type DatabaseHealth = { ok: true } | { ok: false; reason: string };

class RolledBack extends Error {}

const messageOf = (error: unknown) => (error instanceof Error ? error.message : String(error));

// Kysely<any>: the schema may be anything, unmigrated included.
export async function checkDatabase(db: Kysely<any>): Promise<DatabaseHealth> {
  const opened = openedFileOf(db);
  if (opened) {
    const file = checkOpenedFile(opened);
    if (!file.ok) return file;
  }
  let applied: string[];
  try {
    const { rows } = await sql<{ name: string }>`select name from kysely_migration`.execute(db);
    applied = rows.map((r) => r.name);
  } catch (error) {
    if (/no such table|relation "kysely_migration" does not exist/i.test(messageOf(error)))
      return { ok: false, reason: "not migrated (run npm run db:migrate)" };
    return { ok: false, reason: `unreadable: ${messageOf(error)}` };
  }
  const known = Object.keys(migrations);
  const unknown = applied.filter((name) => !known.includes(name));
  if (unknown.length > 0)
    return { ok: false, reason: `newer than this version of the application (unknown migration ${unknown[0]})` };
  const pending = known.filter((name) => !applied.includes(name));
  if (pending.length > 0)
    return { ok: false, reason: `${pending.length} migration(s) pending (run npm run db:migrate)` };
  // A write, rolled back: proves the file, its directory (WAL) and the disk take writes.
  try {
    await db.transaction().execute(async (trx) => {
      await sql`update kysely_migration_lock set is_locked = is_locked`.execute(trx);
      throw new RolledBack();
    });
  } catch (error) {
    if (!(error instanceof RolledBack)) return { ok: false, reason: `not writable: ${messageOf(error)}` };
  }
  return { ok: true };
}

/**
 * SQLite: the file this process writes is the one at its path, and that file, its directory
 * (WAL and journal files) and an existing WAL may be written. A rolled-back write alone proves
 * neither: after the file was deleted or replaced, writes go to the unlinked inode and are
 * lost; on an immutable file (chattr +i) they pile up in the WAL, a checkpoint fails and the
 * next start is refused. access(2) reports the immutable flag (EPERM) even to root.
 */
function checkOpenedFile(opened: OpenedFile): DatabaseHealth {
  let now: fs.Stats;
  try {
    now = fs.statSync(opened.path);
  } catch (error) {
    return { ok: false, reason: `file missing at ${opened.path}: ${messageOf(error)}` };
  }
  if (now.dev !== opened.dev || now.ino !== opened.ino)
    return { ok: false, reason: `file at ${opened.path} is not the one this process opened (deleted or replaced)` };
  for (const target of [opened.path, `${opened.path}-wal`, path.dirname(opened.path)]) {
    if (target.endsWith("-wal") && !fs.existsSync(target)) continue;
    try {
      fs.accessSync(target, fs.constants.W_OK);
    } catch (error) {
      return { ok: false, reason: `not writable: ${target}: ${messageOf(error)}` };
    }
  }
  return { ok: true };
}
