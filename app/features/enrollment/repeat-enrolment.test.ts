import { describe, expect, it } from "vitest";
import { createTestDb, makeUser } from "~/testing/db";
import { makeCohort, makeCourse } from "~/testing/catalog";
import { setRegistrationNumber } from "~/testing/invoices";
import { RepeatEnrollmentSchema, REPEAT_MESSAGES } from "./enrollment.schema";
import { enroll, priorCompletion } from "./enrollment.server";

// Decision 0034: a course already completed is taken again only where the course allows a
// repeat, and then only with a reason and a confirmation; nothing is written otherwise.

describe("RepeatEnrollmentSchema", () => {
  const ok = { repeatReason: "制度改正後の内容を学び直したい", repeatConfirmed: "yes" };
  it("accepts a reason of 1–500 characters with the confirmation", () => {
    expect(RepeatEnrollmentSchema.parse(ok)).toEqual(ok);
    expect(RepeatEnrollmentSchema.safeParse({ ...ok, repeatReason: "あ".repeat(500) }).success).toBe(true);
  });
  it("refuses a missing, blank, too long or control-character reason and a missing confirmation", () => {
    const messageOf = (input: object) => {
      const r = RepeatEnrollmentSchema.safeParse(input);
      return r.success ? null : r.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`);
    };
    expect(messageOf({ repeatConfirmed: "yes" })).toEqual([expect.stringMatching(/^repeatReason: .*再受講の理由/)]);
    expect(messageOf({ ...ok, repeatReason: "　 " })).toEqual([expect.stringMatching(/^repeatReason: .*再受講の理由/)]);
    expect(messageOf({ ...ok, repeatReason: "あ".repeat(501) })).toEqual([
      expect.stringMatching(/^repeatReason: 再受講の理由は500文字以内/),
    ]);
    expect(messageOf({ ...ok, repeatReason: "理由\u0007です" })).toEqual([
      expect.stringMatching(/^repeatReason: .*再受講の理由/),
    ]);
    expect(messageOf({ repeatReason: ok.repeatReason })).toEqual([
      "repeatConfirmed: 修了済みの講座をもう一度受講することを確認し、チェックを入れてください。",
    ]);
  });
});

describe("enrolling in a course already completed", async () => {
  const db = await createTestDb();
  const staff = await makeUser(db, ["staff"]);
  await setRegistrationNumber(db, staff.id);

  /** A trainee who completed a cohort of the course (the completion as the app stores it). */
  async function completedTrainee(courseId: number) {
    const done = await makeCohort(db, staff.id, courseId, { name: "第1回" });
    const u = await makeUser(db, ["trainee"]);
    const { enrollmentId } = await enroll(db, { cohortId: done.id, userId: u.id });
    await db
      .updateTable("enrollments")
      .set({ completed_at: new Date().toISOString(), paid_at: new Date().toISOString() })
      .where("id", "=", enrollmentId)
      .execute();
    return { u, enrollmentId };
  }

  async function writtenFor(userId: string, cohortId: number) {
    const enrollments = await db
      .selectFrom("enrollments")
      .select(["id", "repeat_reason", "status"])
      .where("user_id", "=", userId)
      .where("cohort_id", "=", cohortId)
      .execute();
    const invoices = await db
      .selectFrom("invoices")
      .innerJoin("enrollments", "enrollments.id", "invoices.enrollment_id")
      .select("invoices.id")
      .where("enrollments.user_id", "=", userId)
      .where("enrollments.cohort_id", "=", cohortId)
      .where("invoices.kind", "=", "invoice")
      .execute();
    return { enrollments, invoices: invoices.length };
  }

  it("is refused, naming the completed cohort, where the course does not allow a repeat", async () => {
    const course = await makeCourse(db, staff.id, { feeYen: 11000 });
    const { u, enrollmentId } = await completedTrainee(course.id);
    expect(await priorCompletion(db, { courseId: course.id, userId: u.id })).toMatchObject({ enrollmentId });
    const again = await makeCohort(db, staff.id, course.id, { name: "第2回", startOffset: 20 });
    const repeat = { reason: "もう一度学びたい" };
    await expect(enroll(db, { cohortId: again.id, userId: u.id, repeat })).rejects.toMatchObject({
      status: 409,
      message: REPEAT_MESSAGES.refused("第1回"),
    });
    expect(await writtenFor(u.id, again.id)).toEqual({ enrollments: [], invoices: 0 });
  });

  it("needs the reason where the course allows a repeat, and stores and audits it", async () => {
    const course = await makeCourse(db, staff.id, { feeYen: 11000, allowRepeat: true });
    const { u, enrollmentId } = await completedTrainee(course.id);
    const again = await makeCohort(db, staff.id, course.id, { name: "第2回", startOffset: 20 });
    await expect(enroll(db, { cohortId: again.id, userId: u.id })).rejects.toMatchObject({
      status: 409,
      message: REPEAT_MESSAGES.needsReason,
    });
    await expect(enroll(db, { cohortId: again.id, userId: u.id, repeat: { reason: "  " } })).rejects.toMatchObject({
      status: 409,
    });
    expect(await writtenFor(u.id, again.id)).toEqual({ enrollments: [], invoices: 0 });

    const result = await enroll(db, { cohortId: again.id, userId: u.id, repeat: { reason: "制度改正を学び直す" } });
    expect(result.status).toBe("enrolled");
    const written = await writtenFor(u.id, again.id);
    expect(written.enrollments).toEqual([
      { id: result.enrollmentId, repeat_reason: "制度改正を学び直す", status: "enrolled" },
    ]);
    expect(written.invoices).toBe(1);
    const trail = await db
      .selectFrom("audit_log")
      .select("details")
      .where("entity_type", "=", "enrollment")
      .where("entity_id", "=", String(result.enrollmentId))
      .where("action", "=", "enrollment.enrol")
      .executeTakeFirstOrThrow();
    expect(JSON.parse(trail.details)).toMatchObject({ repeatOf: enrollmentId, repeatReason: "制度改正を学び直す" });
  });

  it("a first application needs no reason, and a reason sent with it is not stored", async () => {
    const course = await makeCourse(db, staff.id, { allowRepeat: true });
    const cohort = await makeCohort(db, staff.id, course.id);
    const u = await makeUser(db, ["trainee"]);
    await enroll(db, { cohortId: cohort.id, userId: u.id, repeat: { reason: "念のため" } });
    expect((await writtenFor(u.id, cohort.id)).enrollments).toEqual([
      { id: expect.any(Number), repeat_reason: null, status: "enrolled" },
    ]);
  });

  it("a double submit of the repeat makes one enrolment and one invoice", async () => {
    const course = await makeCourse(db, staff.id, { feeYen: 11000, allowRepeat: true });
    const { u } = await completedTrainee(course.id);
    const again = await makeCohort(db, staff.id, course.id, { name: "第2回", startOffset: 20 });
    const repeat = { reason: "学び直し" };
    const results = await Promise.allSettled([
      enroll(db, { cohortId: again.id, userId: u.id, repeat }),
      enroll(db, { cohortId: again.id, userId: u.id, repeat }),
    ]);
    expect(results.map((r) => r.status).sort()).toEqual(["fulfilled", "rejected"]);
    const written = await writtenFor(u.id, again.id);
    expect(written.enrollments).toHaveLength(1);
    expect(written.invoices).toBe(1);
  });
});
