import { sql } from "kysely";
import { enrolledClashWarnings, refuseInstructorClash } from "~/features/schedule/clashes.server";
import { rowLock, transaction, type Database } from "~/db.server";
import { countSeatsTaken, seatsTaken, waitlistLength } from "~/features/vocabulary/counts.server";
import { audit } from "~/features/audit/audit.server";
import { fiscalYearOf, todayInTokyo } from "~/lib/dates";
import { ConflictError, NotFoundError } from "~/lib/errors";
import type { CohortInput } from "./catalog.schema";
import { holidayWarnings } from "./sessions";

/** Trainer ITCs, the people who can be chosen as lecturers. */
export async function listTrainers(db: Database) {
  return db
    .selectFrom("users")
    .innerJoin("user_roles", "user_roles.user_id", "users.id")
    .select(["users.id", "users.name", "users.name_kana", "users.organization"])
    .where("user_roles.role", "=", "trainer")
    .orderBy("users.name_kana")
    .execute();
}

/** The cohort's instructors with the form field each came from (for a refusal beside it). */
function instructorsOf(input: CohortInput) {
  return [
    ...(input.lecturerId ? [{ id: input.lecturerId, field: "lecturerId" }] : []),
    ...input.subLecturerIds.map((id) => ({ id, field: "subLecturerIds" })),
  ];
}

async function checkInstructors(db: Database, input: CohortInput): Promise<void> {
  const ids = [...(input.lecturerId ? [input.lecturerId] : []), ...input.subLecturerIds];
  if (ids.length === 0) return;
  const trainers = await db
    .selectFrom("user_roles")
    .select("user_id")
    .where("role", "=", "trainer")
    .where("user_id", "in", ids)
    .execute();
  const ok = new Set(trainers.map((t) => t.user_id));
  if (input.lecturerId && !ok.has(input.lecturerId)) {
    throw new ConflictError("講師はトレーナーITCから選んでください。", "lecturerId");
  }
  if (input.subLecturerIds.some((id) => !ok.has(id))) {
    throw new ConflictError("サブ講師はトレーナーITCから選んでください。", "subLecturerIds");
  }
}

function cohortRow(input: CohortInput) {
  const first = input.sessions[0]!.date;
  return {
    course_id: input.courseId,
    name: input.name,
    fiscal_year: input.fiscalYear ?? fiscalYearOf(first),
    prefecture_code: input.prefectureCode,
    venue: input.venue,
    meeting_url: input.meetingUrl,
    capacity: input.capacity,
    enrollment_opens_on: input.enrollmentOpensOn,
    enrollment_closes_on: input.enrollmentClosesOn,
    cancellation_deadline: input.cancellationDeadline,
    approval_required: input.approvalRequired ? 1 : 0,
    first_session_date: first,
    last_session_date: input.sessions.at(-1)!.date,
    session_count: input.sessions.length,
  };
}

async function writeInstructors(trx: Database, cohortId: number, input: CohortInput) {
  await trx.deleteFrom("cohort_instructors").where("cohort_id", "=", cohortId).execute();
  const rows = [
    ...(input.lecturerId ? [{ cohort_id: cohortId, user_id: input.lecturerId, role: "lecturer" }] : []),
    ...input.subLecturerIds.map((id) => ({ cohort_id: cohortId, user_id: id, role: "sub_lecturer" })),
  ];
  if (rows.length > 0) await trx.insertInto("cohort_instructors").values(rows).execute();
}

/** Creates a cohort with its sessions and instructors; returns holiday warnings to show. */
export async function createCohort(
  db: Database,
  input: CohortInput,
  actorId: string,
): Promise<{ id: number; warnings: string[] }> {
  return transaction(db, async (trx) => {
    const course = await trx.selectFrom("courses").select("id").where("id", "=", input.courseId).executeTakeFirst();
    if (!course) throw new ConflictError("講座が見つかりません。", "courseId");
    await checkInstructors(trx, input);
    await refuseInstructorClash(trx, { instructors: instructorsOf(input), slots: input.sessions });
    const now = new Date().toISOString();
    const { id } = await trx
      .insertInto("cohorts")
      .values({ ...cohortRow(input), created_by: actorId, created_at: now, updated_at: now })
      .returning("id")
      .executeTakeFirstOrThrow();
    await trx
      .insertInto("cohort_sessions")
      .values(
        input.sessions.map((s) => ({
          cohort_id: id,
          date: s.date,
          start_time: s.startTime,
          end_time: s.endTime,
          topic: s.topic,
        })),
      )
      .execute();
    await writeInstructors(trx, id, input);
    await audit(trx, {
      actorId,
      action: "cohort.create",
      entityType: "cohort",
      entityId: id,
      details: { courseId: input.courseId, name: input.name, sessions: input.sessions.length },
    });
    return { id, warnings: holidayWarnings(input.sessions) };
  });
}

/**
 * Updates a cohort. Sessions are matched by position: the n-th line updates the n-th
 * existing session (keeping its attendance), extra lines add sessions, and fewer lines
 * remove the last sessions, which is refused when attendance is recorded for them.
 * Capacity cannot drop below the seats already taken.
 */
