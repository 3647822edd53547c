import { transaction, type Database } from "~/db.server";
import { audit } from "~/features/audit/audit.server";
import { hasRole, type Role } from "~/features/auth/roles";
import { notify } from "~/features/notifications/outbox.server";
import { ConflictError, ForbiddenError, NotFoundError } from "~/lib/errors";
import {
  acceptedContact,
  CLEARED_PROPOSAL,
  COUNTERPART_CONTACT_MESSAGES as M,
  pendingContact,
  type CounterpartChange,
} from "./counterpart-contact";

// Staff accept or reject a trainer's proposed counterpart contact (issue 21 item 2). Each step
// is audited in the same transaction; nobody accepts his own proposal; a decision binds to the
// proposal it was shown (its time), so a proposal replaced in between is not accepted unseen.

type Actor = { id: string; roles: readonly Role[] };

/** The contact's own audit row for an edit (inside the edit's transaction). */
export async function auditCounterpart(
  trx: Database,
  engagementId: number,
  actor: Actor,
  event: NonNullable<CounterpartChange["event"]>,
) {
  await audit(trx, {
    actorId: actor.id,
    action: event.action satisfies
      "engagement.counterpart_changed" | "engagement.counterpart_proposed" | "engagement.counterpart_withdrawn",
    entityType: "engagement",
    entityId: engagementId,
    details: event.details,
  });
}

/** Only staff decide on a proposed contact (a route calls this before reading the form). */
export function assertCanDecideCounterpart(actor: Actor): void {
  if (!hasRole(actor, "staff", "admin")) throw new ForbiddenError(M.staffOnly);
}

async function loadProposal(trx: Database, engagementId: number, actor: Actor, proposedAt: string) {
  assertCanDecideCounterpart(actor);
  const row = await trx
    .selectFrom("engagements")
    .select([
      "id",
      "title",
      "counterpart_name",
      "counterpart_department",
      "counterpart_email",
      "counterpart_pending_name",
      "counterpart_pending_department",
      "counterpart_pending_email",
      "counterpart_pending_by",
      "counterpart_pending_at",
    ])
    .where("id", "=", engagementId)
    .executeTakeFirst();
  if (!row) throw new NotFoundError("案件が見つかりません。");
  const proposal = pendingContact(row);
  if (!proposal) throw new ConflictError(M.noProposal);
  if (proposal.at !== proposedAt) throw new ConflictError(M.staleProposal);
  return { row, proposal, before: acceptedContact(row) };
}

/** Clears the proposal it was shown, or refuses if another request got there first. */
async function closeProposal(trx: Database, engagementId: number, proposedAt: string, set: Record<string, unknown>) {
  const result = await trx
    .updateTable("engagements")
    .set({ ...CLEARED_PROPOSAL, ...set })
    .where("id", "=", engagementId)
    .where("counterpart_pending_at", "=", proposedAt)
    .executeTakeFirst();
  if (Number(result.numUpdatedRows) !== 1) throw new ConflictError(M.staleProposal);
}

/** Staff accept a trainer's proposed contact: from now on confirmation requests go to it. */
export async function acceptCounterpartChange(
  db: Database,
  input: { engagementId: number; proposedAt: string },
  actor: Actor,
  now: Date = new Date(),
): Promise<void> {
  await transaction(db, async (trx) => {
    const { row, proposal, before } = await loadProposal(trx, input.engagementId, actor, input.proposedAt);
    if (proposal.by === actor.id) throw new ForbiddenError(M.ownProposal);
    const after = { name: proposal.name, department: proposal.department, email: proposal.email };
    await closeProposal(trx, row.id, input.proposedAt, {
      counterpart_name: after.name,
      counterpart_department: after.department,
      counterpart_email: after.email,
      updated_at: now.toISOString(),
    });
    await audit(trx, {
      actorId: actor.id,
      action: "engagement.counterpart_accepted",
      entityType: "engagement",
      entityId: row.id,
      details: { before, after, proposedBy: proposal.by, proposedAt: proposal.at },
    });
    if (proposal.by)
      await notify(
        trx,
        {
          userId: proposal.by,
          kind: "engagement.counterpart_accepted",
          title: "自治体の担当者の変更が承認されました",
          body: `「${row.title}」の自治体の担当者を${after.name}さんに変更しました。これからの確認依頼は新しい担当者に送られます。`,
          link: `/engagements/${row.id}`,
        },
        now,
      );
  });
}

/** Staff reject a proposed contact, with a reason the proposer is told; the contact stays. */
export async function rejectCounterpartChange(
  db: Database,
  input: { engagementId: number; proposedAt: string; reason: string },
  actor: Actor,
  now: Date = new Date(),
): Promise<void> {
  await transaction(db, async (trx) => {
    const { row, proposal, before } = await loadProposal(trx, input.engagementId, actor, input.proposedAt);
    await closeProposal(trx, row.id, input.proposedAt, { updated_at: now.toISOString() });
    const proposed = { name: proposal.name, department: proposal.department, email: proposal.email };
    await audit(trx, {
      actorId: actor.id,
      action: "engagement.counterpart_rejected",
      entityType: "engagement",
      entityId: row.id,
      details: { current: before, proposed, proposedBy: proposal.by, proposedAt: proposal.at, reason: input.reason },
    });
    if (proposal.by)
      await notify(
        trx,
        {
          userId: proposal.by,
          kind: "engagement.counterpart_rejected",
          title: "自治体の担当者の変更が却下されました",
          body: `「${row.title}」の担当者を${proposed.name}さんに変更する提案は却下されました。理由: ${input.reason}`,
          link: `/engagements/${row.id}`,
        },
        now,
      );
  });
}

/** Staff's queue: every engagement with a proposed contact, oldest proposal first (one query). */
export async function listPendingCounterpartChanges(db: Database) {
  return db
    .selectFrom("engagements")
    .innerJoin("municipalities", "municipalities.code", "engagements.municipality_code")
    .leftJoin("users as proposer", "proposer.id", "engagements.counterpart_pending_by")
    .select([
      "engagements.id",
      "engagements.title",
      "municipalities.name as municipality_name",
      "engagements.counterpart_pending_name as name",
      "engagements.counterpart_pending_at as at",
      "proposer.name as proposer_name",
    ])
    .where("engagements.counterpart_pending_at", "is not", null)
    .$narrowType<{ at: string }>()
    .orderBy("engagements.counterpart_pending_at")
    .orderBy("engagements.id")
    .limit(50)
    .execute();
}
