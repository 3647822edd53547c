import fs from "node:fs";
import path from "node:path";
import SQLite from "better-sqlite3";
import { CompiledQuery, Kysely, SqliteDialect, type DatabaseConnection, type Driver, type Transaction } from "kysely";
import type { DB } from "../db/types";
import { env } from "./env.server";

export type Database = Kysely<DB>;

/** Opens a SQLite file with the pragmas every connection of this app needs. */
export function openDatabase(file: string): Database {
  if (file !== ":memory:") fs.mkdirSync(path.dirname(path.resolve(file)), { recursive: true });
  const sqlite = new SQLite(file);
  sqlite.pragma("journal_mode = WAL");
  sqlite.pragma("foreign_keys = ON");
  sqlite.pragma("busy_timeout = 5000");
  // WAL + NORMAL is durable across application crashes and much faster than FULL.
  sqlite.pragma("synchronous = NORMAL");
  sqlite.pragma("cache_size = -32000");
  sqlite.pragma("temp_store = MEMORY");
  return new Kysely<DB>({ dialect: new ImmediateSqliteDialect({ database: withStatementCache(sqlite) }) });
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

/** The application's one Kysely instance (SQLite has one connection: share it). */
export function db(): Database {
  instance ??= openDatabase(env().DATABASE_PATH);
  return instance;
}

/**
 * Runs fn in one transaction. Every write of the application goes through here, so the rule
 * that makes check-then-write sequences safe (SQLite: BEGIN IMMEDIATE, one writer at a time)
 * lives in one place for each database engine.
 */
export function transaction<T>(db: Database, fn: (trx: Transaction<DB>) => Promise<T>): Promise<T> {
  return db.transaction().execute(fn);
}
