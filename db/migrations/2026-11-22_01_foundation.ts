import { sql, type Kysely } from "kysely";

// Foundation: people, roles, sessions, sign-in attempts, audit log, notification outbox,
// municipalities. Written against Kysely<any> and never importing app code, so that the
// migration keeps meaning the same thing when the app changes.
export async function up(db: Kysely<any>): Promise<void> {
  await db.transaction().execute(async (trx) => {
    const statements = [
      sql`CREATE TABLE users (
        id TEXT PRIMARY KEY,
        email TEXT NOT NULL UNIQUE,
        password_hash TEXT NOT NULL,
        name TEXT NOT NULL,
        name_kana TEXT NOT NULL,
        prefecture_code TEXT NOT NULL CHECK (prefecture_code GLOB '[0-4][0-9]'),
        organization TEXT NOT NULL DEFAULT '',
        itc_number TEXT,
        -- NFKC, lower-cased, hiragana-folded name/kana/email/organisation for search
        search_text TEXT NOT NULL DEFAULT '',
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL
      ) STRICT`,
      sql`CREATE TABLE user_roles (
        user_id TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
        role TEXT NOT NULL CHECK (role IN ('trainee', 'trainer', 'staff', 'admin')),
        granted_at TEXT NOT NULL,
        granted_by TEXT REFERENCES users(id),
        PRIMARY KEY (user_id, role)
      ) STRICT`,
      sql`CREATE INDEX user_roles_role ON user_roles(role)`,
      sql`CREATE INDEX user_roles_granted_by ON user_roles(granted_by)`,
      // Lucia's session shape: expires_at in seconds since the epoch.
      sql`CREATE TABLE sessions (
        id TEXT PRIMARY KEY,
        user_id TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
        expires_at INTEGER NOT NULL
      ) STRICT`,
      sql`CREATE INDEX sessions_user_id ON sessions(user_id)`,
      sql`CREATE TABLE sign_in_attempts (
        id INTEGER PRIMARY KEY NOT NULL,
        email TEXT NOT NULL,
        ip TEXT NOT NULL,
        succeeded INTEGER NOT NULL CHECK (succeeded IN (0, 1)),
        attempted_at TEXT NOT NULL
      ) STRICT`,
      sql`CREATE INDEX sign_in_attempts_email ON sign_in_attempts(email, attempted_at)`,
      sql`CREATE INDEX sign_in_attempts_ip ON sign_in_attempts(ip, attempted_at)`,
      sql`CREATE TABLE audit_log (
        id INTEGER PRIMARY KEY NOT NULL,
        actor_id TEXT REFERENCES users(id),
        action TEXT NOT NULL,
        entity_type TEXT NOT NULL,
        entity_id TEXT,
        details TEXT NOT NULL DEFAULT '{}' CHECK (json_valid(details)),
        created_at TEXT NOT NULL
      ) STRICT`,
      sql`CREATE INDEX audit_log_entity ON audit_log(entity_type, entity_id)`,
      sql`CREATE INDEX audit_log_actor ON audit_log(actor_id)`,
      // The audit log is append-only: history is never rewritten.
      sql`CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
        BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END`,
      sql`CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log
        BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END`,
      sql`CREATE TABLE notifications (
        id INTEGER PRIMARY KEY NOT NULL,
        user_id TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
        kind TEXT NOT NULL,
        title TEXT NOT NULL,
        body TEXT NOT NULL,
        link TEXT,
        created_at TEXT NOT NULL,
        read_at TEXT,
        email_status TEXT NOT NULL DEFAULT 'pending'
          CHECK (email_status IN ('pending', 'sent', 'logged', 'failed', 'none')),
        email_attempts INTEGER NOT NULL DEFAULT 0,
        email_sent_at TEXT,
        email_error TEXT
      ) STRICT`,
      sql`CREATE INDEX notifications_user ON notifications(user_id, read_at)`,
      sql`CREATE INDEX notifications_email_status ON notifications(email_status)`,
      sql`CREATE TABLE municipalities (
        code TEXT PRIMARY KEY CHECK (length(code) = 6 AND code GLOB '[0-9][0-9][0-9][0-9][0-9][0-9]'),
        name TEXT NOT NULL,
        name_kana TEXT NOT NULL DEFAULT '',
        prefecture_code TEXT NOT NULL,
        population INTEGER CHECK (population IS NULL OR population >= 0),
        population_year INTEGER,
        kind TEXT NOT NULL CHECK (kind IN ('designated_city', 'core_city', 'city', 'town_village', 'special_ward', 'prefecture')),
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL
      ) STRICT`,
      sql`CREATE INDEX municipalities_prefecture ON municipalities(prefecture_code)`,
    ];
    for (const statement of statements) await statement.execute(trx);
  });
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.transaction().execute(async (trx) => {
    for (const table of [
      "municipalities",
      "notifications",
      "audit_log",
      "sign_in_attempts",
      "sessions",
      "user_roles",
      "users",
    ]) {
      await sql`DROP TABLE ${sql.table(table)}`.execute(trx);
    }
  });
}