export async function updateCohort(
  db: Database,
  cohortId: number,
  input: CohortInput,
  actorId: string,
  afterWrite?: (trx: Database) => Promise<unknown>,
): Promise<{ warnings: string[] }> {
  return transaction(db, { locks: [rowLock("cohorts", cohortId)] }, async (trx) => {
    const cohort = await trx
      .selectFrom("cohorts")
      .select(["id", "course_id"])
      .where("id", "=", cohortId)
      .executeTakeFirst();
    if (!cohort) throw new NotFoundError("開催回が見つかりません。");
    if (cohort.course_id !== input.courseId) {
      throw new ConflictError("開催回の講座は変更できません。", "courseId");
    }
    await checkInstructors(trx, input);
    await refuseInstructorClash(trx, {
      instructors: instructorsOf(input),
      slots: input.sessions,
      exceptCohortId: cohortId,
    });
    const taken = await countSeatsTaken(trx, cohortId);
    if (input.capacity < taken) {
      throw new ConflictError(`定員は申込済みの人数（${taken}人）以上にしてください。`, "capacity");
    }
    const existing = await trx
      .selectFrom("cohort_sessions")
      .select("id")
      .where("cohort_id", "=", cohortId)
      .orderBy("date")
      .orderBy("start_time")
      .execute();
    const surplus = existing.slice(input.sessions.length).map((s) => s.id);
    if (surplus.length > 0) {
      const marked = await trx
        .selectFrom("attendance")
        .select("session_id")
        .where("session_id", "in", surplus)
        .limit(1)
        .executeTakeFirst();
      if (marked) {
        throw new ConflictError("出欠を記録済みの日程は削除できません。", "sessionsText");
      }
      await trx.deleteFrom("cohort_sessions").where("id", "in", surplus).execute();
    }
    for (const [i, s] of input.sessions.entries()) {
      const values = { date: s.date, start_time: s.startTime, end_time: s.endTime, topic: s.topic };
      const current = existing[i];
      if (current) await trx.updateTable("cohort_sessions").set(values).where("id", "=", current.id).execute();
      else
        await trx
          .insertInto("cohort_sessions")
          .values({ ...values, cohort_id: cohortId })
          .execute();
    }
    await trx
      .updateTable("cohorts")
      .set({ ...cohortRow(input), updated_at: new Date().toISOString() })
      .where("id", "=", cohortId)
      .execute();
    await writeInstructors(trx, cohortId, input);
    await audit(trx, {
      actorId,
      action: "cohort.update",
      entityType: "cohort",
      entityId: cohortId,
      details: { name: input.name, capacity: input.capacity, sessions: input.sessions.length },
    });
    // In the same transaction: cohorts/ promotes the waitlist here (a larger capacity frees seats).
    await afterWrite?.(trx);
    return { warnings: [...holidayWarnings(input.sessions), ...(await enrolledClashWarnings(trx, cohortId))] };
  });
}

/** Cohorts of a course for the staff course page (newest first) with seat counts. */
export async function listCohortsOfCourse(db: Database, courseId: number) {
  return db
    .selectFrom("cohorts")
    .select([
      "cohorts.id",
      "cohorts.name",
      "cohorts.fiscal_year",
      "cohorts.prefecture_code",
      "cohorts.capacity",
      "cohorts.first_session_date",
      "cohorts.last_session_date",
      "cohorts.session_count",
      "cohorts.enrollment_closes_on",
      seatsTaken("cohorts.id").as("seats_taken"),
      waitlistLength("cohorts.id").as("waitlist_length"),
    ])
    .where("cohorts.course_id", "=", courseId)
    .orderBy("cohorts.first_session_date", (ob) => ob.desc().nullsLast())
    .limit(200)
    .execute();
}

/** Other cohorts of the same course, as targets for moving an enrolment. */
export async function listSiblingCohorts(db: Database, cohortId: number, today = todayInTokyo()) {
  return db
    .selectFrom("cohorts as c")
    .innerJoin("cohorts as self", "self.course_id", "c.course_id")
    .select(["c.id", "c.name", "c.first_session_date"])
    .where("self.id", "=", cohortId)
    .where("c.id", "<>", cohortId)
    .where("c.last_session_date", ">=", today)
    .orderBy("c.first_session_date", (ob) => ob.asc().nullsFirst())
    .execute();
}

/** Cohorts a trainer teaches, coming ones first. */
export async function listCohortsTaughtBy(db: Database, userId: string, today = todayInTokyo()) {
  return db
    .selectFrom("cohort_instructors")
    .innerJoin("cohorts", "cohorts.id", "cohort_instructors.cohort_id")
    .innerJoin("courses", "courses.id", "cohorts.course_id")
    .select((eb) => [
      "cohorts.id",
      "cohorts.name",
      "cohorts.prefecture_code",
      "cohorts.venue",
      "cohorts.capacity",
      "cohorts.first_session_date",
      "cohorts.last_session_date",
      "cohorts.session_count",
      "courses.title as course_title",
      "cohort_instructors.role",
      seatsTaken("cohorts.id").as("seats_taken"),
      eb
        .selectFrom("cohort_sessions")
        .select("cohort_sessions.date")
        .whereRef("cohort_sessions.cohort_id", "=", "cohorts.id")
        .where("cohort_sessions.date", ">=", today)
        .orderBy("cohort_sessions.date")
        .limit(1)
        .as("next_date"),
    ])
    .where("cohort_instructors.user_id", "=", userId)
    .orderBy(sql`cohorts.last_session_date < ${today}`, (ob) => ob.asc().nullsFirst())
    .orderBy("cohorts.first_session_date", (ob) => ob.asc().nullsFirst())
    .limit(200)
    .execute();
}
