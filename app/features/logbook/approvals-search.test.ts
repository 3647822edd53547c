import { beforeAll, describe, expect, it } from "vitest";
import type { Database } from "~/db.server";
import { ConflictError } from "~/lib/errors";
import { createTestDb } from "~/testing/db";
import { entryInput, makeActivePlacement } from "~/testing/logbook";
import { awaitingApprovalSheet } from "./approvals-sheet.server";
import { approveAllMatching, createEntry, listAwaitingApproval } from "./entries.server";

// The approvals list's name search and its "approve all matching" (decision 0041).

let db: Database;
beforeAll(async () => {
  db = await createTestDb();
});

const trainerOf = (p: { trainer: { id: string } }) => ({ id: p.trainer.id, roles: ["trainer"] as const });
const traineeOf = (p: { trainee: { id: string } }) => ({ id: p.trainee.id, roles: ["trainee"] as const });

/** One trainer with two trainees: ｻﾄｳ (half-width, 3 entries) and 木村 (2 entries). */
async function twoTrainees() {
  const sato = await makeActivePlacement(db, { names: { trainer: "山本 指導", trainee: "ｻﾄｳ ﾊﾅｺ" } });
  const kimura = await makeActivePlacement(db, { names: { trainer: "別 トレーナー", trainee: "木村 100%_達也" } });
  await db
    .updateTable("ojt_placements")
    .set({ trainer_id: sato.trainer.id })
    .where("id", "=", kimura.placementId)
    .execute();
  const satoIds: number[] = [];
  for (let i = 0; i < 3; i++)
    satoIds.push((await createEntry(db, sato.placementId, traineeOf(sato), await entryInput(db))).id);
  const kimuraIds: number[] = [];
  for (let i = 0; i < 2; i++)
    kimuraIds.push((await createEntry(db, kimura.placementId, traineeOf(kimura), await entryInput(db))).id);
  // Written by the trainer: waits for the trainee (four eyes), never in his list.
  const own = (await createEntry(db, sato.placementId, trainerOf(sato), await entryInput(db))).id;
  return { sato, kimura, satoIds, kimuraIds, own };
}

const statusOf = async (ids: number[]) =>
  (await db.selectFrom("ojt_log_entries").select(["id", "status"]).where("id", "in", ids).orderBy("id").execute()).map(
    (r) => r.status,
  );

describe("approvals search", () => {
  it("narrows by the trainee's name across full-width and half-width, counted in SQL", async () => {
    const { sato, satoIds, kimuraIds } = await twoTrainees();
    const all = await listAwaitingApproval(db, sato.trainer.id, 1);
    expect(all.total).toBe(5);
    for (const q of ["サトウ", "ｻﾄｳ", "さとう ﾊﾅｺ"]) {
      const found = await listAwaitingApproval(db, sato.trainer.id, 1, q);
      expect(found.total).toBe(3);
      expect(found.entries.map((e) => e.id)).toEqual(satoIds);
    }
    const kimura = await listAwaitingApproval(db, sato.trainer.id, 1, "木村");
    expect(kimura.entries.map((e) => e.id)).toEqual(kimuraIds);
    expect(kimura.entries[0]!.trainee_name).toBe("木村 100%_達也");
  });

  it("reads % and _ literally and finds by municipality", async () => {
    const { sato } = await twoTrainees();
    expect((await listAwaitingApproval(db, sato.trainer.id, 1, "100%_")).total).toBe(2);
    expect((await listAwaitingApproval(db, sato.trainer.id, 1, "%")).total).toBe(2);
    expect((await listAwaitingApproval(db, sato.trainer.id, 1, "_")).total).toBe(2);
    expect((await listAwaitingApproval(db, sato.trainer.id, 1, "1_0")).total).toBe(0);
    expect((await listAwaitingApproval(db, sato.trainer.id, 1, "山形")).total).toBe(5);
    expect((await listAwaitingApproval(db, sato.trainer.id, 1, "存在しない市")).total).toBe(0);
  });

  it("exports exactly the matching entries", async () => {
    const { sato, kimuraIds } = await twoTrainees();
    const sheet = await awaitingApprovalSheet(db, sato.trainer.id, "木村");
    expect(sheet.rows.map((r) => r.id)).toEqual(kimuraIds);
  });
});

describe("approve all matching", () => {
  it("approves every matching entry and no other, when the count is the one shown", async () => {
    const { sato, satoIds, kimuraIds, own } = await twoTrainees();
    await expect(approveAllMatching(db, trainerOf(sato), { q: "ｻﾄｳ", expected: 2 })).rejects.toThrow(
      /表示したときは2件でしたが、いまは3件/,
    );
    expect(await statusOf(satoIds)).toEqual(["submitted", "submitted", "submitted"]);
    expect(await approveAllMatching(db, trainerOf(sato), { q: "ｻﾄｳ", expected: 3 })).toEqual({ approved: 3 });
    expect(await statusOf(satoIds)).toEqual(["approved", "approved", "approved"]);
    expect(await statusOf(kimuraIds)).toEqual(["submitted", "submitted"]);
    expect(await statusOf([own])).toEqual(["submitted"]);
  });

  it("finds nothing for someone who is not the trainer, and needs the count", async () => {
    const { sato, satoIds } = await twoTrainees();
    await expect(approveAllMatching(db, traineeOf(sato), { q: "", expected: 3 })).rejects.toBeInstanceOf(ConflictError);
    await expect(approveAllMatching(db, trainerOf(sato), { q: "ｻﾄｳ", expected: undefined })).rejects.toBeInstanceOf(
      ConflictError,
    );
    expect(await statusOf(satoIds)).toEqual(["submitted", "submitted", "submitted"]);
  });
});
