import { e2eDb } from "./support/fixtures";

/** Makes sure the user has completed every course the OJT application requires. */
export async function ensureBasicCompleted(email: string) {
  const db = e2eDb();
  const user = await db.selectFrom("users").select("id").where("email", "=", email).executeTakeFirstOrThrow();
  const required = await db.selectFrom("ojt_required_courses").select("course_id").execute();
  const now = new Date().toISOString();
  for (const { course_id } of required) {
    const done = await db
      .selectFrom("enrollments")
      .innerJoin("cohorts", "cohorts.id", "enrollments.cohort_id")
      .select("enrollments.id")
      .where("enrollments.user_id", "=", user.id)
      .where("cohorts.course_id", "=", course_id)
      .where("enrollments.completed_at", "is not", null)
      .executeTakeFirst();
    if (done) continue;
    const cohort = await db
      .selectFrom("cohorts")
      .select("id")
      .where("course_id", "=", course_id)
      .executeTakeFirstOrThrow();
    await db
      .insertInto("enrollments")
      .values({
        cohort_id: cohort.id,
        user_id: user.id,
        status: "enrolled",
        queue_seq: 9999,
        requested_at: now,
        enrolled_at: now,
        completed_at: now,
        created_at: now,
        updated_at: now,
      })
      .onConflict((oc) => oc.columns(["cohort_id", "user_id"]).doUpdateSet({ completed_at: now, status: "enrolled" }))
      .execute();
  }
}
