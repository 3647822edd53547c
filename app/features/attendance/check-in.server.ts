import { createHmac, randomBytes, timingSafeEqual } from "node:crypto";

import QRCode from "qrcode";

import { transaction, type Database } from "~/db.server";
import { audit } from "~/features/audit/audit.server";
import { refreshCompletions } from "~/features/enrollment/completion.server";
import { formatDateTimeJa } from "~/lib/dates";
import { ConflictError, NotFoundError } from "~/lib/errors";
import {
  ACCEPTED_PAST_STEPS,
  checkInStatus,
  checkInWindow,
  codeStepAt,
  DEFAULT_CHECK_IN_RULES,
  secondsUntilNextCode,
  windowState,
  type CheckInRules,
  type CheckInWindow,
} from "./check-in";

// QR self check-in (issue 16, decision 0024). The screen in the room shows a QR code of a URL
// carrying a code derived from the session's secret and the server's time step; scanning it
// trades the code for a short-lived pass, which survives signing in, and the trainee's POST with
// the pass records the mark. Codes are long (not something to text around) and bound to one
// session; the fixed link of a live online session is the same flow with another proof.

export type CheckInMethod = "qr" | "link";

/**
 * Whom a pass belongs to (issue 21): the signed-in user who traded the code, or, when the
 * scan came before signing in, the scanning browser (a random id in a cookie of its own),
 * which the same browser exchanges for a pass of its user once signed in. A pass forwarded to
 * someone else proves nothing for them.
 */
export type PassHolder = { userId: string } | { device: string };

/** A fresh random id for the scanning browser's cookie. */
export function newScanDeviceId(): string {
  return randomBytes(18).toString("base64url");
}

const PASS_REFUSED =
  "受付の情報が正しくありません。読み取った方ご本人の受付でないものは使えません。ご自身のスマートフォンで会場のQRコードを読み取り直してください。";

/** How long a scanned code's pass lasts: enough to sign in, not enough to pass around later. */
const PASS_SECONDS = 180;

const sessionQuery = (db: Database, sessionId: number) =>
  db
    .selectFrom("cohort_sessions as s")
    .innerJoin("cohorts as c", "c.id", "s.cohort_id")
    .innerJoin("courses as k", "k.id", "c.course_id")
    .leftJoin("course_check_in_rules as r", "r.course_id", "k.id")
    .select([
      "s.id",
      "s.cohort_id",
      "s.date",
      "s.start_time",
      "s.end_time",
      "s.topic",
      "c.name as cohort_name",
      "k.id as course_id",
      "k.title as course_title",
      "k.format as course_format",
      "r.opens_minutes_before",
      "r.closes_minutes_after_end",
      "r.late_after_minutes",
    ])
    .where("s.id", "=", sessionId);

type SessionRow = NonNullable<Awaited<ReturnType<ReturnType<typeof sessionQuery>["executeTakeFirst"]>>>;

function rulesOf(row: SessionRow): CheckInRules {
  if (row.opens_minutes_before === null) return DEFAULT_CHECK_IN_RULES;
  return {
    opensMinutesBefore: Number(row.opens_minutes_before),
    closesMinutesAfterEnd: Number(row.closes_minutes_after_end),
    lateAfterMinutes: Number(row.late_after_minutes),
  };
}

async function loadSession(db: Database, sessionId: number) {
  const row = await sessionQuery(db, sessionId).executeTakeFirst();
  if (!row) throw new NotFoundError("日程が見つかりません。");
  const rules = rulesOf(row);
  return { ...row, rules, window: checkInWindow(row, rules) };
}

/** The session's secret and online link token, created the first time anyone asks. */
async function sessionKey(db: Database, sessionId: number) {
  const existing = await db
    .selectFrom("session_check_in_keys")
    .select(["secret", "link_token"])
    .where("session_id", "=", sessionId)
    .executeTakeFirst();
  if (existing) return existing;
  await transaction(db, async (trx) => {
    await trx
      .insertInto("session_check_in_keys")
      .values({
        session_id: sessionId,
        secret: randomBytes(32).toString("hex"),
        link_token: randomBytes(16).toString("hex"),
        created_at: new Date().toISOString(),
      })
      .onConflict((oc) => oc.column("session_id").doNothing())
      .execute();
  });
  // Two servers may race to create it: whichever row won is the one everybody uses.
  return db
    .selectFrom("session_check_in_keys")
    .select(["secret", "link_token"])
    .where("session_id", "=", sessionId)
    .executeTakeFirstOrThrow();
}

