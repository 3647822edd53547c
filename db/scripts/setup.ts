import { openDatabase } from "../../app/db.server";
import { databaseLocation, describeDatabaseLocation, env } from "../../app/env.server";
import { FIRST_ADMIN_COMMAND, isPublicInstall } from "../../app/features/auth/demo-password.server";
import { loadOfficialMunicipalities } from "../../app/features/municipalities/official-list.server";
import { migrateToLatest } from "../migrate";
import { DEMO_ACCOUNTS, DEMO_PASSWORD, seedDemo } from "../seed/demo";

// `npm start` runs this before serving: migrate; load demo data into an empty database,
// except on a public install (https APP_ORIGIN), which starts empty (decision 0007); then
// register the official prefectures and municipalities that are missing (every start, also
// in production; rows already there are never changed).
const config = env();
const file = databaseLocation(config);
const db = openDatabase(file);
await migrateToLatest(db);
const users = await db
  .selectFrom("users")
  .select((eb) => eb.fn.countAll<number>().as("n"))
  .executeTakeFirstOrThrow();
if (isPublicInstall(config)) {
  if (users.n === 0) console.log(`No demo data (APP_ORIGIN is https). Create the first admin: ${FIRST_ADMIN_COMMAND}`);
} else {
  if (users.n === 0) {
    await seedDemo(db);
    console.log(`Demo data loaded into ${describeDatabaseLocation(config)}.`);
  }
  console.log("\nDemo accounts (password: " + DEMO_PASSWORD + "):");
  for (const a of DEMO_ACCOUNTS) console.log(`  ${a.email.padEnd(22)} ${a.roles.join(", ")}`);
  console.log("");
}
const official = await loadOfficialMunicipalities(db);
if (official.inserted > 0) console.log(`Official municipality list: ${official.inserted} registered.`);
if (official.invalid.length > 0) console.warn(`Official list: invalid codes skipped: ${official.invalid.join(", ")}`);
await db.destroy();
