import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { Database } from "~/db.server";
import { makeCohort, makeCourse } from "~/testing/catalog";
import { createTestDb, makeUser } from "~/testing/db";
import { tamperedToken } from "~/testing/tokens";
import { tokyoDateTimeToInstant } from "~/lib/dates";
import {
  checkIn,
  checkInScreen,
  isDevicePass,
  passForScan,
  passForSignedIn,
  saveCheckInRules,
} from "./check-in.server";
import { CODE_STEP_SECONDS } from "./check-in";

let db: Database;
let session: { id: number; date: string; cohort_id: number };
let otherSession: { id: number };
let trainee: { id: string };
let enrollmentId: number;
let courseId: number;
let start: Date;

const codeOf = (url: string | null) => new URL(url ?? "http://x/").searchParams.get("c") ?? "";
/** The trainee as the signed-in holder of the passes they scan. */
const byTrainee = () => ({ userId: trainee.id });
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
    const pass = await passForScan(db, session.id, { code: codeOf(screen.url) }, byTrainee(), at(-5));
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
    const pass = await passForScan(db, session.id, { code: codeOf(screen.url) }, byTrainee(), at(6));
    expect((await checkIn(db, { sessionId: session.id, pass, userId: trainee.id, now: at(6) })).status).toBe("late");
  });

  it("refuses an expired code, another session's code and a scan before the window, writing nothing", async () => {
    const screen = await checkInScreen(db, session.id, "https://example.jp", at(0));
    const code = codeOf(screen.url);
    // The previous step's code is still accepted (a scan at the turn of a step)…
    await expect(
      passForScan(db, session.id, { code }, byTrainee(), new Date(at(0).getTime() + CODE_STEP_SECONDS * 1000)),
    ).resolves.toMatch(/^qr\./);
    // …an older one is not: a photo sent to an absent friend.
    await expect(passForScan(db, session.id, { code }, byTrainee(), at(1))).rejects.toThrow("有効期限");
    await expect(passForScan(db, otherSession.id, { code }, byTrainee(), at(0))).rejects.toThrow(
      "この日程のものではありません",
    );
    await expect(passForScan(db, session.id, { code: "x".repeat(24) }, byTrainee(), at(0))).rejects.toThrow("有効期限");
    // Before the window, the screen shows no code and a forged pass gets nowhere either.
    const early = await checkInScreen(db, session.id, "https://example.jp", at(-31));
    expect(early.state).toBe("before");
    expect(early.url).toBeNull();
    const pass = await passForScan(db, session.id, { code }, byTrainee(), at(0));
    await expect(
      checkIn(db, { sessionId: session.id, pass: tamperedToken(pass), userId: trainee.id, now: at(0) }),
    ).rejects.toThrow("受付の情報が正しくありません");
    await expect(checkIn(db, { sessionId: session.id, pass, userId: trainee.id, now: at(4) })).rejects.toThrow(
      "時間が経ちすぎ",
    );
    expect(await markOf()).toBeUndefined();
  });

  it("a check-in for a session of the future is refused (the window has not opened)", async () => {
    await db.updateTable("courses").set({ format: "live_online" }).where("id", "=", courseId).execute();
    const screen = await checkInScreen(db, session.id, "https://example.jp", at(0));
    const link = new URL(screen.onlineLink ?? "").searchParams.get("l") ?? "";
    await expect(passForScan(db, otherSession.id, { linkToken: link }, byTrainee(), at(0))).rejects.toThrow(
      "受付リンク",
    );
    const otherScreen = await checkInScreen(db, otherSession.id, "https://example.jp", at(0));
    const otherLink = new URL(otherScreen.onlineLink ?? "").searchParams.get("l") ?? "";
    await expect(passForScan(db, otherSession.id, { linkToken: otherLink }, byTrainee(), at(0))).rejects.toThrow(
      "まだ始まっていません",
    );
  });

  it("someone not enrolled is refused, and a mark staff made by hand is not overwritten", async () => {
    const screen = await checkInScreen(db, session.id, "https://example.jp", at(0));
    const pass = await passForScan(db, session.id, { code: codeOf(screen.url) }, byTrainee(), at(0));
    const stranger = await makeUser(db);
    const strangers = await passForScan(db, session.id, { code: codeOf(screen.url) }, { userId: stranger.id }, at(0));
    await expect(
      checkIn(db, { sessionId: session.id, pass: strangers, userId: stranger.id, now: at(0) }),
    ).rejects.toThrow("受講確定者ではない");
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
    const pass = await passForScan(db, session.id, { code: codeOf(screen.url) }, byTrainee(), at(0));
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

  describe("a pass belongs to whoever scanned (issue 21)", () => {
    async function enrolledTrainee() {
      const user = await makeUser(db);
      const now = new Date(0).toISOString();
      await db
        .insertInto("enrollments")
        .values({
          cohort_id: session.cohort_id,
          user_id: user.id,
          status: "enrolled",
          queue_seq: 2,
          requested_at: now,
          enrolled_at: now,
          created_at: now,
          updated_at: now,
        })
        .execute();
      return user;
    }

    it("one scan's pass checks in its scanner only; five other enrolled trainees are refused in Japanese", async () => {
      const screen = await checkInScreen(db, session.id, "https://example.jp", at(0));
      const pass = await passForScan(db, session.id, { code: codeOf(screen.url) }, byTrainee(), at(0));
      for (let i = 0; i < 5; i++) {
        const friend = await enrolledTrainee();
        await expect(checkIn(db, { sessionId: session.id, pass, userId: friend.id, now: at(1) })).rejects.toThrow(
          "ご本人の受付でないものは使えません",
        );
      }
      expect(await checkIn(db, { sessionId: session.id, pass, userId: trainee.id, now: at(1) })).toEqual({
        status: "present",
        already: false,
      });
      const rows = await db
        .selectFrom("attendance")
        .select("enrollment_id")
        .where("session_id", "=", session.id)
        .execute();
      expect(rows).toEqual([{ enrollment_id: enrollmentId }]);
    });

    it("a scan before signing in: the scanning browser exchanges its pass for its user's, no other browser can", async () => {
      const screen = await checkInScreen(db, session.id, "https://example.jp", at(0));
      const devicePass = await passForScan(
        db,
        session.id,
        { code: codeOf(screen.url) },
        { device: "browser-A" },
        at(0),
      );
      expect(isDevicePass(devicePass)).toBe(true);
      // The device pass itself checks nobody in.
      await expect(
        checkIn(db, { sessionId: session.id, pass: devicePass, userId: trainee.id, now: at(1) }),
      ).rejects.toThrow("ご本人の受付でないもの");
      // Forwarded to another phone (another cookie, or none), it is refused.
      for (const device of ["browser-B", null]) {
        await expect(
          passForSignedIn(db, { sessionId: session.id, pass: devicePass, device, userId: trainee.id, now: at(1) }),
        ).rejects.toThrow("ご本人の受付でないもの");
      }
      const mine = await passForSignedIn(db, {
        sessionId: session.id,
        pass: devicePass,
        device: "browser-A",
        userId: trainee.id,
        now: at(1),
      });
      expect(isDevicePass(mine)).toBe(false);
      // Same expiry: signing in does not lengthen the pass.
      expect(mine.split(".")[1]).toBe(devicePass.split(".")[1]);
      expect((await checkIn(db, { sessionId: session.id, pass: mine, userId: trainee.id, now: at(2) })).status).toBe(
        "present",
      );
    });

    it("the online link is printed and accepted only for a live online session, and only for enrolled people", async () => {
      const classroom = await checkInScreen(db, session.id, "https://example.jp", at(0));
      expect(classroom.onlineLink).toBeNull();
      const token = (
        await db
          .selectFrom("session_check_in_keys")
          .select("link_token")
          .where("session_id", "=", session.id)
          .executeTakeFirstOrThrow()
      ).link_token;
      await expect(passForScan(db, session.id, { linkToken: token }, byTrainee(), at(0))).rejects.toThrow(
        "会場での開催のため、受付リンクは使えません",
      );

      await db.updateTable("courses").set({ format: "live_online" }).where("id", "=", courseId).execute();
      const online = await checkInScreen(db, session.id, "https://example.jp", at(0));
      expect(online.onlineLink).toBe(`https://example.jp/check-in/${session.id}?l=${token}`);
      const stranger = await makeUser(db);
      await expect(passForScan(db, session.id, { linkToken: token }, { userId: stranger.id }, at(0))).rejects.toThrow(
        "受講確定者ではない",
      );
      const pass = await passForScan(db, session.id, { linkToken: token }, byTrainee(), at(0));
      expect(await checkIn(db, { sessionId: session.id, pass, userId: trainee.id, now: at(0) })).toEqual({
        status: "present",
        already: false,
      });
    });
  });
});
