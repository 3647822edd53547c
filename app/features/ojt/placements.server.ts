import { rowLock, transaction, type Database } from "~/db.server";
import { audit } from "~/features/audit/audit.server";
import type { ContractType } from "~/features/vocabulary/engagement-kinds";
import { notify } from "~/features/notifications/outbox.server";
import { formatDateJa } from "~/lib/dates";
import { ConflictError, ForbiddenError, NotFoundError } from "~/lib/errors";
import { getApplication } from "./applications.server";
import {
  PLACEMENT_OUTCOME_LABELS,
  PLACEMENT_OUTCOMES,
  PLACEMENT_STATUSES,
  type PlacementOutcome,
  type PlacementStatus,
} from "~/features/vocabulary/ojt-kinds";
import type { EndInput, ProposalInput } from "./ojt.schema";
import { finalRecommendationOf } from "~/features/assessment/evaluations.server";
import { scorePair } from "./scoring";
import { invalidateCandidates } from "./candidates-version";
import { loadCandidates } from "./matching.server";
import { releaseSlotAndTransition, transition, type PlacementRow } from "./transitions.server";
import { pageCount, pageOffset } from "~/lib/list-query";
import { placementPermissions, requirePlacementAction } from "./placement-permissions";
import { isStaff, type Actor } from "~/features/auth/actor";

async function loadPlacement(trx: Database, id: number): Promise<PlacementRow> {
  const p = await trx.selectFrom("ojt_placements").selectAll().where("id", "=", id).executeTakeFirst();
  if (!p) throw new NotFoundError("OJTの提案が見つかりません。");
  return p;
}

async function names(trx: Database, placement: Pick<PlacementRow, "engagement_id" | "trainee_id" | "trainer_id">) {
  const row = await trx
    .selectFrom("engagements")
    .innerJoin("municipalities", "municipalities.code", "engagements.municipality_code")
    .select(["municipalities.name as municipality", "engagements.title"])
    .where("engagements.id", "=", placement.engagement_id)
    .executeTakeFirstOrThrow();
  const people = await trx
    .selectFrom("users")
    .select(["id", "name"])
    .where("id", "in", [placement.trainee_id, placement.trainer_id])
    .execute();
  const nameOf = (id: string) => people.find((p) => p.id === id)?.name ?? "";
  return {
    where: `${row.municipality}「${row.title}」`,
    trainee: nameOf(placement.trainee_id),
    trainer: nameOf(placement.trainer_id),
  };
}

/** The latest declined placement of this application with this trainer, and who declined it. */
async function declinedPairing(trx: Database, applicationId: number, trainerId: string) {
  const row = await trx
    .selectFrom("ojt_placements as p")
    .innerJoin("users as trainer", "trainer.id", "p.trainer_id")
    .leftJoin("ojt_placement_events as ev", (join) =>
      join.onRef("ev.placement_id", "=", "p.id").on("ev.to_status", "=", "declined"),
    )
    .select(["p.id", "p.trainer_id", "trainer.name as trainer_name", "ev.actor_id"])
    .where("p.application_id", "=", applicationId)
    .where("p.trainer_id", "=", trainerId)
    .where("p.status", "=", "declined")
    .orderBy("p.id", "desc")
    .executeTakeFirst();
  if (!row) return null;
  return { placementId: row.id, trainerName: row.trainer_name, byTrainer: row.actor_id === row.trainer_id };
}

function declinedMessage(d: { trainerName: string; byTrainer: boolean }) {
  const what = d.byTrainer
    ? `${d.trainerName}さんは以前この申込への受入を辞退しています。`
    : `このトレーニーは以前${d.trainerName}さんの受入を辞退しています。`;
  return `${what}もう一度提案する場合は「辞退したトレーナーへの再提案であることを確認しました」にチェックを入れてください。`;
}

/**
 * Staff propose a trainee's application to an engagement. In one transaction: the
 * application must be open with no pending proposal, the engagement recruiting, the trainee
 * without an active placement (unless staff record an override reason), and a slot is taken
 * with a guarded increment, so concurrent proposals can never overbook the engagement.
 */
