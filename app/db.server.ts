import fs from "node:fs";
import path from "node:path";
import SQLite from "better-sqlite3";
import {
  CompiledQuery,
  Kysely,
  PostgresAdapter,
  PostgresDialect,
  SqliteDialect,
  sql,
  type DatabaseConnection,
  type Driver,
  type Transaction,
} from "kysely";
import pg from "pg";
import type { DB } from "../db/types";
import { databaseLocation, env } from "./env.server";
import { SERVICE_UNAVAILABLE_MESSAGES, ServiceUnavailableError } from "./lib/errors";
import { log } from "./lib/log.server";

export type Database = Kysely<DB>;
export type Engine = "sqlite" | "postgres";

/** True for a `postgres://` or `postgresql://` URL; anything else is a SQLite file path. */
export function isPostgresUrl(location: string): boolean {
  return /^postgres(ql)?:\/\//i.test(location);
}

/**
 * Opens the database at `location`: a PostgreSQL URL (Kysely's own Postgres dialect over a
 * `pg` pool) or a SQLite file path (the embedded default).
 */
export function openDatabase(location: string, options: { poolSize?: number } = {}): Database {
  return isPostgresUrl(location) ? openPostgres(location, options.poolSize) : openSqlite(location);
}

/** Which engine a database (or a transaction of it) runs on, for the few places that must differ. */
export function engineOf(db: Kysely<any>): Engine {
  return db.getExecutor().adapter instanceof PostgresAdapter ? "postgres" : "sqlite";
}

export function isPostgres(db: Kysely<any>): boolean {
  return engineOf(db) === "postgres";
}

/**
 * Result types as SQLite gives them, so that one set of types (db/types.ts, generated from
 * SQLite) and one set of callers fit both engines: bigint (ids, count(*)) and numeric (sum of
 * bigints) as JavaScript numbers (ids and sums stay far below 2^53), booleans (a comparison or
 * EXISTS selected as a value) as 1/0. Set per pool, not globally on the pg module.
 */
const pgTypes = {
  getTypeParser(oid: number, format?: "text" | "binary") {
    if (oid === pg.types.builtins.INT8 || oid === pg.types.builtins.NUMERIC) return (value: string) => Number(value);
    if (oid === pg.types.builtins.BOOL) return (value: string) => (value === "t" ? 1 : 0);
    return format === "binary" ? pg.types.getTypeParser(oid, "binary") : pg.types.getTypeParser(oid, "text");
  },
};

/** Connections per server process: a few per core of a typical app host; PostgreSQL's default limit is 100. */
export const DEFAULT_POOL_SIZE = 8;

function openPostgres(url: string, poolSize = DEFAULT_POOL_SIZE): Database {
  const pool = new pg.Pool({
    connectionString: url,
    max: poolSize,
    idleTimeoutMillis: 30_000,
    types: pgTypes,
    application_name: "itc-training",
  });
  // A failover or restart closes every connection (pg_terminate_backend): the pool emits
  // 'error' for an idle client and a client emits it when closed between two queries of a
  // request. Unheard, either event ends the process. The broken client is dropped (pg-pool
  // does not return a client that is no longer queryable) and the next query connects anew;
  // a query in flight fails and its request answers 503 (unavailableError).
  const onError = (error: Error) =>
    log.warn("database connection lost", { error: error.message, code: (error as { code?: unknown }).code });
  pool.on("error", onError);
  pool.on("connect", (client) => client.on("error", onError));
  return new Kysely<DB>({ dialect: new PostgresDialect({ pool }) });
}

// SQLSTATE classes 08 (connection exception) and 57P (operator intervention: admin or crash
// shutdown, cannot connect now), and what node and pg say when a socket goes away.
const CONNECTION_CODES = /^(08...|57P0[1-3]|ECONNREFUSED|ECONNRESET|EPIPE|ETIMEDOUT|EHOSTUNREACH|ENOTFOUND)$/;
const CONNECTION_MESSAGES =
  /Connection terminated|connection error and is not queryable|Client was closed and is not queryable|timeout exceeded when trying to connect/i;

