import path from "node:path";
import { env } from "../../app/env.server";
import { backupDatabase } from "../backup";

// `npm run db:backup [FILE]`: an online copy of the database while the server runs.
// Without FILE: backups/<name>-<time>.db beside the database.
if (env().DATABASE_URL) {
  console.error("DATABASE_URL is set: back up and restore PostgreSQL with pg_dump / pg_restore (README).");
  process.exit(2);
}
const source = env().DATABASE_PATH;
const stamp = new Date().toISOString().replace(/[:.]/g, "-");
const destination =
  process.argv[2] ??
  path.join(path.dirname(source), "backups", `${path.basename(source, path.extname(source))}-${stamp}.db`);
try {
  const { pages } = await backupDatabase(source, destination);
  console.log(`backup of ${source} written to ${destination} (${pages} pages, checked)`);
} catch (error) {
  console.error(`backup failed: ${(error as Error).message}`);
  process.exit(1);
}
