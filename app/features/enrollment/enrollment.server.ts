import { sql } from "kysely";
import { rowLock, transaction, type Database } from "~/db.server";
import { audit } from "~/features/audit/audit.server";
import { notify } from "~/features/notifications/outbox.server";
import { formatDateJa, todayInTokyo } from "~/lib/dates";
import { ConflictError, NotFoundError } from "~/lib/errors";
import {
  DOCUMENT_LOCKS,
  issueInvoiceIfDue,
  issueReceiptIfDue,
  voidLiveDocuments,
} from "~/features/invoices/invoices.server";
import { refreshCompletions } from "./completion.server";
import { enrollmentMailDetails } from "./enrollment-mail.server";
import { attendedSessions, countSeatsTaken, waitlistPositionOf } from "~/features/vocabulary/counts.server";
import { refuseTraineeClash } from "~/features/schedule/clashes.server";
import { ACTIVE, SEAT_HOLDING, type EnrollmentStatus } from "~/features/vocabulary/enrollment-statuses";
import { containsPattern, likeEscaped } from "~/lib/list-search.server";
import { pageCount, pageOffset } from "~/lib/list-query";
import { preparedQuery } from "~/lib/prepared-query.server";
import { REPEAT_MESSAGES, type RepeatEnrollment } from "./enrollment.schema";

export type EnrollResult = { enrollmentId: number; status: EnrollmentStatus; waitlistPosition: number | null };

async function nextQueueSeq(trx: Database, cohortId: number): Promise<number> {
  const { seq } = await trx
    .selectFrom("enrollments")
    .select(sql<number>`coalesce(max(queue_seq), 0) + 1`.as("seq"))
    .where("cohort_id", "=", cohortId)
    .executeTakeFirstOrThrow();
  return seq;
}

/** Titles of the prerequisite courses of a course that the user has not completed. */
export async function missingPrerequisites(trx: Database, courseId: number, userId: string): Promise<string[]> {
  const rows = await trx
    .selectFrom("course_prerequisites as cp")
    .innerJoin("courses as p", "p.id", "cp.prerequisite_course_id")
    .select("p.title")
    .where("cp.course_id", "=", courseId)
    .where(({ not, exists, selectFrom }) =>
      not(
        exists(
          selectFrom("enrollments as e")
            .innerJoin("cohorts as c", "c.id", "e.cohort_id")
            .select("e.id")
            .whereRef("c.course_id", "=", "cp.prerequisite_course_id")
            .where("e.user_id", "=", userId)
            .where("e.completed_at", "is not", null),
        ),
      ),
    )
    .orderBy("p.code")
    .execute();
  return rows.map((r) => r.title);
}

/**
 * The trainee's latest completion of a course (decision 0034): an application that is not
 * cancelled and has `completed_at` (attendance, questionnaire and fee met; the same fact the
 * prerequisites and the certification queue read). null: never completed.
 */
export async function priorCompletion(
  db: Database,
  input: { courseId: number; userId: string },
): Promise<{ enrollmentId: number; cohortName: string; completedAt: string } | null> {
  const row = await db
    .selectFrom("enrollments as e")
    .innerJoin("cohorts as c", "c.id", "e.cohort_id")
    .select(["e.id", "c.name", "e.completed_at"])
    .where("c.course_id", "=", input.courseId)
    .where("e.user_id", "=", input.userId)
    .where("e.status", "<>", "cancelled")
    .where("e.completed_at", "is not", null)
    .orderBy("e.completed_at", "desc")
    .orderBy("e.id", "desc")
    .executeTakeFirst();
  return row ? { enrollmentId: row.id, cohortName: row.name, completedAt: row.completed_at! } : null;
}

/**
 * A course already completed is taken again only where the course allows a repeat, and then
 * only with a reason the trainee gave and confirmed (the RepeatEnrollmentSchema step). Returns
 * the completion the application repeats (null: a first application). Called inside the
 * enrolment transaction, before anything is written.
 */
async function checkRepeat(
  trx: Database,
  input: { courseId: number; userId: string; allowRepeat: boolean; repeat: RepeatEnrollment | null },
) {
  const prior = await priorCompletion(trx, input);
  if (!prior) return null;
  if (!input.allowRepeat) throw new ConflictError(REPEAT_MESSAGES.refused(prior.cohortName));
  const reason = input.repeat?.reason.trim() ?? "";
  if (reason.length === 0 || reason.length > 500) throw new ConflictError(REPEAT_MESSAGES.needsReason, "repeatReason");
  return prior;
}

/**
 * One trainee, one live place per course (issue 11): unless the course allows several cohorts,
 * a live application (承認待ち, 受講確定, and also キャンセル待ち: a waitlisted place turns into a
 * seat by itself, and a trainee expects to be asked to give it up, not to find two seats) in
 * another cohort of the same course that has not ended yet refuses a new one. Cancelled or
 * moved applications, completed ones and those of cohorts already over do not count, so a
 * trainee can take a course again. Called inside the enrolment transaction (BEGIN
 * IMMEDIATE), so two simultaneous applications cannot both pass it.
 */