/** True when the error says the database connection was lost or could not be made. */
export function isConnectionError(error: unknown): boolean {
  if (!(error instanceof Error)) return false;
  const code = (error as { code?: unknown }).code;
  return (typeof code === "string" && CONNECTION_CODES.test(code)) || CONNECTION_MESSAGES.test(error.message);
}

/** SQLite's "another process holds the write lock" after the busy timeout. */
function isBusyError(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return code === "SQLITE_BUSY" || code === "SQLITE_BUSY_SNAPSHOT" || code === "SQLITE_LOCKED";
}

/**
 * The 503 a database failure that a second attempt may cure becomes: writers that kept
 * colliding (「混み合っています」) or a lost connection. Undefined for anything else (a bug,
 * which stays a 500). The server maps every loader's and action's error through this.
 */
export function unavailableError(error: unknown): ServiceUnavailableError | undefined {
  if (error instanceof ServiceUnavailableError) return error;
  if (isRetryableTransactionError(error) || isBusyError(error))
    return new ServiceUnavailableError(SERVICE_UNAVAILABLE_MESSAGES.busy, { cause: error });
  if (isConnectionError(error))
    return new ServiceUnavailableError(SERVICE_UNAVAILABLE_MESSAGES.unavailable, { cause: error });
  return undefined;
}

/** Opens a SQLite file with the pragmas every connection of this app needs. */
function openSqlite(file: string): Database {
  if (file !== ":memory:") fs.mkdirSync(path.dirname(path.resolve(file)), { recursive: true });
  const sqlite = new SQLite(file);
  sqlite.pragma("journal_mode = WAL");
  sqlite.pragma("foreign_keys = ON");
  sqlite.pragma("busy_timeout = 5000");
  // WAL + NORMAL is durable across application crashes and much faster than FULL.
  sqlite.pragma("synchronous = NORMAL");
  sqlite.pragma("cache_size = -32000");
  sqlite.pragma("temp_store = MEMORY");
  const db = new Kysely<DB>({ dialect: new ImmediateSqliteDialect({ database: withStatementCache(sqlite) }) });
  if (file !== ":memory:") {
    // Which file this connection holds, stat'ed right after opening it: /healthz compares it
    // with the file now at the path (deleted, or replaced by a restore, is not ours any more).
    const { dev, ino } = fs.statSync(file);
    openedFiles.set(db, { path: path.resolve(file), dev, ino });
  }
  return db;
}

export type OpenedFile = { path: string; dev: number; ino: number };
const openedFiles = new WeakMap<Kysely<any>, OpenedFile>();

/** The SQLite file a database handle opened (undefined for PostgreSQL and :memory:). */
export function openedFileOf(db: Kysely<any>): OpenedFile | undefined {
  return openedFiles.get(db);
}

/**
 * Transactions begin IMMEDIATE: they take the write lock up front, waiting (busy timeout) for
 * another server process to finish. A deferred BEGIN that reads and then writes would instead
 * fail at once with SQLITE_BUSY when another process committed in between.
 */
class ImmediateSqliteDialect extends SqliteDialect {
  override createDriver(): Driver {
    const driver = super.createDriver();
    driver.beginTransaction = async (connection: DatabaseConnection) => {
      await connection.executeQuery(CompiledQuery.raw("begin immediate"));
    };
    return driver;
  }
}

const STATEMENT_CACHE_SIZE = 500;

/** What Kysely's SQLite driver uses of a prepared statement. */
type DriverStatement = Pick<SQLite.Statement, "reader" | "busy" | "run"> & {
  all(parameters: unknown[]): unknown[];
  iterate(parameters: unknown[]): IterableIterator<unknown>;
};

