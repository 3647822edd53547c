import { openDatabase } from "../../app/db.server";
import { databaseLocation, describeDatabaseLocation } from "../../app/env.server";
import { migrateToLatest } from "../migrate";

const file = databaseLocation();
const db = openDatabase(file);
const { results } = await migrateToLatest(db);
for (const r of results ?? []) console.log(`migration ${r.migrationName}: ${r.status}`);
console.log(`database ${describeDatabaseLocation()} is up to date`);
await db.destroy();