export async function refuseSecondCohortOfCourse(
  trx: Database,
  input: {
    courseId: number;
    userId: string;
    exceptEnrollmentId?: number;
    exceptCohortId?: number;
    field?: string;
    today?: string;
  },
): Promise<void> {
  const course = await trx
    .selectFrom("courses")
    .select("allow_multiple_cohorts")
    .where("id", "=", input.courseId)
    .executeTakeFirst();
  if (!course || course.allow_multiple_cohorts === 1) return;
  const today = input.today ?? todayInTokyo();
  let query = trx
    .selectFrom("enrollments as e")
    .innerJoin("cohorts as c", "c.id", "e.cohort_id")
    .select(["e.status", "c.name", "c.first_session_date"])
    .where("c.course_id", "=", input.courseId)
    .where("e.user_id", "=", input.userId)
    .where("e.status", "in", [...ACTIVE])
    .where("e.completed_at", "is", null)
    .where((eb) => eb.or([eb("c.last_session_date", "is", null), eb("c.last_session_date", ">=", today)]));
  if (input.exceptEnrollmentId !== undefined) query = query.where("e.id", "<>", input.exceptEnrollmentId);
  if (input.exceptCohortId !== undefined) query = query.where("c.id", "<>", input.exceptCohortId);
  const other = await query.orderBy("c.first_session_date", (ob) => ob.asc().nullsFirst()).executeTakeFirst();
  if (!other) return;
  throw new ConflictError(secondCohortMessage(other), input.field);
}

export function secondCohortMessage(other: { status: string; name: string; first_session_date: string | null }) {
  const when = other.first_session_date ? ` ${formatDateJa(other.first_session_date)}〜` : "";
  const what = other.status === "waitlisted" ? "キャンセル待ちに登録済み" : "申込済み";
  return `同じ講座の別の回（${other.name}${when}）に${what}です。この講座は複数の回に同時には申し込めません。回を変える場合は、先にその申込を取り消してください。`;
}

/**
 * Places a user in a cohort, or re-activates their cancelled application. The seat count and
 * the write happen in one transaction; SQLite has one connection per process and Kysely runs
 * a transaction alone on it, so simultaneous requests are served one after another in the
 * order they reach the database: exactly `capacity` seats, the rest waitlisted in order.
 */
async function placeInCohort(
  trx: Database,
  input: {
    cohortId: number;
    userId: string;
    capacity: number;
    approvalRequired: boolean;
    feeYen: number;
    carry?: { paid_at: string | null; paid_confirmed_by: string | null };
    actorId: string | null;
    repeatReason?: string | null;
  },
): Promise<EnrollResult> {
  const existing = await trx
    .selectFrom("enrollments")
    .select(["id", "status"])
    .where("cohort_id", "=", input.cohortId)
    .where("user_id", "=", input.userId)
    .executeTakeFirst();
  if (existing && existing.status !== "cancelled") {
    throw new ConflictError("この開催回には既にお申し込み済みです。");
  }
  const queueSeq = await nextQueueSeq(trx, input.cohortId);
  const hasSeat = (await countSeatsTaken(trx, input.cohortId)) < input.capacity;
  const status: EnrollmentStatus = hasSeat ? (input.approvalRequired ? "pending" : "enrolled") : "waitlisted";
  const now = new Date().toISOString();
  const values = {
    status,
    queue_seq: queueSeq,
    requested_at: now,
    enrolled_at: status === "enrolled" ? now : null,
    cancelled_at: null,
    cancel_reason: null,
    fee_yen: input.feeYen,
    paid_at: input.carry?.paid_at ?? null,
    paid_confirmed_by: input.carry?.paid_confirmed_by ?? null,
    questionnaire_submitted_at: null,
    completed_at: null,
    repeat_reason: input.repeatReason ?? null,
    updated_at: now,
  };
  let enrollmentId: number;
  if (existing) {
    await trx.updateTable("enrollments").set(values).where("id", "=", existing.id).execute();
    // A fresh application starts afresh: answers and marks of the cancelled one do not count.
    await trx.deleteFrom("questionnaire_responses").where("enrollment_id", "=", existing.id).execute();
    enrollmentId = existing.id;
  } else {
    ({ id: enrollmentId } = await trx
      .insertInto("enrollments")
      .values({ ...values, cohort_id: input.cohortId, user_id: input.userId, created_at: now })
      .returning("id")
      .executeTakeFirstOrThrow());
  }
  const { position } = await trx
    .selectFrom("enrollments as e")
    .select(waitlistPositionOf("e").as("position"))
    .where("e.id", "=", enrollmentId)
    .executeTakeFirstOrThrow();
  // A confirmed place with a fee gets its invoice; a payment carried over (a move) its receipt.
  await issueInvoiceIfDue(trx, enrollmentId, input.actorId);
  await issueReceiptIfDue(trx, enrollmentId, input.actorId);
  return { enrollmentId, status, waitlistPosition: position };
}

