import { describe, expect, it } from "vitest";
import { createTestDb, makeUser } from "~/testing/db";
import { makeCohort } from "~/testing/catalog";
import { BASIC_PROGRAMME_ID, basicCourseCandidate } from "~/testing/certification";
import { certificationQueue, latestPerHolder } from "./queue.server";

// Decision 0034: the queue of a course programme shows one row per person, the latest
// enrolment, noting the earlier ones (再受講).

describe("latestPerHolder", () => {
  it("keeps the latest start per holder (then the newest id) and counts the earlier ones", () => {
    const rows = [
      { holderId: "a", subjectId: 1, startsOn: "2026-05-10" },
      { holderId: "b", subjectId: 2, startsOn: "2026-05-10" },
      { holderId: "a", subjectId: 3, startsOn: "2026-08-01" },
      { holderId: "a", subjectId: 4, startsOn: "2026-06-01" },
      { holderId: "b", subjectId: 5, startsOn: "2026-05-10" },
    ];
    expect(latestPerHolder(rows)).toEqual([
      { holderId: "a", subjectId: 3, startsOn: "2026-08-01", earlier: 2 },
      { holderId: "b", subjectId: 5, startsOn: "2026-05-10", earlier: 1 },
    ]);
  });
});

describe("certificationQueue", async () => {
  const db = await createTestDb();
  const staff = await makeUser(db, ["staff"]);

  it("shows a trainee who took the basic course twice once, with the latest enrolment", async () => {
    const candidate = await basicCourseCandidate(db, { name: "再受講 太郎" });
    const first = await db
      .selectFrom("enrollments")
      .innerJoin("cohorts", "cohorts.id", "enrollments.cohort_id")
      .select(["enrollments.id", "cohorts.course_id"])
      .where("enrollments.user_id", "=", candidate.trainee.id)
      .executeTakeFirstOrThrow();
    const later = await makeCohort(db, staff.id, first.course_id, { startOffset: 400 });
    const stamp = new Date().toISOString();
    const { id: second } = await db
      .insertInto("enrollments")
      .values({
        cohort_id: later.id,
        user_id: candidate.trainee.id,
        status: "enrolled",
        queue_seq: 1,
        requested_at: stamp,
        enrolled_at: stamp,
        created_at: stamp,
        updated_at: stamp,
        repeat_reason: "学び直し",
      })
      .returning("id")
      .executeTakeFirstOrThrow();
    const queue = await certificationQueue(db, {
      programmeId: BASIC_PROGRAMME_ID,
      cohortId: null,
      fiscalYear: null,
      show: "all",
      page: 1,
    });
    const mine = queue.rows.filter((r) => r.holderId === candidate.trainee.id);
    expect(mine.map((r) => [r.subjectId, r.earlier])).toEqual([[second, 1]]);
    expect(queue.total).toBe(new Set(queue.rows.map((r) => r.holderId)).size);
  });
});
