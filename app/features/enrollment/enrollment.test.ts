import { describe, expect, it } from "vitest";
import { recordAttendance } from "~/features/attendance/attendance.server";
import { parseAttendanceForm } from "~/features/attendance/attendance.schema";
import { getCohort } from "~/features/cohorts/cohorts.server";
import { addDays, fiscalYearOf, formatDateJa, todayInTokyo } from "~/lib/dates";
import { createTestDb, makeUser } from "~/testing/db";
import { checkCompletion } from "./completion";
import { completedCourseIds, myPoints } from "./completion.server";
import { QuestionnaireSchema } from "./enrollment.schema";
import {
  approveEnrollment,
  cancelEnrollmentByStaff,
  cancelOwnEnrollment,
  enroll,
  getFullRoster,
  getRoster,
  moveEnrollment,
  ROSTER_PAGE_SIZE,
  myTraining,
  setPaid,
} from "./enrollment.server";
import { submitQuestionnaire } from "./questionnaire.server";
import { importRosterCsv, rosterCsv } from "./roster-csv.server";
import { encodeShiftJis, makeCohort, makeCourse } from "~/testing/catalog";

const answers = QuestionnaireSchema.parse({
  overallRating: 5,
  contentRating: 4,
  instructorRating: 5,
  usefulnessRating: 4,
  goodPoints: "予算の流れがよく分かった",
});

describe("checkCompletion", () => {
  const base = {
    status: "enrolled",
    sessionCount: 6,
    attended: 6,
    minSessionsAttended: null,
    questionnaireSubmitted: true,
    feeYen: 1000,
    paid: true,
  };
  it("needs every session by default, the questionnaire and the fee", () => {
    expect(checkCompletion(base).complete).toBe(true);
    expect(checkCompletion({ ...base, attended: 5 }).complete).toBe(false);
    expect(checkCompletion({ ...base, attended: 5, minSessionsAttended: 5 }).complete).toBe(true);
    expect(checkCompletion({ ...base, questionnaireSubmitted: false }).complete).toBe(false);
    expect(checkCompletion({ ...base, paid: false }).complete).toBe(false);
    expect(checkCompletion({ ...base, paid: false, feeYen: 0 }).complete).toBe(true);
    expect(checkCompletion({ ...base, status: "waitlisted" }).complete).toBe(false);
  });
});

describe("questionnaire and attendance input", () => {
  it("rejects missing ratings with Japanese messages", () => {
    const r = QuestionnaireSchema.safeParse({ overallRating: 7, goodPoints: "x".repeat(2001) });
    expect(r.success).toBe(false);
    const messages = r.error!.issues.map((i) => `${i.path.join(".")}: ${i.message}`);
    expect(messages).toEqual(
      expect.arrayContaining([
        "overallRating: 「研修全体の満足度」を1〜5から選んでください。",
        "contentRating: 「内容の分かりやすさ」を1〜5から選んでください。",
        "goodPoints: 良かった点は2,000文字以内で入力してください。",
      ]),
    );
  });
  it("rejects unknown attendance values", () => {
    const f = new FormData();
    f.set("intent", "save");
    f.set("status-1", "sleeping");
    expect(parseAttendanceForm(f)).toEqual({ ok: false, error: expect.stringMatching(/出欠の値/) });
    const g = new FormData();
    g.set("intent", "save");
    g.set("status-1", "late");
    expect(parseAttendanceForm(g)).toEqual({ ok: true, intent: "save", marks: [{ enrollmentId: 1, status: "late" }] });
  });
});