async function loadCohortForEnrollment(trx: Database, cohortId: number) {
  const cohort = await trx
    .selectFrom("cohorts")
    .innerJoin("courses", "courses.id", "cohorts.course_id")
    .select([
      "cohorts.id",
      "cohorts.name",
      "cohorts.capacity",
      "cohorts.approval_required",
      "cohorts.enrollment_opens_on",
      "cohorts.enrollment_closes_on",
      "cohorts.cancellation_deadline",
      "cohorts.course_id",
      "cohorts.first_session_date",
      "cohorts.last_session_date",
      "cohorts.session_count",
      "cohorts.prefecture_code",
      "cohorts.venue",
      "courses.title as course_title",
      "courses.fee_yen",
      "courses.published",
      "courses.allow_repeat",
    ])
    .where("cohorts.id", "=", cohortId)
    .executeTakeFirst();
  if (!cohort) throw new NotFoundError("開催回が見つかりません。");
  return cohort;
}

function enrollmentNotice(status: EnrollmentStatus, courseTitle: string, cohortName: string, position: number | null) {
  const what = `「${courseTitle}」${cohortName}`;
  switch (status) {
    case "enrolled":
      return { title: `${what}の受講が確定しました`, body: "マイ研修で日程を確認し、カレンダーに登録できます。" };
    case "pending":
      return { title: `${what}に申し込みました`, body: "事務局の承認をお待ちください。承認されるとお知らせします。" };
    default:
      return {
        title: `${what}のキャンセル待ちに登録しました（${position}番目）`,
        body: "席が空くと順番に自動で繰り上がり、お知らせします。",
      };
  }
}

function mailFactsOf(c: {
  first_session_date: string | null;
  last_session_date: string | null;
  session_count: number;
  prefecture_code: string | null;
  venue: string;
  cancellation_deadline: string;
}) {
  return {
    firstSessionDate: c.first_session_date,
    lastSessionDate: c.last_session_date,
    sessionCount: c.session_count,
    prefectureCode: c.prefecture_code,
    venue: c.venue,
    cancellationDeadline: c.cancellation_deadline,
  };
}

/**
 * A trainee applies for a cohort (window, prerequisites and the repeat rule enforced). `repeat`
 * carries the reason of a repeat of a course already completed (decision 0034).
 */
export async function enroll(
  db: Database,
  input: { cohortId: number; userId: string; today?: string; courseId?: number; repeat?: RepeatEnrollment | null },
): Promise<EnrollResult> {
  const today = input.today ?? todayInTokyo();
  return transaction(db, { locks: [rowLock("cohorts", input.cohortId), ...DOCUMENT_LOCKS] }, async (trx) => {
    const cohort = await loadCohortForEnrollment(trx, input.cohortId);
    if (!cohort.published || (input.courseId !== undefined && cohort.course_id !== input.courseId)) {
      throw new NotFoundError("開催回が見つかりません。");
    }
    if (today < cohort.enrollment_opens_on) {
      throw new ConflictError(`申込受付は${formatDateJa(cohort.enrollment_opens_on)}から始まります。`);
    }
    if (today > cohort.enrollment_closes_on) throw new ConflictError("この開催回の申込受付は終了しました。");
    const missing = await missingPrerequisites(trx, cohort.course_id, input.userId);
    if (missing.length > 0) {
      throw new ConflictError(
        `この研修に申し込むには「${missing.join("」「")}」の修了が必要です。先に該当の研修を修了してください。`,
      );
    }
    const prior = await checkRepeat(trx, {
      courseId: cohort.course_id,
      userId: input.userId,
      allowRepeat: cohort.allow_repeat === 1,
      repeat: input.repeat ?? null,
    });
    // The same cohort again is placeInCohort's own message (既にお申し込み済み).
    await refuseSecondCohortOfCourse(trx, {
      courseId: cohort.course_id,
      userId: input.userId,
      exceptCohortId: cohort.id,
      today,
    });
    await refuseTraineeClash(trx, { userId: input.userId, cohortId: cohort.id });
    const repeatReason = prior ? input.repeat!.reason.trim() : null;
    const result = await placeInCohort(trx, {
      cohortId: cohort.id,
      userId: input.userId,
      capacity: cohort.capacity,
      approvalRequired: cohort.approval_required === 1,
      feeYen: cohort.fee_yen,
      actorId: input.userId,
      repeatReason,
    });
    await audit(trx, {
      actorId: input.userId,
      action: result.status === "waitlisted" ? "enrollment.waitlist" : "enrollment.enrol",
      entityType: "enrollment",
      entityId: result.enrollmentId,
      details: {
        cohortId: cohort.id,
        status: result.status,
        waitlistPosition: result.waitlistPosition,
        ...(prior ? { repeatOf: prior.enrollmentId, repeatReason } : {}),
      },
    });
    const notice = enrollmentNotice(result.status, cohort.course_title, cohort.name, result.waitlistPosition);
    const details = await enrollmentMailDetails(trx, {
      ...mailFactsOf(cohort),
      status: result.status as "enrolled" | "pending" | "waitlisted",
      feeYen: cohort.fee_yen,
      enrolledAt: result.status === "enrolled" ? new Date().toISOString() : null,
    });
    await notify(trx, {
      userId: input.userId,
      kind: `enrollment.${result.status}`,
      title: notice.title,
      body: `${notice.body}\n\n${details}`,
      link: "/my/training",
    });
    return result;
  });
}

/**
 * Fills free seats from the waitlist, first come first served; each promotion is notified
 * and audited. Call inside the transaction that freed the seat.
 */
