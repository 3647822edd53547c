// What every cohort page needs, composed from catalog (the cohort and its course), enrollment
// (seats, the waitlist) and attendance: the header, who may open the page, and the edits that
// cross those areas.
import type { Database } from "~/db.server";
import type { SessionUser } from "~/features/auth/session.server";
import type { CohortInput } from "~/features/catalog/catalog.schema";
import { cohortFacts } from "~/features/catalog/cohort-columns";
import { updateCohort as saveCohort } from "~/features/catalog/cohorts.server";
import { holidayWarnings } from "~/features/catalog/sessions";
import { promoteWaitlist } from "~/features/enrollment/enrollment.server";
import { seatsTaken, waitlistLength } from "~/features/vocabulary/counts.server";
import type { CourseFormat, CourseKind } from "~/features/vocabulary/course-kinds";
import { ForbiddenError, NotFoundError } from "~/lib/errors";
import { preparedQuery } from "~/lib/prepared-query.server";

/**
 * Saves a cohort (catalog's rules: sessions, instructors, capacity not below the seats taken)
 * and, in the same transaction, moves the waitlist up into any seats a larger capacity frees.
 */
export async function updateCohort(
  db: Database,
  cohortId: number,
  input: CohortInput,
  actorId: string,
): Promise<{ warnings: string[] }> {
  return saveCohort(db, cohortId, input, actorId, (trx) => promoteWaitlist(trx, cohortId, actorId));
}

export type CohortDetail = Awaited<ReturnType<typeof getCohort>>;

/** The cohort header: course, places and seat counts (compiled once: every roster view runs it). */
const cohortHeader = preparedQuery((db: Database, a: { cohortId: number }) =>
  db
    .selectFrom("cohorts")
    .innerJoin("courses", "courses.id", "cohorts.course_id")
    .select([
      ...cohortFacts,
      "cohorts.course_id",
      "cohorts.meeting_url",
      "courses.code as course_code",
      "courses.title as course_title",
      "courses.kind as course_kind",
      "courses.format as course_format",
      "courses.fee_yen",
      "courses.points",
      "courses.min_sessions_attended",
      seatsTaken("cohorts.id").as("seats_taken"),
      waitlistLength("cohorts.id").as("waitlist_length"),
    ])
    .where("cohorts.id", "=", a.cohortId),
);

const cohortSessions = preparedQuery((db: Database, a: { cohortId: number }) =>
  db
    .selectFrom("cohort_sessions")
    .select(["id", "date", "start_time", "end_time", "topic"])
    .where("cohort_id", "=", a.cohortId)
    .orderBy("date")
    .orderBy("start_time"),
);

const cohortInstructors = preparedQuery((db: Database, a: { cohortId: number }) =>
  db
    .selectFrom("cohort_instructors")
    .innerJoin("users", "users.id", "cohort_instructors.user_id")
    .select(["users.id", "users.name", "cohort_instructors.role"])
    .where("cohort_instructors.cohort_id", "=", a.cohortId)
    .orderBy("cohort_instructors.role")
    .orderBy("users.name_kana"),
);

/** A cohort with its course, sessions, instructors and seat counts. */
export async function getCohort(db: Database, cohortId: number) {
  const cohort = await cohortHeader.executeTakeFirst(db, { cohortId });
  if (!cohort) throw new NotFoundError("開催回が見つかりません。");
  const [sessions, instructors] = await Promise.all([
    cohortSessions.execute(db, { cohortId }),
    cohortInstructors.execute(db, { cohortId }),
  ]);
  return {
    ...cohort,
    course_kind: cohort.course_kind as CourseKind,
    course_format: cohort.course_format as CourseFormat,
    sessions,
    instructors: instructors.map((i) => ({ ...i, role: i.role as "lecturer" | "sub_lecturer" })),
    warnings: holidayWarnings(sessions),
  };
}

/**
 * Who may see a cohort's roster and take its attendance: staff, or a trainer who teaches
 * it. Returns "staff" or "instructor"; anyone else gets a 403.
 */
export async function requireCohortAccess(
  db: Database,
  user: Pick<SessionUser, "id" | "roles">,
  cohortId: number,
  options: { staffOnly?: boolean } = {},
): Promise<"staff" | "instructor"> {
  const exists = await db.selectFrom("cohorts").select("id").where("id", "=", cohortId).executeTakeFirst();
  if (!exists) throw new NotFoundError("開催回が見つかりません。");
  if (user.roles.includes("staff")) return "staff";
  if (!options.staffOnly && user.roles.includes("trainer")) {
    const teaches = await db
      .selectFrom("cohort_instructors")
      .select("user_id")
      .where("cohort_id", "=", cohortId)
      .where("user_id", "=", user.id)
      .executeTakeFirst();
    if (teaches) return "instructor";
  }
  throw new ForbiddenError("この開催回の名簿を見る権限がありません。");
}
