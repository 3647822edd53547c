import { beforeAll, describe, expect, it } from "vitest";
import type { Database } from "~/db.server";
import { ConflictError, ForbiddenError, NotFoundError } from "~/lib/errors";
import { addDays, todayInTokyo } from "~/lib/dates";
import { createTestDb, makeUser } from "~/testing/db";
import { entryInput, makeActivePlacement, taskKindId } from "~/testing/logbook";
import {
  approveEntries,
  approveEntry,
  correctEntry,
  countAwaitingApproval,
  createEntry,
  getEntryForViewer,
  lastTaskKindId,
  listAwaitingApproval,
  listPlacementEntries,
  returnEntry,
  signedEntry,
  updateEntry,
} from "./entries.server";
import { entryFingerprint } from "./fingerprint";
import { EntrySchema, NewEntrySchema } from "./logbook.schema";
import {
  activeChoices,
  addReferenceItem,
  listReferenceData,
  moveReferenceItem,
  renameReferenceItem,
  setReferenceItemActive,
} from "./reference-data.server";
import { allowedEntryActions, minutesBetween } from "./sign-off";

let db: Database;
beforeAll(async () => {
  db = await createTestDb();
});

const trainerOf = (p: { trainer: { id: string } }) => ({ id: p.trainer.id, roles: ["trainer"] as const });
const traineeOf = (p: { trainee: { id: string } }) => ({ id: p.trainee.id, roles: ["trainee"] as const });
const rowsOf = async (placementId: number) =>
  db.selectFrom("ojt_log_entries").selectAll().where("placement_id", "=", placementId).orderBy("id").execute();
const auditOf = async (entryId: number) =>
  db
    .selectFrom("audit_log")
    .select(["action", "actor_id", "details"])
    .where("entity_type", "=", "ojt_log_entry")
    .where("entity_id", "=", String(entryId))
    .orderBy("id")
    .execute();
const notificationsOf = async (userId: string) =>
  db.selectFrom("notifications").select(["kind", "link"]).where("user_id", "=", userId).orderBy("id").execute();

describe("sign-off rules (pure)", () => {
  it("lets only the trainer approve or return, only the author edit, only the trainee resubmit", () => {
    const entry = { status: "submitted" as const, authorId: "t1" };
    expect(allowedEntryActions(entry, { id: "t1", role: "trainee" })).toEqual(["edit"]);
    expect(allowedEntryActions(entry, { id: "tr", role: "trainer" })).toEqual(["approve", "return"]);
    expect(allowedEntryActions({ ...entry, status: "returned" }, { id: "t1", role: "trainee" })).toEqual(["resubmit"]);
    expect(allowedEntryActions({ ...entry, status: "returned" }, { id: "tr", role: "trainer" })).toEqual([]);
    expect(allowedEntryActions({ ...entry, status: "approved" }, { id: "t1", role: "trainee" })).toEqual(["correct"]);
    expect(allowedEntryActions({ ...entry, status: "approved" }, { id: "s", role: "staff" })).toEqual([]);
  });
  it("turns times into minutes and refuses an end before the start", () => {
    expect(minutesBetween("10:00", "11:30")).toBe(90);
    expect(minutesBetween("10:00", "10:00")).toBeNull();
    expect(minutesBetween("11:00", "10:00")).toBeNull();
  });
});

