import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { Database } from "~/db.server";
import { makeCohort, makeCourse } from "~/testing/catalog";
import { createTestDb, makeUser } from "~/testing/db";
import { tamperedToken } from "~/testing/tokens";
import { tokyoDateTimeToInstant } from "~/lib/dates";
import { checkIn, checkInScreen, passForScan, saveCheckInRules } from "./check-in.server";
import { CODE_STEP_SECONDS } from "./check-in";

let db: Database;
let session: { id: number; date: string; cohort_id: number };
let otherSession: { id: number };
let trainee: { id: string };
let enrollmentId: number;
let courseId: number;
let start: Date;

const codeOf = (url: string | null) => new URL(url ?? "http://x/").searchParams.get("c") ?? "";
const at = (minutesFromStart: number) => new Date(start.getTime() + minutesFromStart * 60_000);

beforeEach(async () => {
  db = await createTestDb();
  const staff = await makeUser(db, ["staff"]);
  courseId = (await makeCourse(db, staff.id)).id;
  const cohort = await makeCohort(db, staff.id, courseId, { days: 2 });
  const sessions = await db
    .selectFrom("cohort_sessions")
    .select(["id", "date", "cohort_id"])
    .where("cohort_id", "=", cohort.id)
    .orderBy("date")
    .execute();
  session = sessions[0]!;
  otherSession = sessions[1]!;
  start = tokyoDateTimeToInstant(session.date, "10:00");
  trainee = await makeUser(db);
  const now = new Date().toISOString();
  const row = await db
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
  enrollmentId = row.id;
});

afterEach(async () => {
  await db.destroy();
});

async function markOf() {
  return db
    .selectFrom("attendance")
    .select(["status", "marked_by"])
    .where("enrollment_id", "=", enrollmentId)
    .where("session_id", "=", session.id)
    .executeTakeFirst();
}

describe("QR self check-in", () => {
  it("a scanned code within the window marks the trainee present once; after the threshold, late", async () => {
    const screen = await checkInScreen(db, session.id, "https://example.jp", at(-5));
    expect(screen.state).toBe("open");
    expect(screen.qrSvg).toContain("<svg");
    const pass = await passForScan(db, session.id, { code: codeOf(screen.url) }, at(-5));
    expect(await checkIn(db, { sessionId: session.id, pass, userId: trainee.id, now: at(-4) })).toEqual({
      status: "present",
      already: false,
    });
    expect(await markOf()).toEqual({ status: "present", marked_by: trainee.id });
    // A second scan changes nothing.
    expect(await checkIn(db, { sessionId: session.id, pass, userId: trainee.id, now: at(-3) })).toEqual({
      status: "present",
      already: true,
    });
    expect((await checkInScreen(db, session.id, "https://example.jp", at(-3))).checkedIn).toBe(1);
  });

  it("is late after the course's threshold", async () => {
    await saveCheckInRules(
      db,
      courseId,
      { opensMinutesBefore: 30, closesMinutesAfterEnd: 0, lateAfterMinutes: 5 },
      trainee.id,
    );
    const screen = await checkInScreen(db, session.id, "https://example.jp", at(6));
    const pass = await passForScan(db, session.id, { code: codeOf(screen.url) }, at(6));
    expect((await checkIn(db, { sessionId: session.id, pass, userId: trainee.id, now: at(6) })).status).toBe("late");
  });

  it("refuses an expired code, another session's code and a scan before the window, writing nothing", async () => {
    const screen = await checkInScreen(db, session.id, "https://example.jp", at(0));
    const code = codeOf(screen.url);
    // The previous step's code is still accepted (a scan at the turn of a step)…
    await expect(
      passForScan(db, session.id, { code }, new Date(at(0).getTime() + CODE_STEP_SECONDS * 1000)),
    ).resolves.toMatch(/^qr\./);
    // …an older one is not: a photo sent to an absent friend.
    await expect(passForScan(db, session.id, { code }, at(1))).rejects.toThrow("有効期限");
    await expect(passForScan(db, otherSession.id, { code }, at(0))).rejects.toThrow("この日程のものではありません");
    await expect(passForScan(db, session.id, { code: "x".repeat(24) }, at(0))).rejects.toThrow("有効期限");
    // Before the window, the screen shows no code and a forged pass gets nowhere either.
    const early = await checkInScreen(db, session.id, "https://example.jp", at(-31));
    expect(early.state).toBe("before");
    expect(early.url).toBeNull();
    const pass = await passForScan(db, session.id, { code }, at(0));
    await expect(
      checkIn(db, { sessionId: session.id, pass: tamperedToken(pass), userId: trainee.id, now: at(0) }),
    ).rejects.toThrow("受付の情報が正しくありません");
    await expect(checkIn(db, { sessionId: session.id, pass, userId: trainee.id, now: at(4) })).rejects.toThrow(
      "時間が経ちすぎ",
    );
    expect(await markOf()).toBeUndefined();
  });

  it("a check-in for a session of the future is refused (the window has not opened)", async () => {
    const screen = await checkInScreen(db, session.id, "https://example.jp", at(0));
    const link = new URL(screen.onlineLink).searchParams.get("l") ?? "";
    await expect(passForScan(db, otherSession.id, { linkToken: link }, at(0))).rejects.toThrow("受付リンク");
    const otherScreen = await checkInScreen(db, otherSession.id, "https://example.jp", at(0));
    const otherLink = new URL(otherScreen.onlineLink).searchParams.get("l") ?? "";
    await expect(passForScan(db, otherSession.id, { linkToken: otherLink }, at(0))).rejects.toThrow(
      "まだ始まっていません",
    );
  });

  it("someone not enrolled is refused, and a mark staff made by hand is not overwritten", async () => {
    const screen = await checkInScreen(db, session.id, "https://example.jp", at(0));
    const pass = await passForScan(db, session.id, { code: codeOf(screen.url) }, at(0));
    const stranger = await makeUser(db);
    await expect(checkIn(db, { sessionId: session.id, pass, userId: stranger.id, now: at(0) })).rejects.toThrow(
      "受講確定者ではない",
    );
    await db
      .insertInto("attendance")
      .values({
        enrollment_id: enrollmentId,
        session_id: session.id,
        status: "absent",
        marked_by: null,
        marked_at: at(0).toISOString(),
      })
      .execute();
    await expect(checkIn(db, { sessionId: session.id, pass, userId: trainee.id, now: at(0) })).rejects.toThrow(
      "担当者がすでに記録",
    );
    expect(await markOf()).toEqual({ status: "absent", marked_by: null });
  });

  it("simultaneous check-ins of one trainee record one mark", async () => {
    const screen = await checkInScreen(db, session.id, "https://example.jp", at(0));
    const pass = await passForScan(db, session.id, { code: codeOf(screen.url) }, at(0));
    const results = await Promise.all(
      Array.from({ length: 5 }, () => checkIn(db, { sessionId: session.id, pass, userId: trainee.id, now: at(0) })),
    );
    expect(results.filter((r) => !r.already)).toHaveLength(1);
    const rows = await db
      .selectFrom("attendance_check_ins")
      .select("status")
      .where("session_id", "=", session.id)
      .execute();
    expect(rows).toHaveLength(1);
  });
});