export async function promoteWaitlist(trx: Database, cohortId: number, actorId: string | null): Promise<number[]> {
  const cohort = await loadCohortForEnrollment(trx, cohortId);
  const free = cohort.capacity - (await countSeatsTaken(trx, cohortId));
  if (free <= 0) return [];
  const next = await trx
    .selectFrom("enrollments")
    .select(["id", "user_id", "queue_seq"])
    .where("cohort_id", "=", cohortId)
    .where("status", "=", "waitlisted")
    .orderBy("queue_seq")
    .limit(free)
    .execute();
  const now = new Date().toISOString();
  const status: EnrollmentStatus = cohort.approval_required === 1 ? "pending" : "enrolled";
  for (const e of next) {
    await trx
      .updateTable("enrollments")
      .set({ status, enrolled_at: status === "enrolled" ? now : null, updated_at: now })
      .where("id", "=", e.id)
      .execute();
    await issueInvoiceIfDue(trx, e.id, actorId);
    await audit(trx, {
      actorId,
      action: "enrollment.promote",
      entityType: "enrollment",
      entityId: e.id,
      details: { cohortId, userId: e.user_id, queueSeq: e.queue_seq, status },
    });
    await notify(trx, {
      userId: e.user_id,
      kind: "enrollment.promoted",
      title: `キャンセル待ちから繰り上がりました：「${cohort.course_title}」${cohort.name}`,
      body:
        (status === "enrolled"
          ? "席が空いたため受講が確定しました。マイ研修で日程を確認してください。"
          : "席が空いたため申込を受け付けました。事務局の承認をお待ちください。") +
        `\n\n${await enrollmentMailDetails(trx, { ...mailFactsOf(cohort), status, feeYen: cohort.fee_yen, enrolledAt: status === "enrolled" ? now : null })}`,
      link: "/my/training",
    });
  }
  return next.map((e) => e.id);
}

async function cancelAndPromote(
  trx: Database,
  e: { id: number; cohort_id: number; status: string },
  reason: "self" | "staff" | "moved",
  actorId: string,
) {
  const now = new Date().toISOString();
  await trx
    .updateTable("enrollments")
    .set({ status: "cancelled", cancelled_at: now, cancel_reason: reason, updated_at: now })
    .where("id", "=", e.id)
    .execute();
  // The invoice of a cancelled place is voided, never deleted. A receipt stays: the money was
  // received (a refund is its own matter); on a move it is reissued for the new cohort.
  await voidLiveDocuments(trx, e.id, reason === "moved" ? ["invoice", "receipt"] : ["invoice"], reason, actorId);
  await refreshCompletions(trx, [e.id], actorId);
  if ((SEAT_HOLDING as readonly string[]).includes(e.status)) await promoteWaitlist(trx, e.cohort_id, actorId);
}

/** The trainee cancels their own application, before the cohort's cancellation deadline. */
export async function cancelOwnEnrollment(
  db: Database,
  input: { cohortId: number; userId: string; today?: string; courseId?: number },
): Promise<void> {
  const today = input.today ?? todayInTokyo();
  await transaction(db, { locks: [rowLock("cohorts", input.cohortId), ...DOCUMENT_LOCKS] }, async (trx) => {
    let query = trx
      .selectFrom("enrollments")
      .innerJoin("cohorts", "cohorts.id", "enrollments.cohort_id")
      .select(["enrollments.id", "enrollments.cohort_id", "enrollments.status", "cohorts.cancellation_deadline"])
      .where("enrollments.cohort_id", "=", input.cohortId);
    if (input.courseId !== undefined) query = query.where("cohorts.course_id", "=", input.courseId);
    const e = await query
      .where("enrollments.user_id", "=", input.userId)
      .where("enrollments.status", "in", [...ACTIVE])
      .executeTakeFirst();
    if (!e) throw new NotFoundError("取り消せるお申し込みが見つかりません。");
    if (e.status !== "waitlisted" && today > e.cancellation_deadline) {
      throw new ConflictError(
        `キャンセル期限（${formatDateJa(e.cancellation_deadline)}）を過ぎているため、画面から取り消せません。事務局にご連絡ください。`,
      );
    }
    await audit(trx, {
      actorId: input.userId,
      action: "enrollment.cancel",
      entityType: "enrollment",
      entityId: e.id,
      details: { cohortId: e.cohort_id, from: e.status, reason: "self" },
    });
    await cancelAndPromote(trx, e, "self", input.userId);
  });
}

async function loadEnrollment(trx: Database, cohortId: number, enrollmentId: number) {
  const e = await trx
    .selectFrom("enrollments")
    .innerJoin("cohorts", "cohorts.id", "enrollments.cohort_id")
    .innerJoin("courses", "courses.id", "cohorts.course_id")
    .select([
      "enrollments.id",
      "enrollments.cohort_id",
      "enrollments.user_id",
      "enrollments.status",
      "enrollments.paid_at",
      "enrollments.paid_confirmed_by",
      "enrollments.fee_yen",
      "enrollments.repeat_reason",
      "cohorts.name as cohort_name",
      "cohorts.course_id",
      "cohorts.first_session_date",
      "cohorts.last_session_date",
      "cohorts.session_count",
      "cohorts.prefecture_code",
      "cohorts.venue",
      "cohorts.cancellation_deadline",
      "courses.title as course_title",
    ])
    .where("enrollments.id", "=", enrollmentId)
    .where("enrollments.cohort_id", "=", cohortId)
    .executeTakeFirst();
  if (!e) throw new NotFoundError("申込が見つかりません。");
  return e;
}

