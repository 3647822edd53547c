import { sql, type Kysely } from "kysely";

// Taking a course again after completing it (issue 22, item 8): a course says whether it
// allows a repeat (courses.allow_repeat, off by default); a repeat enrolment carries the
// trainee's reason (enrollments.repeat_reason; null for a first enrolment). The rule itself is
// enforced in the enrolment transaction (decision 0034).
export async function up(db: Kysely<any>): Promise<void> {
  await db.transaction().execute(async (trx) => {
    await sql`ALTER TABLE courses ADD COLUMN allow_repeat INTEGER NOT NULL DEFAULT 0
      CHECK (allow_repeat IN (0, 1))`.execute(trx);
    await sql`ALTER TABLE enrollments ADD COLUMN repeat_reason TEXT`.execute(trx);
  });
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.transaction().execute(async (trx) => {
    await sql`ALTER TABLE enrollments DROP COLUMN repeat_reason`.execute(trx);
    await sql`ALTER TABLE courses DROP COLUMN allow_repeat`.execute(trx);
  });
}