export async function proposePlacement(
  db: Database,
  input: Omit<ProposalInput, "reproposeDeclined"> & { applicationId: number; reproposeDeclined?: boolean },
  actor: Actor,
): Promise<{ id: number }> {
  if (!isStaff(actor)) throw new ForbiddenError("OJTの提案を行えるのは事務局です。");
  const staffId = actor.id;
  return transaction(db, { locks: [rowLock("engagements", input.engagementId)] }, async (trx) => {
    const app = await trx
      .selectFrom("ojt_applications")
      .selectAll()
      .where("id", "=", input.applicationId)
      .executeTakeFirst();
    if (!app) throw new NotFoundError("OJTの申込が見つかりません。");
    if (app.status === "withdrawn") throw new ConflictError("この申込は取り下げられています。");
    if (app.status === "matched" && !input.overrideReason)
      throw new ConflictError(
        "このトレーニーは既にマッチング済みです。重ねて提案する場合は、その理由を記入してください。",
        "overrideReason",
      );
    const pending = await trx
      .selectFrom("ojt_placements")
      .select("id")
      .where("application_id", "=", app.id)
      .where("status", "in", ["proposed", "accepted"])
      .executeTakeFirst();
    if (pending)
      throw new ConflictError("この申込には回答待ちの提案があります。回答を待つか、提案を取り消してください。");
    const active = await trx
      .selectFrom("ojt_placements")
      .select("id")
      .where("trainee_id", "=", app.trainee_id)
      .where("status", "=", "active")
      .executeTakeFirst();
    if (active && !input.overrideReason)
      throw new ConflictError(
        "このトレーニーは既にOJTを実施中です。2件目の受入を提案する場合は、その理由を記入してください。",
        "overrideReason",
      );
    const engagement = await trx
      .selectFrom("engagements")
      .selectAll()
      .where("id", "=", input.engagementId)
      .executeTakeFirst();
    if (!engagement) throw new ConflictError("提案する案件が見つかりません。", "engagementId");
    if (engagement.status !== "recruiting")
      throw new ConflictError("この案件は現在募集中ではありません。", "engagementId");
    if (engagement.lead_trainer_id === app.trainee_id)
      throw new ConflictError("トレーニー本人が主担当の案件には提案できません。", "engagementId");
    // A pairing declined before (by the trainer or the trainee) is proposed again only when
    // staff say so explicitly: the matching page no longer pre-selects it.
    const declined = await declinedPairing(trx, app.id, engagement.lead_trainer_id);
    if (declined && !input.reproposeDeclined) throw new ConflictError(declinedMessage(declined), "reproposeDeclined");
    // The slot check and the write are one statement: it succeeds only while a slot is free.
    const taken = await trx
      .updateTable("engagements")
      .set((eb) => ({ slots_taken: eb("slots_taken", "+", 1) }))
      .where("id", "=", engagement.id)
      .whereRef("slots_taken", "<", "ojt_slots")
      .executeTakeFirst();
    if (Number(taken.numUpdatedRows) !== 1)
      throw new ConflictError("この案件の受入枠に空きがありません。", "engagementId");
    invalidateCandidates();

    const [candidate] = await loadCandidates(trx, { engagementIds: [engagement.id] });
    const prefs = await trx
      .selectFrom("ojt_application_prefectures")
      .select("prefecture_code")
      .where("application_id", "=", app.id)
      .execute();
    const score = candidate
      ? scorePair(
          {
            ...app,
            prefectures: prefs.map((p) => p.prefecture_code),
            travel_range: app.travel_range as never,
            preferred_size: app.preferred_size as never,
          },
          // Score as it was before this proposal took the slot.
          { ...candidate, slots_taken: candidate.slots_taken - 1 },
        )
      : null;
    const now = new Date().toISOString();
    const row = await trx
      .insertInto("ojt_placements")
      .values({
        application_id: app.id,
        engagement_id: engagement.id,
        trainee_id: app.trainee_id,
        trainer_id: engagement.lead_trainer_id,
        status: "proposed",
        start_date: input.startDate,
        end_date: input.endDate,
        proposal_note: input.note,
        override_reason: input.overrideReason,
        score: score?.total ?? null,
        proposed_by: staffId,
        proposed_at: now,
        updated_at: now,
      })
      .returning("id")
      .executeTakeFirstOrThrow();
    await trx
      .insertInto("ojt_placement_events")
      .values({
        placement_id: row.id,
        from_status: null,
        to_status: "proposed",
        actor_id: staffId,
        reason: input.overrideReason ? `重複受入の理由：${input.overrideReason}` : input.note || null,
        created_at: now,
      })
      .execute();
    await audit(trx, {
      actorId: staffId,
      action: "ojt_placement.proposed",
      entityType: "ojt_placement",
      entityId: row.id,
      details: {
        applicationId: app.id,
        engagementId: engagement.id,
        traineeId: app.trainee_id,
        trainerId: engagement.lead_trainer_id,
        score: score?.total ?? null,
        ...(input.overrideReason ? { overrideReason: input.overrideReason } : {}),
        ...(declined ? { reproposedAfterDecline: declined.placementId } : {}),
      },
    });
    const n = await names(trx, {
      ...engagement,
      engagement_id: engagement.id,
      trainee_id: app.trainee_id,
      trainer_id: engagement.lead_trainer_id,
    });
    await notify(trx, {
      userId: engagement.lead_trainer_id,
      kind: "ojt_placement.proposed",
      title: "OJTトレーニーの受入提案が届きました",
      body: `事務局から、${n.where}へ${n.trainee}さんをOJTトレーニーとして受け入れる提案が届きました。内容を確認し、受け入れるか辞退するかを回答してください。`,
      link: `/placements/${row.id}`,
    });
    await notify(trx, {
      userId: app.trainee_id,
      kind: "ojt_placement.proposed",
      title: "OJT先を提案しました",
      body: `事務局が${n.where}（トレーナー：${n.trainer}さん）へのOJTを提案しました。トレーナーの回答をお待ちください。`,
      link: `/placements/${row.id}`,
    });
    return { id: row.id };
  });
}

