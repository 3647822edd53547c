import { describe, expect, it } from "vitest";
import { enroll } from "~/features/enrollment/enrollment.server";
import { makeCohort, makeCourse } from "~/testing/catalog";
import { createTestDb, makeUser } from "~/testing/db";
import { addDays, fiscalYearOf, todayInTokyo } from "~/lib/dates";
import { coursesThatWouldHelp } from "./readiness.server";

// Decision 0034: 「いま申し込める研修」 offers no full cohort and no course already completed
// (unless it allows a repeat). The cohorts are built relative to the same day passed as `now`.

describe("coursesThatWouldHelp", async () => {
  const db = await createTestDb();
  const staff = await makeUser(db, ["staff"]);
  const now = new Date();
  const today = todayInTokyo(now);
  const fiscalYear = fiscalYearOf(addDays(today, 10));

  it("leaves out full cohorts and completed courses, keeps a repeatable one", async () => {
    const me = await makeUser(db, ["trainee"]);
    const other = await makeUser(db, ["trainee"]);
    const open = await makeCohort(db, staff.id, (await makeCourse(db, staff.id)).id);
    const full = await makeCohort(db, staff.id, (await makeCourse(db, staff.id)).id, { capacity: 1 });
    await enroll(db, { cohortId: full.id, userId: other.id });

    async function completedCourse(allowRepeat: boolean, day: number) {
      const course = await makeCourse(db, staff.id, { allowRepeat });
      const done = await makeCohort(db, staff.id, course.id, { startOffset: day });
      const { enrollmentId } = await enroll(db, { cohortId: done.id, userId: me.id });
      await db
        .updateTable("enrollments")
        .set({ completed_at: now.toISOString() })
        .where("id", "=", enrollmentId)
        .execute();
      return makeCohort(db, staff.id, course.id, { startOffset: 5 });
    }
    const noRepeat = await completedCourse(false, 1);
    const repeatable = await completedCourse(true, 2);

    const list = await coursesThatWouldHelp(db, { userId: me.id, fiscalYear, followUpsShort: false }, now);
    const ids = list.map((c) => c.cohort_id);
    expect(ids).toContain(open.id);
    expect(ids).toContain(repeatable.id);
    expect(ids).not.toContain(full.id);
    expect(ids).not.toContain(noRepeat.id);
  });
});
