import { sql, type Kysely } from "kysely";

// Fees and the full municipality registry (issue 11, items 7 and 9).
// - payment_settings: how trainees pay course fees (one bank account, set by staff on
//   /staff/payment-settings). One row at most (id = 1); no row means "not set yet", and
//   e-mails then say that the secretariat will tell them how to pay.
// - municipalities(name): the engagement form resolves a typed name ("天童市") among the
//   ~1,800 municipalities loaded from the official list at set-up.
export async function up(db: Kysely<any>): Promise<void> {
  await db.transaction().execute(async (trx) => {
    const statements = [
      sql`CREATE TABLE payment_settings (
        id INTEGER PRIMARY KEY NOT NULL CHECK (id = 1),
        bank_name TEXT NOT NULL CHECK (length(bank_name) BETWEEN 1 AND 40),
        branch_name TEXT NOT NULL CHECK (length(branch_name) BETWEEN 1 AND 40),
        account_type TEXT NOT NULL CHECK (account_type IN ('ordinary', 'current')),
        account_number TEXT NOT NULL CHECK (account_number GLOB '[0-9][0-9][0-9][0-9][0-9][0-9][0-9]'),
        account_holder_kana TEXT NOT NULL CHECK (length(account_holder_kana) BETWEEN 1 AND 60),
        -- the payment deadline: due_days after the enrolment is confirmed, or before the
        -- cohort's first session
        due_basis TEXT NOT NULL CHECK (due_basis IN ('after_enrolment', 'before_start')),
        due_days INTEGER NOT NULL CHECK (due_days BETWEEN 0 AND 90),
        note TEXT NOT NULL DEFAULT '' CHECK (length(note) <= 500),
        updated_by TEXT REFERENCES users(id),
        updated_at TEXT NOT NULL
      ) STRICT`,
      sql`CREATE INDEX payment_settings_updated_by ON payment_settings(updated_by)`,
      sql`CREATE INDEX municipalities_name ON municipalities(name)`,
    ];
    for (const statement of statements) await statement.execute(trx);
  });
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.transaction().execute(async (trx) => {
    await sql`DROP INDEX municipalities_name`.execute(trx);
    await sql`DROP TABLE payment_settings`.execute(trx);
  });
}