async function notifyStaff(trx: Database, p: PlacementRow, title: string, body: string) {
  if (p.proposed_by)
    await notify(trx, {
      userId: p.proposed_by,
      kind: "ojt_placement.update",
      title,
      body,
      link: `/placements/${p.id}`,
    });
}

/** The trainer accepts, writing the goals agreed for the start; the trainee then confirms. */
export async function acceptPlacement(
  db: Database,
  id: number,
  actor: Actor,
  input: { goals: string; contacts: string },
) {
  await transaction(db, async (trx) => {
    const p = await loadPlacement(trx, id);
    requirePlacementAction(actor, p, "decide");
    await transition(trx, p, "accepted", actor.id, null, { goals: input.goals, contacts: input.contacts });
    const n = await names(trx, p);
    await notify(trx, {
      userId: p.trainee_id,
      kind: "ojt_placement.accepted",
      title: "トレーナーがOJTの受入を承諾しました",
      body: `${n.trainer}さんが${n.where}でのOJT受入を承諾しました。目標と守秘義務の注意事項を確認し、参加を確定してください。`,
      link: `/placements/${p.id}`,
    });
    await notifyStaff(
      trx,
      p,
      "OJT受入が承諾されました",
      `${n.trainer}さんが${n.trainee}さんの受入を承諾しました（${n.where}）。`,
    );
  });
}

/** The trainer declines, with a reason; the slot is freed and the application is open again. */
export async function declinePlacement(db: Database, id: number, actor: Actor, reason: string) {
  await transaction(db, async (trx) => {
    const p = await loadPlacement(trx, id);
    requirePlacementAction(actor, p, "decide");
    await releaseSlotAndTransition(trx, p, "declined", actor.id, reason);
    const n = await names(trx, p);
    await notify(trx, {
      userId: p.trainee_id,
      kind: "ojt_placement.declined",
      title: "OJT先の提案は見送りになりました",
      body: `${n.where}での受入は今回見送りとなりました。事務局が引き続き受入先を探します。`,
      link: "/ojt/application",
    });
    await notifyStaff(
      trx,
      p,
      "OJT受入が辞退されました",
      `${n.trainer}さんが${n.trainee}さんの受入を辞退しました（${n.where}）。理由：${reason}`,
    );
  });
}

/**
 * The trainee confirms: the placement becomes active and the application matched. A second
 * active placement is refused unless staff proposed it with an override reason (the partial
 * unique index ojt_placements_one_active enforces the same in the database).
 */
