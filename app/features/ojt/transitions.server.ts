// @internal to ojt/: other areas go through placements.server.ts.
import type { Selectable } from "kysely";
import type { Database } from "~/db.server";
import { audit } from "~/features/audit/audit.server";
import { ConflictError } from "~/lib/errors";
import type { OjtPlacements } from "../../../db/types";
import type { PlacementStatus } from "~/features/vocabulary/ojt-kinds";
import { invalidateCandidates } from "./candidates-version";

export type PlacementRow = Selectable<OjtPlacements>;

/**
 * Moves a placement from its current status to `to`, guarded by the status it was read with
 * (so two people deciding at once cannot both win), and records the step in the placement's
 * history and the audit log, in the caller's transaction.
 */
export async function transition(
  trx: Database,
  placement: Pick<PlacementRow, "id" | "status" | "engagement_id" | "trainee_id" | "trainer_id">,
  to: PlacementStatus,
  actorId: string,
  reason: string | null,
  extra: {
    decision_reason?: string | null;
    goals?: string;
    contacts?: string;
    outcome?: string;
    outcome_reason?: string | null;
    ended_at?: string;
  } = {},
) {
  const now = new Date().toISOString();
  const result = await trx
    .updateTable("ojt_placements")
    .set({ status: to, updated_at: now, ...extra })
    .where("id", "=", placement.id)
    .where("status", "=", placement.status)
    .executeTakeFirst();
  if (Number(result.numUpdatedRows) !== 1)
    throw new ConflictError("この提案の状態は既に変わっています。画面を更新して確認してください。");
  // Trainer load and free slots change: the cached candidate set is stale.
  invalidateCandidates();
  await trx
    .insertInto("ojt_placement_events")
    .values({
      placement_id: placement.id,
      from_status: placement.status,
      to_status: to,
      actor_id: actorId,
      reason,
      created_at: now,
    })
    .execute();
  await audit(trx, {
    actorId,
    action: `ojt_placement.${to}`,
    entityType: "ojt_placement",
    entityId: placement.id,
    details: {
      from: placement.status,
      to,
      engagementId: placement.engagement_id,
      traineeId: placement.trainee_id,
      trainerId: placement.trainer_id,
      ...(reason ? { reason } : {}),
    },
  });
}

/** A transition out of a slot-holding status: the engagement's slot is given back. */
export async function releaseSlotAndTransition(
  trx: Database,
  placement: Pick<PlacementRow, "id" | "status" | "engagement_id" | "trainee_id" | "trainer_id">,
  to: "declined" | "cancelled" | "ended",
  actorId: string,
  reason: string,
  extra: { outcome?: string; outcome_reason?: string | null; ended_at?: string } = {},
) {
  await transition(trx, placement, to, actorId, reason, { decision_reason: reason, ...extra });
  await trx
    .updateTable("engagements")
    .set((eb) => ({ slots_taken: eb("slots_taken", "-", 1) }))
    .where("id", "=", placement.engagement_id)
    .where("slots_taken", ">", 0)
    .execute();
}
