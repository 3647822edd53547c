import { beforeAll, describe, expect, it } from "vitest";
import type { Database } from "~/db.server";
import { ConflictError, ForbiddenError } from "~/lib/errors";
import { createTestDb } from "~/testing/db";
import { activePlacement } from "~/testing/logbook-progress";
import { EvaluationSchema, type EvaluationInput } from "./assessment.schema";
import { assessmentOfPlacement, finalRecommendationOf, saveEvaluation } from "./evaluations.server";
import { listRubric, saveCriterion } from "./rubric.server";

const viewer = (u: { id: string }, role: "trainee" | "trainer" | "staff") => ({ id: u.id, roles: [role] as const });

describe("evaluations", () => {
  let db: Database;
  beforeAll(async () => {
    db = await createTestDb();
  });

  async function fullInput(
    kind: EvaluationInput["kind"],
    extra: Partial<EvaluationInput> = {},
  ): Promise<EvaluationInput> {
    const criteria = await listRubric(db);
    return {
      intent: "submit",
      kind,
      scores: criteria.map((c, i) => ({ criterionId: c.id, level: (i % 4) + 1, comment: `観点${i}のコメント` })),
      overallComment: "全体として着実に成長しています。",
      recommendation: undefined,
      recommendationReason: "",
      ...extra,
    };
  }

  it("the migration seeds the practical-ability criteria and one per MIC role, four descriptors each", async () => {
    const rubric = await listRubric(db);
    expect(rubric.map((c) => c.label)).toEqual(expect.arrayContaining(["関係構築力", "分析・評価力", "合意形成力"]));
    expect(rubric.filter((c) => c.kind === "mic_role")).toHaveLength(4);
    for (const c of rubric) expect(c.descriptors.every((d) => d.length > 0)).toBe(true);
  });

  it("only the trainee writes the self-assessment and only the placement's trainer the mid and final", async () => {
    const p = await activePlacement(db);
    const other = await activePlacement(db);
    await expect(
      saveEvaluation(db, p.id, viewer(p.trainer, "trainer"), await fullInput("self")),
    ).rejects.toBeInstanceOf(ForbiddenError);
    await expect(saveEvaluation(db, p.id, viewer(p.trainee, "trainee"), await fullInput("mid"))).rejects.toBeInstanceOf(
      ForbiddenError,
    );
    // Another placement's trainer (a real trainer, guessing the id) is refused too.
    await expect(
      saveEvaluation(db, p.id, viewer(other.trainer, "trainer"), await fullInput("mid")),
    ).rejects.toBeInstanceOf(ForbiddenError);
    await expect(saveEvaluation(db, p.id, viewer(p.staff, "staff"), await fullInput("final"))).rejects.toBeInstanceOf(
      ForbiddenError,
    );
    expect(await db.selectFrom("ojt_evaluations").select("id").where("placement_id", "=", p.id).execute()).toEqual([]);
  });

  it("a draft keeps gaps and is hidden from others; once submitted it is locked, audited and snapshotted", async () => {
    const p = await activePlacement(db);
    const draft = await fullInput("self", { intent: "save" });
    draft.scores[0]!.level = undefined;
    await saveEvaluation(db, p.id, viewer(p.trainee, "trainee"), draft);
    const seenByTrainer = await assessmentOfPlacement(
      db,
      { ...p, trainee_id: p.trainee.id, trainer_id: p.trainer.id, status: "active" },
      viewer(p.trainer, "trainer"),
    );
    expect(seenByTrainer.evaluations.self).toBeUndefined();

    const submitted = await fullInput("self");
    await saveEvaluation(db, p.id, viewer(p.trainee, "trainee"), submitted);
    await expect(saveEvaluation(db, p.id, viewer(p.trainee, "trainee"), submitted)).rejects.toBeInstanceOf(
      ConflictError,
    );
    await expect(
      saveEvaluation(db, p.id, viewer(p.trainee, "trainee"), { ...submitted, intent: "save" }),
    ).rejects.toThrow("提出済み");
    const audit = await db
      .selectFrom("audit_log")
      .select("action")
      .where("entity_type", "=", "ojt_evaluation")
      .orderBy("id")
      .execute();
    expect(audit.map((a) => a.action)).toEqual(
      expect.arrayContaining(["ojt_evaluation.draft_saved", "ojt_evaluation.submitted"]),
    );

    // A later rubric edit leaves the submitted evaluation's wording as it was.
    const [first] = await listRubric(db);
    await saveCriterion(
      db,
      {
        intent: "criterion",
        criterionId: first!.id,
        label: "関係構築力（改訂）",
        description: "",
        descriptor1: "新1",
        descriptor2: "新2",
        descriptor3: "新3",
        descriptor4: "新4",
        active: true,
      },
      p.staff.id,
    );
    const page = await assessmentOfPlacement(
      db,
      { id: p.id, trainee_id: p.trainee.id, trainer_id: p.trainer.id, status: "active" },
      viewer(p.staff, "staff"),
    );
    const snap = page.evaluations.self!.snapshot!.find((c) => c.id === first!.id)!;
    expect(snap.label).toBe(first!.label);
    expect(snap.descriptors[0]).toBe(first!.descriptors[0]);
    expect(page.evaluations.self!.status).toBe("submitted");
    await saveCriterion(
      db,
      {
        intent: "criterion",
        criterionId: first!.id,
        label: first!.label,
        description: first!.description,
        descriptor1: first!.descriptors[0],
        descriptor2: first!.descriptors[1],
        descriptor3: first!.descriptors[2],
        descriptor4: first!.descriptors[3],
        active: true,
      },
      p.staff.id,
    );
  });

  it("submitting needs every level, an overall comment and, for the final, a recommendation (reason when not yet)", async () => {
    const p = await activePlacement(db);
    const missing = await fullInput("final");
    missing.scores = missing.scores.slice(1);
    missing.recommendation = "recommend";
    await expect(saveEvaluation(db, p.id, viewer(p.trainer, "trainer"), missing)).rejects.toThrow("すべての観点");
    const issues = (v: unknown) => EvaluationSchema.safeParse(v).error?.issues.map((i) => i.message) ?? [];
    expect(issues({ intent: "submit", kind: "final", scores: [], overallComment: "総評です" })).toContain(
      "最終評価では、修了を推薦するかどうかを選んでください。",
    );
    expect(
      issues({ intent: "submit", kind: "final", scores: [], overallComment: "総評", recommendation: "not_yet" }),
    ).toContain("まだ推薦しない場合は、その理由を入力してください。");
    expect(issues({ intent: "save", kind: "mid", scores: [], recommendation: "recommend" })).toContain(
      "修了の推薦は最終評価でのみ記入します。",
    );
    // A crafted scores[20] (scores[99] is over the limit of 50): the gaps before it are refused in Japanese, not in zod's English.
    const gaps: unknown[] = [];
    gaps[20] = { criterionId: 1, level: 2 };
    const gapIssues = issues({ intent: "save", kind: "mid", scores: gaps });
    expect(gapIssues.length).toBeGreaterThan(0);
    expect(gapIssues.every((m) => /[\u3040-\u30ff\u4e00-\u9fff]/.test(m))).toBe(true);
    expect(gapIssues).toContain("評価の観点が正しくありません。ページを読み込み直して、もう一度送信してください。");
    expect(await finalRecommendationOf(db, p.id)).toBeNull();
    await saveEvaluation(
      db,
      p.id,
      viewer(p.trainer, "trainer"),
      await fullInput("final", { recommendation: "recommend" }),
    );
    expect(await finalRecommendationOf(db, p.id)).toMatchObject({ recommendation: "recommend" });
    const notes = await db
      .selectFrom("notifications")
      .select("user_id")
      .where("kind", "=", "ojt_evaluation.submitted")
      .where("link", "=", `/placements/${p.id}/assessment`)
      .execute();
    expect(notes.map((n) => n.user_id).sort()).toEqual([p.trainee.id, p.staff.id].sort());
  });
});
