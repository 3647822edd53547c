import { Migrator, type Kysely, type MigrationResultSet } from "kysely";
import { migrations } from "./migrations";
import {
  installPostgresCompatibility,
  isPostgresDatabase,
  SqliteDdlOnPostgres,
  syncIdentitySequences,
} from "./postgres-ddl";

export function migrator(db: Kysely<any>): Migrator {
  const provider = { getMigrations: async () => migrations };
  if (!isPostgresDatabase(db)) return new Migrator({ db, provider });
  // PostgreSQL: the same migrations, their SQLite DDL translated (postgres-ddl.ts). Each
  // migration wraps itself in a transaction, as on SQLite, so the Migrator does not add one.
  return new Migrator({ db: db.withPlugin(new SqliteDdlOnPostgres()), provider, disableTransactions: true });
}

/** Brings the schema up to date; throws with the failing migration's name. */
export async function migrateToLatest(db: Kysely<any>): Promise<MigrationResultSet> {
  if (isPostgresDatabase(db)) await installPostgresCompatibility(db);
  const result = await migrator(db).migrateToLatest();
  if (result.error) {
    const failed = result.results?.find((r) => r.status === "Error")?.migrationName ?? "?";
    throw new Error(`Migration ${failed} failed: ${String(result.error)}`, { cause: result.error });
  }
  if (isPostgresDatabase(db)) await syncIdentitySequences(db);
  return result;
}
