import { sql, type Kysely } from "kysely";
import { migrations } from "../../db/migrations";

// What serving needs from the database, checked by /healthz and once before the server starts:
// reads alone (`select 1`) said "ok" for a read-only or an unmigrated file while every page
// failed.

export type DatabaseHealth = { ok: true } | { ok: false; reason: string };

class RolledBack extends Error {}

const messageOf = (error: unknown) => (error instanceof Error ? error.message : String(error));

// Kysely<any>: the schema may be anything, unmigrated included.
export async function checkDatabase(db: Kysely<any>): Promise<DatabaseHealth> {
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