describe("EntrySchema", () => {
  const form = { workDate: "2026-11-01", taskKindId: "1" };
  it("takes a duration or start and end times as minutes", () => {
    expect(EntrySchema.parse({ ...form, duration: "90" }).minutes).toBe(90);
    expect(EntrySchema.parse({ ...form, startTime: "１０：００", endTime: "11:15" }).minutes).toBe(75);
  });
  it("refuses a missing duration, an end before the start, and a missing task kind, in Japanese", () => {
    const none = EntrySchema.safeParse(form);
    expect(none.success).toBe(false);
    expect(none.error?.issues[0]?.message).toContain("時間を選択");
    const backwards = EntrySchema.safeParse({ ...form, startTime: "11:00", endTime: "10:00" });
    expect(backwards.error?.issues.map((i) => i.path.join("."))).toContain("endTime");
    const noKind = EntrySchema.safeParse({ workDate: "2026-11-01", duration: "60" });
    expect(noKind.error?.issues[0]?.message).toBe("作業の種類を選択してください。");
  });
  it("refuses a malformed idempotency key", () => {
    expect(NewEntrySchema.safeParse({ ...form, duration: "60", clientKey: "x" }).success).toBe(false);
    expect(NewEntrySchema.safeParse({ ...form, duration: "60", clientKey: "draft-12345678" }).success).toBe(true);
  });
});

describe("creating an entry", () => {
  it("is open to the trainee and the trainer of an active placement, audited, and notifies the trainer", async () => {
    const p = await makeActivePlacement(db);
    const byTrainee = await createEntry(db, p.placementId, traineeOf(p), await entryInput(db));
    const byTrainer = await createEntry(
      db,
      p.placementId,
      trainerOf(p),
      await entryInput(db, { trainerFeedback: "良い" }),
    );
    expect(byTrainee.duplicate).toBe(false);
    const rows = await rowsOf(p.placementId);
    expect(rows.map((r) => [r.status, r.author_id, r.minutes])).toEqual([
      ["submitted", p.trainee.id, 60],
      ["submitted", p.trainer.id, 60],
    ]);
    expect(rows[1]!.trainer_feedback).toBe("良い");
    expect((await auditOf(byTrainee.id)).map((a) => a.action)).toEqual(["ojt_log_entry.created"]);
    expect(await notificationsOf(p.trainer.id)).toEqual([
      { kind: "ojt_log_entry.submitted", link: `/placements/${p.placementId}/log/${byTrainee.id}` },
    ]);
    expect(byTrainer.id).toBeGreaterThan(byTrainee.id);
  });

  it("ignores feedback a trainee forges into the trainer's field", async () => {
    const p = await makeActivePlacement(db);
    const { id } = await createEntry(
      db,
      p.placementId,
      traineeOf(p),
      await entryInput(db, { trainerFeedback: "完璧" }),
    );
    const [row] = await rowsOf(p.placementId);
    expect(row!.id).toBe(id);
    expect(row!.trainer_feedback).toBe("");
  });

  it("refuses staff, outsiders, another placement's trainer, and placements not active; writes nothing", async () => {
    const p = await makeActivePlacement(db);
    const other = await makeActivePlacement(db);
    const staff = await makeUser(db, ["staff"]);
    const stranger = await makeUser(db, ["trainee"]);
    const input = await entryInput(db);
    await expect(createEntry(db, p.placementId, { id: staff.id, roles: ["staff"] }, input)).rejects.toBeInstanceOf(
      ForbiddenError,
    );
    await expect(createEntry(db, p.placementId, { id: stranger.id, roles: ["trainee"] }, input)).rejects.toBeInstanceOf(
      ForbiddenError,
    );
    await expect(createEntry(db, p.placementId, trainerOf(other), input)).rejects.toBeInstanceOf(ForbiddenError);
    await expect(createEntry(db, 999999, trainerOf(p), input)).rejects.toBeInstanceOf(NotFoundError);
    const proposed = await makeActivePlacement(db, { status: "accepted" });
    await expect(createEntry(db, proposed.placementId, traineeOf(proposed), input)).rejects.toThrow(
      "実施中のOJTにだけ記録を追加できます。",
    );
    expect(await rowsOf(p.placementId)).toEqual([]);
    expect(await rowsOf(proposed.placementId)).toEqual([]);
  });

  it("refuses a future date, a date outside the placement, and an inactive task kind", async () => {
    const p = await makeActivePlacement(db, { startDate: addDays(todayInTokyo(), -10) });
    const t = traineeOf(p);
    await expect(
      createEntry(db, p.placementId, t, await entryInput(db, { workDate: addDays(todayInTokyo(), 1) })),
    ).rejects.toThrow("実施日に未来の日付は指定できません。");
    await expect(
      createEntry(db, p.placementId, t, await entryInput(db, { workDate: addDays(todayInTokyo(), -11) })),
    ).rejects.toThrow(/OJTの期間/);
    const staff = await makeUser(db, ["staff"]);
    const { id: retired } = await addReferenceItem(db, "taskKinds", { label: "廃止予定の作業" }, staff.id);
    await setReferenceItemActive(db, "taskKinds", retired, false, staff.id);
    await expect(createEntry(db, p.placementId, t, await entryInput(db, { taskKindId: retired }))).rejects.toThrow(
      "作業の種類を選択し直してください。",
    );
    expect(await rowsOf(p.placementId)).toEqual([]);
  });

  it("stores a draft sent twice with the same key once, also when both arrive at the same time", async () => {
    const p = await makeActivePlacement(db);
    const t = traineeOf(p);
    const input = await entryInput(db, { clientKey: "draft-aaaaaaaa" });
    const first = await createEntry(db, p.placementId, t, input);
    const again = await createEntry(db, p.placementId, t, input);
    expect(again).toEqual({ id: first.id, duplicate: true });
    // Simultaneous requests (one server process: its transactions queue on the connection).
    const parallel = await entryInput(db, { clientKey: "draft-bbbbbbbb" });
    const results = await Promise.all([1, 2, 3].map(() => createEntry(db, p.placementId, t, parallel)));
    expect(new Set(results.map((r) => r.id)).size).toBe(1);
    expect(results.filter((r) => !r.duplicate)).toHaveLength(1);
    // Across server processes the unique index (author_id, client_key) is the last word.
    const [row] = await rowsOf(p.placementId);
    const { id: _id, ...copy } = row!;
    await expect(db.insertInto("ojt_log_entries").values(copy).execute()).rejects.toThrow(/unique/i);
    expect(await rowsOf(p.placementId)).toHaveLength(2);
    // The same key is another author's own: it does not collide with this trainee's.
    const byTrainer = await createEntry(db, p.placementId, trainerOf(p), input);
    expect(byTrainer.duplicate).toBe(false);
  });

  it("remembers the task kind the author used last", async () => {
    const p = await makeActivePlacement(db);
    expect(await lastTaskKindId(db, p.placementId, p.trainee.id)).toBeNull();
    const procurement = await taskKindId(db, "procurement");
    await createEntry(db, p.placementId, traineeOf(p), await entryInput(db, { taskKindId: procurement }));
    expect(await lastTaskKindId(db, p.placementId, p.trainee.id)).toBe(procurement);
  });
});

