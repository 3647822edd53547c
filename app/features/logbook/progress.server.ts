import { transaction, type Database } from "~/db.server";
import { verifiedEntry } from "~/features/vocabulary/verified-entries";
import { audit } from "~/features/audit/audit.server";
import { notify } from "~/features/notifications/outbox.server";
import { ConflictError, NotFoundError } from "~/lib/errors";
import { todayInTokyo, tokyoDateOf } from "~/lib/dates";
import { computeProgress, type KindTotals, type Progress } from "./progress";
import type { PlanHoursInput } from "./progress.schema";
import type { Actor } from "~/features/auth/actor";
import { requirePlacementAction } from "~/features/ojt/placement-permissions";

/** What the progress needs of a placement the caller has already authorized. */
export type PlacementPeriod = { id: number; start_date: string; end_date: string; ended_at: string | null };

export type Coverage = {
  phases: { id: number; label: string; process: string; approvedMinutes: number }[];
  roles: { id: number; label: string; approvedMinutes: number }[];
};

/**
 * The entries' sums of one placement in one set-based query, grouped by kind, status, PGL
 * phase and MIC role (at most a few hundred groups whatever the number of entries). It reads
 * the index ojt_log_entries_placement_status (placement_id, status, …), so its cost does not
 * depend on other placements.
 */
async function entrySums(db: Database, placementId: number) {
  const rows = await db
    .selectFrom("ojt_log_entries")
    .select((eb) => [
      "task_kind_id",
      "status",
      "pgl_phase_id",
      "mic_role_id",
      eb.fn.sum<number>("minutes").as("minutes"),
    ])
    .where("placement_id", "=", placementId)
    // Waiting entries, and approved ones only when verified by someone other than their writer
    // (four eyes, decision 0027): a self-approved row counts nowhere.
    .where((eb) => eb.or([eb("status", "=", "submitted"), verifiedEntry()]))
    .groupBy(["task_kind_id", "status", "pgl_phase_id", "mic_role_id"])
    .execute();
  return rows.map((r) => ({ ...r, minutes: Number(r.minutes) }));
}

async function kindsWithPlan(db: Database, placementId: number) {
  return db
    .selectFrom("ojt_task_kinds")
    .leftJoin("ojt_plan_hours", (join) =>
      join
        .onRef("ojt_plan_hours.task_kind_id", "=", "ojt_task_kinds.id")
        .on("ojt_plan_hours.placement_id", "=", placementId),
    )
    .select([
      "ojt_task_kinds.id",
      "ojt_task_kinds.label",
      "ojt_task_kinds.active",
      "ojt_plan_hours.planned_minutes",
      "ojt_plan_hours.updated_at",
    ])
    .orderBy("ojt_task_kinds.sort_order")
    .orderBy("ojt_task_kinds.id")
    .execute();
}

/** Plan against actual of one placement, and the PGL phases and MIC roles covered by approved entries. */
export async function placementProgress(
  db: Database,
  placement: PlacementPeriod,
  today: string = todayInTokyo(),
): Promise<{ progress: Progress; coverage: Coverage; planUpdatedAt: string | null }> {
  const [kinds, sums, phases, roles] = await Promise.all([
    kindsWithPlan(db, placement.id),
    entrySums(db, placement.id),
    db
      .selectFrom("pgl_phases")
      .select(["id", "label", "process", "active"])
      .orderBy("sort_order")
      .orderBy("id")
      .execute(),
    db.selectFrom("mic_roles").select(["id", "label", "active"]).orderBy("sort_order").orderBy("id").execute(),
  ]);
  const byKind = new Map<number, { submitted: number; approved: number }>();
  const byPhase = new Map<number, number>();
  const byRole = new Map<number, number>();
  for (const s of sums) {
    const k = byKind.get(s.task_kind_id) ?? { submitted: 0, approved: 0 };
    if (s.status === "approved") {
      k.approved += s.minutes;
      if (s.pgl_phase_id != null) byPhase.set(s.pgl_phase_id, (byPhase.get(s.pgl_phase_id) ?? 0) + s.minutes);
      if (s.mic_role_id != null) byRole.set(s.mic_role_id, (byRole.get(s.mic_role_id) ?? 0) + s.minutes);
    } else k.submitted += s.minutes;
    byKind.set(s.task_kind_id, k);
  }
  const totals: KindTotals[] = kinds
    // A retired kind still shows when this placement planned or logged it.
    .filter((k) => k.active === 1 || k.planned_minutes != null || byKind.has(k.id))
    .map((k) => ({
      taskKindId: k.id,
      label: k.label,
      plannedMinutes: k.planned_minutes ?? 0,
      submittedMinutes: byKind.get(k.id)?.submitted ?? 0,
      approvedMinutes: byKind.get(k.id)?.approved ?? 0,
    }));
  const planUpdatedAt = kinds.reduce<string | null>(
    (latest, k) => (k.updated_at && (!latest || k.updated_at > latest) ? k.updated_at : latest),
    null,
  );
  return {
    progress: computeProgress({
      startDate: placement.start_date,
      endDate: placement.end_date,
      today,
      endedOn: placement.ended_at ? tokyoDateOf(placement.ended_at) : null,
      kinds: totals,
    }),
    coverage: {
      phases: phases
        .filter((p) => p.active === 1 || byPhase.has(p.id))
        .map((p) => ({ id: p.id, label: p.label, process: p.process, approvedMinutes: byPhase.get(p.id) ?? 0 })),
      roles: roles
        .filter((r) => r.active === 1 || byRole.has(r.id))
        .map((r) => ({ id: r.id, label: r.label, approvedMinutes: byRole.get(r.id) ?? 0 })),
    },
    planUpdatedAt,
  };
}

