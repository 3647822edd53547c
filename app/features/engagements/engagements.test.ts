import { beforeAll, describe, expect, it } from "vitest";
import type { Database } from "~/db.server";
import { engagementInput, seedCities } from "~/testing/ojt";
import { ConflictError, ForbiddenError } from "~/lib/errors";
import { createTestDb, makeUser } from "~/testing/db";
import { EngagementSchema } from "./engagements.schema";
import { createEngagement, getEngagementForViewer, listEngagements, updateEngagement } from "./engagements.server";

const search = { q: "", status: "" as const, prefecture: "", theme: "" as const, contractType: "" as const, page: 1 };

describe("EngagementSchema", () => {
  const form = {
    municipality: "062014",
    title: "ITCアドバイザー",
    contractingOrganization: "株式会社",
    contractType: "outsourcing",
    startFiscalYear: "2026",
    endFiscalYear: "2025",
    themes: ["consultation"],
    ojtSlots: "21",
    confidentialityNote: "",
    status: "recruiting",
  };
  it("reports each bad field in Japanese", () => {
    const r = EngagementSchema.safeParse(form);
    expect(r.success).toBe(false);
    const byField = Object.fromEntries(r.error!.issues.map((i) => [i.path[0], i.message]));
    expect(byField.ojtSlots).toBe("受入枠は0〜20人で入力してください。");
    expect(byField.confidentialityNote).toContain("守秘義務");
    expect(byField.endFiscalYear).toBe("終了年度は開始年度以降にしてください。");
  });
  it("needs at least one theme and valid co-trainer e-mails", () => {
    const r = EngagementSchema.safeParse({
      ...form,
      endFiscalYear: "2026",
      ojtSlots: "2",
      confidentialityNote: "x",
      themes: [],
      coTrainerEmails: "a@example.com, not-mail",
    });
    expect(r.success).toBe(false);
    expect(r.error!.issues.map((i) => i.path[0]).sort()).toEqual(["coTrainerEmails", "themes"]);
  });
});

