import crypto from "node:crypto";
import { transaction, type Database } from "~/db.server";
import { audit } from "~/features/audit/audit.server";
import type { ReceivedFile } from "~/features/logbook/deliverables.server";
import { notify } from "~/features/notifications/outbox.server";
import type { FileStorage } from "~/features/storage/storage.server";
import { fiscalYearOf, todayInTokyo } from "~/lib/dates";
import { ConflictError, ForbiddenError, NotFoundError } from "~/lib/errors";
import { pageCount, pageOffset } from "~/lib/list-query";
import { containsPattern, likeEscaped } from "~/lib/list-search.server";
import type { Column, Sheet } from "~/lib/spreadsheet";
import { getActivityKind } from "./kinds.server";
import { RENEWAL_MESSAGES as M, type ActivityStatus } from "./labels";
import type { ActivityInput } from "./renewal.schema";
import { activityPoints } from "./rules";
import { isStaff, type Actor } from "~/features/auth/actor";

// Self-reported activities (実践力ポイント beyond our own courses): an ITC reports one, its
// points are computed by its kind's rule, staff approve or return it from a queue, and a random
// sample is asked for evidence. Every change is audited in its own transaction; a review is a
// conditional update, so two staff acting on one activity at once cannot both succeed.

/** Statuses in which the ITC may still change what they reported. */
const OPEN: readonly ActivityStatus[] = ["submitted", "returned", "evidence_requested"];

/** What a report or a correction writes: the ITC's input, its points, and back to the queue. */
function submitted(input: ActivityInput, kindId: number, points: number, now: Date) {
  return {
    kind_id: kindId,
    title: input.title,
    organizer: input.organizer,
    activity_date: input.activityDate,
    fiscal_year: fiscalYearOf(input.activityDate),
    hours: input.hours,
    points,
    evidence_url: input.evidenceUrl || null,
    status: "submitted" as const,
    submitted_at: now.toISOString(),
    updated_at: now.toISOString(),
  };
}

async function pointsFor(db: Database, input: ActivityInput, today: string) {
  if (input.activityDate > today) throw new ConflictError(M.futureDate, "activityDate");
  // An unknown kind (a stale or crafted form) is the form's own refusal beside the field,
  // not a bare 404 page.
  const kind = await getActivityKind(db, input.kindId).catch((error: unknown) => {
    if (error instanceof NotFoundError) throw new ConflictError(M.kindNotFound, "kindId");
    throw error;
  });
  return { kind, points: activityPoints(kind, input.hours) };
}

export async function reportActivity(
  db: Database,
  input: ActivityInput,
  userId: string,
  now: Date = new Date(),
): Promise<number> {
  return transaction(db, async (trx) => {
    const { kind, points } = await pointsFor(trx, input, todayInTokyo(now));
    if (!kind.active) throw new ConflictError(M.kindInactive, "kindId");
    const at = now.toISOString();
    const row = await trx
      .insertInto("renewal_activities")
      .values({ user_id: userId, ...submitted(input, kind.id, points, now), created_at: at })
      .returning("id")
      .executeTakeFirstOrThrow();
    const id = Number(row.id);
    await audit(trx, {
      actorId: userId,
      action: "renewal.activity_report",
      entityType: "renewal_activity",
      entityId: id,
      details: { ...input, points },
    });
    return id;
  });
}

/**
 * The ITC corrects a returned activity, answers an evidence request, or amends one still
 * waiting: it goes (back) to the queue with points recomputed. Approved ones are final.
 */
export async function correctActivity(
  db: Database,
  input: ActivityInput & { activityId: number },
  userId: string,
  now: Date = new Date(),
): Promise<void> {
  await transaction(db, async (trx) => {
    const current = await trx
      .selectFrom("renewal_activities")
      .select(["status", "kind_id", "evidence_file_key"])
      .where("id", "=", input.activityId)
      .where("user_id", "=", userId)
      .executeTakeFirst();
    if (!current) throw new NotFoundError(M.activityNotFound);
    if (!OPEN.includes(current.status as ActivityStatus)) throw new ConflictError(M.notEditable);
    const { kind, points } = await pointsFor(trx, input, todayInTokyo(now));
    // A kind withdrawn since the report may stay on it, but not be newly chosen.
    if (!kind.active && kind.id !== current.kind_id) throw new ConflictError(M.kindInactive, "kindId");
    if (current.status === "evidence_requested" && !input.evidenceUrl && !current.evidence_file_key)
      throw new ConflictError(M.evidenceNeeded, "evidenceUrl");
    const result = await trx
      .updateTable("renewal_activities")
      .set(submitted(input, kind.id, points, now))
      .where("id", "=", input.activityId)
      .where("status", "=", current.status)
      .executeTakeFirst();
    if (Number(result.numUpdatedRows) === 0) throw new ConflictError(M.notEditable);
    await audit(trx, {
      actorId: userId,
      action: "renewal.activity_correct",
      entityType: "renewal_activity",
      entityId: input.activityId,
      details: { ...input, points, from: current.status },
    });
  });
}