describe("sign-off", () => {
  it("runs submit → return with a comment → resubmit → approve, each audited and notified", async () => {
    const p = await makeActivePlacement(db);
    const { id } = await createEntry(db, p.placementId, traineeOf(p), await entryInput(db));
    await expect(returnEntry(db, id, traineeOf(p), "直して")).rejects.toBeInstanceOf(ForbiddenError);
    await expect(approveEntry(db, id, traineeOf(p))).rejects.toBeInstanceOf(ForbiddenError);
    await returnEntry(db, id, trainerOf(p), "相談の結論を追記してください。");
    let [row] = await rowsOf(p.placementId);
    expect([row!.status, row!.return_comment]).toEqual(["returned", "相談の結論を追記してください。"]);
    // Returned: the trainer may not approve it; only the trainee resubmits.
    await expect(approveEntry(db, id, trainerOf(p))).rejects.toBeInstanceOf(ConflictError);
    await expect(updateEntry(db, id, trainerOf(p), await entryInput(db))).rejects.toBeInstanceOf(ForbiddenError);
    await updateEntry(db, id, traineeOf(p), await entryInput(db, { activity: "結論：来年度予算に計上する。" }));
    [row] = await rowsOf(p.placementId);
    expect([row!.status, row!.activity]).toEqual(["submitted", "結論：来年度予算に計上する。"]);
    const { fingerprint } = await approveEntry(db, id, trainerOf(p), { trainerFeedback: "よくまとまっています。" });
    [row] = await rowsOf(p.placementId);
    expect([row!.status, row!.approved_by, row!.fingerprint, row!.trainer_feedback]).toEqual([
      "approved",
      p.trainer.id,
      fingerprint,
      "よくまとまっています。",
    ]);
    const signed = await signedEntry(db, id);
    expect(signed.matches).toBe(true);
    expect(entryFingerprint(signed.content, signed.signatures)).toBe(fingerprint);
    const trail = await auditOf(id);
    expect(trail.map((a) => a.action)).toEqual([
      "ojt_log_entry.created",
      "ojt_log_entry.returned",
      "ojt_log_entry.resubmitted",
      "ojt_log_entry.approved",
    ]);
    expect(JSON.parse(trail[1]!.details)).toMatchObject({ comment: "相談の結論を追記してください。" });
    expect(JSON.parse(trail[2]!.details).changes.activity[1]).toBe("結論：来年度予算に計上する。");
    expect((await notificationsOf(p.trainee.id)).map((n) => n.kind)).toEqual([
      "ojt_log_entry.returned",
      "ojt_log_entry.approved",
    ]);
    expect((await notificationsOf(p.trainer.id)).map((n) => n.kind)).toEqual([
      "ojt_log_entry.submitted",
      "ojt_log_entry.resubmitted",
    ]);
    // A later edit of the stored record no longer matches its fingerprint.
    await db.updateTable("ojt_log_entries").set({ minutes: 600 }).where("id", "=", id).execute();
    expect((await signedEntry(db, id)).matches).toBe(false);
  });

  it("lets the author edit while waiting, refuses the other party, and refuses edits once approved", async () => {
    const p = await makeActivePlacement(db);
    const { id } = await createEntry(db, p.placementId, traineeOf(p), await entryInput(db));
    await expect(updateEntry(db, id, trainerOf(p), await entryInput(db))).rejects.toBeInstanceOf(ForbiddenError);
    await updateEntry(db, id, traineeOf(p), await entryInput(db, { minutes: 45 }));
    await approveEntry(db, id, trainerOf(p));
    await expect(updateEntry(db, id, traineeOf(p), await entryInput(db, { minutes: 30 }))).rejects.toThrow(
      /承認済みの記録は変更できません/,
    );
    await expect(approveEntry(db, id, trainerOf(p))).rejects.toBeInstanceOf(ConflictError);
    const [row] = await rowsOf(p.placementId);
    expect([row!.minutes, row!.status]).toEqual([45, "approved"]);
  });

  it("refuses the trainer of another placement and staff (403), and an unknown entry (404)", async () => {
    const p = await makeActivePlacement(db);
    const other = await makeActivePlacement(db);
    const staff = await makeUser(db, ["staff"]);
    const { id } = await createEntry(db, p.placementId, traineeOf(p), await entryInput(db));
    await expect(approveEntry(db, id, trainerOf(other))).rejects.toBeInstanceOf(ForbiddenError);
    await expect(returnEntry(db, id, trainerOf(other), "x")).rejects.toBeInstanceOf(ForbiddenError);
    await expect(approveEntry(db, id, { id: staff.id, roles: ["staff"] })).rejects.toBeInstanceOf(ForbiddenError);
    await expect(approveEntry(db, 999999, trainerOf(p))).rejects.toBeInstanceOf(NotFoundError);
    // Reading: the other trainer cannot see it, even through their own placement's URL.
    await expect(getEntryForViewer(db, p.placementId, id, trainerOf(other))).rejects.toBeInstanceOf(ForbiddenError);
    await expect(getEntryForViewer(db, other.placementId, id, trainerOf(other))).rejects.toBeInstanceOf(NotFoundError);
    const seen = await getEntryForViewer(db, p.placementId, id, { id: staff.id, roles: ["staff"] });
    expect(seen.can).toEqual([]);
    expect((await rowsOf(p.placementId))[0]!.status).toBe("submitted");
  });

  it("lets only one of two simultaneous approvals win", async () => {
    const p = await makeActivePlacement(db);
    const { id } = await createEntry(db, p.placementId, traineeOf(p), await entryInput(db));
    const results = await Promise.allSettled([approveEntry(db, id, trainerOf(p)), approveEntry(db, id, trainerOf(p))]);
    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(1);
    expect((await auditOf(id)).filter((a) => a.action === "ojt_log_entry.approved")).toHaveLength(1);
  });
});

