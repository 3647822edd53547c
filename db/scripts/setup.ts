import { openDatabase } from "../../app/db.server";
import { env } from "../../app/env.server";
import { FIRST_ADMIN_COMMAND, isPublicInstall } from "../../app/features/auth/demo-password.server";
import { migrateToLatest } from "../migrate";
import { DEMO_ACCOUNTS, DEMO_PASSWORD, seedDemo } from "../seed/demo";

// `npm start` runs this before serving: migrate, then load demo data into an empty database,
// except on a public install (https APP_ORIGIN), which starts empty (decision 0007).
const config = env();
const file = config.DATABASE_PATH;
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
    console.log(`Demo data loaded into ${file}.`);
  }
  console.log("\nDemo accounts (password: " + DEMO_PASSWORD + "):");
  for (const a of DEMO_ACCOUNTS) console.log(`  ${a.email.padEnd(22)} ${a.roles.join(", ")}`);
  console.log("");
}
await db.destroy();
