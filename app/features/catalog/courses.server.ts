import { sql } from "kysely";
import { transaction, type Database } from "~/db.server";
import { seatsTaken, waitlistLength, waitlistPositionOf } from "~/features/vocabulary/counts.server";
import { preparedQuery } from "~/lib/prepared-query.server";
import { audit } from "~/features/audit/audit.server";
import { todayInTokyo } from "~/lib/dates";
import { ConflictError, NotFoundError } from "~/lib/errors";
import { escapeLikePattern, normalizeForSearch } from "~/lib/text";
import type { CatalogSearch, CourseInput } from "./catalog.schema";
import { cohortFacts } from "./cohort-columns";
import { defaultPoints, ONLINE, type CourseFormat, type CourseKind } from "~/features/vocabulary/course-kinds";
import { markdownToPlainText } from "./markdown.server";
import { pageCount, pageOffset } from "~/lib/list-query";

export function courseSearchText(c: { code: string; title: string; descriptionMd: string }): string {
  return normalizeForSearch([c.code, c.title, markdownToPlainText(c.descriptionMd)].join(" "));
}

function courseRow(input: CourseInput) {
  const points = input.points ?? defaultPoints(input.totalHours, input.format);
  return {
    code: input.code,
    title: input.title,
    kind: input.kind,
    description_md: input.descriptionMd,
    format: input.format,
    total_hours: input.totalHours,
    points,
    points_overridden: input.points === undefined ? 0 : 1,
    fee_yen: input.feeYen,
    min_sessions_attended: input.minSessionsAttended ?? null,
    published: input.published ? 1 : 0,
    allow_multiple_cohorts: input.allowMultipleCohorts ? 1 : 0,
    allow_repeat: input.allowRepeat ? 1 : 0,
    search_text: courseSearchText(input),
  };
}

async function checkPrerequisites(db: Database, courseId: number | null, ids: number[]): Promise<void> {
  if (ids.length === 0) return;
  if (courseId !== null && ids.includes(courseId)) {
    throw new ConflictError("講座自身を前提講座にすることはできません。", "prerequisiteIds");
  }
  const found = await db.selectFrom("courses").select("id").where("id", "in", ids).execute();
  if (found.length !== new Set(ids).size) throw new ConflictError("前提講座が見つかりません。", "prerequisiteIds");
  if (courseId !== null) {
    // No cycles: none of the prerequisites may (transitively) require this course.
    const cycle = await sql<{ id: number }>`
      WITH RECURSIVE req(id) AS (
        SELECT prerequisite_course_id FROM course_prerequisites WHERE course_id IN (${sql.join(ids)})
        UNION SELECT cp.prerequisite_course_id FROM course_prerequisites cp JOIN req ON cp.course_id = req.id
      ) SELECT id FROM req WHERE id = ${courseId} LIMIT 1`.execute(db);
    if (cycle.rows.length > 0) {
      throw new ConflictError("前提講座が循環しています（この講座を前提とする講座は選べません）。", "prerequisiteIds");
    }
  }
}

export async function createCourse(db: Database, input: CourseInput, actorId: string): Promise<{ id: number }> {
  return transaction(db, async (trx) => {
    const taken = await trx.selectFrom("courses").select("id").where("code", "=", input.code).executeTakeFirst();
    if (taken) throw new ConflictError("この講座コードは既に使われています。", "code");
    await checkPrerequisites(trx, null, input.prerequisiteIds);
    const now = new Date().toISOString();
    const { id } = await trx
      .insertInto("courses")
      .values({ ...courseRow(input), created_by: actorId, created_at: now, updated_at: now })
      .returning("id")
      .executeTakeFirstOrThrow();
    const prereqs = [...new Set(input.prerequisiteIds)];
    if (prereqs.length > 0) {
      await trx
        .insertInto("course_prerequisites")
        .values(prereqs.map((p) => ({ course_id: id, prerequisite_course_id: p })))
        .execute();
    }
    await audit(trx, {
      actorId,
      action: "course.create",
      entityType: "course",
      entityId: id,
      details: { code: input.code, title: input.title, points: courseRow(input).points },
    });
    return { id };
  });
}