/** Staff approve an application of a cohort that requires approval. */
export async function approveEnrollment(
  db: Database,
  input: { cohortId: number; enrollmentId: number; actorId: string },
): Promise<void> {
  await transaction(db, { locks: [rowLock("cohorts", input.cohortId), ...DOCUMENT_LOCKS] }, async (trx) => {
    const e = await loadEnrollment(trx, input.cohortId, input.enrollmentId);
    if (e.status !== "pending") throw new ConflictError("承認待ちの申込ではありません。");
    const now = new Date().toISOString();
    await trx
      .updateTable("enrollments")
      .set({ status: "enrolled", enrolled_at: now, updated_at: now })
      .where("id", "=", e.id)
      .execute();
    await issueInvoiceIfDue(trx, e.id, input.actorId);
    await audit(trx, {
      actorId: input.actorId,
      action: "enrollment.approve",
      entityType: "enrollment",
      entityId: e.id,
      details: { cohortId: e.cohort_id, userId: e.user_id },
    });
    await notify(trx, {
      userId: e.user_id,
      kind: "enrollment.approved",
      title: `「${e.course_title}」${e.cohort_name}の受講が確定しました`,
      body: `事務局が申込を承認しました。マイ研修で日程を確認してください。\n\n${await enrollmentMailDetails(trx, {
        ...mailFactsOf(e),
        status: "enrolled",
        feeYen: e.fee_yen,
        enrolledAt: now,
      })}`,
      link: "/my/training",
    });
    await refreshCompletions(trx, [e.id], input.actorId);
  });
}

/** Staff cancel an application (any time); a freed seat goes to the waitlist. */
export async function cancelEnrollmentByStaff(
  db: Database,
  input: { cohortId: number; enrollmentId: number; actorId: string; reason: string },
): Promise<void> {
  await transaction(db, { locks: [rowLock("cohorts", input.cohortId), ...DOCUMENT_LOCKS] }, async (trx) => {
    const e = await loadEnrollment(trx, input.cohortId, input.enrollmentId);
    if (e.status === "cancelled") throw new ConflictError("この申込は既にキャンセルされています。");
    await audit(trx, {
      actorId: input.actorId,
      action: "enrollment.cancel",
      entityType: "enrollment",
      entityId: e.id,
      details: { cohortId: e.cohort_id, from: e.status, reason: "staff", note: input.reason },
    });
    await notify(trx, {
      userId: e.user_id,
      kind: "enrollment.cancelled",
      title: `「${e.course_title}」${e.cohort_name}の申込が取り消されました`,
      body: input.reason ? `事務局からの連絡：${input.reason}` : "詳しくは事務局にお問い合わせください。",
      link: "/my/training",
    });
    await cancelAndPromote(trx, e, "staff", input.actorId);
  });
}

/** Staff move an application to another cohort of the same course (waitlisted there if full). */
export async function moveEnrollment(
  db: Database,
  input: { cohortId: number; enrollmentId: number; targetCohortId: number; actorId: string },
): Promise<EnrollResult> {
  const locks = [rowLock("cohorts", input.cohortId), rowLock("cohorts", input.targetCohortId), ...DOCUMENT_LOCKS];
  return transaction(db, { locks }, async (trx) => {
    const e = await loadEnrollment(trx, input.cohortId, input.enrollmentId);
    if (e.status === "cancelled") throw new ConflictError("キャンセル済みの申込は移動できません。", "targetCohortId");
    if (input.targetCohortId === e.cohort_id) {
      throw new ConflictError("移動先には別の開催回を選んでください。", "targetCohortId");
    }
    const target = await loadCohortForEnrollment(trx, input.targetCohortId).catch(() => null);
    if (!target || target.course_id !== e.course_id) {
      throw new ConflictError("移動先は同じ講座の開催回から選んでください。", "targetCohortId");
    }
    const other = await trx
      .selectFrom("enrollments")
      .select("status")
      .where("cohort_id", "=", target.id)
      .where("user_id", "=", e.user_id)
      .where("status", "<>", "cancelled")
      .executeTakeFirst();
    if (other) throw new ConflictError("移動先の開催回に既に申込があります。", "targetCohortId");
    await refuseSecondCohortOfCourse(trx, {
      courseId: e.course_id,
      userId: e.user_id,
      exceptEnrollmentId: e.id,
      field: "targetCohortId",
    });
    await refuseTraineeClash(trx, {
      userId: e.user_id,
      cohortId: target.id,
      exceptCohortIds: [e.cohort_id],
      field: "targetCohortId",
    });
    await cancelAndPromote(trx, e, "moved", input.actorId);
    const result = await placeInCohort(trx, {
      cohortId: target.id,
      userId: e.user_id,
      capacity: target.capacity,
      approvalRequired: false,
      feeYen: e.fee_yen,
      carry: { paid_at: e.paid_at, paid_confirmed_by: e.paid_confirmed_by },
      actorId: input.actorId,
      // A repeat stays a repeat in its new cohort, with the trainee's reason.
      repeatReason: e.repeat_reason,
    });
    await audit(trx, {
      actorId: input.actorId,
      action: "enrollment.move",
      entityType: "enrollment",
      entityId: result.enrollmentId,
      details: { from: e.cohort_id, fromEnrollmentId: e.id, to: target.id, status: result.status },
    });
    await notify(trx, {
      userId: e.user_id,
      kind: "enrollment.moved",
      title: `「${e.course_title}」の開催回が${target.name}に変更されました`,
      body:
        result.status === "waitlisted"
          ? `移動先は満席のため、キャンセル待ち${result.waitlistPosition}番目です。`
          : "マイ研修で新しい日程を確認してください。",
      link: "/my/training",
    });
    return result;
  });
}