describe("enrolment", async () => {
  const db = await createTestDb();
  const staff = await makeUser(db, ["staff"]);
  const today = todayInTokyo();

  async function auditActions(entityId: number) {
    const rows = await db
      .selectFrom("audit_log")
      .select("action")
      .where("entity_type", "=", "enrollment")
      .where("entity_id", "=", String(entityId))
      .orderBy("id")
      .execute();
    return rows.map((r) => r.action);
  }

  it("fills seats, then the waitlist in order; nobody twice; promotes on cancellation", async () => {
    const course = await makeCourse(db, staff.id);
    const cohort = await makeCohort(db, staff.id, course.id, { capacity: 2 });
    const [a, b, c, d] = await Promise.all([1, 2, 3, 4].map(() => makeUser(db, ["trainee"])));
    const results = [];
    for (const u of [a!, b!, c!, d!]) results.push(await enroll(db, { cohortId: cohort.id, userId: u.id }));
    expect(results.map((r) => [r.status, r.waitlistPosition])).toEqual([
      ["enrolled", null],
      ["enrolled", null],
      ["waitlisted", 1],
      ["waitlisted", 2],
    ]);
    await expect(enroll(db, { cohortId: cohort.id, userId: a!.id })).rejects.toMatchObject({
      status: 409,
      message: "この開催回には既にお申し込み済みです。",
    });

    await cancelOwnEnrollment(db, { cohortId: cohort.id, userId: b!.id });
    const roster = await getRoster(db, cohort.id, { status: "", page: 1 });
    const byUser = Object.fromEntries((await getFullRoster(db, cohort.id)).map((r) => [r.user_id, r]));
    expect(byUser[c!.id]!.status).toBe("enrolled");
    expect(byUser[d!.id]).toMatchObject({ status: "waitlisted", position: 1 });
    expect(byUser[b!.id]!.status).toBe("cancelled");
    expect(roster.counts).toEqual({ pending: 0, enrolled: 2, waitlisted: 1, cancelled: 1 });
    expect(await auditActions(results[2]!.enrollmentId)).toEqual(["enrollment.waitlist", "enrollment.promote"]);
    const notes = await db.selectFrom("notifications").select("kind").where("user_id", "=", c!.id).execute();
    expect(notes.map((n) => n.kind)).toEqual(["enrollment.waitlisted", "enrollment.promoted"]);

    // Re-applying after a cancellation goes to the back of the queue.
    const again = await enroll(db, { cohortId: cohort.id, userId: b!.id });
    expect(again).toMatchObject({ status: "waitlisted", waitlistPosition: 2 });
  });

  it("serialises simultaneous applications: exactly capacity seats", async () => {
    const course = await makeCourse(db, staff.id);
    const cohort = await makeCohort(db, staff.id, course.id, { capacity: 5 });
    const users = await Promise.all(Array.from({ length: 20 }, () => makeUser(db, ["trainee"])));
    const results = await Promise.all(users.map((u) => enroll(db, { cohortId: cohort.id, userId: u.id })));
    expect(results.filter((r) => r.status === "enrolled")).toHaveLength(5);
    expect(
      results
        .filter((r) => r.status === "waitlisted")
        .map((r) => r.waitlistPosition)
        .sort((x, y) => x! - y!),
    ).toEqual(Array.from({ length: 15 }, (_, i) => i + 1));
  });

  it("enforces the window, the prerequisites (naming the course) and the cancellation deadline", async () => {
    const basic = await makeCourse(db, staff.id, { title: "自治体ビジネス基礎研修（テスト）" });
    const followUp = await makeCourse(db, staff.id, { prerequisiteIds: [basic.id], kind: "follow_up" });
    const cohort = await makeCohort(db, staff.id, followUp.id);
    const u = await makeUser(db, ["trainee"]);
    await expect(enroll(db, { cohortId: cohort.id, userId: u.id })).rejects.toMatchObject({
      message: expect.stringContaining("「自治体ビジネス基礎研修（テスト）」の修了が必要です"),
    });
    await expect(enroll(db, { cohortId: cohort.id, userId: u.id, today: addDays(today, 60) })).rejects.toMatchObject({
      message: "この開催回の申込受付は終了しました。",
    });
    const none = await db.selectFrom("enrollments").select("id").where("cohort_id", "=", cohort.id).execute();
    expect(none).toEqual([]);

    const other = await makeCourse(db, staff.id);
    const oc = await makeCohort(db, staff.id, other.id);
    await enroll(db, { cohortId: oc.id, userId: u.id });
    await expect(
      cancelOwnEnrollment(db, { cohortId: oc.id, userId: u.id, today: addDays(today, 11) }),
    ).rejects.toMatchObject({ message: expect.stringContaining("キャンセル期限") });
  });

  it("completes on attendance + questionnaire + payment and credits points to the last session's fiscal year", async () => {
    const trainer = await makeUser(db, ["trainer"]);
    const course = await makeCourse(db, staff.id, { feeYen: 11000, totalHours: 6 });
    const cohort = await makeCohort(db, staff.id, course.id, { startOffset: 0, lecturerId: trainer.id });
    const u = await makeUser(db, ["trainee"]);
    const { enrollmentId } = await enroll(db, { cohortId: cohort.id, userId: u.id });
    const { sessions } = await getCohort(db, cohort.id);

    await recordAttendance(db, {
      cohortId: cohort.id,
      sessionId: sessions[0]!.id,
      marks: [],
      allPresent: true,
      actorId: trainer.id,
    });
    await submitQuestionnaire(db, { enrollmentId, userId: u.id, answers });
    expect(await completedCourseIds(db, u.id)).toEqual([]);
    await expect(submitQuestionnaire(db, { enrollmentId, userId: u.id, answers })).rejects.toMatchObject({
      message: "受講アンケートは回答済みです。",
    });

    await setPaid(db, { cohortId: cohort.id, enrollmentId, paid: true, actorId: staff.id });
    expect(await completedCourseIds(db, u.id)).toEqual([course.id]);
    const points = await myPoints(db, u.id);
    expect(points.years).toEqual([{ fiscalYear: fiscalYearOf(today), total: 3 }]);
    expect(await auditActions(enrollmentId)).toEqual([
      "enrollment.enrol",
      "questionnaire.submit",
      "enrollment.payment_confirm",
      "enrollment.complete",
    ]);
    const mine = await myTraining(db, u.id);
    expect(mine[0]).toMatchObject({ completed_at: expect.any(String), points_credited: 3, attended: 1 });

    // Marked absent afterwards: the completion and its points are withdrawn.
    await recordAttendance(db, {
      cohortId: cohort.id,
      sessionId: sessions[0]!.id,
      marks: [{ enrollmentId, status: "absent" }],
      actorId: staff.id,
    });
    expect(await completedCourseIds(db, u.id)).toEqual([]);
    expect((await myPoints(db, u.id)).years).toEqual([]);
  });

  it("refuses attendance for future sessions and for people not in the cohort", async () => {
    const course = await makeCourse(db, staff.id);
    const cohort = await makeCohort(db, staff.id, course.id, { startOffset: 5 });
    const { sessions } = await getCohort(db, cohort.id);
    await expect(
      recordAttendance(db, {
        cohortId: cohort.id,
        sessionId: sessions[0]!.id,
        marks: [],
        allPresent: true,
        actorId: staff.id,
      }),
    ).rejects.toMatchObject({ message: expect.stringContaining("まだ実施されていない") });
    const past = await makeCohort(db, staff.id, course.id, { startOffset: 0 });
    const ps = (await getCohort(db, past.id)).sessions;
    await expect(
      recordAttendance(db, {
        cohortId: past.id,
        sessionId: ps[0]!.id,
        marks: [{ enrollmentId: 999999, status: "present" }],
        actorId: staff.id,
      }),
    ).rejects.toMatchObject({ status: 409 });
    // A session of another cohort is not found through this one.
    await expect(
      recordAttendance(db, { cohortId: past.id, sessionId: sessions[0]!.id, marks: [], actorId: staff.id }),
    ).rejects.toMatchObject({ status: 404 });
  });

  it("lets only the owner answer the questionnaire, after the last session", async () => {
    const course = await makeCourse(db, staff.id);
    const cohort = await makeCohort(db, staff.id, course.id, { startOffset: 3 });
    const u = await makeUser(db, ["trainee"]);
    const other = await makeUser(db, ["trainee"]);
    const { enrollmentId } = await enroll(db, { cohortId: cohort.id, userId: u.id });
    await expect(submitQuestionnaire(db, { enrollmentId, userId: other.id, answers })).rejects.toMatchObject({
      status: 404,
    });
    await expect(submitQuestionnaire(db, { enrollmentId, userId: u.id, answers })).rejects.toMatchObject({
      message: expect.stringContaining("最終日"),
    });
  });

  it("approves, moves and cancels on behalf of the secretariat", async () => {
    const course = await makeCourse(db, staff.id);
    const a = await makeCohort(db, staff.id, course.id, { approvalRequired: true, capacity: 1 });
    const b = await makeCohort(db, staff.id, course.id, { capacity: 1 });
    const [u, w] = await Promise.all([makeUser(db, ["trainee"]), makeUser(db, ["trainee"])]);
    const first = await enroll(db, { cohortId: a.id, userId: u.id });
    expect(first.status).toBe("pending");
    const second = await enroll(db, { cohortId: a.id, userId: w.id });
    expect(second.status).toBe("waitlisted");
    await approveEnrollment(db, { cohortId: a.id, enrollmentId: first.enrollmentId, actorId: staff.id });
    await expect(
      approveEnrollment(db, { cohortId: a.id, enrollmentId: first.enrollmentId, actorId: staff.id }),
    ).rejects.toMatchObject({ status: 409 });
    // Move u to cohort b: their seat in a goes to w (pending, since a requires approval).
    const moved = await moveEnrollment(db, {
      cohortId: a.id,
      enrollmentId: first.enrollmentId,
      targetCohortId: b.id,
      actorId: staff.id,
    });
    expect(moved.status).toBe("enrolled");
    const rosterA = await getFullRoster(db, a.id);
    expect(rosterA.map((r) => [r.user_id, r.status, r.cancel_reason])).toEqual([
      [w.id, "pending", null],
      [u.id, "cancelled", "moved"],
    ]);
    const otherCourse = await makeCourse(db, staff.id);
    const elsewhere = await makeCohort(db, staff.id, otherCourse.id);
    await expect(
      moveEnrollment(db, {
        cohortId: b.id,
        enrollmentId: moved.enrollmentId,
        targetCohortId: elsewhere.id,
        actorId: staff.id,
      }),
    ).rejects.toMatchObject({ field: "targetCohortId" });
    await cancelEnrollmentByStaff(db, {
      cohortId: b.id,
      enrollmentId: moved.enrollmentId,
      actorId: staff.id,
      reason: "重複申込",
    });
    await expect(
      cancelEnrollmentByStaff(db, { cohortId: b.id, enrollmentId: moved.enrollmentId, actorId: staff.id, reason: "" }),
    ).rejects.toMatchObject({ status: 409 });
    // An enrolment is only reachable through its own cohort.
    await expect(
      setPaid(db, { cohortId: b.id, enrollmentId: second.enrollmentId, paid: true, actorId: staff.id }),
    ).rejects.toMatchObject({ status: 404 });
  });
});