export async function updateCourse(db: Database, courseId: number, input: CourseInput, actorId: string): Promise<void> {
  await transaction(db, async (trx) => {
    const existing = await trx.selectFrom("courses").select("id").where("id", "=", courseId).executeTakeFirst();
    if (!existing) throw new NotFoundError("講座が見つかりません。");
    const taken = await trx
      .selectFrom("courses")
      .select("id")
      .where("code", "=", input.code)
      .where("id", "<>", courseId)
      .executeTakeFirst();
    if (taken) throw new ConflictError("この講座コードは既に使われています。", "code");
    await checkPrerequisites(trx, courseId, input.prerequisiteIds);
    await trx
      .updateTable("courses")
      .set({ ...courseRow(input), updated_at: new Date().toISOString() })
      .where("id", "=", courseId)
      .execute();
    await trx.deleteFrom("course_prerequisites").where("course_id", "=", courseId).execute();
    const prereqs = [...new Set(input.prerequisiteIds)];
    if (prereqs.length > 0) {
      await trx
        .insertInto("course_prerequisites")
        .values(prereqs.map((p) => ({ course_id: courseId, prerequisite_course_id: p })))
        .execute();
    }
    await audit(trx, {
      actorId,
      action: "course.update",
      entityType: "course",
      entityId: courseId,
      details: {
        code: input.code,
        title: input.title,
        published: input.published,
        allowMultipleCohorts: input.allowMultipleCohorts,
        allowRepeat: input.allowRepeat,
      },
    });
  });
}

/** What the course page and the staff form show of a course. */
const courseColumns = [
  "id",
  "code",
  "title",
  "kind",
  "description_md",
  "format",
  "total_hours",
  "points",
  "fee_yen",
  "min_sessions_attended",
  "published",
  "allow_multiple_cohorts",
  "allow_repeat",
] as const;

/** The course as the staff form edits it. */
export async function getCourseForEdit(db: Database, courseId: number) {
  const course = await db
    .selectFrom("courses")
    .select([...courseColumns, "points_overridden", "created_at", "updated_at"])
    .where("id", "=", courseId)
    .executeTakeFirst();
  if (!course) throw new NotFoundError("講座が見つかりません。");
  const prerequisites = await db
    .selectFrom("course_prerequisites")
    .innerJoin("courses", "courses.id", "course_prerequisites.prerequisite_course_id")
    .select(["courses.id", "courses.code", "courses.title"])
    .where("course_prerequisites.course_id", "=", courseId)
    .orderBy("courses.code")
    .execute();
  return { ...course, kind: course.kind as CourseKind, format: course.format as CourseFormat, prerequisites };
}

/** Every course, for choosing prerequisites and the target of a cohort. */
export async function listCourseOptions(db: Database) {
  return db.selectFrom("courses").select(["id", "code", "title"]).orderBy("code").execute();
}

export const STAFF_COURSES_PAGE_SIZE = 30;

export async function listCoursesForStaff(db: Database, input: { q: string; page: number }) {
  let query = db.selectFrom("courses");
  const q = normalizeForSearch(input.q);
  if (q) query = query.where("search_text", "like", sql<string>`${`%${escapeLikePattern(q)}%`} escape '\\'`);
  const today = todayInTokyo();
  const [{ total }, courses] = await Promise.all([
    query.select((eb) => eb.fn.countAll<number>().as("total")).executeTakeFirstOrThrow(),
    query
      .select((eb) => [
        "courses.id",
        "courses.code",
        "courses.title",
        "courses.kind",
        "courses.format",
        "courses.points",
        "courses.fee_yen",
        "courses.published",
        eb
          .selectFrom("cohorts")
          .select((e) => e.fn.countAll<number>().as("n"))
          .whereRef("cohorts.course_id", "=", "courses.id")
          .as("cohort_count"),
        eb
          .selectFrom("cohorts")
          .select((e) => e.fn.countAll<number>().as("n"))
          .whereRef("cohorts.course_id", "=", "courses.id")
          .where("cohorts.last_session_date", ">=", today)
          .as("upcoming_count"),
      ])
      .orderBy("courses.published", "desc")
      .orderBy("courses.code")
      .limit(STAFF_COURSES_PAGE_SIZE)
      .offset(pageOffset(input.page, STAFF_COURSES_PAGE_SIZE))
      .execute(),
  ]);
  return {
    courses: courses.map((c) => ({ ...c, kind: c.kind as CourseKind, format: c.format as CourseFormat })),
    total,
    page: input.page,
    pageCount: pageCount(total, STAFF_COURSES_PAGE_SIZE),
  };
}

