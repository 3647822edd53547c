import { sql, type SelectQueryBuilder } from "kysely";
import type { DB } from "../../db/types";
import { isPostgres, transaction, type Database } from "~/db.server";

// The few places where SQLite and PostgreSQL need different SQL, one helper per difference
// (decision 0014). Features call these and never ask which engine runs.

/**
 * A value that changes whenever anyone (any server process, a script) commits a write, for
 * caches that must notice writes made elsewhere. SQLite: `PRAGMA data_version` of this
 * connection. PostgreSQL: the WAL insert position of the server, which moves with every write
 * to it (also to other databases: more misses, never a stale hit).
 */
export async function dataVersion(db: Database): Promise<string> {
  if (isPostgres(db)) {
    const { rows } = await sql<{ v: string }>`select pg_current_wal_insert_lsn()::text as v`.execute(db);
    return rows[0]?.v ?? "";
  }
  const { rows } = await sql<{ data_version: number }>`PRAGMA data_version`.execute(db);
  return String(rows[0]?.data_version ?? 0);
}

/**
 * Takes the next row of a work queue (the e-mail outbox) and runs `work` on it, so that any
 * number of server processes may work the queue without doing one row twice.
 * - PostgreSQL: in a READ COMMITTED transaction, the row is locked (`FOR UPDATE OF table SKIP
 *   LOCKED`) until `work` (which sends, then marks the row done through `trx`) commits; other
 *   workers skip it. Not SERIALIZABLE: a serialization retry would repeat the work.
 * - SQLite: one process works the queue (app/server.ts); no transaction, so that a slow SMTP
 *   server never holds SQLite's single write lock.
 * Returns undefined when the queue is empty.
 */
export async function workNextQueued<Row, T>(
  db: Database,
  table: keyof DB & string,
  next: (db: Database) => SelectQueryBuilder<DB, any, Row>,
  work: (row: Row, db: Database) => Promise<T>,
): Promise<{ result: T } | undefined> {
  if (!isPostgres(db)) {
    const row = await next(db).executeTakeFirst();
    return row === undefined ? undefined : { result: await work(row as Row, db) };
  }
  return transaction(db, { isolation: "read committed" }, async (trx) => {
    const row = await next(trx)
      .forUpdate([table] as never)
      .skipLocked()
      .executeTakeFirst();
    return row === undefined ? undefined : { result: await work(row as Row, trx) };
  });
}