describe("correcting an approved entry", () => {
  it("keeps the approved version readable, requires a reason, and needs the trainer's approval again", async () => {
    const p = await makeActivePlacement(db);
    const { id } = await createEntry(db, p.placementId, traineeOf(p), await entryInput(db));
    const { fingerprint: first } = await approveEntry(db, id, trainerOf(p));
    await expect(
      correctEntry(
        db,
        id,
        { id: (await makeUser(db, ["trainer"])).id, roles: ["trainer"] },
        {
          ...(await entryInput(db)),
          reason: "時間の誤り",
        },
      ),
    ).rejects.toBeInstanceOf(ForbiddenError);
    const { version } = await correctEntry(db, id, traineeOf(p), {
      ...(await entryInput(db, { minutes: 90 })),
      reason: "実際は90分でした。",
    });
    expect(version).toBe(2);
    const [row] = await rowsOf(p.placementId);
    expect([row!.status, row!.version, row!.minutes, row!.fingerprint, row!.correction_reason]).toEqual([
      "submitted",
      2,
      90,
      null,
      "実際は90分でした。",
    ]);
    const view = await getEntryForViewer(db, p.placementId, id, trainerOf(p));
    expect(view.versions).toHaveLength(1);
    expect(view.versions[0]).toMatchObject({ version: 1, fingerprint: first, superseded_reason: "実際は90分でした。" });
    expect(view.versions[0]!.content.minutes).toBe(60);
    expect(view.versions[0]!.content.taskKind).toBe("職員相談会への同席");
    expect(view.can).toEqual(["approve", "return"]);
    const { fingerprint: second } = await approveEntry(db, id, trainerOf(p));
    expect(second).not.toBe(first);
    expect((await notificationsOf(p.trainer.id)).map((n) => n.kind)).toContain("ojt_log_entry.corrected");
  });
});