export async function confirmPlacement(db: Database, id: number, actor: Actor) {
  const traineeId = actor.id;
  await transaction(db, async (trx) => {
    const p = await loadPlacement(trx, id);
    requirePlacementAction(actor, p, "confirm");
    if (!p.override_reason) {
      const other = await trx
        .selectFrom("ojt_placements")
        .select("id")
        .where("trainee_id", "=", traineeId)
        .where("status", "=", "active")
        .where("override_reason", "is", null)
        .executeTakeFirst();
      if (other) throw new ConflictError("既に実施中のOJTがあるため、確定できません。事務局にご連絡ください。");
    }
    await transition(trx, p, "active", traineeId, null);
    await trx
      .updateTable("ojt_applications")
      .set({ status: "matched", updated_at: new Date().toISOString() })
      .where("id", "=", p.application_id)
      .execute();
    const n = await names(trx, p);
    await notify(trx, {
      userId: p.trainer_id,
      kind: "ojt_placement.active",
      title: "OJTが開始されました",
      body: `${n.trainee}さんが参加を確定し、${n.where}でのOJTが開始されました（${formatDateJa(p.start_date)}から）。`,
      link: `/placements/${p.id}`,
    });
    await notify(trx, {
      userId: p.trainee_id,
      kind: "ojt_placement.active",
      title: "OJTへの参加が確定しました",
      body: `${n.where}でのOJTが開始されました。守秘義務に関する注意事項を必ず守ってください。`,
      link: `/placements/${p.id}`,
    });
    await notifyStaff(
      trx,
      p,
      "OJTが開始されました",
      `${n.trainee}さんが参加を確定しました（${n.where}、トレーナー：${n.trainer}さん）。`,
    );
  });
}

/** The trainee declines an accepted proposal (or one still awaiting the trainer). */
export async function traineeDeclinePlacement(db: Database, id: number, actor: Actor, reason: string) {
  await transaction(db, async (trx) => {
    const p = await loadPlacement(trx, id);
    requirePlacementAction(actor, p, "traineeDecline");
    await releaseSlotAndTransition(trx, p, "declined", actor.id, reason);
    const n = await names(trx, p);
    await notify(trx, {
      userId: p.trainer_id,
      kind: "ojt_placement.declined",
      title: "トレーニーがOJTを辞退しました",
      body: `${n.trainee}さんが${n.where}でのOJTを辞退しました。理由：${reason}`,
      link: `/placements/${p.id}`,
    });
    await notifyStaff(
      trx,
      p,
      "トレーニーがOJTを辞退しました",
      `${n.trainee}さんが辞退しました（${n.where}）。理由：${reason}`,
    );
  });
}

/** Staff withdraw a pending proposal. */
export async function cancelPlacement(db: Database, id: number, actor: Actor, reason: string) {
  // The command checks its own caller (issue 21): only staff cancel a proposal.
  const staffId = actor.id;
  await transaction(db, async (trx) => {
    const p = await loadPlacement(trx, id);
    requirePlacementAction(actor, p, "cancel");
    await releaseSlotAndTransition(trx, p, "cancelled", staffId, reason);
    const n = await names(trx, p);
    for (const userId of [p.trainer_id, p.trainee_id])
      await notify(trx, {
        userId,
        kind: "ojt_placement.cancelled",
        title: "OJTの提案が取り消されました",
        body: `事務局が${n.where}へのOJT提案（トレーニー：${n.trainee}さん）を取り消しました。理由：${reason}`,
        link: `/placements/${p.id}`,
      });
  });
}

/**
 * Staff end an active placement with its outcome; the slot is freed. "completed" only when
 * the trainer's submitted final evaluation recommends completion (checked in the same
 * transaction); "discontinued" with its reason. Completion is certified elsewhere.
 */
/** Whether the placement may end so; throws the refusal endPlacement would. */
async function checkEnd(db: Database, id: number, actor: Actor, input: EndInput) {
  const p = await loadPlacement(db, id);
  requirePlacementAction(actor, p, "end");
  const final = await finalRecommendationOf(db, id);
  if (input.outcome === "completed" && final?.recommendation !== "recommend")
    throw new ConflictError(
      final
        ? "トレーナーの最終評価が「まだ推薦しない」のため、修了として終了できません。"
        : "修了として終了するには、トレーナーの最終評価（修了の推薦）が提出されている必要があります。",
      "outcome",
    );
  if (input.outcome === "discontinued" && !input.reason)
    throw new ConflictError("中止とする場合は、その理由を入力してください。", "reason");
  return { p, final };
}

/**
 * The same checks as endPlacement, without writing: the confirmation step is offered only
 * for an ending that would be accepted (the command checks again when it runs).
 */
export async function checkEndPlacement(db: Database, id: number, actor: Actor, input: EndInput) {
  await checkEnd(db, id, actor, input);
}

