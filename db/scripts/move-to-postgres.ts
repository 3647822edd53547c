import { openDatabase } from "../../app/db.server";
import { describeDatabaseLocation, env } from "../../app/env.server";
import { migrateToLatest } from "../migrate";
import { moveToPostgres } from "../move-to-postgres";

// `DATABASE_URL=postgres://… npm run db:move-to-postgres -- --from data/itc.db`
// Moves an SQLite install's data into an empty PostgreSQL database (README: "More than one
// machine"). Stop the app servers first. Both databases are brought to the latest migration,
// every table is copied in one transaction and compared row for row; the SQLite file is only
// read.
const config = env();
const fromIndex = process.argv.indexOf("--from");
const from = fromIndex > 0 ? process.argv[fromIndex + 1] : config.DATABASE_PATH;
if (!config.DATABASE_URL || !from) {
  console.error("Usage: DATABASE_URL=postgres://… npm run db:move-to-postgres -- --from path/to/itc.db");
  process.exit(2);
}
const source = openDatabase(from);
const target = openDatabase(config.DATABASE_URL, { poolSize: 2 });
try {
  await migrateToLatest(source);
  await migrateToLatest(target);
  console.log(`Moving ${from} → ${describeDatabaseLocation(config)}`);
  const reports = await moveToPostgres(source, target, (line) => console.log(`  ${line}`));
  const rows = reports.reduce((sum, r) => sum + r.rows, 0);
  console.log(`Done: ${reports.length} tables, ${rows} rows, each table equal in both databases.`);
} catch (error) {
  console.error(`Move failed, PostgreSQL left as it was: ${error instanceof Error ? error.message : String(error)}`);
  process.exitCode = 1;
} finally {
  await source.destroy();
  await target.destroy();
}