/** Attaches (or replaces) the evidence file of an open activity of the ITC's own. */
export async function attachEvidenceFile(
  db: Database,
  storage: FileStorage,
  input: { activityId: number; userId: string; file: ReceivedFile },
): Promise<void> {
  let replaced: string | null = null;
  try {
    await transaction(db, async (trx) => {
      const current = await assertEvidenceOpen(trx, input.activityId, input.userId);
      replaced = current.evidence_file_key;
      await trx
        .updateTable("renewal_activities")
        .set({
          evidence_file_key: input.file.key,
          evidence_file_name: input.file.fileName,
          evidence_media_type: input.file.type.mediaType,
          evidence_size_bytes: input.file.size,
          updated_at: new Date().toISOString(),
        })
        .where("id", "=", input.activityId)
        .execute();
      await audit(trx, {
        actorId: input.userId,
        action: "renewal.evidence_file",
        entityType: "renewal_activity",
        entityId: input.activityId,
        details: { fileName: input.file.fileName, size: input.file.size, sha256: input.file.sha256 },
      });
    });
  } catch (error) {
    await storage.delete(input.file.key);
    throw error;
  }
  // After the commit: a failure here leaves an orphan that is never served.
  if (replaced) await storage.delete(replaced);
}

/** Throws unless the ITC may add evidence to this activity now (checked before a byte is read). */
export async function assertEvidenceOpen(db: Database, activityId: number, userId: string) {
  const current = await db
    .selectFrom("renewal_activities")
    .select(["status", "evidence_file_key"])
    .where("id", "=", activityId)
    .where("user_id", "=", userId)
    .executeTakeFirst();
  if (!current) throw new NotFoundError(M.activityNotFound);
  if (!OPEN.includes(current.status as ActivityStatus)) throw new ConflictError(M.notEditable);
  return current;
}

/** The evidence file's bytes, for its ITC and staff; anyone else is told it does not exist. */
export async function openEvidenceFile(db: Database, storage: FileStorage, activityId: number, viewer: Actor) {
  const row = await db
    .selectFrom("renewal_activities")
    .select(["user_id", "evidence_file_key", "evidence_file_name", "evidence_media_type", "evidence_size_bytes"])
    .where("id", "=", activityId)
    .executeTakeFirst();
  if (!row || (row.user_id !== viewer.id && !isStaff(viewer)) || !row.evidence_file_key)
    throw new NotFoundError(M.activityNotFound);
  const stream = await storage.get(row.evidence_file_key);
  if (!stream) throw new NotFoundError(M.activityNotFound);
  return {
    fileName: row.evidence_file_name ?? "evidence",
    mediaType: row.evidence_media_type ?? "application/octet-stream",
    size: Number(row.evidence_size_bytes ?? 0),
    stream,
  };
}

const ACTIVITY_COLUMNS = [
  "renewal_activities.id",
  "renewal_activities.user_id",
  "renewal_activities.kind_id",
  "renewal_activity_kinds.name as kind_name",
  "renewal_activities.title",
  "renewal_activities.organizer",
  "renewal_activities.activity_date",
  "renewal_activities.fiscal_year",
  "renewal_activities.hours",
  "renewal_activities.points",
  "renewal_activities.evidence_url",
  "renewal_activities.evidence_file_name",
  "renewal_activities.status",
  "renewal_activities.review_comment",
  "renewal_activities.sampled_at",
  "renewal_activities.reviewed_at",
  "renewal_activities.submitted_at",
] as const;

/** One activity, for its ITC or staff; anyone else is told it does not exist. */
export async function getActivity(db: Database, activityId: number, viewer: Actor) {
  const row = await db
    .selectFrom("renewal_activities")
    .innerJoin("renewal_activity_kinds", "renewal_activity_kinds.id", "renewal_activities.kind_id")
    .innerJoin("users", "users.id", "renewal_activities.user_id")
    .select(ACTIVITY_COLUMNS)
    .select("users.name as itc_name")
    .where("renewal_activities.id", "=", activityId)
    .executeTakeFirst();
  if (!row || (row.user_id !== viewer.id && !isStaff(viewer))) throw new NotFoundError(M.activityNotFound);
  return {
    ...row,
    hours: Number(row.hours),
    editable: row.user_id === viewer.id && OPEN.includes(row.status as ActivityStatus),
  };
}

