// Setup helpers for the catalog journeys: people, courses and cohorts written straight into
// the e2e server's database through the domain functions (no UI clicks for the scaffolding).
import crypto from "node:crypto";
import { CohortSchema, CourseSchema } from "../app/features/catalog/catalog.schema";
import { createCohort } from "../app/features/catalog/cohorts.server";
import { createCourse } from "../app/features/catalog/courses.server";
import { addDays, todayInTokyo } from "../app/lib/dates";
import { e2eDb } from "./support/fixtures";
import { uniqueHex } from "./support/unique";

export function uniq(prefix: string): string {
  return `${prefix}${uniqueHex()}`;
}

/** A trainee (or other role) inserted directly; sign in with signInAs(email) or sessionFor. */
export async function insertPerson(name: string, roles: string[] = ["trainee"]) {
  const id = crypto.randomBytes(10).toString("hex");
  const email = `${uniq("e2e-")}@example.test`;
  const now = new Date().toISOString();
  await e2eDb()
    .insertInto("users")
    .values({
      id,
      email,
      password_hash: "unused",
      name,
      name_kana: "てすと",
      prefecture_code: "13",
      organization: "E2E株式会社",
      itc_number: null,
      search_text: name,
      created_at: now,
      updated_at: now,
    })
    .execute();
  await e2eDb()
    .insertInto("user_roles")
    .values(roles.map((role) => ({ user_id: id, role, granted_at: now, granted_by: null })))
    .execute();
  return { id, email, name };
}

export async function sessionFor(userId: string): Promise<string> {
  const sid = crypto.randomBytes(20).toString("hex");
  await e2eDb()
    .insertInto("sessions")
    .values({ id: sid, user_id: userId, expires_at: Math.floor(Date.now() / 1000) + 3600 })
    .execute();
  return `itc_session=${sid}`;
}

export async function staffId(): Promise<string> {
  const u = await e2eDb()
    .selectFrom("users")
    .select("id")
    .where("email", "=", "staff@example.com")
    .executeTakeFirstOrThrow();
  return u.id;
}

export async function userIdOf(email: string): Promise<string> {
  const u = await e2eDb().selectFrom("users").select("id").where("email", "=", email).executeTakeFirstOrThrow();
  return u.id;
}

/** A published course and one cohort whose enrolment window includes today. */
export async function courseWithCohort(options: {
  title: string;
  feeYen?: number;
  capacity?: number;
  startOffset?: number;
  prerequisiteIds?: number[];
  lecturerId?: string;
}) {
  const actor = await staffId();
  const today = todayInTokyo();
  const first = addDays(today, options.startOffset ?? 14);
  const { id: courseId } = await createCourse(
    e2eDb(),
    CourseSchema.parse({
      code: uniq("E2E-").toUpperCase(),
      title: options.title,
      kind: "skill",
      format: "classroom",
      totalHours: 6,
      feeYen: options.feeYen ?? 0,
      prerequisiteIds: options.prerequisiteIds ?? [],
      published: true,
    }),
    actor,
  );
  const { id: cohortId } = await createCohort(
    e2eDb(),
    CohortSchema.parse({
      courseId,
      name: "E2E開催回",
      area: "13",
      venue: "E2E会場",
      capacity: options.capacity ?? 30,
      enrollmentOpensOn: addDays(today, -7),
      enrollmentClosesOn: first,
      cancellationDeadline: first,
      lecturerId: options.lecturerId,
      sessionsText: `${first} 10:00-17:00 E2Eテーマ`,
    }),
    actor,
  );
  return { courseId, cohortId };
}

/** A confirmed place in a cohort, written straight into the database (no invoice, no mail). */
export async function insertEnrollment(cohortId: number, userId: string) {
  const stamp = new Date().toISOString();
  await e2eDb()
    .insertInto("enrollments")
    .values({
      cohort_id: cohortId,
      user_id: userId,
      status: "enrolled",
      queue_seq: 1,
      requested_at: stamp,
      enrolled_at: stamp,
      created_at: stamp,
      updated_at: stamp,
    })
    .execute();
}