describe("roster pages", async () => {
  const db = await createTestDb();
  const staff = await makeUser(db, ["staff"]);
  const course = await makeCourse(db, staff.id);

  it("pages a large cohort in roster order; counts cover the whole cohort", async () => {
    const cohort = await makeCohort(db, staff.id, course.id, { capacity: ROSTER_PAGE_SIZE + 5 });
    const total = ROSTER_PAGE_SIZE + 12;
    for (let i = 0; i < total; i++) await enroll(db, { cohortId: cohort.id, userId: (await makeUser(db)).id });
    const first = await getRoster(db, cohort.id, { status: "", page: 1 });
    const second = await getRoster(db, cohort.id, { status: "", page: 2 });
    expect(first.rows).toHaveLength(ROSTER_PAGE_SIZE);
    expect(second.rows).toHaveLength(12);
    expect(first.pageCount).toBe(2);
    expect(first.counts).toMatchObject({ enrolled: ROSTER_PAGE_SIZE + 5, waitlisted: 7 });
    // Enrolled first in arrival order, then the waitlist with positions 1..7.
    expect(first.rows.map((r) => r.queue_seq)).toEqual([...Array(ROSTER_PAGE_SIZE).keys()].map((i) => i + 1));
    expect(second.rows.filter((r) => r.status === "waitlisted").map((r) => r.position)).toEqual([1, 2, 3, 4, 5, 6, 7]);
    const waitlisted = await getRoster(db, cohort.id, { status: "waitlisted", page: 1 });
    expect(waitlisted.pageCount).toBe(1);
    expect(waitlisted.rows).toHaveLength(7);
  });
});

