import { openDatabase } from "../../app/db.server";
import { env } from "../../app/env.server";
import { migrateToLatest } from "../migrate";

const file = env().DATABASE_PATH;
const db = openDatabase(file);
const { results } = await migrateToLatest(db);
for (const r of results ?? []) console.log(`migration ${r.migrationName}: ${r.status}`);
console.log(`database ${file} is up to date`);
await db.destroy();
