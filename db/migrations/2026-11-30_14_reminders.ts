import { sql, type Kysely } from "kysely";

// Reminders (issue 16): the day before each session, for a questionnaire not answered a few
// days after the last session, and for an unpaid fee before the cohort starts.
// - reminder_settings: when each is sent (staff edit them).
// - reminders_sent: one row per reminder ever sent; its primary key is what makes a reminder go
//   out once, even when several app servers run the reminder job at the same moment.

export async function up(db: Kysely<any>): Promise<void> {
  await db.transaction().execute(async (trx) => {
    const statements = [
      sql`CREATE TABLE reminder_settings (
        id INTEGER PRIMARY KEY NOT NULL CHECK (id = 1),
        -- the day before a session, from this time (Tokyo)
        session_reminder_time TEXT NOT NULL CHECK (session_reminder_time GLOB '[0-2][0-9]:[0-5][0-9]'),
        questionnaire_after_days INTEGER NOT NULL CHECK (questionnaire_after_days BETWEEN 1 AND 30),
        fee_before_days INTEGER NOT NULL CHECK (fee_before_days BETWEEN 1 AND 60),
        updated_by TEXT REFERENCES users(id),
        updated_at TEXT NOT NULL
      ) STRICT`,
      sql`CREATE INDEX reminder_settings_updated_by ON reminder_settings(updated_by)`,
      sql`INSERT INTO reminder_settings (id, session_reminder_time, questionnaire_after_days, fee_before_days, updated_at)
          VALUES (1, '12:00', 3, 7, ${new Date().toISOString()})`,
      sql`CREATE TABLE reminders_sent (
        kind TEXT NOT NULL CHECK (kind IN ('session', 'questionnaire', 'fee')),
        enrollment_id INTEGER NOT NULL REFERENCES enrollments(id) ON DELETE CASCADE,
        -- the session of a session reminder; 0 for the others (one per enrolment)
        ref_id INTEGER NOT NULL CHECK (ref_id >= 0),
        sent_at TEXT NOT NULL,
        PRIMARY KEY (kind, enrollment_id, ref_id)
      ) STRICT`,
      sql`CREATE INDEX reminders_sent_enrollment ON reminders_sent(enrollment_id)`,
    ];
    for (const statement of statements) await statement.execute(trx);
  });
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.transaction().execute(async (trx) => {
    for (const table of ["reminders_sent", "reminder_settings"]) {
      await sql`DROP TABLE ${sql.table(table)}`.execute(trx);
    }
  });
}
