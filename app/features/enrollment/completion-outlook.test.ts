import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { Database } from "~/db.server";
import { recordAttendance } from "~/features/attendance/attendance.server";
import { completionOutlook } from "./completion";
import { enrollmentsAtRisk } from "./completion.server";
import { makeCohort, makeCourse } from "~/testing/catalog";
import { createTestDb, makeUser } from "~/testing/db";
import { addDays, todayInTokyo } from "~/lib/dates";

describe("completionOutlook", () => {
  it("counts every session of the cohort, held or not", () => {
    const f = { sessionCount: 6, requiredSessions: 5, attended: 0, missed: 0 };
    expect(completionOutlook(f)).toBe("on_track");
    expect(completionOutlook({ ...f, missed: 1 })).toBe("at_risk");
    expect(completionOutlook({ ...f, missed: 2 })).toBe("impossible");
    expect(completionOutlook({ ...f, attended: 5, missed: 1 })).toBe("on_track");
    // A course that needs every session is not "at risk" before anything was missed.
    expect(completionOutlook({ sessionCount: 3, requiredSessions: 3, attended: 0, missed: 0 })).toBe("on_track");
    expect(completionOutlook({ sessionCount: 3, requiredSessions: 3, attended: 1, missed: 1 })).toBe("impossible");
  });
});

describe("warnings in time", () => {
  let db: Database;
  beforeEach(async () => {
    db = await createTestDb();
  });
  afterEach(async () => {
    await db.destroy();
  });

  it("tells the trainee and the lecturer once when at risk and when impossible, offering another cohort", async () => {
    const staff = await makeUser(db, ["staff"]);
    const lecturer = await makeUser(db, ["trainer"]);
    const course = await makeCourse(db, staff.id, { minSessionsAttended: 2 });
    const cohort = await makeCohort(db, staff.id, course.id, {
      days: 3,
      startOffset: -20,
      lecturerId: lecturer.id,
      enrollmentClosesOn: addDays(todayInTokyo(), -21),
    });
    const later = await makeCohort(db, staff.id, course.id, { startOffset: 40, name: "追加開催回" });
    expect(later.id).toBeGreaterThan(0);
    const trainee = await makeUser(db, ["trainee"], { name: "欠席 多子" });
    const now = new Date().toISOString();
    const { id: enrollmentId } = await db
      .insertInto("enrollments")
      .values({
        cohort_id: cohort.id,
        user_id: trainee.id,
        status: "enrolled",
        queue_seq: 1,
        requested_at: now,
        enrolled_at: now,
        created_at: now,
        updated_at: now,
      })
      .returning("id")
      .executeTakeFirstOrThrow();
    const sessions = await db
      .selectFrom("cohort_sessions")
      .select("id")
      .where("cohort_id", "=", cohort.id)
      .orderBy("date")
      .execute();
    const mark = (i: number, status: "absent" | "present") =>
      recordAttendance(db, {
        cohortId: cohort.id,
        sessionId: sessions[i]!.id,
        marks: [{ enrollmentId, status }],
        actorId: staff.id,
      });

    await mark(0, "absent");
    await mark(0, "absent"); // saved again: no second warning
    const kinds = async (userId: string) =>
      await db
        .selectFrom("notifications")
        .select(["kind", "body"])
        .where("user_id", "=", userId)
        .where("kind", "like", "enrollment.%")
        .orderBy("id")
        .execute();
    let mine = await kinds(trainee.id);
    expect(mine.map((n) => n.kind)).toEqual(["enrollment.at_risk"]);
    expect(mine[0]!.body).toContain("あと1回欠席すると");
    expect(mine[0]!.body).toContain("追加開催回");
    expect((await enrollmentsAtRisk(db)).map((r) => [r.name, r.outlook])).toEqual([["欠席 多子", "at_risk"]]);

    await mark(1, "absent");
    mine = await kinds(trainee.id);
    expect(mine.map((n) => n.kind)).toEqual(["enrollment.at_risk", "enrollment.impossible"]);
    expect((await kinds(lecturer.id)).map((n) => n.kind)).toEqual([
      "enrollment.at_risk.instructor",
      "enrollment.impossible.instructor",
    ]);

    // Staff correct the marks: back on track, and off the list.
    await mark(0, "present");
    await mark(1, "present");
    expect(await enrollmentsAtRisk(db)).toEqual([]);
  });
});
