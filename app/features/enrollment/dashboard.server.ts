import type { Database } from "~/db.server";
import { seatsTaken, waitlistLength } from "~/features/vocabulary/counts.server";
import { addDays, fiscalYearOf, todayInTokyo } from "~/lib/dates";

/** What a trainee's dashboard card shows: next session, open tasks, this year's points. */
export async function traineeTrainingSummary(db: Database, userId: string, today = todayInTokyo()) {
  const fiscalYear = fiscalYearOf(today);
  const [next, counts, points] = await Promise.all([
    db
      .selectFrom("enrollments as e")
      .innerJoin("cohort_sessions as s", "s.cohort_id", "e.cohort_id")
      .innerJoin("cohorts as c", "c.id", "e.cohort_id")
      .innerJoin("courses as co", "co.id", "c.course_id")
      .select(["s.date", "s.start_time", "s.end_time", "c.name as cohort_name", "co.title as course_title"])
      .where("e.user_id", "=", userId)
      .where("e.status", "in", ["pending", "enrolled"])
      .where("s.date", ">=", today)
      .orderBy("s.date")
      .orderBy("s.start_time")
      .limit(1)
      .executeTakeFirst(),
    db
      .selectFrom("enrollments as e")
      .innerJoin("cohorts as c", "c.id", "e.cohort_id")
      .select((eb) => [
        eb.fn.sum<number>(eb.case().when("e.status", "in", ["pending", "enrolled"]).then(1).else(0).end()).as("active"),
        eb.fn.sum<number>(eb.case().when("e.status", "=", "waitlisted").then(1).else(0).end()).as("waitlisted"),
        eb.fn
          .sum<number>(
            eb
              .case()
              .when(
                eb.and([
                  eb("e.status", "=", "enrolled"),
                  eb("e.questionnaire_submitted_at", "is", null),
                  eb("c.last_session_date", "<=", today),
                ]),
              )
              .then(1)
              .else(0)
              .end(),
          )
          .as("questionnaires_due"),
      ])
      .where("e.user_id", "=", userId)
      .executeTakeFirstOrThrow(),
    db
      .selectFrom("point_credits")
      .select((eb) => eb.fn.coalesce(eb.fn.sum<number>("points"), eb.val(0)).as("total"))
      .where("user_id", "=", userId)
      .where("fiscal_year", "=", fiscalYear)
      .executeTakeFirstOrThrow(),
  ]);
  return {
    nextSession: next ?? null,
    activeEnrollments: Number(counts.active ?? 0),
    waitlisted: Number(counts.waitlisted ?? 0),
    questionnairesDue: Number(counts.questionnaires_due ?? 0),
    fiscalYear,
    pointsThisYear: Number(points.total ?? 0),
  };
}

/** What the secretariat's dashboard card shows: cohorts of the coming 60 days and open work. */
export async function staffTrainingSummary(db: Database, today = todayInTokyo()) {
  const horizon = addDays(today, 60);
  const [cohorts, work] = await Promise.all([
    db
      .selectFrom("cohorts as c")
      .innerJoin("courses as co", "co.id", "c.course_id")
      .select([
        "c.id",
        "c.name",
        "c.capacity",
        "c.first_session_date",
        "co.title as course_title",
        seatsTaken("c.id").as("seats_taken"),
        waitlistLength("c.id").as("waitlist_length"),
      ])
      .where("c.first_session_date", ">=", today)
      .where("c.first_session_date", "<=", horizon)
      .orderBy("c.first_session_date", (ob) => ob.asc().nullsFirst())
      .limit(5)
      .execute(),
    db
      .selectFrom("enrollments as e")
      .innerJoin("cohorts as c", "c.id", "e.cohort_id")
      .select((eb) => [
        eb.fn.sum<number>(eb.case().when("e.status", "=", "pending").then(1).else(0).end()).as("pending"),
        eb.fn
          .sum<number>(
            eb
              .case()
              .when(eb.and([eb("e.status", "=", "enrolled"), eb("e.fee_yen", ">", 0), eb("e.paid_at", "is", null)]))
              .then(1)
              .else(0)
              .end(),
          )
          .as("unpaid"),
      ])
      .where("c.last_session_date", ">=", addDays(today, -180))
      .executeTakeFirstOrThrow(),
  ]);
  return {
    upcomingCohorts: cohorts,
    pendingApprovals: Number(work.pending ?? 0),
    unpaid: Number(work.unpaid ?? 0),
  };
}