/** An ITC's activities of one fiscal year, newest first. */
export async function listMyActivities(db: Database, userId: string, fiscalYear: number) {
  const rows = await db
    .selectFrom("renewal_activities")
    .innerJoin("renewal_activity_kinds", "renewal_activity_kinds.id", "renewal_activities.kind_id")
    .select(ACTIVITY_COLUMNS)
    .where("renewal_activities.user_id", "=", userId)
    .where("renewal_activities.fiscal_year", "=", fiscalYear)
    .orderBy("renewal_activities.activity_date", "desc")
    .orderBy("renewal_activities.id", "desc")
    .execute();
  return rows.map((r) => ({ ...r, hours: Number(r.hours) }));
}

export const QUEUE_PAGE_SIZE = 50;

/** Activities waiting for a decision, narrowed by a search of the ITC (name, ふりがな, ITC番号, …). */
function waitingActivities(db: Database, q: string) {
  let query = db
    .selectFrom("renewal_activities")
    .innerJoin("users", "users.id", "renewal_activities.user_id")
    .where("renewal_activities.status", "=", "submitted");
  const pattern = containsPattern(q);
  if (pattern) query = query.where("users.search_text", "like", likeEscaped(pattern));
  return query;
}

function waitingRows(db: Database, q: string) {
  return waitingActivities(db, q)
    .innerJoin("renewal_activity_kinds", "renewal_activity_kinds.id", "renewal_activities.kind_id")
    .select(ACTIVITY_COLUMNS)
    .select(["users.name as itc_name", "users.itc_number"])
    .orderBy("renewal_activities.submitted_at")
    .orderBy("renewal_activities.id");
}

/**
 * Staff's queue: activities waiting for a decision, oldest first, one page of them, and how
 * many the search matches in all (counted and paged in SQL).
 */
export async function reviewQueue(db: Database, input: { q?: string; page?: number } = {}) {
  const q = input.q ?? "";
  const page = input.page ?? 1;
  const [rows, { n }] = await Promise.all([
    waitingRows(db, q).limit(QUEUE_PAGE_SIZE).offset(pageOffset(page, QUEUE_PAGE_SIZE)).execute(),
    waitingActivities(db, q)
      .select((eb) => eb.fn.countAll<number>().as("n"))
      .executeTakeFirstOrThrow(),
  ]);
  const total = Number(n);
  return {
    rows: rows.map((r) => ({ ...r, hours: Number(r.hours) })),
    total,
    page,
    pageCount: pageCount(total, QUEUE_PAGE_SIZE),
  };
}

type WaitingRow = Awaited<ReturnType<typeof reviewQueue>>["rows"][number];

const QUEUE_SHEET_COLUMNS: ReadonlyArray<Column<WaitingRow>> = [
  { header: "申請番号", kind: "code", value: (r) => String(r.id) },
  { header: "ITC", kind: "text", value: (r) => r.itc_name },
  { header: "ITC番号", kind: "code", value: (r) => r.itc_number },
  { header: "種類", kind: "text", value: (r) => r.kind_name },
  { header: "活動名", kind: "text", value: (r) => r.title },
  { header: "主催者・依頼元", kind: "text", value: (r) => r.organizer },
  { header: "活動日", kind: "date", value: (r) => r.activity_date },
  { header: "年度", kind: "number", value: (r) => r.fiscal_year },
  { header: "時間", kind: "number", value: (r) => r.hours },
  { header: "ポイント", kind: "number", value: (r) => r.points },
  { header: "証跡URL", kind: "text", value: (r) => r.evidence_url },
  { header: "証跡ファイル", kind: "text", value: (r) => r.evidence_file_name },
  { header: "申請日時", kind: "datetime", value: (r) => r.submitted_at },
];

/** Every waiting activity the queue's search matches, as one sheet (CSV and .xlsx, decision 0033). */
export async function reviewQueueSheet(db: Database, q: string): Promise<Sheet<WaitingRow>> {
  const rows = await waitingRows(db, q).execute();
  return {
    title: "資格更新の確認待ち",
    filename: "資格更新_確認待ちの活動",
    asciiFilename: "renewal-queue",
    columns: QUEUE_SHEET_COLUMNS,
    rows: rows.map((r) => ({ ...r, hours: Number(r.hours) })),
  };
}

/** Staff approve a waiting activity: its points count from now on. */
export async function approveActivity(db: Database, activityId: number, actorId: string, now: Date = new Date()) {
  await review(db, { activityId, actorId, now, to: "approved", comment: "" });
}

