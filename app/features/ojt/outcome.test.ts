import { beforeAll, describe, expect, it } from "vitest";
import type { Database } from "~/db.server";
import { listRubric } from "~/features/assessment/rubric.server";
import { saveEvaluation } from "~/features/assessment/evaluations.server";
import { ConflictError, ForbiddenError } from "~/lib/errors";
import { createTestDb } from "~/testing/db";
import { activePlacement } from "~/testing/logbook-progress";
import { traineeOjtSummary } from "./dashboard.server";
import { EndSchema } from "./ojt.schema";
import { cancelPlacement, endPlacement, listPlacementsForViewer } from "./placements.server";

const staffOf = (p: { staff: { id: string } }) => ({ id: p.staff.id, roles: ["staff"] as const });

describe("ending a placement with an outcome", () => {
  let db: Database;
  beforeAll(async () => {
    db = await createTestDb();
  });

  async function finalEvaluation(
    p: Awaited<ReturnType<typeof activePlacement>>,
    recommendation: "recommend" | "not_yet",
  ) {
    const criteria = await listRubric(db);
    await saveEvaluation(
      db,
      p.id,
      { id: p.trainer.id, roles: ["trainer"] },
      {
        intent: "submit",
        kind: "final",
        scores: criteria.map((c) => ({ criterionId: c.id, level: 3, comment: "" })),
        overallComment: "よく取り組みました。",
        recommendation,
        recommendationReason: recommendation === "not_yet" ? "調達支援の経験がまだ不足" : "",
      },
    );
  }

  it("checks its own caller: the trainer or the trainee cannot end or cancel, whatever the route does", async () => {
    const p = await activePlacement(db);
    for (const actor of [
      { id: p.trainer.id, roles: ["trainer"] as const },
      { id: p.trainee.id, roles: ["trainee"] as const },
    ]) {
      await expect(
        endPlacement(db, p.id, actor, { intent: "end", outcome: "discontinued", reason: "勝手に終了" }),
      ).rejects.toBeInstanceOf(ForbiddenError);
      await expect(cancelPlacement(db, p.id, actor, "勝手に取消")).rejects.toBeInstanceOf(ForbiddenError);
    }
    const row = await db.selectFrom("ojt_placements").select("status").where("id", "=", p.id).executeTakeFirstOrThrow();
    expect(row.status).toBe("active");
  });

  it("refuses completed without a final evaluation recommending completion, and writes nothing", async () => {
    const p = await activePlacement(db);
    await expect(
      endPlacement(db, p.id, staffOf(p), { intent: "end", outcome: "completed", reason: "" }),
    ).rejects.toBeInstanceOf(ConflictError);
    await finalEvaluation(p, "not_yet");
    await expect(
      endPlacement(db, p.id, staffOf(p), { intent: "end", outcome: "completed", reason: "" }),
    ).rejects.toThrow("まだ推薦しない");
    const row = await db
      .selectFrom("ojt_placements")
      .select(["status", "outcome", "ended_at"])
      .where("id", "=", p.id)
      .executeTakeFirstOrThrow();
    expect(row).toEqual({ status: "active", outcome: null, ended_at: null });
  });

  it("completed with the recommendation: outcome, ended_at, audit, the pair notified, the dashboard shows it", async () => {
    const p = await activePlacement(db);
    await finalEvaluation(p, "recommend");
    await endPlacement(db, p.id, staffOf(p), { intent: "end", outcome: "completed", reason: "所定の時間を満たした" });
    const row = await db.selectFrom("ojt_placements").selectAll().where("id", "=", p.id).executeTakeFirstOrThrow();
    expect(row).toMatchObject({ status: "ended", outcome: "completed", outcome_reason: "所定の時間を満たした" });
    expect(row.ended_at).not.toBeNull();
    const audit = await db
      .selectFrom("audit_log")
      .select("details")
      .where("action", "=", "ojt_placement.outcome")
      .where("entity_id", "=", String(p.id))
      .executeTakeFirstOrThrow();
    expect(JSON.parse(audit.details)).toMatchObject({ outcome: "completed" });
    const notes = await db
      .selectFrom("notifications")
      .select(["user_id", "title"])
      .where("kind", "=", "ojt_placement.ended")
      .where("link", "=", `/placements/${p.id}`)
      .execute();
    expect(notes.map((n) => n.user_id).sort()).toEqual([p.trainee.id, p.trainer.id].sort());
    expect(notes[0]!.title).toBe("OJTを修了しました");
    const summary = await traineeOjtSummary(db, p.trainee.id);
    expect(summary.placement).toMatchObject({ id: p.id, status: "ended", outcome: "completed" });
    const list = await listPlacementsForViewer(
      db,
      { id: p.staff.id, roles: ["staff"] },
      { status: "", outcome: "completed", page: 1 },
    );
    expect(list.placements.map((x) => x.id)).toContain(p.id);
    expect(list.placements.every((x) => x.outcome === "completed")).toBe(true);
  });

  it("discontinued needs a reason", async () => {
    const p = await activePlacement(db);
    expect(EndSchema.safeParse({ intent: "end", outcome: "discontinued", reason: "" }).error?.issues[0]?.message).toBe(
      "中止とする場合は、その理由を入力してください。",
    );
    await expect(
      endPlacement(db, p.id, staffOf(p), { intent: "end", outcome: "discontinued", reason: "" }),
    ).rejects.toBeInstanceOf(ConflictError);
    await endPlacement(db, p.id, staffOf(p), {
      intent: "end",
      outcome: "discontinued",
      reason: "トレーニーの転勤のため",
    });
    const summary = await traineeOjtSummary(db, p.trainee.id);
    expect(summary.placement).toMatchObject({ status: "ended", outcome: "discontinued" });
    const list = await listPlacementsForViewer(
      db,
      { id: p.staff.id, roles: ["staff"] },
      { status: "", outcome: "discontinued", page: 1 },
    );
    expect(list.placements.map((x) => x.id)).toEqual([p.id]);
  });
});
