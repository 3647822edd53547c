import { env } from "../../app/env.server";
import { restoreDatabase } from "../backup";

// `npm run db:restore FILE`: puts a backup in place of the database. The server must be
// stopped (refused otherwise); `npm start` then applies any migration the backup lacks.
if (env().DATABASE_URL) {
  console.error("DATABASE_URL is set: back up and restore PostgreSQL with pg_dump / pg_restore (README).");
  process.exit(2);
}
const backup = process.argv[2];
if (!backup) {
  console.error("usage: npm run db:restore FILE");
  process.exit(2);
}
const target = env().DATABASE_PATH;
try {
  const { kept, pending } = await restoreDatabase(backup, target);
  console.log(`restored ${backup} into ${target}` + (kept ? `; the replaced database is kept as ${kept}` : ""));
  if (pending > 0) console.log(`${pending} migration(s) will be applied by npm start (or npm run db:migrate)`);
} catch (error) {
  console.error(`restore refused: ${(error as Error).message}`);
  process.exit(1);
}
