import crypto from "node:crypto";
import { transaction, type Database } from "~/db.server";
import { audit } from "~/features/audit/audit.server";
import { hasRole } from "~/features/auth/roles";
import { notify } from "~/features/notifications/outbox.server";
import { queueEmail } from "~/features/notifications/outbox-emails.server";
import type { Actor } from "~/features/auth/actor";
import { getPlacementForViewer } from "~/features/ojt/placements.server";
import { formatDateJa, formatDateTimeJa } from "~/lib/dates";
import { ConflictError, DomainError, ForbiddenError, NotFoundError } from "~/lib/errors";
import { emailKey } from "~/lib/text";
import { COUNTERPART_LINK_DAYS, COUNTERPART_MESSAGES as M } from "./counterpart-messages";
import type { CounterpartResponse, RerouteInput } from "./counterpart.schema";
import { signedEntry } from "./entries.server";

// The municipal counterpart (the engagement's contact at the city hall, without an account)
// confirms one approved entry through an e-mailed link: 32 random bytes, only their SHA-256
// stored, single use, valid 7 days, showing that one entry and nothing else.

/** A refused link: forged (404), used, expired or re-routed (410). Nothing is changed. */
export class CounterpartLinkError extends DomainError {}

const hashToken = (token: string) => crypto.createHash("sha256").update(token).digest("hex");
const newToken = () => crypto.randomBytes(32).toString("base64url");
const linkOf = (token: string) => `/counterpart/${token}`;

type Contact = { name: string; department: string; email: string };

async function loadEntryForCounterpart(db: Database, placementId: number, entryId: number) {
  const row = await db
    .selectFrom("ojt_log_entries as e")
    .innerJoin("ojt_placements as p", "p.id", "e.placement_id")
    .innerJoin("engagements as g", "g.id", "p.engagement_id")
    .innerJoin("users as trainer", "trainer.id", "p.trainer_id")
    .innerJoin("users as trainee", "trainee.id", "p.trainee_id")
    .select([
      "trainer.email as trainer_email",
      "trainee.email as trainee_email",
      "e.id",
      "e.status",
      "e.version",
      "e.work_date",
      "p.id as placement_id",
      "p.trainer_id",
      "p.trainee_id",
      "g.id as engagement_id",
      "g.counterpart_name",
      "g.counterpart_department",
      "g.counterpart_email",
    ])
    .where("e.id", "=", entryId)
    .where("e.placement_id", "=", placementId)
    .executeTakeFirst();
  if (!row) throw new NotFoundError("OJT記録が見つかりません。");
  return row;
}

/**
 * Whether an address belongs to a user of the pair (the placement's trainer or trainee),
 * compared after NFKC and case folding: nobody confirms his own OJT as the city hall.
 */
export function isPairAddress(email: string, pair: { trainer_email: string; trainee_email: string }): boolean {
  const key = emailKey(email);
  return key !== "" && (key === emailKey(pair.trainer_email) || key === emailKey(pair.trainee_email));
}

/** Inserts a pending request and queues its e-mail (inside the caller's transaction). */
async function createRequest(
  trx: Database,
  input: { entryId: number; version: number; contact: Contact; requestedBy: string; workDate: string },
  now: Date,
) {
  const token = newToken();
  const row = await trx
    .insertInto("ojt_counterpart_requests")
    .values({
      entry_id: input.entryId,
      entry_version: input.version,
      recipient_name: input.contact.name,
      recipient_department: input.contact.department,
      recipient_email: input.contact.email,
      token_hash: hashToken(token),
      status: "pending",
      expires_at: new Date(now.getTime() + COUNTERPART_LINK_DAYS * 86_400_000).toISOString(),
      requested_by: input.requestedBy,
      requested_at: now.toISOString(),
    })
    .returning("id")
    .executeTakeFirstOrThrow();
  await queueEmail(trx, {
    to: input.contact.email,
    kind: "ojt_counterpart.request",
    subject: "【ITC研修ポータル】OJT記録のご確認のお願い",
    body:
      `${input.contact.name} 様\n\n` +
      `ITC（ITコーディネータ）実務研修（OJT）の記録（${formatDateJa(input.workDate)}）について、` +
      `内容のご確認をお願いいたします。下のリンクから記録をご覧いただき、「確認しました」または「確認できない」を選んでください。` +
      `アカウントは不要です。\n\nリンクの有効期限は${COUNTERPART_LINK_DAYS}日間で、一度だけ使用できます。` +
      `お心当たりのない場合は、このメールを破棄してください。`,
    link: linkOf(token),
  });
  return { id: row.id, token };
}

