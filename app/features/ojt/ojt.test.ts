import { beforeAll, describe, expect, it } from "vitest";
import type { Database } from "~/db.server";
import type { Actor } from "~/features/auth/actor";
import { createEngagement } from "~/features/engagements/engagements.server";
import { ConflictError, ForbiddenError } from "~/lib/errors";
import { addDays, todayInTokyo } from "~/lib/dates";
import { createTestDb, makeUser } from "~/testing/db";
import { getOwnApplication, submitApplication, updateApplication, withdrawApplication } from "./applications.server";
import { staffOjtCounts, traineeOjtSummary, trainerOjtSummary } from "./dashboard.server";
import { candidatesForApplication, matchingBoard } from "./matching.server";
import { ApplicationSchema, ReasonSchema, parseBoardFilter } from "./ojt.schema";
import {
  acceptPlacement,
  cancelPlacement,
  confirmPlacement,
  declinePlacement,
  getPlacementForViewer,
  listPlacementsForViewer,
  proposePlacement,
} from "./placements.server";
import { ojtEligibility, setOjtPrerequisites } from "./prerequisites.server";
import { applicationInput, engagementInput, seedCities, setUpBasicCourse } from "~/testing/ojt";

const count = async (db: Database, table: "ojt_applications" | "ojt_placements" | "audit_log" | "notifications") =>
  (
    await db
      .selectFrom(table)
      .select((eb) => eb.fn.countAll<number>().as("n"))
      .executeTakeFirstOrThrow()
  ).n;

const proposal = (engagementId: number) => ({
  engagementId,
  startDate: todayInTokyo(),
  endDate: addDays(todayInTokyo(), 180),
  note: "",
  overrideReason: null,
});

describe("ApplicationSchema", () => {
  const form = {
    preferredPrefectures: ["11"],
    travelRange: "region",
    themes: ["consultation"],
    preferredSize: "any",
    daysPerMonth: "4",
    availableFrom: todayInTokyo(),
    availableTo: addDays(todayInTokyo(), 90),
    backgroundIndustry: "小売業",
    backgroundSkills: "業務改善",
    motivation: "自治体の現場でITCとして支援できる力をつけたいと考えています。",
    acceptsSelfPaid: true,
  };
  it("accepts a complete application", () => {
    expect(ApplicationSchema.safeParse(form).success).toBe(true);
  });
  it("requires accepting that expenses are self-paid, at least one prefecture and theme, and a sane period", () => {
    const r = ApplicationSchema.safeParse({
      ...form,
      acceptsSelfPaid: undefined,
      preferredPrefectures: [],
      themes: ["nonsense"],
      daysPerMonth: "0",
    });
    expect(r.success).toBe(false);
    const byField = Object.fromEntries(r.error!.issues.map((i) => [i.path[0], i.message]));
    expect(byField.acceptsSelfPaid).toContain("自己負担");
    expect(byField.preferredPrefectures).toContain("都道府県");
    expect(byField.themes).toBeDefined();
    expect(byField.daysPerMonth).toContain("1〜20日");
  });
  it("checks the availability period once the fields are valid", () => {
    const issues = (from: string, to: string) =>
      ApplicationSchema.safeParse({ ...form, availableFrom: from, availableTo: to }).error?.issues.map((i) => [
        i.path[0],
        i.message,
      ]);
    expect(issues(todayInTokyo(), addDays(todayInTokyo(), -1))).toEqual([
      ["availableTo", "終了日は開始日以降の日付にしてください。"],
    ]);
    expect(issues("2020-04-01", "2020-06-30")).toEqual([["availableTo", "終了日が過去の日付です。"]]);
    expect(issues(todayInTokyo(), addDays(todayInTokyo(), 800))).toEqual([
      ["availableTo", "活動できる期間は2年以内で入力してください。"],
    ]);
    expect(issues("2026-02-30", "2026-03-01")?.[0]?.[1]).toContain("正しい日付");
  });
  it("asks for a reason with one clear message", () => {
    expect(ReasonSchema.safeParse({ intent: "decline", reason: " " }).error!.issues.map((i) => i.message)).toEqual([
      "理由を入力してください。",
    ]);
    expect(ReasonSchema.safeParse({ intent: "decline", reason: "あ" }).error!.issues.map((i) => i.message)).toEqual([
      "理由は2文字以上で入力してください。",
    ]);
  });
  it("refuses a 48th prefecture and falls back to defaults for a broken board filter", () => {
    expect(ApplicationSchema.safeParse({ ...form, preferredPrefectures: ["48"] }).success).toBe(false);
    expect(parseBoardFilter({ prefecture: "xx", theme: "procurement", page: "-3" })).toMatchObject({
      prefecture: "",
      theme: "procurement",
      page: 1,
    });
  });
});

