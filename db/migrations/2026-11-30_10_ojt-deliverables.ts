import { sql, type Kysely } from "kysely";

// Deliverables (成果物) of OJT log entries, the database file store, and e-mails to people
// without an account (issue 14; the storage interface of issue 13, decision 0018).
// - stored_files / stored_file_chunks: the file store used on PostgreSQL installs (any app
//   server reads what another stored). A file is written in chunks under a row in state
//   'writing' without a key; when every chunk is in, one statement gives it its key and makes
//   it 'complete', so a reader never sees half a file and a crash leaves only a 'writing' row
//   (swept later). SQLite installs use a folder instead, but the tables exist on both engines.
// - ojt_deliverables: a file attached to an entry; the bytes live in the file store under
//   storage_key. media_type is what the content was recognised as, never the name's claim.
// - outbox_emails: e-mails to an address rather than a user (the municipal counterpart's
//   confirmation link). `link` holds the secret link until the message is out, then is cleared.

const MEDIA_TYPES = [
  "application/pdf",
  "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
  "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
  "application/vnd.openxmlformats-officedocument.presentationml.presentation",
  "application/msword",
  "application/vnd.ms-excel",
  "application/vnd.ms-powerpoint",
  "image/png",
  "image/jpeg",
  "image/gif",
  "image/webp",
]
  .map((t) => `'${t}'`)
  .join(", ");

export async function up(db: Kysely<any>): Promise<void> {
  await db.transaction().execute(async (trx) => {
    const statements = [
      sql`CREATE TABLE stored_files (
        id INTEGER PRIMARY KEY NOT NULL,
        -- NULL while the chunks are being written; set when the file is complete
        storage_key TEXT UNIQUE CHECK (storage_key IS NULL OR length(storage_key) BETWEEN 1 AND 300),
        state TEXT NOT NULL CHECK (state IN ('writing', 'complete')),
        size_bytes INTEGER NOT NULL DEFAULT 0 CHECK (size_bytes >= 0),
        created_at TEXT NOT NULL,
        CHECK (state = 'writing' OR storage_key IS NOT NULL)
      ) STRICT`,
      sql`CREATE INDEX stored_files_state ON stored_files(state, created_at)`,
      sql`CREATE TABLE stored_file_chunks (
        file_id INTEGER NOT NULL REFERENCES stored_files(id) ON DELETE CASCADE,
        seq INTEGER NOT NULL CHECK (seq >= 0),
        data BLOB NOT NULL,
        PRIMARY KEY (file_id, seq)
      ) STRICT`,

      sql`CREATE TABLE ojt_deliverables (
        id INTEGER PRIMARY KEY NOT NULL,
        entry_id INTEGER NOT NULL REFERENCES ojt_log_entries(id) ON DELETE RESTRICT,
        storage_key TEXT NOT NULL UNIQUE CHECK (length(storage_key) BETWEEN 1 AND 300),
        file_name TEXT NOT NULL CHECK (length(file_name) BETWEEN 1 AND 200),
        media_type TEXT NOT NULL CHECK (media_type IN (${sql.raw(MEDIA_TYPES)})),
        size_bytes INTEGER NOT NULL CHECK (size_bytes BETWEEN 1 AND 20971520),
        sha256 TEXT NOT NULL CHECK (length(sha256) = 64),
        uploaded_by TEXT NOT NULL REFERENCES users(id) ON DELETE RESTRICT,
        uploaded_at TEXT NOT NULL
      ) STRICT`,
      sql`CREATE INDEX ojt_deliverables_entry ON ojt_deliverables(entry_id, id)`,
      sql`CREATE INDEX ojt_deliverables_uploaded_by ON ojt_deliverables(uploaded_by)`,

      sql`CREATE TABLE outbox_emails (
        id INTEGER PRIMARY KEY NOT NULL,
        to_address TEXT NOT NULL CHECK (length(to_address) BETWEEN 3 AND 254),
        kind TEXT NOT NULL CHECK (length(kind) BETWEEN 1 AND 80),
        subject TEXT NOT NULL CHECK (length(subject) BETWEEN 1 AND 200),
        body TEXT NOT NULL,
        link TEXT,
        status TEXT NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'sent', 'logged', 'failed')),
        attempts INTEGER NOT NULL DEFAULT 0 CHECK (attempts >= 0),
        error TEXT,
        created_at TEXT NOT NULL,
        sent_at TEXT
      ) STRICT`,
      sql`CREATE INDEX outbox_emails_status ON outbox_emails(status, id)`,
    ];
    for (const statement of statements) await statement.execute(trx);
  });
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.transaction().execute(async (trx) => {
    for (const table of ["outbox_emails", "ojt_deliverables", "stored_file_chunks", "stored_files"]) {
      await sql`DROP TABLE ${sql.table(table)}`.execute(trx);
    }
  });
}