/** Staff return a waiting activity with the reason; the ITC is told and may correct it. */
export async function returnActivity(
  db: Database,
  input: { activityId: number; comment: string },
  actorId: string,
  now: Date = new Date(),
) {
  await review(db, { ...input, actorId, now, to: "returned" });
}

async function review(
  db: Database,
  input: { activityId: number; actorId: string; now: Date; to: "approved" | "returned"; comment: string },
) {
  await transaction(db, async (trx) => {
    const row = await trx
      .selectFrom("renewal_activities")
      .select(["user_id", "title", "points"])
      .where("id", "=", input.activityId)
      .executeTakeFirst();
    if (!row) throw new NotFoundError(M.activityNotFound);
    if (row.user_id === input.actorId) throw new ForbiddenError("自分の活動は承認・差し戻しできません。");
    const result = await trx
      .updateTable("renewal_activities")
      .set({
        status: input.to,
        review_comment: input.comment,
        reviewed_by: input.actorId,
        reviewed_at: input.now.toISOString(),
        updated_at: input.now.toISOString(),
      })
      .where("id", "=", input.activityId)
      .where("status", "=", "submitted")
      .executeTakeFirst();
    if (Number(result.numUpdatedRows) === 0) throw new ConflictError(M.notInQueue);
    await audit(trx, {
      actorId: input.actorId,
      action: input.to === "approved" ? "renewal.activity_approve" : "renewal.activity_return",
      entityType: "renewal_activity",
      entityId: input.activityId,
      details: { points: row.points, ...(input.comment ? { comment: input.comment } : {}) },
    });
    await notify(trx, {
      userId: row.user_id,
      kind: input.to === "approved" ? "renewal.activity_approved" : "renewal.activity_returned",
      title: input.to === "approved" ? "活動が承認されました" : "活動が差し戻されました",
      body:
        input.to === "approved"
          ? `「${row.title}」が承認され、${row.points}ポイントが計上されました。`
          : `「${row.title}」が差し戻されました。理由：${input.comment}\n内容を修正して、もう一度申請してください。`,
      link: `/my/renewal/activities/${input.activityId}`,
    });
  });
}

/**
 * The evidence audit: draws up to `size` activities of the fiscal year at random among those
 * waiting or approved and never drawn before, and asks their ITCs for evidence. Drawn ones
 * leave the approved points until the evidence is checked. Returns how many were drawn.
 */
export async function drawAuditSample(
  db: Database,
  input: { fiscalYear: number; size: number; comment: string },
  actorId: string,
  now: Date = new Date(),
): Promise<number> {
  return transaction(db, async (trx) => {
    const candidates = await trx
      .selectFrom("renewal_activities")
      .select(["id", "user_id", "title"])
      .where("fiscal_year", "=", input.fiscalYear)
      .where("status", "in", ["submitted", "approved"])
      .where("sampled_at", "is", null)
      .orderBy("id")
      .execute();
    if (candidates.length === 0) throw new ConflictError(M.sampleEmpty);
    // Fisher–Yates with the CSPRNG: nobody can predict or steer who is drawn.
    for (let i = candidates.length - 1; i > 0; i--) {
      const j = crypto.randomInt(i + 1);
      [candidates[i], candidates[j]] = [candidates[j]!, candidates[i]!];
    }
    const drawn: typeof candidates = [];
    for (const c of candidates.slice(0, input.size)) {
      const result = await trx
        .updateTable("renewal_activities")
        .set({
          status: "evidence_requested",
          sampled_at: now.toISOString(),
          review_comment: input.comment,
          reviewed_by: actorId,
          reviewed_at: now.toISOString(),
          updated_at: now.toISOString(),
        })
        .where("id", "=", c.id)
        .where("sampled_at", "is", null)
        .where("status", "in", ["submitted", "approved"])
        .executeTakeFirst();
      if (Number(result.numUpdatedRows) === 0) continue;
      drawn.push(c);
      await notify(trx, {
        userId: c.user_id,
        kind: "renewal.evidence_requested",
        title: "活動の証跡の提出をお願いします",
        body: `「${c.title}」が抽出監査の対象になりました。${input.comment}\n証跡（URLまたはファイル）を添えて、もう一度申請してください。`,
        link: `/my/renewal/activities/${c.id}`,
      });
    }
    await audit(trx, {
      actorId,
      action: "renewal.audit_sample",
      entityType: "renewal_fiscal_year",
      entityId: input.fiscalYear,
      details: { requested: input.size, drawn: drawn.map((d) => d.id), comment: input.comment },
    });
    return drawn.length;
  });
}