/**
 * For certification (issue 15): the verified (approved) minutes of a placement, and the task
 * kinds, PGL phases and MIC roles its approved entries cover.
 */
export async function approvedSummaryOfPlacement(db: Database, placementId: number) {
  const sums = (await entrySums(db, placementId)).filter((s) => s.status === "approved");
  const unique = (ids: (number | null)[]) =>
    [...new Set(ids.filter((i): i is number => i != null))].sort((a, b) => a - b);
  return {
    approvedMinutes: sums.reduce((s, r) => s + r.minutes, 0),
    taskKindIds: unique(sums.map((s) => s.task_kind_id)),
    pglPhaseIds: unique(sums.map((s) => s.pgl_phase_id)),
    micRoleIds: unique(sums.map((s) => s.mic_role_id)),
  };
}

/** The plan form: every active kind (and any retired kind already planned) with its hours. */
export async function planOfPlacement(db: Database, placementId: number) {
  const kinds = await kindsWithPlan(db, placementId);
  return kinds
    .filter((k) => k.active === 1 || k.planned_minutes != null)
    .map((k) => ({ taskKindId: k.id, label: k.label, hours: (k.planned_minutes ?? 0) / 60 }));
}

/**
 * The pair (trainee or trainer) or staff record the planned hours per task kind, while the
 * placement is accepted or active. Replaces the plan as a whole; audited with before/after;
 * the other party hears about it.
 */
export async function savePlacementPlan(db: Database, placementId: number, viewer: Actor, input: PlanHoursInput) {
  await transaction(db, async (trx) => {
    const p = await trx
      .selectFrom("ojt_placements")
      .select(["id", "trainee_id", "trainer_id", "status"])
      .where("id", "=", placementId)
      .executeTakeFirst();
    if (!p) throw new NotFoundError("OJTが見つかりません。");
    requirePlacementAction(viewer, p, "editPlanHours");
    const ids = input.hours.map((h) => h.taskKindId);
    if (new Set(ids).size !== ids.length) throw new ConflictError("同じ作業の種類が重複しています。");
    const before = await kindsWithPlan(trx, placementId);
    const known = new Map(before.map((k) => [k.id, k]));
    for (const id of ids) {
      const k = known.get(id);
      if (!k || (k.active !== 1 && k.planned_minutes == null))
        throw new ConflictError("作業の種類が正しくありません。画面を更新してやり直してください。");
    }
    const now = new Date().toISOString();
    const changes: Record<string, { from: number; to: number }> = {};
    for (const h of input.hours) {
      const minutes = Math.round(h.hours * 60);
      const from = known.get(h.taskKindId)?.planned_minutes ?? 0;
      if (from !== minutes) changes[String(h.taskKindId)] = { from, to: minutes };
    }
    if (Object.keys(changes).length === 0) return;
    await trx
      .deleteFrom("ojt_plan_hours")
      .where("placement_id", "=", placementId)
      .where("task_kind_id", "in", ids)
      .execute();
    await trx
      .insertInto("ojt_plan_hours")
      .values(
        input.hours.map((h) => ({
          placement_id: placementId,
          task_kind_id: h.taskKindId,
          planned_minutes: Math.round(h.hours * 60),
          updated_by: viewer.id,
          updated_at: now,
        })),
      )
      .execute();
    await audit(trx, {
      actorId: viewer.id,
      action: "ojt_placement.plan_hours",
      entityType: "ojt_placement",
      entityId: placementId,
      details: { changes },
    });
    for (const userId of [p.trainee_id, p.trainer_id].filter((u) => u !== viewer.id))
      await notify(trx, {
        userId,
        kind: "ojt_placement.plan_hours",
        title: "OJTの計画時間が更新されました",
        body: "OJTのページで、作業の種類ごとの計画時間と進み具合を確認してください。",
        link: `/placements/${placementId}`,
      });
  });
}