/** Staff confirm (or withdraw the confirmation of) the fee payment. */
export async function setPaid(
  db: Database,
  input: { cohortId: number; enrollmentId: number; paid: boolean; actorId: string },
): Promise<void> {
  await transaction(db, { locks: [...DOCUMENT_LOCKS] }, async (trx) => {
    const e = await loadEnrollment(trx, input.cohortId, input.enrollmentId);
    if (input.paid && e.paid_at) throw new ConflictError("既に入金確認済みです。");
    if (!input.paid && !e.paid_at) throw new ConflictError("入金確認されていません。");
    const now = new Date().toISOString();
    await trx
      .updateTable("enrollments")
      .set({
        paid_at: input.paid ? now : null,
        paid_confirmed_by: input.paid ? input.actorId : null,
        updated_at: now,
      })
      .where("id", "=", e.id)
      .execute();
    await audit(trx, {
      actorId: input.actorId,
      action: input.paid ? "enrollment.payment_confirm" : "enrollment.payment_unconfirm",
      entityType: "enrollment",
      entityId: e.id,
      details: { cohortId: e.cohort_id, feeYen: e.fee_yen },
    });
    // Paid → a receipt; a confirmation withdrawn (entered by mistake) voids it.
    if (input.paid) await issueReceiptIfDue(trx, e.id, input.actorId);
    else await voidLiveDocuments(trx, e.id, ["receipt"], "unpaid", input.actorId);
    await refreshCompletions(trx, [e.id], input.actorId);
  });
}

// 50 rows a page: a whole cohort of 200 on one page costs about 20 ms of rendering per view
// (measured, see README); the CSV export and the sign-in sheet carry the full list.
export const ROSTER_PAGE_SIZE = 50;

const STATUS_ORDER = sql<number>`CASE e.status WHEN 'enrolled' THEN 0 WHEN 'pending' THEN 1 WHEN 'waitlisted' THEN 2 ELSE 3 END`;

/** What a roster search looks in: the user's whole search text (staff) or the name alone. */
export type RosterSearchIn = "all" | "name";

type RosterSelection = {
  status?: EnrollmentStatus;
  enrollmentId?: number;
  /** A LIKE pattern over the trainee's search text (lib/list-search.server containsPattern). */
  namePattern?: string;
  /** "name": only the name and ふりがな (instructors, who do not see contact details). */
  searchIn?: RosterSearchIn;
  limit?: number;
  offset?: number;
};

/**
 * Roster rows as the roster table shows them; `rosterQuery` adds what the CSV export and the
 * enrolment detail need. The enrolments of one cohort lie scattered over the table (they are
 * written over months, among every other cohort's), so reading a row costs a page read: the
 * order and the page are chosen from the (cohort_id, status, queue_seq) index first, and only
 * the rows of that page are read with their users and per-row counts.
 */
function rosterPageQuery(db: Database, cohortId: number, selection: RosterSelection = {}) {
  return db
    .with(
      (cte) => cte("page").materialized(),
      (db) => {
        let page = db
          .selectFrom("enrollments as e")
          .select([STATUS_ORDER.as("ord"), "e.queue_seq", "e.id"])
          .where("e.cohort_id", "=", cohortId)
          .orderBy("ord")
          .orderBy("e.queue_seq");
        if (selection.status) page = page.where("e.status", "=", selection.status);
        if (selection.enrollmentId !== undefined) page = page.where("e.id", "=", selection.enrollmentId);
        if (selection.namePattern !== undefined) {
          const like = likeEscaped(selection.namePattern);
          const nameOnly = selection.searchIn === "name";
          page = page.where((eb) =>
            eb.exists(
              eb
                .selectFrom("users as su")
                .select("su.id")
                .whereRef("su.id", "=", "e.user_id")
                .where((w) =>
                  nameOnly
                    ? w.or([w("su.name", "like", like), w("su.name_kana", "like", like)])
                    : w("su.search_text", "like", like),
                ),
            ),
          );
        }
        if (selection.limit !== undefined) page = page.limit(selection.limit).offset(selection.offset ?? 0);
        return page;
      },
    )
    .selectFrom("page as p")
    .innerJoin("enrollments as e", "e.id", "p.id")
    .innerJoin("users as u", "u.id", "e.user_id")
    .select([
      "e.id",
      "e.status",
      "e.queue_seq",
      "e.requested_at",
      "e.fee_yen",
      "e.paid_at",
      "e.questionnaire_submitted_at",
      "e.completed_at",
      "u.name",
      "u.name_kana",
      "u.email",
      "u.organization",
      attendedSessions.as("attended"),
      waitlistPositionOf("e").as("position"),
    ])
    .orderBy("p.ord")
    .orderBy("p.queue_seq");
}

