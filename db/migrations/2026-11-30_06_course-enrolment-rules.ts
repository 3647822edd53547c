import { sql, type Kysely } from "kysely";

// A course may let one trainee hold places in several of its cohorts at once (e.g. a series of
// independent skill sessions); by default it may not (issue 11, item 3). The rule itself is
// enforced in the enrolment transaction, as it depends on the dates of the cohorts.
export async function up(db: Kysely<any>): Promise<void> {
  await db.transaction().execute(async (trx) => {
    await sql`ALTER TABLE courses ADD COLUMN allow_multiple_cohorts INTEGER NOT NULL DEFAULT 0
      CHECK (allow_multiple_cohorts IN (0, 1))`.execute(trx);
  });
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.transaction().execute(async (trx) => {
    await sql`ALTER TABLE courses DROP COLUMN allow_multiple_cohorts`.execute(trx);
  });
}
