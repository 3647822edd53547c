import fs from "node:fs";
import path from "node:path";
import SQLite from "better-sqlite3";
import { Kysely, SqliteDialect } from "kysely";
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
  return new Kysely<DB>({ dialect: new SqliteDialect({ database: sqlite }) });
}

let instance: Database | undefined;

/** The application's one Kysely instance (SQLite has one connection: share it). */
export function db(): Database {
  instance ??= openDatabase(env().DATABASE_PATH);
  return instance;
}