export const CATALOG_PAGE_SIZE = 12;

/**
 * The public catalog: published courses matching the search text and filters. The cohort
 * filters (area, month, open for enrolment) apply to one and the same cohort. One count and
 * one page query; the next cohort of each course comes from a correlated subquery.
 */
export async function searchCatalog(db: Database, input: CatalogSearch, today = todayInTokyo()) {
  let query = db.selectFrom("courses").where("courses.published", "=", 1);
  const q = normalizeForSearch(input.q);
  if (q) {
    // Every word must match (AND), each against the normalised text.
    for (const word of q.split(" ")) {
      query = query.where("courses.search_text", "like", sql<string>`${`%${escapeLikePattern(word)}%`} escape '\\'`);
    }
  }
  if (input.kind) query = query.where("courses.kind", "=", input.kind);
  if (input.format) query = query.where("courses.format", "=", input.format);
  const cohortFilter = Boolean(input.area || input.month || input.open);
  if (cohortFilter) {
    query = query.where((eb) => {
      let sub = eb.selectFrom("cohorts").select("cohorts.id").whereRef("cohorts.course_id", "=", "courses.id");
      if (input.area === ONLINE) sub = sub.where("cohorts.prefecture_code", "is", null);
      else if (input.area) sub = sub.where("cohorts.prefecture_code", "=", input.area);
      if (input.month) {
        const start = `${input.month}-01`;
        const end = `${input.month}-31`;
        sub = sub.where("cohorts.first_session_date", "<=", end).where("cohorts.last_session_date", ">=", start);
      }
      if (input.open) {
        sub = sub.where("cohorts.enrollment_opens_on", "<=", today).where("cohorts.enrollment_closes_on", ">=", today);
      }
      return eb.exists(sub);
    });
  }
  const [{ total }, rows] = await Promise.all([
    query.select((eb) => eb.fn.countAll<number>().as("total")).executeTakeFirstOrThrow(),
    query
      .select((eb) => [
        "courses.id",
        "courses.code",
        "courses.title",
        "courses.kind",
        "courses.format",
        "courses.total_hours",
        "courses.points",
        "courses.fee_yen",
        eb
          .selectFrom("cohorts")
          .select("cohorts.first_session_date")
          .whereRef("cohorts.course_id", "=", "courses.id")
          .where("cohorts.first_session_date", ">=", today)
          .orderBy("cohorts.first_session_date", (ob) => ob.asc().nullsFirst())
          .limit(1)
          .as("next_date"),
        eb
          .selectFrom("cohorts")
          .select((e) => e.fn.countAll<number>().as("n"))
          .whereRef("cohorts.course_id", "=", "courses.id")
          .where("cohorts.enrollment_opens_on", "<=", today)
          .where("cohorts.enrollment_closes_on", ">=", today)
          .as("open_count"),
        eb
          .selectFrom("cohorts")
          .select((e) => e.fn.countAll<number>().as("n"))
          .whereRef("cohorts.course_id", "=", "courses.id")
          .where("cohorts.last_session_date", ">=", today)
          .as("upcoming_count"),
      ])
      .orderBy("next_date", (ob) => ob.asc().nullsLast())
      .orderBy("courses.code")
      .limit(CATALOG_PAGE_SIZE)
      .offset(pageOffset(input.page, CATALOG_PAGE_SIZE))
      .execute(),
  ]);
  return {
    courses: rows.map((c) => ({ ...c, kind: c.kind as CourseKind, format: c.format as CourseFormat })),
    total,
    page: input.page,
    pageCount: pageCount(total, CATALOG_PAGE_SIZE),
  };
}

export type PublicCourse = Awaited<ReturnType<typeof getPublicCourse>>;