/**
 * Kysely prepares every query anew; compiling SQL is a measurable part of a page's cost.
 * Keep the most recently used statements by their SQL text. A statement still being iterated
 * (a streamed select) is busy, so a second caller gets a fresh one.
 */
function withStatementCache(sqlite: SQLite.Database) {
  const cache = new Map<string, DriverStatement>();
  return {
    close: () => sqlite.close(),
    prepare(sql: string): DriverStatement {
      const hit = cache.get(sql);
      if (hit && !hit.busy) {
        // Re-inserting keeps the Map in least-recently-used order.
        cache.delete(sql);
        cache.set(sql, hit);
        return hit;
      }
      const statement = withRowObjects(sqlite.prepare(sql));
      if (!hit) {
        cache.set(sql, statement);
        if (cache.size > STATEMENT_CACHE_SIZE) cache.delete(cache.keys().next().value!);
      }
      return statement;
    },
  };
}

/**
 * Rows as plain objects, built in JavaScript from better-sqlite3's raw (array) rows: the
 * driver's own objects are assembled property by property in native code, which cost about a
 * third of a 50-row roster query (measured). Same keys, same order, same values; a duplicated
 * column name keeps its last value, as before.
 */
function withRowObjects(statement: SQLite.Statement): DriverStatement {
  if (!statement.reader) return statement as unknown as DriverStatement;
  statement.raw(true);
  const names = statement.columns().map((c) => c.name);
  const toObject = (values: unknown[]) => {
    const row: Record<string, unknown> = {};
    for (let i = 0; i < names.length; i++) row[names[i]!] = values[i];
    return row;
  };
  return {
    reader: true,
    get busy() {
      return statement.busy;
    },
    run: (...args) => statement.run(...args),
    all: (parameters) => (statement.all(parameters) as unknown[][]).map(toObject),
    *iterate(parameters) {
      for (const values of statement.iterate(parameters) as IterableIterator<unknown[]>) yield toObject(values);
    },
  };
}

let instance: Database | undefined;

/** The application's one Kysely instance (SQLite: one connection; PostgreSQL: one pool per process). */
export function db(): Database {
  instance ??= openDatabase(databaseLocation(env()), { poolSize: env().DATABASE_POOL_SIZE });
  return instance;
}

/**
 * Something whose writers must take turns, named before the transaction starts (see
 * transaction): `rowLock("cohorts", id)` the seats and waitlist of one cohort,
 * `rowLock("engagements", id)` the OJT slots of one engagement, `rowLock("ojt_placements", id)`
 * the log entries of one placement, `keyLock("sign_in_email", email)`
 * the sign-in counts of one account (or of one address: "sign_in_ip"), `keyLock("document_counter",
 * series)` the gap-free numbers of one document series (numbering/counters.server.ts).
 */
export type RowLock = { readonly space: number; readonly key: number };
// Advisory-lock name spaces (the first int4 key of pg_advisory_lock): arbitrary, fixed.
const LOCK_SPACE = {
  cohorts: 1_301,
  engagements: 1_302,
  sign_in_email: 1_303,
  sign_in_ip: 1_304,
  document_counter: 1_305,
  ojt_placements: 1_306,
} as const;

export function rowLock(table: "cohorts" | "engagements" | "ojt_placements", id: number): RowLock {
  return { space: LOCK_SPACE[table], key: id | 0 };
}

/** A lock on a text value, by its 32-bit FNV-1a hash (a collision only makes two wait for each other). */
export function keyLock(kind: "sign_in_email" | "sign_in_ip" | "document_counter", value: string): RowLock {
  let hash = 0x811c9dc5;
  for (const byte of new TextEncoder().encode(value)) hash = Math.imul(hash ^ byte, 0x01000193);
  return { space: LOCK_SPACE[kind], key: hash | 0 };
}

/** PostgreSQL's codes for "run this transaction again": serialization failure, deadlock. */
const RETRYABLE_CODES = new Set(["40001", "40P01"]);
export const MAX_TRANSACTION_ATTEMPTS = 10;