describe("bulk approval", () => {
  it("approves every selected entry, or none when one of them is not the trainer's to approve", async () => {
    const p = await makeActivePlacement(db);
    const other = await makeActivePlacement(db);
    const ids: number[] = [];
    for (let i = 0; i < 3; i++) ids.push((await createEntry(db, p.placementId, traineeOf(p), await entryInput(db))).id);
    const foreign = (await createEntry(db, other.placementId, traineeOf(other), await entryInput(db))).id;
    expect(await countAwaitingApproval(db, p.trainer.id)).toBe(3);
    await expect(approveEntries(db, [ids[0]!, foreign], trainerOf(p))).rejects.toBeInstanceOf(ForbiddenError);
    await returnEntry(db, ids[2]!, trainerOf(p), "差戻し");
    await expect(approveEntries(db, [ids[0]!, ids[2]!], trainerOf(p))).rejects.toThrow(/どの記録も承認していません/);
    expect((await rowsOf(p.placementId)).map((r) => r.status)).toEqual(["submitted", "submitted", "returned"]);
    expect(await approveEntries(db, [ids[0]!, ids[1]!, ids[0]!], trainerOf(p))).toEqual({ approved: 2 });
    expect((await rowsOf(p.placementId)).map((r) => r.status)).toEqual(["approved", "approved", "returned"]);
    expect((await rowsOf(other.placementId)).map((r) => r.status)).toEqual(["submitted"]);
    expect(await countAwaitingApproval(db, p.trainer.id)).toBe(0);
  });

  it("lists the entries waiting for a trainer across placements, oldest first, and no one else's", async () => {
    const trainerP = await makeActivePlacement(db);
    const second = await makeActivePlacement(db);
    // Give the second placement to the same trainer.
    await db
      .updateTable("ojt_placements")
      .set({ trainer_id: trainerP.trainer.id })
      .where("id", "=", second.placementId)
      .execute();
    const today = todayInTokyo();
    await createEntry(
      db,
      trainerP.placementId,
      traineeOf(trainerP),
      await entryInput(db, { workDate: addDays(today, -2) }),
    );
    await createEntry(
      db,
      second.placementId,
      traineeOf(second),
      await entryInput(db, { workDate: addDays(today, -5) }),
    );
    const stranger = await makeActivePlacement(db);
    await createEntry(db, stranger.placementId, traineeOf(stranger), await entryInput(db));
    const list = await listAwaitingApproval(db, trainerP.trainer.id, 1);
    expect(list.total).toBe(2);
    expect(list.entries.map((e) => e.work_date)).toEqual([addDays(today, -5), addDays(today, -2)]);
    const entries = await listPlacementEntries(db, trainerP.placementId);
    expect(entries.total).toBe(1);
    expect(entries.counts.submitted).toBe(1);
  });
});