/** The trainer of the placement or staff request the counterpart's confirmation of an approved entry. */
export async function requestCounterpartConfirmation(
  db: Database,
  input: { placementId: number; entryId: number; viewer: Actor },
  now: Date = new Date(),
): Promise<void> {
  await transaction(db, async (trx) => {
    await getPlacementForViewer(trx, input.placementId, input.viewer);
    const entry = await loadEntryForCounterpart(trx, input.placementId, input.entryId);
    if (entry.trainer_id !== input.viewer.id && !hasRole(input.viewer, "staff", "admin"))
      throw new ForbiddenError(M.notTrainer);
    if (entry.status !== "approved") throw new ConflictError(M.notApproved);
    if (!entry.counterpart_name || !entry.counterpart_email) throw new ConflictError(M.noContact);
    if (isPairAddress(entry.counterpart_email, entry)) throw new ConflictError(M.pairAddress);
    const open = await trx
      .selectFrom("ojt_counterpart_requests")
      .select("status")
      .where("entry_id", "=", entry.id)
      .where("entry_version", "=", entry.version)
      .where("status", "in", ["pending", "confirmed"])
      .executeTakeFirst();
    if (open) throw new ConflictError(open.status === "pending" ? M.alreadyPending : M.alreadyConfirmed);
    const contact = {
      name: entry.counterpart_name,
      department: entry.counterpart_department,
      email: entry.counterpart_email,
    };
    const request = await createRequest(
      trx,
      { entryId: entry.id, version: entry.version, contact, requestedBy: input.viewer.id, workDate: entry.work_date },
      now,
    );
    await audit(trx, {
      actorId: input.viewer.id,
      action: "ojt_counterpart.requested",
      entityType: "ojt_log_entry",
      entityId: entry.id,
      details: { requestId: request.id, version: entry.version, recipient: contact.name },
    });
  });
}

/**
 * Staff send a pending request to a new contact (the city's staff rotate): the old request is
 * closed as 'rerouted' (its link stops working), the engagement's contact is updated, and a new
 * request goes out. The approval and anything already signed stay as they are.
 */
export async function rerouteCounterpartRequest(
  db: Database,
  input: { placementId: number; entryId: number; viewer: Actor; contact: RerouteInput },
  now: Date = new Date(),
): Promise<void> {
  if (!hasRole(input.viewer, "staff", "admin")) throw new ForbiddenError(M.staffOnly);
  await transaction(db, async (trx) => {
    const entry = await loadEntryForCounterpart(trx, input.placementId, input.entryId);
    const pending = await trx
      .selectFrom("ojt_counterpart_requests")
      .select(["id", "recipient_name", "recipient_email"])
      .where("entry_id", "=", entry.id)
      .where("status", "=", "pending")
      .executeTakeFirst();
    if (!pending) throw new ConflictError(M.noPending);
    const contact = {
      name: input.contact.counterpartName,
      department: input.contact.counterpartDepartment,
      email: input.contact.counterpartEmail,
    };
    if (contact.email === pending.recipient_email && contact.name === pending.recipient_name)
      throw new ConflictError(M.sameContact, "counterpartEmail");
    if (isPairAddress(contact.email, entry)) throw new ConflictError(M.pairAddress, "counterpartEmail");
    const closed = await trx
      .updateTable("ojt_counterpart_requests")
      .set({ status: "rerouted", responded_at: now.toISOString() })
      .where("id", "=", pending.id)
      .where("status", "=", "pending")
      .executeTakeFirst();
    if (Number(closed.numUpdatedRows) !== 1) throw new ConflictError(M.noPending);
    await trx
      .updateTable("engagements")
      .set({
        counterpart_name: contact.name,
        counterpart_department: contact.department,
        counterpart_email: contact.email,
        updated_at: now.toISOString(),
      })
      .where("id", "=", entry.engagement_id)
      .execute();
    const request = await createRequest(
      trx,
      { entryId: entry.id, version: entry.version, contact, requestedBy: input.viewer.id, workDate: entry.work_date },
      now,
    );
    await audit(trx, {
      actorId: input.viewer.id,
      action: "ojt_counterpart.rerouted",
      entityType: "ojt_log_entry",
      entityId: entry.id,
      details: {
        fromRequestId: pending.id,
        toRequestId: request.id,
        from: pending.recipient_name,
        to: contact.name,
        engagementId: entry.engagement_id,
      },
    });
  });
}