export async function endPlacement(db: Database, id: number, actor: Actor, input: EndInput) {
  // The command checks its own caller (issue 21): only staff end a placement.
  const staffId = actor.id;
  await transaction(db, async (trx) => {
    const { p, final } = await checkEnd(trx, id, actor, input);
    const label = PLACEMENT_OUTCOME_LABELS[input.outcome];
    const reasonText = input.reason ? `${label}：${input.reason}` : label;
    await releaseSlotAndTransition(trx, p, "ended", staffId, reasonText, {
      outcome: input.outcome,
      outcome_reason: input.reason || null,
      ended_at: new Date().toISOString(),
    });
    await audit(trx, {
      actorId: staffId,
      action: "ojt_placement.outcome",
      entityType: "ojt_placement",
      entityId: id,
      details: { outcome: input.outcome, reason: input.reason || null, finalEvaluationId: final?.evaluationId ?? null },
    });
    const n = await names(trx, p);
    for (const userId of [p.trainer_id, p.trainee_id])
      await notify(trx, {
        userId,
        kind: "ojt_placement.ended",
        title: input.outcome === "completed" ? "OJTを修了しました" : "OJTが中止となりました",
        body:
          input.outcome === "completed"
            ? `${n.where}でのOJT（トレーニー：${n.trainee}さん）を修了として終了しました。${input.reason}`
            : `${n.where}でのOJT（トレーニー：${n.trainee}さん）を中止としました。理由：${input.reason}`,
        link: `/placements/${p.id}`,
      });
  });
}

/** Goals and contacts, kept up to date by the trainer or staff while the placement runs. */
export async function updatePlacementPlan(
  db: Database,
  id: number,
  viewer: Actor,
  input: { goals: string; contacts: string },
) {
  await transaction(db, async (trx) => {
    const p = await loadPlacement(trx, id);
    requirePlacementAction(viewer, p, "editPlan");
    await trx
      .updateTable("ojt_placements")
      .set({ goals: input.goals, contacts: input.contacts, updated_at: new Date().toISOString() })
      .where("id", "=", id)
      .execute();
    await audit(trx, {
      actorId: viewer.id,
      action: "ojt_placement.plan_update",
      entityType: "ojt_placement",
      entityId: id,
    });
    const other = viewer.id === p.trainee_id ? p.trainer_id : p.trainee_id;
    await notify(trx, {
      userId: other,
      kind: "ojt_placement.plan_update",
      title: "OJTの目標・連絡先が更新されました",
      body: "OJTのページで最新の目標と連絡先を確認してください。",
      link: `/placements/${p.id}`,
    });
  });
}

/** Ownership in the query: staff see all, a trainer the proposals made to them, a trainee their own. */
function visibleTo(viewer: Actor) {
  return (eb: any) =>
    isStaff(viewer)
      ? eb.val(1)
      : eb.or([eb("ojt_placements.trainer_id", "=", viewer.id), eb("ojt_placements.trainee_id", "=", viewer.id)]);
}

