import { sql, type Kysely } from "kysely";

// The question bank and per-attempt draws of the understanding check (issue 21, item 6;
// decision 0032).
// - course_quizzes.questions_per_attempt: how many of the quiz's active questions an attempt
//   asks; NULL means all of them.
// - quiz_attempt_draws: the questions an attempt asks, in the order it asks them, and each
//   question's choice order, drawn when the trainee opens the attempt and kept, so a reload,
//   the submission and the review all see the same draw. `questions` is JSON:
//   [{"questionId": 12, "choiceIds": [40, 38, 39]}, ...]. attempt_id is set when the attempt is
//   submitted. UNIQUE (quiz_id, user_id, attempt_no): one draw per attempt, also when two
//   tabs open it at once. Attempts submitted before this migration have no draw.

export async function up(db: Kysely<any>): Promise<void> {
  await db.transaction().execute(async (trx) => {
    const statements = [
      sql`ALTER TABLE course_quizzes ADD COLUMN questions_per_attempt INTEGER
        CHECK (questions_per_attempt IS NULL OR questions_per_attempt BETWEEN 1 AND 100)`,
      sql`CREATE TABLE quiz_attempt_draws (
        id INTEGER PRIMARY KEY NOT NULL,
        quiz_id INTEGER NOT NULL REFERENCES course_quizzes(id) ON DELETE RESTRICT,
        user_id TEXT NOT NULL REFERENCES users(id) ON DELETE RESTRICT,
        attempt_no INTEGER NOT NULL CHECK (attempt_no BETWEEN 1 AND 10),
        questions TEXT NOT NULL CHECK (length(questions) BETWEEN 2 AND 100000),
        drawn_at TEXT NOT NULL,
        attempt_id INTEGER UNIQUE REFERENCES quiz_attempts(id) ON DELETE CASCADE,
        UNIQUE (quiz_id, user_id, attempt_no)
      ) STRICT`,
      sql`CREATE INDEX quiz_attempt_draws_user ON quiz_attempt_draws(user_id)`,
    ];
    for (const statement of statements) await statement.execute(trx);
  });
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.transaction().execute(async (trx) => {
    await sql`DROP TABLE quiz_attempt_draws`.execute(trx);
    await sql`ALTER TABLE course_quizzes DROP COLUMN questions_per_attempt`.execute(trx);
  });
}