describe("engagements", () => {
  let db: Database;
  let trainer: { id: string; email: string };
  let other: { id: string; email: string };
  let staff: { id: string };
  beforeAll(async () => {
    db = await createTestDb();
    await seedCities(db);
    trainer = await makeUser(db, ["trainer"]);
    other = await makeUser(db, ["trainer"]);
    staff = await makeUser(db, ["staff"]);
  });

  it("a trainer registers their own engagement, with co-trainers, themes and an audit row", async () => {
    const { id } = await createEngagement(db, engagementInput({ coTrainerEmails: [other.email] }), {
      id: trainer.id,
      roles: ["trainer"],
    });
    const e = await getEngagementForViewer(db, id, { id: trainer.id, roles: ["trainer"] });
    expect(e).toMatchObject({
      lead_trainer_id: trainer.id,
      prefecture_code: "06",
      municipality_name: "山形市",
      canEdit: true,
    });
    expect(e.themes).toEqual(["consultation", "procurement", "staff_training"]);
    expect(e.trainers.map((t) => t.id)).toEqual([other.id]);
    // The co-trainer sees it but cannot edit; a stranger trainer may not see it.
    expect((await getEngagementForViewer(db, id, { id: other.id, roles: ["trainer"] })).canEdit).toBe(false);
    const stranger = await makeUser(db, ["trainer"]);
    await expect(getEngagementForViewer(db, id, { id: stranger.id, roles: ["trainer"] })).rejects.toBeInstanceOf(
      ForbiddenError,
    );
    await expect(
      updateEngagement(db, id, engagementInput(), { id: other.id, roles: ["trainer"] }),
    ).rejects.toBeInstanceOf(ForbiddenError);
    const audit = await db
      .selectFrom("audit_log")
      .select("action")
      .where("entity_type", "=", "engagement")
      .where("entity_id", "=", String(id))
      .execute();
    expect(audit.map((a) => a.action)).toEqual(["engagement.create"]);
  });

  it("refuses an unknown municipality or a wrong check digit on the municipality field, writing nothing", async () => {
    const before = await db
      .selectFrom("engagements")
      .select((eb) => eb.fn.countAll<number>().as("n"))
      .executeTakeFirstOrThrow();
    await expect(
      createEngagement(db, engagementInput({ municipality: "062015" }), { id: trainer.id, roles: ["trainer"] }),
    ).rejects.toMatchObject({ field: "municipality" });
    await expect(
      createEngagement(db, engagementInput({ municipality: "132012" }), { id: trainer.id, roles: ["trainer"] }),
    ).rejects.toMatchObject({ field: "municipality" });
    await expect(
      createEngagement(db, engagementInput({ coTrainerEmails: ["nobody@example.com"] }), {
        id: trainer.id,
        roles: ["trainer"],
      }),
    ).rejects.toMatchObject({ field: "coTrainerEmails" });
    const after = await db
      .selectFrom("engagements")
      .select((eb) => eb.fn.countAll<number>().as("n"))
      .executeTakeFirstOrThrow();
    expect(after.n).toBe(before.n);
  });

  it("staff register for a named trainer; lists are scoped and filtered", async () => {
    const { id } = await createEngagement(
      db,
      engagementInput({
        municipality: "岐阜市",
        leadTrainerId: other.id,
        contractType: "cio_adviser",
        themes: ["dx_plan"],
      }),
      { id: staff.id, roles: ["staff"] },
    );
    expect((await getEngagementForViewer(db, id, { id: staff.id, roles: ["staff"] })).lead_trainer_id).toBe(other.id);
    await expect(
      createEngagement(db, engagementInput({ leadTrainerId: staff.id }), { id: staff.id, roles: ["staff"] }),
    ).rejects.toMatchObject({ field: "leadTrainerId" });
    const mine = await listEngagements(db, { id: trainer.id, roles: ["trainer"] }, search);
    expect(mine.engagements.every((e) => e.municipality_name === "山形市")).toBe(true);
    const all = await listEngagements(db, { id: staff.id, roles: ["staff"] }, { ...search, theme: "dx_plan" });
    expect(all.engagements.map((e) => e.id)).toEqual([id]);
    const byPref = await listEngagements(
      db,
      { id: staff.id, roles: ["staff"] },
      { ...search, prefecture: "21", q: "ぎふ" },
    );
    expect(byPref.total).toBe(1);
  });

  it("slots cannot drop below those taken", async () => {
    const { id } = await createEngagement(db, engagementInput({ ojtSlots: 3 }), { id: trainer.id, roles: ["trainer"] });
    await db.updateTable("engagements").set({ slots_taken: 2 }).where("id", "=", id).execute();
    const err = await updateEngagement(db, id, engagementInput({ ojtSlots: 1 }), {
      id: trainer.id,
      roles: ["trainer"],
    }).catch((e) => e);
    expect(err).toBeInstanceOf(ConflictError);
    expect(err.field).toBe("ojtSlots");
    await updateEngagement(db, id, engagementInput({ ojtSlots: 2, status: "hosting" }), {
      id: trainer.id,
      roles: ["trainer"],
    });
    expect((await getEngagementForViewer(db, id, { id: trainer.id, roles: ["trainer"] })).status).toBe("hosting");
  });
});

describe("the counterpart contact (issue 21)", () => {
  it("audits a change of the counterpart e-mail with before and after (never an empty changed list)", async () => {
    const db = await createTestDb();
    await seedCities(db);
    const trainer = await makeUser(db, ["trainer"]);
    const staff = { id: (await makeUser(db, ["staff"])).id, roles: ["staff"] as const };
    const { id } = await createEngagement(
      db,
      engagementInput({ leadTrainerId: trainer.id, counterpartEmail: "city@example.jp", counterpartName: "山形 太郎" }),
      staff,
    );
    await updateEngagement(
      db,
      id,
      engagementInput({
        leadTrainerId: trainer.id,
        counterpartEmail: "private@example.com",
        counterpartName: "山形 太郎",
      }),
      staff,
    );
    const row = await db
      .selectFrom("audit_log")
      .select("details")
      .where("action", "=", "engagement.update")
      .where("entity_id", "=", String(id))
      .executeTakeFirstOrThrow();
    const details = JSON.parse(row.details) as { changed: string[]; counterpart?: unknown };
    expect(details.changed).toEqual(["counterpart"]);
    expect(details.counterpart).toMatchObject({
      before: { email: "city@example.jp" },
      after: { email: "private@example.com" },
    });
  });

  it("names every field an edit changed", async () => {
    const db = await createTestDb();
    await seedCities(db);
    const actor = { id: (await makeUser(db, ["trainer"])).id, roles: ["trainer"] as const };
    const { id } = await createEngagement(db, engagementInput(), actor);
    await updateEngagement(db, id, engagementInput({ title: "新しい案件名", description: "変更後の業務内容" }), actor);
    const row = await db
      .selectFrom("audit_log")
      .select("details")
      .where("action", "=", "engagement.update")
      .where("entity_id", "=", String(id))
      .executeTakeFirstOrThrow();
    expect((JSON.parse(row.details) as { changed: string[] }).changed).toEqual(["title", "description"]);
  });
});