export async function getPlacementForViewer(db: Database, id: number, viewer: Actor) {
  const row = await db
    .selectFrom("ojt_placements")
    .innerJoin("engagements", "engagements.id", "ojt_placements.engagement_id")
    .innerJoin("municipalities", "municipalities.code", "engagements.municipality_code")
    .innerJoin("users as trainer", "trainer.id", "ojt_placements.trainer_id")
    .innerJoin("users as trainee", "trainee.id", "ojt_placements.trainee_id")
    .leftJoin("users as proposer", "proposer.id", "ojt_placements.proposed_by")
    .selectAll("ojt_placements")
    .select([
      "engagements.title as engagement_title",
      "engagements.contract_type",
      "engagements.contracting_organization",
      "engagements.start_fiscal_year",
      "engagements.end_fiscal_year",
      "engagements.confidentiality_note",
      "engagements.description as engagement_description",
      "municipalities.name as municipality_name",
      "municipalities.code as municipality_code",
      "trainer.name as trainer_name",
      "trainer.email as trainer_email",
      "trainer.organization as trainer_organization",
      "trainee.name as trainee_name",
      "trainee.email as trainee_email",
      "trainee.organization as trainee_organization",
      "proposer.name as proposer_name",
      "proposer.email as proposer_email",
    ])
    .where("ojt_placements.id", "=", id)
    .where(visibleTo(viewer))
    .executeTakeFirst();
  if (!row) {
    const exists = await db.selectFrom("ojt_placements").select("id").where("id", "=", id).executeTakeFirst();
    if (exists) throw new ForbiddenError("このOJTを閲覧できるのは、担当トレーナー・トレーニー本人・事務局です。");
    throw new NotFoundError("OJTの提案が見つかりません。");
  }
  const [events, application] = await Promise.all([
    db
      .selectFrom("ojt_placement_events")
      .leftJoin("users", "users.id", "ojt_placement_events.actor_id")
      .select([
        "ojt_placement_events.id",
        "ojt_placement_events.from_status",
        "ojt_placement_events.to_status",
        "ojt_placement_events.reason",
        "ojt_placement_events.created_at",
        "users.name as actor_name",
      ])
      .where("ojt_placement_events.placement_id", "=", id)
      .orderBy("ojt_placement_events.id")
      .execute(),
    getApplication(db, row.application_id),
  ]);
  const status = row.status as PlacementStatus;
  return {
    ...row,
    status,
    contract_type: row.contract_type as ContractType,
    events: events.map((e) => ({
      ...e,
      from_status: e.from_status as PlacementStatus | null,
      to_status: e.to_status as PlacementStatus,
    })),
    application,
    // The buttons of the page, from the rules the commands apply (decision 0031).
    can: placementPermissions(viewer, { ...row, status }),
  };
}

export const PLACEMENTS_PAGE_SIZE = 20;

export async function listPlacementsForViewer(
  db: Database,
  viewer: Actor,
  input: { status: PlacementStatus | ""; outcome?: PlacementOutcome | ""; page: number },
) {
  let query = db
    .selectFrom("ojt_placements")
    .innerJoin("engagements", "engagements.id", "ojt_placements.engagement_id")
    .innerJoin("municipalities", "municipalities.code", "engagements.municipality_code")
    .innerJoin("users as trainer", "trainer.id", "ojt_placements.trainer_id")
    .innerJoin("users as trainee", "trainee.id", "ojt_placements.trainee_id")
    .where(visibleTo(viewer));
  if (input.status && (PLACEMENT_STATUSES as readonly string[]).includes(input.status))
    query = query.where("ojt_placements.status", "=", input.status);
  if (input.outcome && (PLACEMENT_OUTCOMES as readonly string[]).includes(input.outcome))
    query = query.where("ojt_placements.outcome", "=", input.outcome);
  const [{ total }, rows] = await Promise.all([
    query.select((eb) => eb.fn.countAll<number>().as("total")).executeTakeFirstOrThrow(),
    query
      .select([
        "ojt_placements.id",
        "ojt_placements.status",
        "ojt_placements.outcome",
        "ojt_placements.start_date",
        "ojt_placements.end_date",
        "ojt_placements.trainer_id",
        "ojt_placements.trainee_id",
        "ojt_placements.updated_at",
        "engagements.title as engagement_title",
        "municipalities.name as municipality_name",
        "trainer.name as trainer_name",
        "trainee.name as trainee_name",
      ])
      .orderBy("ojt_placements.updated_at", "desc")
      .orderBy("ojt_placements.id", "desc")
      .limit(PLACEMENTS_PAGE_SIZE)
      .offset(pageOffset(input.page, PLACEMENTS_PAGE_SIZE))
      .execute(),
  ]);
  return {
    total,
    page: input.page,
    pageCount: pageCount(total, PLACEMENTS_PAGE_SIZE),
    placements: rows.map((r) => ({ ...r, status: r.status as PlacementStatus })),
  };
}

/** Placements of one engagement, for its page (the route has already authorized the viewer). */
export async function placementsOfEngagement(db: Database, engagementId: number, viewer: Actor) {
  const rows = await db
    .selectFrom("ojt_placements")
    .innerJoin("users as trainee", "trainee.id", "ojt_placements.trainee_id")
    .select([
      "ojt_placements.id",
      "ojt_placements.status",
      "ojt_placements.start_date",
      "ojt_placements.end_date",
      "trainee.name as trainee_name",
    ])
    .where("ojt_placements.engagement_id", "=", engagementId)
    .where(visibleTo(viewer))
    .orderBy("ojt_placements.id", "desc")
    .limit(100)
    .execute();
  return rows.map((r) => ({ ...r, status: r.status as PlacementStatus }));
}