/** The counterpart block of the entry page: the requests, newest first, and what the viewer may do. */
export async function counterpartSectionData(
  db: Database,
  input: { placementId: number; entryId: number; viewer: Actor },
) {
  const placement = await getPlacementForViewer(db, input.placementId, input.viewer);
  const entry = await loadEntryForCounterpart(db, input.placementId, input.entryId);
  const requests = await db
    .selectFrom("ojt_counterpart_requests")
    .select([
      "id",
      "entry_version",
      "status",
      "recipient_name",
      "recipient_department",
      "requested_at",
      "expires_at",
      "reminded_at",
      "responded_at",
      "responder_name",
      "responder_department",
      "decline_reason",
    ])
    .where("entry_id", "=", entry.id)
    .orderBy("id", "desc")
    .execute();
  const staff = hasRole(input.viewer, "staff", "admin");
  const current = requests.filter((r) => r.entry_version === entry.version);
  const pending = current.some((r) => r.status === "pending");
  const confirmed = current.some((r) => r.status === "confirmed");
  const hasContact = Boolean(entry.counterpart_name && entry.counterpart_email);
  const pairAddress = hasContact && isPairAddress(entry.counterpart_email, entry);
  return {
    placementId: placement.id,
    entryId: entry.id,
    approved: entry.status === "approved",
    contact: {
      name: entry.counterpart_name,
      department: entry.counterpart_department,
      // The address is shown to staff only.
      email: staff ? entry.counterpart_email : null,
    },
    requests,
    /** The contact's address is the trainer's or the trainee's: no request can go to it. */
    pairAddress,
    canRequest:
      entry.status === "approved" &&
      hasContact &&
      !pairAddress &&
      !pending &&
      !confirmed &&
      (staff || placement.trainer_id === input.viewer.id),
    canReroute: staff && pending,
  };
}

/**
 * What the public page shows for a token: that one entry (date, kind, what was done,
 * department, the trainee's and trainer's names) and nothing else, or the reason it is refused.
 */
export async function openCounterpartLink(db: Database, token: string, now: Date = new Date()) {
  const request = await findRequest(db, token, now);
  const row = await db
    .selectFrom("ojt_log_entries as e")
    .innerJoin("ojt_task_kinds as k", "k.id", "e.task_kind_id")
    .innerJoin("ojt_placements as p", "p.id", "e.placement_id")
    .innerJoin("users as trainee", "trainee.id", "p.trainee_id")
    .innerJoin("users as trainer", "trainer.id", "p.trainer_id")
    .innerJoin("engagements as g", "g.id", "p.engagement_id")
    .innerJoin("municipalities as m", "m.code", "g.municipality_code")
    .select([
      "e.work_date",
      "e.start_time",
      "e.end_time",
      "e.minutes",
      "k.label as task_kind",
      "e.activity",
      "e.department",
      "trainee.name as trainee_name",
      "trainer.name as trainer_name",
      "m.name as municipality_name",
    ])
    .where("e.id", "=", request.entry_id)
    .executeTakeFirstOrThrow();
  return {
    entry: row,
    recipient: { name: request.recipient_name, department: request.recipient_department },
    expiresAt: request.expires_at,
  };
}

