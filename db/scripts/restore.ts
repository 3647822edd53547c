import { env } from "../../app/env.server";
import { restoreDatabase } from "../backup";
import { installLayout, restoreInstall } from "../install-backup";

// `npm run db:restore DIR`: puts a backup made by `npm run db:backup` in place of the install's
// database, stored files and signing key. The server must be stopped (refused otherwise); the
// backup is checked whole against its manifest before anything is touched; `npm start` then
// applies any migration the backup lacks. On PostgreSQL, DATABASE_URL must name a new, empty
// database. `--database-only FILE` restores a database file of the former kind (no files, no key).
const config = env();
const args = process.argv.slice(2);
const databaseOnly = args[0] === "--database-only";
const source = databaseOnly ? args[1] : args[0];
if (!source) {
  console.error("usage: npm run db:restore DIR   (or: npm run db:restore -- --database-only FILE)");
  process.exit(2);
}
try {
  if (databaseOnly) {
    if (config.DATABASE_URL) throw new Error("--database-only is for SQLite database files");
    const { kept, pending } = await restoreDatabase(source, config.DATABASE_PATH);
    console.log(
      `restored the database ${source} into ${config.DATABASE_PATH}` +
        (kept ? `; the replaced one is kept as ${kept}` : ""),
    );
    console.log("stored files and the signing key were NOT restored");
    if (pending > 0) console.log(`${pending} migration(s) will be applied by npm start (or npm run db:migrate)`);
  } else {
    const { kept, pending, manifest } = await restoreInstall(source, installLayout(config), { now: new Date() });
    console.log(`restored ${source} (backup of ${manifest.created_at}; issuer ${manifest.signing_key.issuer})`);
    for (const file of kept) console.log(`kept what it replaced: ${file}`);
    if (pending > 0) console.log(`${pending} migration(s) will be applied by npm start (or npm run db:migrate)`);
  }
} catch (error) {
  console.error(`restore refused: ${(error as Error).message}`);
  process.exit(1);
}
