import path from "node:path";
import { env } from "../../app/env.server";
import { backupInstall, installLayout } from "../install-backup";

// `npm run db:backup [DIR]`: an online backup of the whole install while the server runs: the
// database (SQLite's backup API, or pg_dump on PostgreSQL), the stored files and the credential
// signing key (or, when it is in CREDENTIAL_SIGNING_KEY, its issuer), as one directory with a
// manifest. Without DIR: backups/<name>-<time>/ beside the SQLite file (./backups on PostgreSQL).
const config = env();
const now = new Date();
const stamp = now.toISOString().replace(/[:.]/g, "-");
const base = config.DATABASE_URL ? "backups" : path.join(path.dirname(config.DATABASE_PATH), "backups");
const name = config.DATABASE_URL ? "app" : path.basename(config.DATABASE_PATH, path.extname(config.DATABASE_PATH));
const destination = process.argv[2] ?? path.join(base, `${name}-${stamp}`);
try {
  const manifest = await backupInstall(installLayout(config), destination, { now });
  const stored = manifest.files.filter((f) => f.path.startsWith("files/")).length;
  console.log(
    `backup written to ${destination}: the database (${manifest.schema.migrations} migrations), ` +
      (manifest.storage === "folder" ? `${stored} stored file(s)` : "stored files inside the database") +
      `, signing key ${manifest.signing_key.source === "file" ? "included" : "NOT included (CREDENTIAL_SIGNING_KEY: keep it in your secret store)"}; issuer ${manifest.signing_key.issuer}`,
  );
  for (const key of manifest.missing_files)
    console.warn(
      `warning: ${key} is referred to by the database but was not in the file storage (lost before this backup, or deleted while it ran)`,
    );
} catch (error) {
  console.error(`backup failed: ${(error as Error).message}`);
  process.exit(1);
}