/** The pending, unexpired request a token stands for, or the refusal (nothing is changed). */
async function findRequest(db: Database, token: string, now: Date) {
  const request =
    token && token.length <= 100
      ? await db
          .selectFrom("ojt_counterpart_requests as r")
          .innerJoin("ojt_log_entries as e", "e.id", "r.entry_id")
          .innerJoin("ojt_placements as p", "p.id", "e.placement_id")
          .innerJoin("users as trainer", "trainer.id", "p.trainer_id")
          .innerJoin("users as trainee", "trainee.id", "p.trainee_id")
          .select([
            "trainer.email as trainer_email",
            "trainee.email as trainee_email",
            "r.recipient_email",
            "r.id",
            "r.entry_id",
            "r.entry_version",
            "r.status",
            "r.expires_at",
            "r.recipient_name",
            "r.recipient_department",
            "e.version",
            "e.status as entry_status",
          ])
          .where("r.token_hash", "=", hashToken(token))
          .executeTakeFirst()
      : undefined;
  if (!request) throw new CounterpartLinkError(M.linkInvalid, 404);
  if (request.status === "rerouted" || request.status === "cancelled")
    throw new CounterpartLinkError(M.linkRerouted, 410);
  if (request.status !== "pending") throw new CounterpartLinkError(M.linkUsed, 410);
  if (request.expires_at <= now.toISOString()) throw new CounterpartLinkError(M.linkExpired, 410);
  if (request.entry_status !== "approved" || request.version !== request.entry_version)
    throw new CounterpartLinkError(M.linkStale, 410);
  // A request that went to the trainer's or trainee's own address (made before this rule, or
  // from a contact changed since) is never answered: the pair do not confirm their own OJT.
  if (isPairAddress(request.recipient_email, request)) throw new CounterpartLinkError(M.linkPairAddress, 403);
  return request;
}

/**
 * The counterpart confirms (or declines, with a reason). One transaction: the request is used
 * up with a conditional UPDATE (of two submissions racing with one link, one wins); a
 * confirmation adds the counterpart's signature to the entry's fingerprint; audited; the pair
 * are notified.
 */
export async function respondToCounterpartRequest(
  db: Database,
  token: string,
  response: CounterpartResponse,
  now: Date = new Date(),
): Promise<"confirmed" | "declined"> {
  return transaction(db, async (trx) => {
    const request = await findRequest(trx, token, now);
    const at = now.toISOString();
    const confirmed = response.decision === "confirm";
    const used = await trx
      .updateTable("ojt_counterpart_requests")
      .set({
        status: confirmed ? "confirmed" : "declined",
        responded_at: at,
        responder_name: response.responderName,
        responder_department: response.responderDepartment,
        decline_reason: confirmed ? null : response.declineReason,
      })
      .where("id", "=", request.id)
      .where("status", "=", "pending")
      .where("expires_at", ">", at)
      .executeTakeFirst();
    if (Number(used.numUpdatedRows) !== 1) throw new CounterpartLinkError(M.linkUsed, 410);

    const entry = await trx
      .selectFrom("ojt_log_entries")
      .select(["status", "placement_id", "work_date"])
      .where("id", "=", request.entry_id)
      .executeTakeFirst();
    if (entry?.status !== "approved") throw new CounterpartLinkError(M.linkStale, 410);
    let fingerprint: string | undefined;
    if (confirmed) {
      // The approval's signed content, now with the counterpart's signature too (one reader of
      // the signed content: entries.server.ts).
      const counterpart = { name: response.responderName, department: response.responderDepartment, at };
      fingerprint = (await signedEntry(trx, request.entry_id, counterpart)).fingerprint;
      await trx
        .updateTable("ojt_log_entries")
        .set({ fingerprint, updated_at: at })
        .where("id", "=", request.entry_id)
        .execute();
    }
    await audit(trx, {
      actorId: null,
      action: confirmed ? "ojt_counterpart.confirmed" : "ojt_counterpart.declined",
      entityType: "ojt_log_entry",
      entityId: request.entry_id,
      details: {
        requestId: request.id,
        responderName: response.responderName,
        responderDepartment: response.responderDepartment,
        ...(confirmed ? { fingerprint } : { reason: response.declineReason }),
      },
    });
    const placement = await trx
      .selectFrom("ojt_placements")
      .select(["id", "trainer_id", "trainee_id"])
      .where("id", "=", entry.placement_id)
      .executeTakeFirstOrThrow();
    const when = formatDateJa(entry.work_date);
    for (const userId of [placement.trainee_id, placement.trainer_id]) {
      await notify(trx, {
        userId,
        kind: confirmed ? "ojt_counterpart.confirmed" : "ojt_counterpart.declined",
        title: confirmed
          ? "自治体の担当者がOJT記録を確認しました"
          : "自治体の担当者がOJT記録を確認できないと回答しました",
        body: confirmed
          ? `${when}の記録を${response.responderName}さん（${response.responderDepartment || "所属未記入"}）が確認しました（${formatDateTimeJa(at)}）。`
          : `${when}の記録について、${response.responderName}さんから確認できないとの回答がありました。理由: ${response.declineReason}`,
        link: `/placements/${placement.id}/log/${request.entry_id}`,
      });
    }
    return confirmed ? "confirmed" : "declined";
  });
}

