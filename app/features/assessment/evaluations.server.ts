import { transaction, type Database } from "~/db.server";
import { audit } from "~/features/audit/audit.server";
import { notify } from "~/features/notifications/outbox.server";
import { ConflictError, ForbiddenError, NotFoundError } from "~/lib/errors";
import type { EvaluationInput } from "./assessment.schema";
import { EVALUATION_KIND_LABELS, EVALUATION_KINDS, type EvaluationKind, type Recommendation } from "./labels";
import { listRubric, type Criterion } from "./rubric.server";
import { isStaff, type Actor } from "~/features/auth/actor";

/** The parts of a placement the caller has already authorized (getPlacementForViewer). */
export type PlacementParties = { id: number; trainee_id: string; trainer_id: string; status: string };

/** The criteria as they read when an evaluation was submitted. */
export type CriteriaSnapshot = Pick<Criterion, "id" | "label" | "kind" | "description" | "descriptors">[];

export type Evaluation = {
  id: number;
  kind: EvaluationKind;
  status: "draft" | "submitted";
  authorName: string;
  overallComment: string;
  recommendation: Recommendation | null;
  recommendationReason: string | null;
  submittedAt: string | null;
  snapshot: CriteriaSnapshot | null;
  scores: Record<number, { level: number | null; comment: string }>;
};

/** Who writes which evaluation: the trainee their self-assessment, the placement's trainer the others. */
export function authorOf(kind: EvaluationKind, p: Pick<PlacementParties, "trainee_id" | "trainer_id">) {
  return kind === "self" ? p.trainee_id : p.trainer_id;
}

/** Refuses (403) anyone but the author of this kind of evaluation, before the form is even read. */
export function requireEvaluationAuthor(
  placement: Pick<PlacementParties, "trainee_id" | "trainer_id">,
  kind: string,
  viewer: Actor,
) {
  const known = (EVALUATION_KINDS as readonly string[]).includes(kind) ? (kind as EvaluationKind) : null;
  if (known && authorOf(known, placement) === viewer.id) return;
  throw new ForbiddenError(
    known === "self"
      ? "自己評価を記入できるのはトレーニー本人です。"
      : "中間評価・最終評価を記入できるのは、このOJTの担当トレーナーです。",
  );
}

/** The viewer may read a draft only when it is theirs; submitted evaluations the pair and staff read. */
function readable(e: { status: string; author_id: string }, viewer: Actor) {
  return e.status === "submitted" || e.author_id === viewer.id;
}

/**
 * The assessment page of one placement: the rubric and the three evaluations side by side
 * (three queries whatever their size). A draft is shown only to its author.
 */
export async function assessmentOfPlacement(db: Database, placement: PlacementParties, viewer: Actor) {
  const [criteria, evaluations, scores] = await Promise.all([
    listRubric(db),
    db
      .selectFrom("ojt_evaluations")
      .innerJoin("users", "users.id", "ojt_evaluations.author_id")
      .selectAll("ojt_evaluations")
      .select("users.name as author_name")
      .where("placement_id", "=", placement.id)
      .orderBy("ojt_evaluations.id")
      .execute(),
    db
      .selectFrom("ojt_evaluation_scores")
      .innerJoin("ojt_evaluations", "ojt_evaluations.id", "ojt_evaluation_scores.evaluation_id")
      .select([
        "ojt_evaluation_scores.evaluation_id",
        "ojt_evaluation_scores.criterion_id",
        "ojt_evaluation_scores.level",
        "ojt_evaluation_scores.comment",
      ])
      .where("ojt_evaluations.placement_id", "=", placement.id)
      .orderBy("ojt_evaluation_scores.evaluation_id")
      .orderBy("ojt_evaluation_scores.criterion_id")
      .execute(),
  ]);
  const byKind: Partial<Record<EvaluationKind, Evaluation>> = {};
  for (const e of evaluations) {
    if (!readable(e, viewer)) continue;
    const own: Evaluation["scores"] = {};
    for (const s of scores) if (s.evaluation_id === e.id) own[s.criterion_id] = { level: s.level, comment: s.comment };
    byKind[e.kind as EvaluationKind] = {
      id: e.id,
      kind: e.kind as EvaluationKind,
      status: e.status as Evaluation["status"],
      authorName: e.author_name,
      overallComment: e.overall_comment,
      recommendation: e.recommendation as Recommendation | null,
      recommendationReason: e.recommendation_reason,
      submittedAt: e.submitted_at,
      snapshot: e.criteria_snapshot ? (JSON.parse(e.criteria_snapshot) as CriteriaSnapshot) : null,
      scores: own,
    };
  }
  const active = placement.status === "active";
  const canWrite = (kind: EvaluationKind) =>
    active && authorOf(kind, placement) === viewer.id && byKind[kind]?.status !== "submitted";
  // Rows: the current rubric, then any criterion a submitted evaluation scored that has since been retired.
  const rows: { id: number; label: string; kind: string; descriptors: string[] }[] = criteria.map((c) => ({
    id: c.id,
    label: c.label,
    kind: c.kind,
    descriptors: c.descriptors,
  }));
  for (const e of Object.values(byKind))
    for (const c of e.snapshot ?? [])
      if (!rows.some((r) => r.id === c.id))
        rows.push({ id: c.id, label: c.label, kind: c.kind, descriptors: c.descriptors });
  return {
    criteria,
    rows,
    evaluations: byKind,
    can: Object.fromEntries(EVALUATION_KINDS.map((k) => [k, canWrite(k)])) as Record<EvaluationKind, boolean>,
    isStaff: isStaff(viewer),
  };
}

