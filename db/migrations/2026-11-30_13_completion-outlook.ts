import { sql, type Kysely } from "kysely";

// Completion that warns in time (issue 16): whether an enrolment can still reach the course's
// attendance minimum, kept so that the trainee and the lecturer are told once per change
// ('at_risk': one more absence makes completion impossible; 'impossible': it already is).

export async function up(db: Kysely<any>): Promise<void> {
  await db.transaction().execute(async (trx) => {
    await sql`ALTER TABLE enrollments ADD COLUMN completion_outlook TEXT NOT NULL DEFAULT 'on_track'
      CHECK (completion_outlook IN ('on_track', 'at_risk', 'impossible'))`.execute(trx);
    await sql`CREATE INDEX enrollments_outlook ON enrollments(completion_outlook, cohort_id)`.execute(trx);
  });
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.transaction().execute(async (trx) => {
    await sql`DROP INDEX enrollments_outlook`.execute(trx);
    await sql`ALTER TABLE enrollments DROP COLUMN completion_outlook`.execute(trx);
  });
}
