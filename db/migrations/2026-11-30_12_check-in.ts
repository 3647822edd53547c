import { sql, type Kysely } from "kysely";

// QR self check-in (issue 16).
// - course_check_in_rules: per course, when the check-in window opens before a session starts,
//   when it closes after the session ends, and after how many minutes from the start a
//   check-in counts as late. A course without a row uses the defaults of check-in.ts.
// - session_check_in_keys: per session, the secret the rotating QR codes are derived from (in
//   the database so every app server derives the same codes) and the token of the fixed
//   check-in link for live online sessions.
// - attendance_check_ins: a trainee's own check-in, at most one per session (the primary key),
//   beside the attendance mark it set; staff can still correct the mark by hand.

export async function up(db: Kysely<any>): Promise<void> {
  await db.transaction().execute(async (trx) => {
    const statements = [
      sql`CREATE TABLE course_check_in_rules (
        course_id INTEGER PRIMARY KEY NOT NULL REFERENCES courses(id) ON DELETE CASCADE,
        opens_minutes_before INTEGER NOT NULL CHECK (opens_minutes_before BETWEEN 0 AND 240),
        closes_minutes_after_end INTEGER NOT NULL CHECK (closes_minutes_after_end BETWEEN 0 AND 240),
        late_after_minutes INTEGER NOT NULL CHECK (late_after_minutes BETWEEN 0 AND 240),
        updated_by TEXT REFERENCES users(id),
        updated_at TEXT NOT NULL
      ) STRICT`,
      sql`CREATE INDEX course_check_in_rules_updated_by ON course_check_in_rules(updated_by)`,
      sql`CREATE TABLE session_check_in_keys (
        session_id INTEGER PRIMARY KEY NOT NULL REFERENCES cohort_sessions(id) ON DELETE CASCADE,
        secret TEXT NOT NULL CHECK (length(secret) = 64),
        link_token TEXT NOT NULL UNIQUE CHECK (length(link_token) = 32),
        created_at TEXT NOT NULL
      ) STRICT`,
      sql`CREATE TABLE attendance_check_ins (
        enrollment_id INTEGER NOT NULL REFERENCES enrollments(id) ON DELETE CASCADE,
        session_id INTEGER NOT NULL REFERENCES cohort_sessions(id) ON DELETE CASCADE,
        method TEXT NOT NULL CHECK (method IN ('qr', 'link')),
        status TEXT NOT NULL CHECK (status IN ('present', 'late')),
        checked_in_at TEXT NOT NULL,
        PRIMARY KEY (enrollment_id, session_id)
      ) STRICT`,
      sql`CREATE INDEX attendance_check_ins_session ON attendance_check_ins(session_id)`,
    ];
    for (const statement of statements) await statement.execute(trx);
  });
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.transaction().execute(async (trx) => {
    for (const table of ["attendance_check_ins", "session_check_in_keys", "course_check_in_rules"]) {
      await sql`DROP TABLE ${sql.table(table)}`.execute(trx);
    }
  });
}
