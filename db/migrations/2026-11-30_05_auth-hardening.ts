import { sql, type Kysely } from "kysely";

// Sign-in and accounts hardening (decision 0007): password checks reserved before they run,
// e-mail verification and deactivation of users, single-use links (stored as hashes) for
// e-mail verification, invitations, password resets and unlocking, and a registration
// throttle per IP address.
export async function up(db: Kysely<any>): Promise<void> {
  await db.transaction().execute(async (trx) => {
    const statements = [
      // A check in progress: reserved (counted) before the password is verified.
      sql`ALTER TABLE sign_in_attempts ADD COLUMN pending INTEGER NOT NULL DEFAULT 0 CHECK (pending IN (0, 1))`,
      sql`CREATE INDEX sign_in_attempts_email_ip ON sign_in_attempts(email, ip, attempted_at)`,
      sql`ALTER TABLE users ADD COLUMN email_verified_at TEXT`,
      // Every account that exists already is taken as verified.
      sql`UPDATE users SET email_verified_at = created_at`,
      sql`ALTER TABLE users ADD COLUMN deactivated_at TEXT`,
      sql`CREATE TABLE account_tokens (
        id INTEGER PRIMARY KEY NOT NULL,
        user_id TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
        purpose TEXT NOT NULL
          CHECK (purpose IN ('verify_email', 'invite', 'password_reset', 'unlock', 'trusted_device')),
        -- SHA-256 of the token, hex: the token itself is only in the e-mail (or the cookie).
        token_hash TEXT NOT NULL UNIQUE,
        created_at TEXT NOT NULL,
        expires_at TEXT NOT NULL,
        used_at TEXT
      ) STRICT`,
      sql`CREATE INDEX account_tokens_user ON account_tokens(user_id, purpose)`,
      sql`CREATE TABLE registration_attempts (
        id INTEGER PRIMARY KEY NOT NULL,
        ip TEXT NOT NULL,
        attempted_at TEXT NOT NULL
      ) STRICT`,
      sql`CREATE INDEX registration_attempts_ip ON registration_attempts(ip, attempted_at)`,
    ];
    for (const statement of statements) await statement.execute(trx);
  });
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.transaction().execute(async (trx) => {
    for (const statement of [
      sql`DROP TABLE registration_attempts`,
      sql`DROP TABLE account_tokens`,
      sql`ALTER TABLE users DROP COLUMN deactivated_at`,
      sql`ALTER TABLE users DROP COLUMN email_verified_at`,
      sql`DROP INDEX sign_in_attempts_email_ip`,
      sql`ALTER TABLE sign_in_attempts DROP COLUMN pending`,
    ])
      await statement.execute(trx);
  });
}
