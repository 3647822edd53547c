import { openDatabase } from "~/db.server";
import { databaseLocation, env } from "~/env.server";
import { log } from "~/lib/log.server";
import { demoPasswordRefusal } from "./demo-password.server";

/** Stops a public install (https APP_ORIGIN) that still has demo accounts (decision 0007). */
export async function refuseToStartWithDemoPasswords(): Promise<void> {
  const config = env();
  const db = openDatabase(databaseLocation(config));
  let refusal: string | null;
  try {
    refusal = await demoPasswordRefusal(db, config);
  } finally {
    await db.destroy();
  }
  if (refusal) {
    log.error(refusal);
    process.exit(1);
  }
}