describe("roster CSV", async () => {
  const db = await createTestDb();
  const staff = await makeUser(db, ["staff"]);
  const course = await makeCourse(db, staff.id, { feeYen: 5000 });

  it("imports Shift_JIS, places rows in file order and exports a BOM CSV", async () => {
    const cohort = await makeCohort(db, staff.id, course.id, { capacity: 1 });
    const [u1, u2] = await Promise.all([makeUser(db, ["trainee"]), makeUser(db, ["trainee"])]);
    const csv = `氏名,メールアドレス,入金確認\r\n一,${u1.email.toUpperCase()},済\r\n二,${u2.email},\r\n`;
    const result = await importRosterCsv(db, { cohortId: cohort.id, bytes: encodeShiftJis(csv), actorId: staff.id });
    expect(result).toEqual({ ok: true, imported: 2, enrolled: 1, waitlisted: 1, encoding: "shift_jis" });
    const out = await rosterCsv(db, { id: cohort.id, course_title: "研修", name: "第1回" });
    expect(out.startsWith("\uFEFF受付番号,氏名,")).toBe(true);
    const lines = out.split("\r\n");
    expect(lines[1]).toContain(",受講確定,");
    expect(lines[1]).toContain(",5000,済,");
    expect(lines[2]).toContain(",キャンセル待ち,1,");
  });

  it("refuses the whole file with a per-line report, writing nothing", async () => {
    const cohort = await makeCohort(db, staff.id, course.id);
    const u = await makeUser(db, ["trainee"]);
    const trainerOnly = await makeUser(db, ["trainer"]);
    const csv = [
      "\uFEFFメールアドレス,入金確認",
      `${u.email},`,
      "nobody@example.test,",
      "not-an-email,",
      `${u.email},`,
      `${trainerOnly.email},`,
      `${u.email.replace("@", "+x@")},たぶん`,
    ].join("\n");
    const before = await db
      .selectFrom("audit_log")
      .select((eb) => eb.fn.countAll<number>().as("n"))
      .executeTakeFirstOrThrow();
    const result = await importRosterCsv(db, {
      cohortId: cohort.id,
      bytes: new TextEncoder().encode(csv),
      actorId: staff.id,
    });
    expect(result).toEqual({
      ok: false,
      rejections: [
        { line: 3, email: "nobody@example.test", message: expect.stringContaining("登録されていません") },
        { line: 4, email: "not-an-email", message: "メールアドレスの形式が正しくありません。" },
        { line: 5, email: u.email, message: "同じメールアドレスが2行目にもあります。" },
        { line: 6, email: trainerOnly.email, message: "トレーニーITCとして登録されていない利用者です。" },
        { line: 7, email: expect.any(String), message: "「入金確認」は「済」または空欄にしてください。" },
      ],
    });
    const rows = await db.selectFrom("enrollments").select("id").where("cohort_id", "=", cohort.id).execute();
    expect(rows).toEqual([]);
    const after = await db
      .selectFrom("audit_log")
      .select((eb) => eb.fn.countAll<number>().as("n"))
      .executeTakeFirstOrThrow();
    expect(after.n).toBe(before.n);
    const noHeader = await importRosterCsv(db, {
      cohortId: cohort.id,
      bytes: new TextEncoder().encode("名前\nだれか\n"),
      actorId: staff.id,
    });
    expect(noHeader).toMatchObject({ ok: false, fileError: expect.stringContaining("メールアドレス") });
  });
});

