import fs from "node:fs";
import { sql } from "kysely";
import { openDatabase } from "../../app/db.server";
import { E2E_DATABASE, E2E_DATABASE_LOCATION, E2E_ENGINE } from "./env";

// Run by the e2e web server before set-up: the suite starts on an empty database of its
// engine (SQLite: the file removed; PostgreSQL: the database dropped and created again, with
// C collation so text sorts as in SQLite).
if (E2E_ENGINE === "sqlite") {
  for (const suffix of ["", "-wal", "-shm"]) fs.rmSync(E2E_DATABASE + suffix, { force: true });
} else {
  const url = new URL(E2E_DATABASE_LOCATION);
  const name = url.pathname.slice(1);
  url.pathname = "/postgres";
  const admin = openDatabase(url.toString(), { poolSize: 1 });
  try {
    await sql`DROP DATABASE IF EXISTS ${sql.id(name)} WITH (FORCE)`.execute(admin);
    await sql`CREATE DATABASE ${sql.id(name)} TEMPLATE template0 ENCODING 'UTF8' LC_COLLATE 'C' LC_CTYPE 'C'`.execute(
      admin,
    );
  } finally {
    await admin.destroy();
  }
}