function rosterQuery(db: Database, cohortId: number, selection: RosterSelection = {}) {
  return rosterPageQuery(db, cohortId, selection).select((eb) => [
    "e.cancel_reason",
    "u.id as user_id",
    "u.itc_number",
    "u.prefecture_code",
    eb
      .selectFrom("attendance as a")
      .select((x) => x.fn.countAll<number>().as("n"))
      .whereRef("a.enrollment_id", "=", "e.id")
      .as("marked"),
  ]);
}

// The roster page's queries, compiled once (every roster view runs them); one per shape.
type RosterPageArgs = { cohortId: number; limit: number; offset: number };
const rosterPage = preparedQuery((db: Database, a: RosterPageArgs) =>
  rosterPageQuery(db, a.cohortId, { limit: a.limit, offset: a.offset }),
);
const rosterPageOfStatus = preparedQuery((db: Database, a: RosterPageArgs & { status: EnrollmentStatus }) =>
  rosterPageQuery(db, a.cohortId, { status: a.status, limit: a.limit, offset: a.offset }),
);
const rosterCounts = preparedQuery((db: Database, a: { cohortId: number }) =>
  db
    .selectFrom("enrollments")
    .select((eb) => ["status", eb.fn.countAll<number>().as("n")])
    .where("cohort_id", "=", a.cohortId)
    .groupBy("status"),
);

/** A cohort's roster: one query for the page, counts per status for the tabs. */
export async function getRoster(
  db: Database,
  cohortId: number,
  input: { status: EnrollmentStatus | ""; page: number; q?: string; searchIn?: RosterSearchIn },
) {
  const pageArgs = { cohortId, limit: ROSTER_PAGE_SIZE, offset: pageOffset(input.page, ROSTER_PAGE_SIZE) };
  const namePattern = containsPattern(input.q ?? "");
  const status = input.status || undefined;
  const [rows, counts, matching] = await Promise.all([
    namePattern
      ? rosterPageQuery(db, cohortId, { ...pageArgs, status, namePattern, searchIn: input.searchIn }).execute()
      : status
        ? rosterPageOfStatus.execute(db, { ...pageArgs, status })
        : rosterPage.execute(db, pageArgs),
    rosterCounts.execute(db, { cohortId }),
    namePattern ? matchingRosterCount(db, cohortId, namePattern, status, input.searchIn) : null,
  ]);
  const byStatus: Record<EnrollmentStatus, number> = { pending: 0, enrolled: 0, waitlisted: 0, cancelled: 0 };
  for (const c of counts) byStatus[c.status as EnrollmentStatus] = c.n;
  const total =
    matching ?? (input.status ? byStatus[input.status] : Object.values(byStatus).reduce((a, b) => a + b, 0));
  return {
    rows: rows.map((r) => ({ ...r, status: r.status as EnrollmentStatus })),
    counts: byStatus,
    total,
    page: input.page,
    pageCount: pageCount(total, ROSTER_PAGE_SIZE),
  };
}

/** How many enrolments of the cohort (of one status) the name search matches. */
async function matchingRosterCount(
  db: Database,
  cohortId: number,
  namePattern: string,
  status: EnrollmentStatus | undefined,
  searchIn: RosterSearchIn = "all",
): Promise<number> {
  const like = likeEscaped(namePattern);
  let query = db
    .selectFrom("enrollments as e")
    .innerJoin("users as u", "u.id", "e.user_id")
    .select((eb) => eb.fn.countAll<number>().as("n"))
    .where("e.cohort_id", "=", cohortId)
    .where((w) =>
      searchIn === "name"
        ? w.or([w("u.name", "like", like), w("u.name_kana", "like", like)])
        : w("u.search_text", "like", like),
    );
  if (status) query = query.where("e.status", "=", status);
  return Number((await query.executeTakeFirstOrThrow()).n);
}

export type RosterRow = Awaited<ReturnType<typeof getRoster>>["rows"][number];

/** Every enrolment of a cohort (of a status, matching a name search), in roster order (the export). */
export async function getFullRoster(
  db: Database,
  cohortId: number,
  filter: { status?: EnrollmentStatus | ""; q?: string } = {},
) {
  const namePattern = containsPattern(filter.q ?? "") ?? undefined;
  const rows = await rosterQuery(db, cohortId, { status: filter.status || undefined, namePattern }).execute();
  return rows.map((r) => ({ ...r, status: r.status as EnrollmentStatus }));
}