function mac(secret: string, message: string): string {
  return createHmac("sha256", secret).update(message).digest("base64url");
}

function sameText(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

function codeFor(secret: string, sessionId: number, step: number): string {
  return mac(secret, `code|${sessionId}|${step}`).slice(0, 24);
}

function holderKind(holder: PassHolder): "u" | "d" {
  return "userId" in holder ? "u" : "d";
}

function passFor(secret: string, sessionId: number, method: CheckInMethod, expires: number, holder: PassHolder) {
  const kind = holderKind(holder);
  const who = "userId" in holder ? holder.userId : holder.device;
  return `${method}.${expires}.${kind}.${mac(secret, `pass|${sessionId}|${method}|${expires}|${kind}|${who}`)}`;
}

/** Only a session of a live online course has an online link; a classroom session has the QR. */
function hasOnlineLink(session: { course_format: string }): boolean {
  return session.course_format === "live_online";
}

export type CheckInScreen = Awaited<ReturnType<typeof checkInScreen>>;

/** What the screen in the room shows at `now`: the session, the window, and the current QR. */
export async function checkInScreen(db: Database, sessionId: number, origin: string, now: Date = new Date()) {
  const session = await loadSession(db, sessionId);
  const key = await sessionKey(db, sessionId);
  const state = windowState(session.window, now);
  const counts = await db
    .selectFrom("enrollments as e")
    .leftJoin("attendance_check_ins as ci", (join) =>
      join.onRef("ci.enrollment_id", "=", "e.id").on("ci.session_id", "=", sessionId),
    )
    .select((eb) => [eb.fn.countAll<number>().as("enrolled"), eb.fn.count<number>("ci.session_id").as("checked_in")])
    .where("e.cohort_id", "=", session.cohort_id)
    .where("e.status", "=", "enrolled")
    .executeTakeFirstOrThrow();
  const base = `${origin}/check-in/${sessionId}`;
  const url = state === "open" ? `${base}?c=${codeFor(key.secret, sessionId, codeStepAt(now))}` : null;
  const qrSvg = url
    ? await QRCode.toString(url, {
        type: "svg",
        errorCorrectionLevel: "M",
        margin: 2,
        color: { dark: "#000000", light: "#ffffff" },
      })
    : null;
  return {
    session: {
      id: session.id,
      cohort_id: session.cohort_id,
      date: session.date,
      start_time: session.start_time,
      end_time: session.end_time,
      topic: session.topic,
      cohort_name: session.cohort_name,
      course_id: session.course_id,
      course_title: session.course_title,
      course_format: session.course_format,
    },
    rules: session.rules,
    window: serializeWindow(session.window),
    state,
    url,
    qrSvg,
    // Printed only for a live online session (a classroom's screen would hand it to anyone).
    onlineLink: hasOnlineLink(session) ? `${base}?l=${key.link_token}` : null,
    refreshInSeconds: secondsUntilNextCode(now),
    enrolled: Number(counts.enrolled),
    checkedIn: Number(counts.checked_in),
  };
}

function serializeWindow(w: CheckInWindow) {
  return { opensAt: w.opensAt.toISOString(), closesAt: w.closesAt.toISOString(), lateFrom: w.lateFrom.toISOString() };
}

function refuseOutsideWindow(window: CheckInWindow, now: Date) {
  const state = windowState(window, now);
  if (state === "before") {
    throw new ConflictError(`受付はまだ始まっていません。受付開始は${formatDateTimeJa(window.opensAt)}です。`);
  }
  if (state === "closed") {
    throw new ConflictError(
      `この日程の受付は${formatDateTimeJa(window.closesAt)}に終了しました。出欠の訂正は担当者にご連絡ください。`,
    );
  }
}

/**
 * Checks a scanned code (or the online link's token) and returns a pass for the check-in form,
 * bound to `holder`. An expired code, another session's code, a scan outside the window, the
 * online link of a classroom session, or the link opened by a signed-in user who is not
 * enrolled is refused.
 */
export async function passForScan(
  db: Database,
  sessionId: number,
  proof: { code: string } | { linkToken: string },
  holder: PassHolder,
  now: Date = new Date(),
): Promise<string> {
  const session = await loadSession(db, sessionId);
  const key = await sessionKey(db, sessionId);
  let method: CheckInMethod;
  if ("code" in proof) {
    const step = codeStepAt(now);
    const valid = Array.from({ length: ACCEPTED_PAST_STEPS + 1 }, (_, i) => codeFor(key.secret, sessionId, step - i));
    if (!valid.some((c) => sameText(c, proof.code))) {
      throw new ConflictError(
        "このQRコードは有効期限が切れているか、この日程のものではありません。会場の画面に表示されているQRコードを読み取り直してください。",
      );
    }
    method = "qr";
  } else {
    if (!sameText(key.link_token, proof.linkToken)) {
      throw new ConflictError("この受付リンクは正しくありません。講師から案内されたリンクを開き直してください。");
    }
    if (!hasOnlineLink(session)) {
      throw new ConflictError(
        "この日程は会場での開催のため、受付リンクは使えません。会場の画面に表示されているQRコードを読み取ってください。",
      );
    }
    method = "link";
  }
  refuseOutsideWindow(session.window, now);
  // The online link is for the enrolled: a signed-in outsider gets no pass from it.
  if (method === "link" && "userId" in holder && !(await enrollmentOf(db, session.cohort_id, holder.userId))) {
    throw new ConflictError(notEnrolled(session));
  }
  return passFor(key.secret, sessionId, method, Math.floor(now.getTime() / 1000) + PASS_SECONDS, holder);
}

function notEnrolled(session: { course_title: string; cohort_name: string }): string {
  return `${session.course_title} ${session.cohort_name}の受講確定者ではないため、受付できません。申込状況はマイページでご確認ください。`;
}

/** Whether a pass was drawn for a browser before its user signed in (to be exchanged). */
export function isDevicePass(pass: string): boolean {
  return pass.split(".")[2] === "d";
}

/**
 * After signing in, the browser that scanned exchanges its pass for one of its user, with the
 * same expiry; a pass drawn by another browser is refused.
 */
export async function passForSignedIn(
  db: Database,
  input: { sessionId: number; pass: string; device: string | null; userId: string; now?: Date },
): Promise<string> {
  const now = input.now ?? new Date();
  await loadSession(db, input.sessionId);
  const key = await sessionKey(db, input.sessionId);
  if (!input.device) throw new ConflictError(PASS_REFUSED);
  const { method, expires } = readPass(key.secret, input.sessionId, input.pass, { device: input.device }, now);
  return passFor(key.secret, input.sessionId, method, expires, { userId: input.userId });
}

/** The session as the trainee's check-in page shows it, and whether the trainee is already in. */
export async function checkInPage(db: Database, sessionId: number, userId: string) {
  const session = await loadSession(db, sessionId);
  const mine = await enrollmentOf(db, session.cohort_id, userId);
  const done = mine
    ? await db
        .selectFrom("attendance_check_ins")
        .select(["status", "checked_in_at"])
        .where("enrollment_id", "=", mine.id)
        .where("session_id", "=", sessionId)
        .executeTakeFirst()
    : undefined;
  return {
    session: {
      id: session.id,
      date: session.date,
      start_time: session.start_time,
      end_time: session.end_time,
      topic: session.topic,
      cohort_name: session.cohort_name,
      course_title: session.course_title,
    },
    enrolled: Boolean(mine),
    checkedIn: done ? { status: done.status as "present" | "late", at: done.checked_in_at } : null,
  };
}

async function enrollmentOf(db: Database, cohortId: number, userId: string) {
  return db
    .selectFrom("enrollments")
    .select("id")
    .where("cohort_id", "=", cohortId)
    .where("user_id", "=", userId)
    .where("status", "=", "enrolled")
    .executeTakeFirst();
}

function readPass(
  secret: string,
  sessionId: number,
  pass: string,
  holder: PassHolder,
  now: Date,
): { method: CheckInMethod; expires: number } {
  const [method, expires] = pass.split(".");
  const seconds = Number(expires);
  const known = method === "qr" || method === "link";
  if (!known || !Number.isInteger(seconds) || !sameText(pass, passFor(secret, sessionId, method, seconds, holder))) {
    throw new ConflictError(PASS_REFUSED);
  }
  if (seconds * 1000 < now.getTime()) {
    throw new ConflictError("読み取りから時間が経ちすぎました。会場の画面のQRコードを読み取り直してください。");
  }
  return { method, expires: seconds };
}

/**
 * Records the trainee's own check-in: present, or late after the course's threshold. Once per
 * session; a mark staff already made by hand is not overwritten (staff correct it themselves).
 */
export async function checkIn(
  db: Database,
  input: { sessionId: number; pass: string; userId: string; now?: Date },
): Promise<{ status: "present" | "late"; already: boolean }> {
  const now = input.now ?? new Date();
  const session = await loadSession(db, input.sessionId);
  const key = await sessionKey(db, input.sessionId);
  // Only a pass drawn by this user proves that this user scanned (issue 21).
  const { method } = readPass(key.secret, input.sessionId, input.pass, { userId: input.userId }, now);
  refuseOutsideWindow(session.window, now);
  return transaction(db, async (trx) => {
    const mine = await enrollmentOf(trx, session.cohort_id, input.userId);
    if (!mine) throw new ConflictError(notEnrolled(session));
    const earlier = await trx
      .selectFrom("attendance_check_ins")
      .select("status")
      .where("enrollment_id", "=", mine.id)
      .where("session_id", "=", input.sessionId)
      .executeTakeFirst();
    if (earlier) return { status: earlier.status as "present" | "late", already: true };
    const marked = await trx
      .selectFrom("attendance")
      .select("status")
      .where("enrollment_id", "=", mine.id)
      .where("session_id", "=", input.sessionId)
      .executeTakeFirst();
    if (marked) {
      throw new ConflictError(
        "この日程の出欠は担当者がすでに記録しています。訂正が必要なときは担当者にご連絡ください。",
      );
    }
    const status = checkInStatus(session.window, now);
    const at = now.toISOString();
    await trx
      .insertInto("attendance_check_ins")
      .values({ enrollment_id: mine.id, session_id: input.sessionId, method, status, checked_in_at: at })
      .execute();
    await trx
      .insertInto("attendance")
      .values({ enrollment_id: mine.id, session_id: input.sessionId, status, marked_by: input.userId, marked_at: at })
      .execute();
    await audit(trx, {
      actorId: input.userId,
      action: "attendance.check_in",
      entityType: "cohort_session",
      entityId: input.sessionId,
      details: { enrollmentId: mine.id, status, method },
    });
    await refreshCompletions(trx, [mine.id], input.userId);
    return { status, already: false };
  });
}

export async function saveCheckInRules(db: Database, courseId: number, rules: CheckInRules, actorId: string) {
  await transaction(db, async (trx) => {
    const course = await trx.selectFrom("courses").select("id").where("id", "=", courseId).executeTakeFirst();
    if (!course) throw new NotFoundError("講座が見つかりません。");
    const row = {
      opens_minutes_before: rules.opensMinutesBefore,
      closes_minutes_after_end: rules.closesMinutesAfterEnd,
      late_after_minutes: rules.lateAfterMinutes,
      updated_by: actorId,
      updated_at: new Date().toISOString(),
    };
    await trx
      .insertInto("course_check_in_rules")
      .values({ course_id: courseId, ...row })
      .onConflict((oc) => oc.column("course_id").doUpdateSet(row))
      .execute();
    await audit(trx, {
      actorId,
      action: "course.check_in_rules",
      entityType: "course",
      entityId: courseId,
      details: { ...rules },
    });
  });
}