export async function getCounterpartReminderDays(db: Database): Promise<number> {
  const row = await db
    .selectFrom("ojt_settings")
    .select("counterpart_reminder_days")
    .where("id", "=", 1)
    .executeTakeFirst();
  return row?.counterpart_reminder_days ?? 5;
}

export async function setCounterpartReminderDays(db: Database, days: number, staffId: string): Promise<void> {
  await transaction(db, async (trx) => {
    const before = await getCounterpartReminderDays(trx);
    await trx
      .updateTable("ojt_settings")
      .set({ counterpart_reminder_days: days, updated_by: staffId, updated_at: new Date().toISOString() })
      .where("id", "=", 1)
      .execute();
    await audit(trx, {
      actorId: staffId,
      action: "ojt_settings.counterpart_reminder_days",
      entityType: "ojt_settings",
      entityId: 1,
      details: { from: before, to: days },
    });
  });
}

/**
 * One reminder per request that has waited the configured number of days. Each is claimed
 * with a conditional UPDATE (… WHERE reminded_at IS NULL, one row or none) so that two servers
 * running this at once send it once. The first e-mail's token is replaced by a new one (only
 * its hash is kept, so the reminder needs a new link); the expiry stays.
 */
export async function sendCounterpartReminders(db: Database, now: Date = new Date()): Promise<number> {
  const days = await getCounterpartReminderDays(db);
  const due = await db
    .selectFrom("ojt_counterpart_requests as r")
    .innerJoin("ojt_log_entries as e", "e.id", "r.entry_id")
    .select(["r.id", "r.recipient_name", "r.recipient_email", "r.expires_at", "e.work_date"])
    .where("r.status", "=", "pending")
    .where("r.reminded_at", "is", null)
    .where("r.requested_at", "<=", new Date(now.getTime() - days * 86_400_000).toISOString())
    .where("r.expires_at", ">", now.toISOString())
    .orderBy("r.id")
    .limit(100)
    .execute();
  let sent = 0;
  for (const r of due) {
    const token = newToken();
    const claimed = await transaction(db, async (trx) => {
      const result = await trx
        .updateTable("ojt_counterpart_requests")
        .set({ reminded_at: now.toISOString(), token_hash: hashToken(token) })
        .where("id", "=", r.id)
        .where("status", "=", "pending")
        .where("reminded_at", "is", null)
        .executeTakeFirst();
      if (Number(result.numUpdatedRows) !== 1) return false;
      await queueEmail(trx, {
        to: r.recipient_email,
        kind: "ojt_counterpart.reminder",
        subject: "【ITC研修ポータル】OJT記録のご確認のお願い（再送）",
        body:
          `${r.recipient_name} 様\n\n先日お送りしたOJT記録（${formatDateJa(r.work_date)}）のご確認のお願いを再送します。` +
          `以前のメールのリンクは使えなくなりました。下のリンクからご確認ください` +
          `（有効期限: ${formatDateTimeJa(r.expires_at)}まで、一度だけ使用できます）。`,
        link: linkOf(token),
      });
      return true;
    });
    if (claimed) sent++;
  }
  return sent;
}

const PERIODIC_EVERY_MS = 60_000;

/**
 * The logbook's periodic work, run on the outbox worker's beat but at most once a minute:
 * counterpart reminders, and files an interrupted upload left in storage (older than a day).
 */
export function logbookPeriodicJob(db: Database, storage: { sweepIncomplete(before: Date): Promise<number> }) {
  let last = 0;
  return async () => {
    if (Date.now() - last < PERIODIC_EVERY_MS) return;
    last = Date.now();
    await sendCounterpartReminders(db);
    await storage.sweepIncomplete(new Date(Date.now() - 86_400_000));
  };
}