export function isRetryableTransactionError(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === "string" && RETRYABLE_CODES.has(code);
}

export type TransactionOptions = { locks?: RowLock[]; isolation?: "read committed" };

/**
 * Runs fn in one transaction. Every write of the application goes through here, so the rule
 * that makes check-then-write sequences safe lives in one place for each engine (decision 0014):
 * - SQLite: BEGIN IMMEDIATE, one writer at a time.
 * - PostgreSQL: SERIALIZABLE, so every check-then-write rule holds with any number of app
 *   servers; a serialization failure or deadlock runs the whole callback again (at most
 *   MAX_TRANSACTION_ATTEMPTS times, after a short random pause). fn must therefore have no
 *   effect outside the database (e-mails go through the outbox).
 * - `locks`: hot rows (a cohort's seats, an engagement's slots). On PostgreSQL each is taken as a
 *   session advisory lock BEFORE the transaction begins, so its snapshot is taken after the
 *   previous holder committed: many people enrolling into one cohort queue up and each
 *   succeeds first time, instead of all but one failing serialization and retrying. (A
 *   `SELECT … FOR UPDATE` inside a SERIALIZABLE transaction would wait and then fail anyway:
 *   its snapshot predates the wait.) On SQLite, BEGIN IMMEDIATE already serializes writers.
 */
export function transaction<T>(db: Database, fn: (trx: Transaction<DB>) => Promise<T>): Promise<T>;
export function transaction<T>(
  db: Database,
  options: TransactionOptions,
  fn: (trx: Transaction<DB>) => Promise<T>,
): Promise<T>;
export function transaction<T>(
  db: Database,
  a: TransactionOptions | ((trx: Transaction<DB>) => Promise<T>),
  b?: (trx: Transaction<DB>) => Promise<T>,
): Promise<T> {
  return typeof a === "function" ? runTransaction(db, {}, a) : runTransaction(db, a, b!);
}

async function runTransaction<T>(
  db: Database,
  options: TransactionOptions,
  fn: (trx: Transaction<DB>) => Promise<T>,
): Promise<T> {
  try {
    return await attemptTransaction(db, options, fn);
  } catch (error) {
    // Retries ran out, SQLite stayed busy, or the connection went: a 503 the user may retry.
    throw unavailableError(error) ?? error;
  }
}

async function attemptTransaction<T>(
  db: Database,
  options: TransactionOptions,
  fn: (trx: Transaction<DB>) => Promise<T>,
): Promise<T> {
  if (!isPostgres(db)) return db.transaction().execute(fn);
  // Only for work that protects itself with row locks and must never run twice (a queue
  // worker that sends an e-mail inside, lib/sql-dialect.server.ts): no retry.
  if (options.isolation === "read committed") return db.transaction().setIsolationLevel("read committed").execute(fn);
  const locks = [...(options.locks ?? [])].sort((a, b) => a.space - b.space || a.key - b.key);
  for (let attempt = 1; ; attempt++) {
    try {
      if (locks.length === 0) return await db.transaction().setIsolationLevel("serializable").execute(fn);
      return await db.connection().execute(async (connection) => {
        // Sorted, so two transactions locking the same rows cannot deadlock on them.
        for (const lock of locks)
          await sql`select pg_advisory_lock(${lock.space}::int, ${lock.key}::int)`.execute(connection);
        try {
          return await connection.transaction().setIsolationLevel("serializable").execute(fn);
        } finally {
          await sql`select pg_advisory_unlock_all()`.execute(connection);
        }
      });
    } catch (error) {
      if (!isRetryableTransactionError(error) || attempt >= MAX_TRANSACTION_ATTEMPTS) throw error;
      await new Promise((resolve) => setTimeout(resolve, Math.random() * Math.min(200, 5 * 2 ** attempt)));
    }
  }
}