// The course page's queries are compiled once: it is the catalog's most visited page.
const publishedCourse = preparedQuery((db: Database, a: { courseId: number }) =>
  db.selectFrom("courses").select(courseColumns).where("id", "=", a.courseId).where("published", "=", 1),
);
const anyCourse = preparedQuery((db: Database, a: { courseId: number }) =>
  db.selectFrom("courses").select(courseColumns).where("id", "=", a.courseId),
);

const prerequisitesFor = preparedQuery((db: Database, a: { courseId: number; viewer: string }) =>
  db
    .selectFrom("course_prerequisites")
    .innerJoin("courses", "courses.id", "course_prerequisites.prerequisite_course_id")
    .select((eb) => [
      "courses.id",
      "courses.code",
      "courses.title",
      "courses.published",
      eb
        .exists(
          eb
            .selectFrom("enrollments")
            .innerJoin("cohorts", "cohorts.id", "enrollments.cohort_id")
            .select("enrollments.id")
            .whereRef("cohorts.course_id", "=", "courses.id")
            .where("enrollments.user_id", "=", a.viewer)
            .where("enrollments.completed_at", "is not", null),
        )
        .as("completed"),
    ])
    .where("course_prerequisites.course_id", "=", a.courseId)
    .orderBy("courses.code"),
);

const currentCohortsOf = preparedQuery((db: Database, a: { courseId: number; viewer: string; today: string }) =>
  db
    .selectFrom("cohorts")
    .leftJoin("enrollments as mine", (join) =>
      join.onRef("mine.cohort_id", "=", "cohorts.id").on("mine.user_id", "=", a.viewer),
    )
    .select([
      ...cohortFacts,
      "mine.id as my_enrollment_id",
      "mine.status as my_status",
      "mine.queue_seq as my_queue_seq",
      seatsTaken("cohorts.id").as("seats_taken"),
      waitlistLength("cohorts.id").as("waitlist_length"),
      waitlistPositionOf("mine").as("my_waitlist_position"),
    ])
    .where("cohorts.course_id", "=", a.courseId)
    .where("cohorts.last_session_date", ">=", a.today)
    .orderBy("cohorts.first_session_date", (ob) => ob.asc().nullsFirst())
    .limit(50),
);

/**
 * A published course with its current and coming cohorts: seats left, waitlist length, and
 * the viewer's own application and waitlist position when signed in. Unpublished courses are
 * visible to staff only (`includeUnpublished`).
 */
export async function getPublicCourse(
  db: Database,
  courseId: number,
  viewerId: string | null,
  options: { includeUnpublished?: boolean; today?: string } = {},
) {
  const today = options.today ?? todayInTokyo();
  const course = await (options.includeUnpublished ? anyCourse : publishedCourse).executeTakeFirst(db, { courseId });
  if (!course) throw new NotFoundError("講座が見つかりません。");

  const viewer = viewerId ?? "";
  const [prerequisites, cohorts] = await Promise.all([
    prerequisitesFor.execute(db, { courseId, viewer }),
    currentCohortsOf.execute(db, { courseId, viewer, today }),
  ]);
  const cohortIds = cohorts.map((c) => c.id);
  const sessions =
    cohortIds.length === 0
      ? []
      : await db
          .selectFrom("cohort_sessions")
          .select(["id", "cohort_id", "date", "start_time", "end_time", "topic"])
          .where("cohort_id", "in", cohortIds)
          .orderBy("cohort_id")
          .orderBy("date")
          .orderBy("start_time")
          .execute();
  return {
    course: { ...course, kind: course.kind as CourseKind, format: course.format as CourseFormat },
    prerequisites: prerequisites.map((p) => ({ ...p, completed: Boolean(p.completed) })),
    cohorts: cohorts.map((c) => ({
      ...c,
      seats_left: Math.max(0, c.capacity - (c.seats_taken ?? 0)),
      open: c.enrollment_opens_on <= today && c.enrollment_closes_on >= today,
      cancellable: c.cancellation_deadline >= today,
      sessions: sessions.filter((s) => s.cohort_id === c.id),
    })),
    today,
  };
}
