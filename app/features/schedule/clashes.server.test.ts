import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { Database } from "~/db.server";
import { CohortSchema } from "~/features/catalog/catalog.schema";
import { createCohort, updateCohort } from "~/features/catalog/cohorts.server";
import { enroll, moveEnrollment } from "~/features/enrollment/enrollment.server";
import { makeCohort, makeCourse } from "~/testing/catalog";
import { createTestDb, makeUser } from "~/testing/db";
import { addDays, todayInTokyo } from "~/lib/dates";
import { slotsOverlap } from "./clashes.server";

let db: Database;
let staffId: string;
const day = addDays(todayInTokyo(), 20);

function cohortInput(courseId: number, sessionsText: string, extra: Record<string, unknown> = {}) {
  const today = todayInTokyo();
  return CohortSchema.parse({
    courseId,
    name: "重複確認の回",
    area: "13",
    venue: "東京会場",
    capacity: 30,
    enrollmentOpensOn: addDays(today, -1),
    enrollmentClosesOn: day,
    cancellationDeadline: day,
    sessionsText,
    ...extra,
  });
}

beforeEach(async () => {
  db = await createTestDb();
  staffId = (await makeUser(db, ["staff"])).id;
});

afterEach(async () => {
  await db.destroy();
});

describe("slotsOverlap", () => {
  it("overlapping times on the same day clash; touching or other days do not", () => {
    const a = { date: day, startTime: "10:00", endTime: "12:00" };
    expect(slotsOverlap(a, { date: day, startTime: "11:59", endTime: "13:00" })).toBe(true);
    expect(slotsOverlap(a, { date: day, startTime: "09:00", endTime: "17:00" })).toBe(true);
    expect(slotsOverlap(a, { date: day, startTime: "12:00", endTime: "13:00" })).toBe(false);
    expect(slotsOverlap(a, { date: addDays(day, 1), startTime: "10:00", endTime: "12:00" })).toBe(false);
  });
});

describe("a trainee's places", () => {
  it("an overlapping second cohort is refused, naming the first; a touching one is accepted", async () => {
    const trainee = await makeUser(db);
    const first = await createCohort(
      db,
      cohortInput((await makeCourse(db, staffId, { title: "午前の講座" })).id, `${day} 10:00-12:00`),
      staffId,
    );
    const clash = await createCohort(
      db,
      cohortInput((await makeCourse(db, staffId)).id, `${day} 11:00-13:00`),
      staffId,
    );
    const touching = await createCohort(
      db,
      cohortInput((await makeCourse(db, staffId)).id, `${day} 12:00-13:00`),
      staffId,
    );
    await enroll(db, { cohortId: first.id, userId: trainee.id });
    await expect(enroll(db, { cohortId: clash.id, userId: trainee.id })).rejects.toThrow(
      /「午前の講座 重複確認の回」の.*10:00〜12:00と日程が重なっているため、申し込めません/,
    );
    const rows = await db.selectFrom("enrollments").select("id").where("cohort_id", "=", clash.id).execute();
    expect(rows).toEqual([]);
    await expect(enroll(db, { cohortId: touching.id, userId: trainee.id })).resolves.toMatchObject({
      status: "enrolled",
    });
  });

  it("a move by staff into a cohort that clashes with another place is refused beside the target", async () => {
    const trainee = await makeUser(db);
    const course = await makeCourse(db, staffId);
    const from = await makeCohort(db, staffId, course.id, { startOffset: 30 });
    const to = await createCohort(db, cohortInput(course.id, `${day} 10:00-17:00`), staffId);
    const other = await createCohort(
      db,
      cohortInput((await makeCourse(db, staffId)).id, `${day} 16:00-18:00`),
      staffId,
    );
    const { enrollmentId } = await enroll(db, { cohortId: from.id, userId: trainee.id });
    await enroll(db, { cohortId: other.id, userId: trainee.id });
    const error = await moveEnrollment(db, {
      cohortId: from.id,
      enrollmentId,
      targetCohortId: to.id,
      actorId: staffId,
    }).catch((e: unknown) => e);
    expect(error).toMatchObject({ field: "targetCohortId" });
    expect(String((error as Error).message)).toContain("日程が重なっている");
  });
});

describe("instructors", () => {
  it("cannot be given two overlapping sessions; an edit that moves a schedule onto enrolled people's other cohort warns", async () => {
    const trainer = await makeUser(db, ["trainer"], { name: "講師 一郎" });
    const course = await makeCourse(db, staffId, { title: "担当中の講座" });
    await createCohort(db, cohortInput(course.id, `${day} 10:00-12:00`, { lecturerId: trainer.id }), staffId);
    const other = await makeCourse(db, staffId);
    await expect(
      createCohort(db, cohortInput(other.id, `${day} 11:00-12:30`, { lecturerId: trainer.id }), staffId),
    ).rejects.toMatchObject({ field: "lecturerId", message: expect.stringContaining("講師 一郎さんは「担当中の講座") });
    await expect(
      createCohort(db, cohortInput(other.id, `${day} 11:00-12:30`, { subLecturerIds: [trainer.id] }), staffId),
    ).rejects.toMatchObject({ field: "subLecturerIds" });
    const { id } = await createCohort(
      db,
      cohortInput(other.id, `${day} 13:00-15:00`, { lecturerId: trainer.id }),
      staffId,
    );
    // Editing a cohort never clashes with itself.
    await expect(
      updateCohort(db, id, cohortInput(other.id, `${day} 13:30-15:00`, { lecturerId: trainer.id }), staffId),
    ).resolves.toBeTruthy();

    const trainee = await makeUser(db, ["trainee"], { name: "受講 花子" });
    await enroll(db, { cohortId: id, userId: trainee.id });
    const morning = await createCohort(
      db,
      cohortInput((await makeCourse(db, staffId)).id, `${addDays(day, 1)} 10:00-12:00`),
      staffId,
    );
    await enroll(db, { cohortId: morning.id, userId: trainee.id });
    const { warnings } = await updateCohort(db, id, cohortInput(other.id, `${addDays(day, 1)} 11:00-15:00`), staffId);
    expect(warnings.some((w) => w.startsWith("受講 花子さんの") && w.includes("日程が重なっています"))).toBe(true);
  });
});