describe("OJT applications, matching and placements", () => {
  let db: Database;
  let staff: Actor;
  let basic: Awaited<ReturnType<typeof setUpBasicCourse>>;
  let trainer: Actor;
  let otherTrainer: Actor;
  let yamagata: number;

  async function eligibleTrainee(prefectureCode = "06") {
    const t = await makeUser(db, ["trainee"], { prefectureCode });
    await basic.complete(t.id);
    return t;
  }

  beforeAll(async () => {
    db = await createTestDb();
    await seedCities(db);
    basic = await setUpBasicCourse(db);
    staff = await makeUser(db, ["staff"]);
    trainer = await makeUser(db, ["trainer"], { name: "佐藤 健一" });
    otherTrainer = await makeUser(db, ["trainer"]);
    yamagata = (await createEngagement(db, engagementInput({ ojtSlots: 3 }), { id: trainer.id, roles: ["trainer"] }))
      .id;
    await createEngagement(
      db,
      engagementInput({
        municipality: "112453",
        title: "CIO補佐官",
        contractType: "cio_adviser",
        themes: ["dx_plan", "planning"],
        ojtSlots: 1,
      }),
      { id: otherTrainer.id, roles: ["trainer"] },
    );
  });

  it("refuses a trainee who has not completed the basic course, with a clear message, writing nothing", async () => {
    const t = await makeUser(db, ["trainee"]);
    const before = await count(db, "ojt_applications");
    const err = await submitApplication(db, t.id, applicationInput()).catch((e) => e);
    expect(err).toBeInstanceOf(ConflictError);
    expect(err.message).toBe(
      "OJTに申し込むには、「自治体ビジネス基礎研修」を修了している必要があります。研修の修了後にお申し込みください。",
    );
    expect(await count(db, "ojt_applications")).toBe(before);
    expect((await ojtEligibility(db, t.id)).eligible).toBe(false);
  });

  it("the prerequisite is data: with rule 'any', one of several courses suffices", async () => {
    const t = await makeUser(db, ["trainee"]);
    const now = new Date().toISOString();
    const other = await db
      .insertInto("courses")
      .values({
        code: "CASE-X",
        title: "ケース研修",
        kind: "case_training",
        format: "classroom",
        total_hours: 36,
        points: 18,
        created_at: now,
        updated_at: now,
      })
      .returning("id")
      .executeTakeFirstOrThrow();
    await setOjtPrerequisites(db, { courseIds: [basic.courseId, other.id], rule: "all" }, staff.id);
    await basic.complete(t.id);
    expect((await ojtEligibility(db, t.id)).eligible).toBe(false);
    await setOjtPrerequisites(db, { courseIds: [basic.courseId, other.id], rule: "any" }, staff.id);
    expect((await ojtEligibility(db, t.id)).eligible).toBe(true);
    await expect(setOjtPrerequisites(db, { courseIds: [999999], rule: "any" }, staff.id)).rejects.toMatchObject({
      field: "courseIds",
    });
    await setOjtPrerequisites(db, { courseIds: [basic.courseId], rule: "all" }, staff.id);
  });

  it("an eligible trainee applies once, edits while open, and can withdraw and apply again", async () => {
    const t = await eligibleTrainee();
    const { id } = await submitApplication(db, t.id, applicationInput());
    await expect(submitApplication(db, t.id, applicationInput())).rejects.toBeInstanceOf(ConflictError);
    await updateApplication(db, t.id, applicationInput({ preferredPrefectures: ["06", "07"], themes: ["budget"] }));
    const app = await getOwnApplication(db, t.id);
    expect(app).toMatchObject({ id, status: "open", prefectures: ["06", "07"], themes: ["budget"] });
    await withdrawApplication(db, t.id);
    expect(await getOwnApplication(db, t.id)).toBeNull();
    const again = await submitApplication(db, t.id, applicationInput());
    expect(again.id).not.toBe(id);
    const actions = await db
      .selectFrom("audit_log")
      .select("action")
      .where("actor_id", "=", t.id)
      .where("entity_type", "=", "ojt_application")
      .orderBy("id")
      .execute();
    expect(actions.map((a) => a.action)).toEqual([
      "ojt_application.submit",
      "ojt_application.update",
      "ojt_application.withdraw",
      "ojt_application.submit",
    ]);
  });

  it("the board suggests engagements with a score explained part by part, and filters", async () => {
    const t = await eligibleTrainee();
    const { id } = await submitApplication(
      db,
      t.id,
      applicationInput({ themes: ["consultation", "procurement", "budget"] }),
    );
    const board = await matchingBoard(db, parseBoardFilter({ prefecture: "06" }));
    const row = board.applications.find((a) => a.id === id)!;
    expect(row).toBeDefined();
    const best = row.suggestions[0]!;
    expect(best.engagementId).toBe(yamagata);
    expect(best.score.parts.map((p) => [p.key, p.points])).toEqual([
      ["region", 40],
      ["themes", 20],
      ["slots", 10],
      ["load", 10],
      ["size", 5],
    ]);
    expect(best.score.total).toBe(85);
    expect(best.score.parts[0]!.reason).toBe("希望する都道府県（山形県）");
    expect(best.score.parts[1]!.reason).toBe("希望3件中2件が一致（相談会・調達）");
    // ふじみ野 (埼玉県, 関東) is out of reach for a trainee in 山形 who travels within 東北.
    expect(row.suggestions.map((s) => s.municipalityName)).toEqual(["山形市"]);
    const other = await matchingBoard(db, parseBoardFilter({ prefecture: "47" }));
    expect(other.applications.some((a) => a.id === id)).toBe(false);
    const byTheme = await matchingBoard(db, parseBoardFilter({ theme: "budget", proposal: "none" }));
    expect(byTheme.applications.map((a) => a.id)).toContain(id);
    const detail = await candidatesForApplication(db, id);
    expect(detail.suggestions[0]!.engagement.id).toBe(yamagata);
  });

  it("propose → trainer declines one, accepts another → trainee confirms → active; audited and notified", async () => {
    const a = await eligibleTrainee();
    const b = await eligibleTrainee();
    const appA = await submitApplication(db, a.id, applicationInput());
    const appB = await submitApplication(db, b.id, applicationInput());
    const auditBefore = await count(db, "audit_log");
    const p1 = await proposePlacement(db, { applicationId: appA.id, ...proposal(yamagata) }, staff);
    const p2 = await proposePlacement(db, { applicationId: appB.id, ...proposal(yamagata) }, staff);
    // No second pending proposal for the same application.
    await expect(proposePlacement(db, { applicationId: appA.id, ...proposal(yamagata) }, staff)).rejects.toBeInstanceOf(
      ConflictError,
    );
    const slotsAfterProposals = await db
      .selectFrom("engagements")
      .select("slots_taken")
      .where("id", "=", yamagata)
      .executeTakeFirstOrThrow();

    // Only the trainer the proposal was made to may answer.
    await expect(
      acceptPlacement(db, p1.id, otherTrainer, { goals: "目標目標目標", contacts: "" }),
    ).rejects.toBeInstanceOf(ForbiddenError);
    await expect(getPlacementForViewer(db, p1.id, { id: otherTrainer.id, roles: ["trainer"] })).rejects.toBeInstanceOf(
      ForbiddenError,
    );
    await expect(getPlacementForViewer(db, p1.id, { id: b.id, roles: ["trainee"] })).rejects.toBeInstanceOf(
      ForbiddenError,
    );
    expect((await getPlacementForViewer(db, p1.id, { id: a.id, roles: ["trainee"] })).can.confirm).toBe(false);

    await declinePlacement(db, p1.id, trainer, "今期は相談会の日程が合わないため");
    await acceptPlacement(db, p2.id, trainer, {
      goals: "相談会に毎回同席し、調達支援を1件担当する",
      contacts: "山形市DX推進課",
    });
    await expect(confirmPlacement(db, p2.id, a)).rejects.toBeInstanceOf(ForbiddenError);
    await confirmPlacement(db, p2.id, b);

    const placed = await getPlacementForViewer(db, p2.id, { id: b.id, roles: ["trainee"] });
    expect(placed.status).toBe("active");
    expect(placed.events.map((e) => e.to_status)).toEqual(["proposed", "accepted", "active"]);
    expect(placed.confidentiality_note).toContain("口外しない");
    expect((await getOwnApplication(db, b.id))!.status).toBe("matched");
    expect((await getOwnApplication(db, a.id))!.status).toBe("open");
    const slots = await db
      .selectFrom("engagements")
      .select("slots_taken")
      .where("id", "=", yamagata)
      .executeTakeFirstOrThrow();
    expect(slots.slots_taken).toBe(slotsAfterProposals.slots_taken - 1);

    const actions = await db
      .selectFrom("audit_log")
      .select("action")
      .where("id", ">", auditBefore)
      .where("entity_type", "=", "ojt_placement")
      .orderBy("id")
      .execute();
    expect(actions.map((x) => x.action)).toEqual([
      "ojt_placement.proposed",
      "ojt_placement.proposed",
      "ojt_placement.declined",
      "ojt_placement.accepted",
      "ojt_placement.active",
    ]);
    const toTrainer = await db
      .selectFrom("notifications")
      .select("kind")
      .where("user_id", "=", trainer.id)
      .orderBy("id")
      .execute();
    expect(toTrainer.map((n) => n.kind)).toEqual([
      "ojt_placement.proposed",
      "ojt_placement.proposed",
      "ojt_placement.active",
    ]);
    const toB = await db
      .selectFrom("notifications")
      .select("kind")
      .where("user_id", "=", b.id)
      .where("kind", "like", "ojt_placement.%")
      .orderBy("id")
      .execute();
    expect(toB.map((n) => n.kind)).toEqual([
      "ojt_placement.proposed",
      "ojt_placement.accepted",
      "ojt_placement.active",
    ]);

    // Lists and dashboards are scoped to the viewer.
    const trainerList = await listPlacementsForViewer(
      db,
      { id: trainer.id, roles: ["trainer"] },
      { status: "", page: 1 },
    );
    expect(trainerList.placements.every((p) => p.trainer_id === trainer.id)).toBe(true);
    const otherList = await listPlacementsForViewer(
      db,
      { id: otherTrainer.id, roles: ["trainer"] },
      { status: "", page: 1 },
    );
    expect(otherList.total).toBe(0);
    const summary = await trainerOjtSummary(db, trainer.id);
    expect(summary.trainees.map((t) => t.id)).toContain(p2.id);
    expect((await traineeOjtSummary(db, b.id)).placement).toMatchObject({ id: p2.id, status: "active" });
    expect((await staffOjtCounts(db)).active).toBeGreaterThanOrEqual(1);
  });

  it("a trainee holds at most one active placement unless staff record an override reason", async () => {
    const t = await eligibleTrainee();
    const { id: appId } = await submitApplication(db, t.id, applicationInput());
    const e2 = (
      await createEngagement(db, engagementInput({ ojtSlots: 2, title: "第二案件" }), {
        id: trainer.id,
        roles: ["trainer"],
      })
    ).id;
    const p = await proposePlacement(db, { applicationId: appId, ...proposal(e2) }, staff);
    await acceptPlacement(db, p.id, trainer, { goals: "目標を立てる", contacts: "" });
    await confirmPlacement(db, p.id, t);
    const err = await proposePlacement(db, { applicationId: appId, ...proposal(e2) }, staff).catch((e) => e);
    expect(err).toBeInstanceOf(ConflictError);
    expect(err.field).toBe("overrideReason");
    const second = await proposePlacement(
      db,
      { applicationId: appId, ...proposal(e2), overrideReason: "短期の派遣案件を並行して経験するため" },
      staff,
    );
    await acceptPlacement(db, second.id, trainer, { goals: "派遣案件の準備", contacts: "" });
    await confirmPlacement(db, second.id, t);
    const active = await db
      .selectFrom("ojt_placements")
      .select(["id", "override_reason"])
      .where("trainee_id", "=", t.id)
      .where("status", "=", "active")
      .execute();
    expect(active).toHaveLength(2);
    // And the database itself refuses a second active placement without a reason.
    await expect(
      db.updateTable("ojt_placements").set({ override_reason: null }).where("id", "=", second.id).execute(),
    ).rejects.toThrow(/UNIQUE|unique constraint/);
  });

  it("never overbooks under concurrent proposals", async () => {
    const e = (
      await createEngagement(db, engagementInput({ ojtSlots: 2, title: "枠2の案件" }), {
        id: trainer.id,
        roles: ["trainer"],
      })
    ).id;
    const apps = [];
    for (let i = 0; i < 10; i++) {
      const t = await eligibleTrainee();
      apps.push((await submitApplication(db, t.id, applicationInput())).id);
    }
    const results = await Promise.allSettled(
      apps.map((applicationId) => proposePlacement(db, { applicationId, ...proposal(e) }, staff)),
    );
    const ok = results.filter((r) => r.status === "fulfilled");
    const refused = results.filter((r): r is PromiseRejectedResult => r.status === "rejected");
    expect(ok).toHaveLength(2);
    expect(refused).toHaveLength(8);
    expect(
      refused.every(
        (r) => r.reason instanceof ConflictError && r.reason.message === "この案件の受入枠に空きがありません。",
      ),
    ).toBe(true);
    const holding = await db
      .selectFrom("ojt_placements")
      .select((eb) => eb.fn.countAll<number>().as("n"))
      .where("engagement_id", "=", e)
      .where("status", "in", ["proposed", "accepted", "active"])
      .executeTakeFirstOrThrow();
    expect(holding.n).toBe(2);
    const row = await db.selectFrom("engagements").select("slots_taken").where("id", "=", e).executeTakeFirstOrThrow();
    expect(row.slots_taken).toBe(2);
    // Cancelling one frees its slot for the next proposal.
    const firstId = (ok[0] as PromiseFulfilledResult<{ id: number }>).value.id;
    await cancelPlacement(db, firstId, { id: staff.id, roles: ["staff"] }, "日程の都合");
    const refusedApp = apps.find((_, i) => results[i]!.status === "rejected")!;
    await proposePlacement(db, { applicationId: refusedApp, ...proposal(e) }, staff);
    const after = await db
      .selectFrom("engagements")
      .select("slots_taken")
      .where("id", "=", e)
      .executeTakeFirstOrThrow();
    expect(after.slots_taken).toBe(2);
  });

  it("concurrent decisions on one proposal: exactly one wins", async () => {
    const t = await eligibleTrainee();
    const { id: appId } = await submitApplication(db, t.id, applicationInput());
    const p = await proposePlacement(db, { applicationId: appId, ...proposal(yamagata) }, staff);
    const results = await Promise.allSettled([
      acceptPlacement(db, p.id, trainer, { goals: "目標を立てる", contacts: "" }),
      declinePlacement(db, p.id, trainer, "重複のため"),
      acceptPlacement(db, p.id, trainer, { goals: "別の目標", contacts: "" }),
    ]);
    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(1);
    const events = await db
      .selectFrom("ojt_placement_events")
      .select("to_status")
      .where("placement_id", "=", p.id)
      .execute();
    expect(events).toHaveLength(2);
  });
});
