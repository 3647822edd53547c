import { sql } from "kysely";
import type { Database } from "~/db.server";
import { ATTENDED } from "./attendance-statuses";
import { SEAT_HOLDING } from "./enrollment-statuses";

// Counts that lists and pages show beside a cohort or an enrolment, as correlated subqueries.
// Statuses are written into the SQL as literals, not bound parameters: with parameters SQLite
// rebuilt the IN list for every row, which cost about a third of a 50-row roster query
// (measured on the bench fixture).

const list = (values: readonly string[]) => sql.join(values.map((v) => sql.lit(v)));

/** Sessions an enrolment was marked as not attending (absent, excused); the enrolment is `e`. */
export const missedSessions = sql<number>`(SELECT count(*) FROM attendance a WHERE a.enrollment_id = e.id AND a.status NOT IN (${list(ATTENDED)}))`;

/** Sessions an enrolment counts as attended (present, late, left early); the enrolment is `e`. */
export const attendedSessions = sql<number>`(SELECT count(*) FROM attendance a WHERE a.enrollment_id = e.id AND a.status IN (${list(ATTENDED)}))`;

/** Seats taken (pending or enrolled applications) of the cohort whose id is `cohortId`, e.g. "c.id". */
export function seatsTaken(cohortId: string) {
  return sql<number>`(SELECT count(*) FROM enrollments st WHERE st.cohort_id = ${sql.ref(cohortId)} AND st.status IN (${list(SEAT_HOLDING)}))`;
}

/** Seats taken of one cohort now: the same count as seatsTaken, for a transaction about to place someone. */
export async function countSeatsTaken(db: Database, cohortId: number): Promise<number> {
  const row = await db
    .selectFrom("cohorts as c")
    .select(seatsTaken("c.id").as("n"))
    .where("c.id", "=", cohortId)
    .executeTakeFirst();
  return row?.n ?? 0;
}

/** Length of the waitlist of the cohort whose id is `cohortId`. */
export function waitlistLength(cohortId: string) {
  return sql<number>`(SELECT count(*) FROM enrollments wl WHERE wl.cohort_id = ${sql.ref(cohortId)} AND wl.status = 'waitlisted')`;
}

/**
 * An application's place on its cohort's waitlist (1 = next to be promoted), null unless it
 * is waitlisted; `enrollment` is the alias of the enrolment, e.g. "e".
 */
export function waitlistPositionOf(enrollment: string) {
  const column = (name: string) => sql.ref(`${enrollment}.${name}`);
  return sql<
    number | null
  >`CASE WHEN ${column("status")} = 'waitlisted' THEN (SELECT count(*) FROM enrollments wp WHERE wp.cohort_id = ${column("cohort_id")} AND wp.status = 'waitlisted' AND wp.queue_seq <= ${column("queue_seq")}) END`;
}