/**
 * Saves a draft or submits an evaluation. Only its author (trainee: self; the placement's
 * trainer: mid and final) writes it, only while the placement is active, and never after it
 * was submitted. Submitting snapshots the criteria's wording into the evaluation, audits and
 * tells the other party (and, for the final evaluation, the staff member who proposed the
 * placement, who ends it with an outcome).
 */
export async function saveEvaluation(
  db: Database,
  placementId: number,
  viewer: Actor,
  input: EvaluationInput,
): Promise<{ id: number; submitted: boolean }> {
  return transaction(db, async (trx) => {
    const p = await trx
      .selectFrom("ojt_placements")
      .select(["id", "trainee_id", "trainer_id", "status", "proposed_by"])
      .where("id", "=", placementId)
      .executeTakeFirst();
    if (!p) throw new NotFoundError("OJTが見つかりません。");
    if (authorOf(input.kind, p) !== viewer.id)
      throw new ForbiddenError(
        input.kind === "self"
          ? "自己評価を記入できるのはトレーニー本人です。"
          : "中間評価・最終評価を記入できるのは、このOJTの担当トレーナーです。",
      );
    if (p.status !== "active") throw new ConflictError("評価を記入できるのは、OJTの実施中です。");
    const existing = await trx
      .selectFrom("ojt_evaluations")
      .select(["id", "status"])
      .where("placement_id", "=", placementId)
      .where("kind", "=", input.kind)
      .executeTakeFirst();
    if (existing?.status === "submitted") throw new ConflictError("この評価は提出済みのため、変更できません。");
    const criteria = await listRubric(trx);
    const activeIds = new Set(criteria.map((c) => c.id));
    for (const s of input.scores)
      if (!activeIds.has(s.criterionId))
        throw new ConflictError("評価の観点が変更されています。画面を更新してやり直してください。");
    const submit = input.intent === "submit";
    if (submit && (input.scores.length !== criteria.length || input.scores.some((s) => s.level == null)))
      throw new ConflictError("提出するには、すべての観点のレベルを選んでください。");
    const now = new Date().toISOString();
    const snapshot: CriteriaSnapshot = criteria.map((c) => ({
      id: c.id,
      label: c.label,
      kind: c.kind,
      description: c.description,
      descriptors: c.descriptors,
    }));
    const values = {
      overall_comment: input.overallComment,
      recommendation: input.kind === "final" ? (input.recommendation ?? null) : null,
      recommendation_reason: input.kind === "final" ? input.recommendationReason || null : null,
      status: submit ? "submitted" : "draft",
      criteria_snapshot: submit ? JSON.stringify(snapshot) : null,
      submitted_at: submit ? now : null,
      updated_at: now,
    };
    let id: number;
    if (existing) {
      // The status condition makes a second, simultaneous submit change nothing.
      const r = await trx
        .updateTable("ojt_evaluations")
        .set(values)
        .where("id", "=", existing.id)
        .where("status", "=", "draft")
        .executeTakeFirst();
      if (Number(r.numUpdatedRows) !== 1) throw new ConflictError("この評価は提出済みのため、変更できません。");
      id = existing.id;
      await trx.deleteFrom("ojt_evaluation_scores").where("evaluation_id", "=", id).execute();
    } else {
      const row = await trx
        .insertInto("ojt_evaluations")
        .values({ placement_id: placementId, kind: input.kind, author_id: viewer.id, created_at: now, ...values })
        .returning("id")
        .executeTakeFirstOrThrow();
      id = row.id;
    }
    if (input.scores.length)
      await trx
        .insertInto("ojt_evaluation_scores")
        .values(
          input.scores.map((s) => ({
            evaluation_id: id,
            criterion_id: s.criterionId,
            level: s.level ?? null,
            comment: s.comment,
          })),
        )
        .execute();
    await audit(trx, {
      actorId: viewer.id,
      action: submit ? "ojt_evaluation.submitted" : "ojt_evaluation.draft_saved",
      entityType: "ojt_evaluation",
      entityId: id,
      details: {
        placementId,
        kind: input.kind,
        levels: Object.fromEntries(input.scores.map((s) => [s.criterionId, s.level ?? null])),
        ...(input.kind === "final" ? { recommendation: input.recommendation ?? null } : {}),
      },
    });
    if (submit) {
      const recipients = new Set([input.kind === "self" ? p.trainer_id : p.trainee_id]);
      if (input.kind === "final" && p.proposed_by) recipients.add(p.proposed_by);
      for (const userId of recipients)
        await notify(trx, {
          userId,
          kind: "ojt_evaluation.submitted",
          title: `${EVALUATION_KIND_LABELS[input.kind]}が提出されました`,
          body:
            input.kind === "final"
              ? `最終評価が提出されました（${input.recommendation === "recommend" ? "修了を推薦" : "まだ推薦しない"}）。OJTの評価ページで確認してください。`
              : "OJTの評価ページで内容を確認してください。",
          link: `/placements/${placementId}/assessment`,
        });
    }
    return { id, submitted: submit };
  });
}

/**
 * For ending a placement as completed and for certification (issue 15): the trainer's
 * submitted final evaluation's recommendation, or null when there is none yet.
 */
export async function finalRecommendationOf(db: Database, placementId: number) {
  const row = await db
    .selectFrom("ojt_evaluations")
    .select(["id", "recommendation", "recommendation_reason", "submitted_at"])
    .where("placement_id", "=", placementId)
    .where("kind", "=", "final")
    .where("status", "=", "submitted")
    .executeTakeFirst();
  if (!row || !row.recommendation || !row.submitted_at) return null;
  return {
    evaluationId: row.id,
    recommendation: row.recommendation as Recommendation,
    reason: row.recommendation_reason,
    submittedAt: row.submitted_at,
  };
}