describe("one live place per course (issue 11)", async () => {
  const db = await createTestDb();
  const staff = await makeUser(db, ["staff"]);
  const today = todayInTokyo();
  const countIn = async (cohortId: number, userId: string) =>
    (
      await db
        .selectFrom("enrollments")
        .select("id")
        .where("cohort_id", "=", cohortId)
        .where("user_id", "=", userId)
        .where("status", "<>", "cancelled")
        .execute()
    ).length;

  it("refuses a second cohort of the same course, naming the other one; cancelling frees it", async () => {
    const course = await makeCourse(db, staff.id);
    const a = await makeCohort(db, staff.id, course.id, { name: "第3回（東京）", startOffset: 20 });
    const b = await makeCohort(db, staff.id, course.id, { name: "第4回（大阪）", startOffset: 40 });
    const u = await makeUser(db, ["trainee"]);
    await enroll(db, { cohortId: a.id, userId: u.id });
    await expect(enroll(db, { cohortId: b.id, userId: u.id })).rejects.toMatchObject({
      status: 409,
      message: expect.stringContaining(
        `同じ講座の別の回（第3回（東京） ${formatDateJa(addDays(today, 20))}〜）に申込済みです。`,
      ),
    });
    expect(await countIn(b.id, u.id)).toBe(0);
    await cancelOwnEnrollment(db, { cohortId: a.id, userId: u.id });
    expect((await enroll(db, { cohortId: b.id, userId: u.id })).status).toBe("enrolled");
  });

  it("counts a waitlisted place, but not a cohort that is over", async () => {
    const course = await makeCourse(db, staff.id);
    const full = await makeCohort(db, staff.id, course.id, { name: "満席の回", capacity: 1 });
    const next = await makeCohort(db, staff.id, course.id, { name: "次の回", startOffset: 30 });
    const [x, u] = await Promise.all([makeUser(db, ["trainee"]), makeUser(db, ["trainee"])]);
    await enroll(db, { cohortId: full.id, userId: x.id });
    expect((await enroll(db, { cohortId: full.id, userId: u.id })).status).toBe("waitlisted");
    await expect(enroll(db, { cohortId: next.id, userId: u.id })).rejects.toMatchObject({
      message: expect.stringContaining("（満席の回"),
    });
    await expect(enroll(db, { cohortId: next.id, userId: u.id })).rejects.toMatchObject({
      message: expect.stringContaining("キャンセル待ちに登録済みです"),
    });

    const past = await makeCohort(db, staff.id, course.id, {
      name: "終わった回",
      startOffset: -20,
      enrollmentClosesOn: addDays(today, -21),
    });
    const v = await makeUser(db, ["trainee"]);
    await enroll(db, { cohortId: past.id, userId: v.id, today: addDays(today, -25) });
    expect((await enroll(db, { cohortId: next.id, userId: v.id })).status).toBe("enrolled");
  });

  it("lets a course allow several cohorts", async () => {
    const course = await makeCourse(db, staff.id, { allowMultipleCohorts: true });
    const a = await makeCohort(db, staff.id, course.id);
    const b = await makeCohort(db, staff.id, course.id, { startOffset: 30 });
    const u = await makeUser(db, ["trainee"]);
    await enroll(db, { cohortId: a.id, userId: u.id });
    expect((await enroll(db, { cohortId: b.id, userId: u.id })).status).toBe("enrolled");
  });

  it("admits exactly one of two simultaneous applications to two cohorts", async () => {
    const course = await makeCourse(db, staff.id);
    const a = await makeCohort(db, staff.id, course.id);
    const b = await makeCohort(db, staff.id, course.id, { startOffset: 30 });
    const u = await makeUser(db, ["trainee"]);
    const results = await Promise.allSettled([
      enroll(db, { cohortId: a.id, userId: u.id }),
      enroll(db, { cohortId: b.id, userId: u.id }),
    ]);
    expect(results.map((r) => r.status).sort()).toEqual(["fulfilled", "rejected"]);
    expect((await countIn(a.id, u.id)) + (await countIn(b.id, u.id))).toBe(1);
  });

  it("refuses a staff move and a CSV import that would give a second place", async () => {
    const course = await makeCourse(db, staff.id, { allowMultipleCohorts: true });
    const a = await makeCohort(db, staff.id, course.id, { name: "A回" });
    const b = await makeCohort(db, staff.id, course.id, { name: "B回", startOffset: 30 });
    const c = await makeCohort(db, staff.id, course.id, { name: "C回", startOffset: 50 });
    const u = await makeUser(db, ["trainee"]);
    const inA = await enroll(db, { cohortId: a.id, userId: u.id });
    await enroll(db, { cohortId: b.id, userId: u.id });
    await db.updateTable("courses").set({ allow_multiple_cohorts: 0 }).where("id", "=", course.id).execute();
    // Moving A to C would leave B and C: refused, naming B, and nothing changes.
    await expect(
      moveEnrollment(db, { cohortId: a.id, enrollmentId: inA.enrollmentId, targetCohortId: c.id, actorId: staff.id }),
    ).rejects.toMatchObject({ status: 409, field: "targetCohortId", message: expect.stringContaining("（B回") });
    expect(await countIn(a.id, u.id)).toBe(1);
    expect(await countIn(c.id, u.id)).toBe(0);

    const w = await makeUser(db, ["trainee"]);
    const inA2 = await enroll(db, { cohortId: a.id, userId: w.id });
    // Moving one's only place is what a move is for.
    const moved = await moveEnrollment(db, {
      cohortId: a.id,
      enrollmentId: inA2.enrollmentId,
      targetCohortId: c.id,
      actorId: staff.id,
    });
    expect(moved.status).toBe("enrolled");
    const result = await importRosterCsv(db, {
      cohortId: b.id,
      bytes: new TextEncoder().encode(`メールアドレス\n${w.email}\n`),
      actorId: staff.id,
    });
    expect(result).toEqual({
      ok: false,
      rejections: [{ line: 2, email: w.email, message: expect.stringContaining("同じ講座の別の回（C回") }],
    });
    expect(await countIn(b.id, w.id)).toBe(0);
  });
});
