import { beforeAll, describe, expect, it } from "vitest";
import type { Database } from "~/db.server";
import { ConflictError, ForbiddenError } from "~/lib/errors";
import { addDays, todayInTokyo } from "~/lib/dates";
import { createTestDb, makeUser } from "~/testing/db";
import { activePlacement, insertEntry, referenceIds } from "~/testing/logbook-progress";
import { approvedSummaryOfPlacement, placementProgress, planOfPlacement, savePlacementPlan } from "./progress.server";
import { PlanHoursSchema } from "./progress.schema";

describe("placement progress", () => {
  let db: Database;
  let ref: Awaited<ReturnType<typeof referenceIds>>;
  beforeAll(async () => {
    db = await createTestDb();
    ref = await referenceIds(db);
  });

  it("sums approved and waiting hours per kind, with the phases and roles approved entries cover", async () => {
    const p = await activePlacement(db);
    const other = await activePlacement(db);
    await savePlacementPlan(
      db,
      p.id,
      { id: p.trainee.id, roles: ["trainee"] },
      {
        hours: [
          { taskKindId: ref.kind.consultation!, hours: 20 },
          { taskKindId: ref.kind.procurement!, hours: 10.5 },
        ],
      },
    );
    await insertEntry(db, p, {
      minutes: 90,
      taskKindId: ref.kind.consultation!,
      status: "approved",
      pglPhaseId: ref.phase.communication!,
      micRoleId: ref.role.producer!,
    });
    await insertEntry(db, p, {
      minutes: 60,
      taskKindId: ref.kind.consultation!,
      status: "submitted",
      pglPhaseId: ref.phase.it_procurement!,
    });
    await insertEntry(db, p, { minutes: 30, taskKindId: ref.kind.procurement!, status: "returned" });
    // Another placement's entries never count here.
    await insertEntry(db, other, { minutes: 600, taskKindId: ref.kind.consultation!, status: "approved" });

    const { progress, coverage } = await placementProgress(db, {
      id: p.id,
      start_date: p.startDate,
      end_date: p.endDate,
      ended_at: null,
    });
    const consultation = progress.rows.find((r) => r.taskKindId === ref.kind.consultation)!;
    expect(consultation).toMatchObject({ plannedMinutes: 1200, approvedMinutes: 90, submittedMinutes: 60 });
    const procurement = progress.rows.find((r) => r.taskKindId === ref.kind.procurement)!;
    expect(procurement).toMatchObject({ plannedMinutes: 630, approvedMinutes: 0, submittedMinutes: 0 });
    expect(progress.total).toMatchObject({ plannedMinutes: 1830, approvedMinutes: 90, submittedMinutes: 60 });
    expect(progress.elapsedDays).toBe(31);
    // Only approved entries cover a phase: IT資源調達 is only in a waiting entry.
    expect(coverage.phases.filter((x) => x.approvedMinutes > 0).map((x) => x.id)).toEqual([ref.phase.communication]);
    expect(coverage.roles.filter((x) => x.approvedMinutes > 0).map((x) => x.id)).toEqual([ref.role.producer]);

    expect(await approvedSummaryOfPlacement(db, p.id)).toEqual({
      approvedMinutes: 90,
      taskKindIds: [ref.kind.consultation],
      pglPhaseIds: [ref.phase.communication],
      micRoleIds: [ref.role.producer],
    });
    expect((await planOfPlacement(db, p.id)).find((k) => k.taskKindId === ref.kind.procurement)?.hours).toBe(10.5);
  });

  it("the query count stays the same with many entries (set-based)", async () => {
    const p = await activePlacement(db);
    const run = async () => {
      let queries = 0;
      const counting = db.withPlugin({
        transformQuery: (args) => {
          queries++;
          return args.node;
        },
        transformResult: async (args) => args.result,
      });
      await placementProgress(counting, { id: p.id, start_date: p.startDate, end_date: p.endDate, ended_at: null });
      return queries;
    };
    const few = await run();
    for (let i = 0; i < 40; i++)
      await insertEntry(db, p, {
        minutes: 30,
        taskKindId: ref.kind.budget!,
        status: i % 2 ? "approved" : "submitted",
        workDate: addDays(todayInTokyo(), -i),
      });
    expect(await run()).toBe(few);
    expect(few).toBeLessThanOrEqual(4);
  });

  it("only the pair and staff write the plan, only while accepted or active, with known kinds", async () => {
    const p = await activePlacement(db);
    const stranger = await makeUser(db, ["trainer"]);
    const input = { hours: [{ taskKindId: ref.kind.budget!, hours: 4 }] };
    await expect(savePlacementPlan(db, p.id, { id: stranger.id, roles: ["trainer"] }, input)).rejects.toBeInstanceOf(
      ForbiddenError,
    );
    await expect(
      savePlacementPlan(
        db,
        p.id,
        { id: p.trainer.id, roles: ["trainer"] },
        { hours: [{ taskKindId: 99999, hours: 1 }] },
      ),
    ).rejects.toBeInstanceOf(ConflictError);
    await savePlacementPlan(db, p.id, { id: p.staff.id, roles: ["staff"] }, input);
    const audit = await db
      .selectFrom("audit_log")
      .select("details")
      .where("action", "=", "ojt_placement.plan_hours")
      .where("entity_id", "=", String(p.id))
      .execute();
    expect(audit).toHaveLength(1);
    const notes = await db
      .selectFrom("notifications")
      .select("user_id")
      .where("kind", "=", "ojt_placement.plan_hours")
      .where("link", "=", `/placements/${p.id}`)
      .execute();
    expect(notes.map((n) => n.user_id).sort()).toEqual([p.trainee.id, p.trainer.id].sort());
  });

  it("the schema refuses hours off the half-hour step and negative hours", () => {
    const r = PlanHoursSchema.safeParse({
      hours: [
        { taskKindId: "1", hours: "1.25" },
        { taskKindId: "2", hours: "-1" },
      ],
    });
    expect(r.success).toBe(false);
    expect(r.error!.issues.map((i) => i.message).join()).toContain("0.5時間単位");
  });
});
