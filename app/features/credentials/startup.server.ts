import { env } from "~/env.server";
import { log } from "~/lib/log.server";
import { loadSigningKey, SigningKeyError } from "./signing-key.server";

/**
 * Run once by the server before it serves (decision 0021): on SQLite without
 * CREDENTIAL_SIGNING_KEY, creates the key file beside the database and says so; with
 * DATABASE_URL and no key, or with a key that cannot be read, refuses to start in one line.
 */
export function prepareCredentialSigningKey(): void {
  try {
    const source = loadSigningKey(env());
    if (source.from === "file" && source.created)
      log.warn(
        `Credential signing key created: ${source.file} (issuer ${source.key.did}); back it up with the database, or set CREDENTIAL_SIGNING_KEY`,
      );
  } catch (error) {
    if (!(error instanceof SigningKeyError)) throw error;
    process.stderr.write(`ITC研修ポータル: not starting: ${error.message}\n`);
    process.exit(1);
  }
}
