import fs from "node:fs";
import { openDatabase } from "../../app/db.server";
import { env } from "../../app/env.server";
import { loadOfficialMunicipalities } from "../../app/features/municipalities/official-list.server";
import { migrateToLatest } from "../migrate";
import { seedDemo } from "../seed/demo";

// Deletes the database file and starts again with fresh demo data (development only).
const file = env().DATABASE_PATH;
if (env().NODE_ENV === "production" && process.env.CONFIRM_RESET !== "yes") {
  console.error("Refusing to reset a production database without CONFIRM_RESET=yes.");
  process.exit(1);
}
if (env().DATABASE_URL) {
  console.error("DATABASE_URL is set: reset PostgreSQL by dropping and creating the database, then npm run db:setup.");
  process.exit(2);
}
for (const suffix of ["", "-wal", "-shm"]) fs.rmSync(file + suffix, { force: true });
const db = openDatabase(file);
await migrateToLatest(db);
await seedDemo(db);
await loadOfficialMunicipalities(db);
console.log(`Database ${file} reset with demo data.`);
await db.destroy();