describe("reference data", () => {
  it("adds, renames, reorders and deactivates; an inactive row leaves the choices but labels old entries", async () => {
    const staff = await makeUser(db, ["staff"]);
    const { id } = await addReferenceItem(db, "taskKinds", { label: "議会答弁の準備" }, staff.id);
    await expect(addReferenceItem(db, "taskKinds", { label: "議会答弁の準備" }, staff.id)).rejects.toBeInstanceOf(
      ConflictError,
    );
    await renameReferenceItem(db, "taskKinds", id, "議会対応の準備", staff.id);
    await moveReferenceItem(db, "taskKinds", id, "up", staff.id);
    let lists = await listReferenceData(db);
    const at = lists.taskKinds.findIndex((k) => k.id === id);
    expect(lists.taskKinds[at]!.label).toBe("議会対応の準備");
    expect(at).toBe(lists.taskKinds.length - 2);
    const p = await makeActivePlacement(db);
    const { id: entryId } = await createEntry(
      db,
      p.placementId,
      traineeOf(p),
      await entryInput(db, { taskKindId: id }),
    );
    await setReferenceItemActive(db, "taskKinds", id, false, staff.id);
    expect((await activeChoices(db)).taskKinds.map((k) => k.id)).not.toContain(id);
    lists = await listReferenceData(db);
    expect(lists.taskKinds.find((k) => k.id === id)).toMatchObject({ active: false, entryCount: 1 });
    const view = await getEntryForViewer(db, p.placementId, entryId, traineeOf(p));
    expect(view.entry.task_kind).toBe("議会対応の準備");
    // The entry may keep its retired kind when edited.
    await updateEntry(db, entryId, traineeOf(p), await entryInput(db, { taskKindId: id, minutes: 30 }));
    const { id: phase } = await addReferenceItem(db, "pglPhases", { label: "新フェーズ", process: "common" }, staff.id);
    expect((await listReferenceData(db)).pglPhases.find((x) => x.id === phase)?.process).toBe("common");
    const audits = await db
      .selectFrom("audit_log")
      .select("action")
      .where("entity_type", "=", "ojt_task_kinds")
      .where("entity_id", "=", String(id))
      .orderBy("id")
      .execute();
    expect(audits.map((a) => a.action)).toEqual([
      "logbook_reference.added",
      "logbook_reference.renamed",
      "logbook_reference.moved",
      "logbook_reference.deactivated",
    ]);
  });
});