/** One enrolment as staff see it: attendance per session, questionnaire and history. */
export async function getEnrollmentDetail(db: Database, cohortId: number, enrollmentId: number) {
  const e = await rosterQuery(db, cohortId, { enrollmentId }).executeTakeFirst();
  if (!e) throw new NotFoundError("申込が見つかりません。");
  const [attendance, questionnaire, history] = await Promise.all([
    db
      .selectFrom("cohort_sessions as s")
      .leftJoin("attendance as a", (join) => join.onRef("a.session_id", "=", "s.id").on("a.enrollment_id", "=", e.id))
      .select(["s.id", "s.date", "s.start_time", "s.end_time", "s.topic", "a.status", "a.marked_at"])
      .where("s.cohort_id", "=", cohortId)
      .orderBy("s.date")
      .orderBy("s.start_time")
      .execute(),
    db.selectFrom("questionnaire_responses").selectAll().where("enrollment_id", "=", e.id).executeTakeFirst(),
    db
      .selectFrom("audit_log")
      .leftJoin("users", "users.id", "audit_log.actor_id")
      .select([
        "audit_log.id",
        "audit_log.action",
        "audit_log.details",
        "audit_log.created_at",
        "users.name as actor_name",
      ])
      .where("audit_log.entity_type", "=", "enrollment")
      .where("audit_log.entity_id", "=", String(e.id))
      .orderBy("audit_log.id")
      .execute(),
  ]);
  return { enrollment: { ...e, status: e.status as EnrollmentStatus }, attendance, questionnaire, history };
}

// "My training" runs on every visit of a trainee's home: its queries are compiled once.
const myApplications = preparedQuery((db: Database, a: { userId: string }) =>
  db
    .selectFrom("enrollments as e")
    .innerJoin("cohorts as c", "c.id", "e.cohort_id")
    .innerJoin("courses as co", "co.id", "c.course_id")
    .leftJoin("point_credits as pc", "pc.enrollment_id", "e.id")
    .select([
      "e.id",
      "e.status",
      "e.cancel_reason",
      "e.fee_yen",
      "e.paid_at",
      "e.enrolled_at",
      "e.questionnaire_submitted_at",
      "e.completed_at",
      "c.id as cohort_id",
      "c.name as cohort_name",
      "c.prefecture_code",
      "c.venue",
      "c.meeting_url",
      "c.first_session_date",
      "c.last_session_date",
      "c.session_count",
      "c.cancellation_deadline",
      "co.id as course_id",
      "co.title as course_title",
      "co.points",
      "co.min_sessions_attended",
      "pc.points as points_credited",
      "pc.fiscal_year as points_fiscal_year",
      attendedSessions.as("attended"),
      waitlistPositionOf("e").as("waitlist_position"),
    ])
    .where("e.user_id", "=", a.userId)
    .orderBy(sql`e.status = 'cancelled'`)
    .orderBy("c.first_session_date", (ob) => ob.desc().nullsLast())
    .limit(200),
);

/** The trainee's applications, newest cohort first, with progress towards completion. */
export async function myTraining(db: Database, userId: string) {
  const rows = await myApplications.execute(db, { userId });
  return rows.map((r) => ({
    ...r,
    status: r.status as EnrollmentStatus,
    meeting_url: r.status === "enrolled" ? r.meeting_url : null,
  }));
}

const upcomingSessions = preparedQuery((db: Database, a: { userId: string; today: string; limit: number }) =>
  db
    .selectFrom("enrollments as e")
    .innerJoin("cohort_sessions as s", "s.cohort_id", "e.cohort_id")
    .innerJoin("cohorts as c", "c.id", "e.cohort_id")
    .innerJoin("courses as co", "co.id", "c.course_id")
    .select([
      "s.id",
      "s.date",
      "s.start_time",
      "s.end_time",
      "s.topic",
      "c.id as cohort_id",
      "c.name as cohort_name",
      "c.venue",
      "c.prefecture_code",
      "co.title as course_title",
    ])
    .where("e.user_id", "=", a.userId)
    .where("e.status", "in", [...SEAT_HOLDING])
    .where("s.date", ">=", a.today)
    .orderBy("s.date")
    .orderBy("s.start_time")
    .limit(a.limit),
);

/** The trainee's coming sessions across confirmed applications. */
export async function myUpcomingSessions(db: Database, userId: string, today = todayInTokyo(), limit = 10) {
  return upcomingSessions.execute(db, { userId, today, limit });
}

/** Sessions of a cohort for the applicant's calendar file; only for their own application. */
export async function cohortCalendarFor(db: Database, input: { cohortId: number; userId: string }) {
  const row = await db
    .selectFrom("enrollments as e")
    .innerJoin("cohorts as c", "c.id", "e.cohort_id")
    .innerJoin("courses as co", "co.id", "c.course_id")
    .select(["c.id", "c.name", "c.venue", "c.meeting_url", "c.prefecture_code", "co.title as course_title", "e.status"])
    .where("e.cohort_id", "=", input.cohortId)
    .where("e.user_id", "=", input.userId)
    .where("e.status", "in", [...ACTIVE])
    .executeTakeFirst();
  if (!row) throw new NotFoundError("お申し込みの開催回が見つかりません。");
  const sessions = await db
    .selectFrom("cohort_sessions")
    .select(["id", "date", "start_time", "end_time", "topic"])
    .where("cohort_id", "=", input.cohortId)
    .orderBy("date")
    .orderBy("start_time")
    .execute();
  return { cohort: { ...row, meeting_url: row.status === "enrolled" ? row.meeting_url : null }, sessions };
}
