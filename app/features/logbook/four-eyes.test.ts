import { beforeAll, describe, expect, it } from "vitest";
import type { Database } from "~/db.server";
import { listProgrammes, candidatesOf } from "~/features/certification/evidence.server";
import { fiscalYearReport } from "~/features/reports/report.server";
import { fiscalYearOf } from "~/lib/dates";
import { ConflictError, ForbiddenError } from "~/lib/errors";
import { createTestDb } from "~/testing/db";
import { entryInput, makeActivePlacement } from "~/testing/logbook";
import { seedDemo } from "../../../db/seed/demo";
import {
  approveEntries,
  approveEntry,
  correctEntry,
  countAwaitingApproval,
  createEntry,
  getEntryForViewer,
  listAwaitingApproval,
  returnEntry,
  updateEntry,
} from "./entries.server";
import { placementProgress } from "./progress.server";

// The four-eyes rule (issue 21, decision 0027): nobody approves, confirms or returns what they
// wrote; a sign-off binds to the revision it was shown; only entries approved by someone other
// than their writer count as verified hours, on every page that sums them.

let db: Database;
beforeAll(async () => {
  db = await createTestDb();
});

const trainerOf = (p: { trainer: { id: string } }) => ({ id: p.trainer.id, roles: ["trainer"] as const });
const traineeOf = (p: { trainee: { id: string } }) => ({ id: p.trainee.id, roles: ["trainee"] as const });
const entryRow = (id: number) =>
  db.selectFrom("ojt_log_entries").selectAll().where("id", "=", id).executeTakeFirstOrThrow();

describe("four eyes on a log entry", () => {
  it("refuses the trainer's approval of his own entry; the trainee confirms it instead", async () => {
    const p = await makeActivePlacement(db);
    const own = await createEntry(db, p.placementId, trainerOf(p), await entryInput(db, { minutes: 45 }));
    await expect(approveEntry(db, own.id, trainerOf(p))).rejects.toBeInstanceOf(ForbiddenError);
    await expect(returnEntry(db, own.id, trainerOf(p), "自分で差戻し")).rejects.toBeInstanceOf(ForbiddenError);
    await expect(approveEntries(db, [own.id], trainerOf(p))).rejects.toBeInstanceOf(ForbiddenError);
    expect((await entryRow(own.id)).status).toBe("submitted");
    // Not in the trainer's queue; the trainee may confirm or return it, the trainer may edit.
    expect(await countAwaitingApproval(db, p.trainer.id)).toBe(0);
    expect((await listAwaitingApproval(db, p.trainer.id, 1)).entries).toEqual([]);
    const asTrainer = await getEntryForViewer(db, p.placementId, own.id, trainerOf(p));
    expect(asTrainer.can).toEqual(["edit"]);
    const asTrainee = await getEntryForViewer(db, p.placementId, own.id, traineeOf(p));
    expect(asTrainee.can).toEqual(["approve", "return"]);
    // A trainee confirming writes no trainer feedback.
    await approveEntry(db, own.id, traineeOf(p), { trainerFeedback: "偽のフィードバック", revision: 1 });
    const row = await entryRow(own.id);
    expect([row.status, row.approved_by, row.trainer_feedback]).toEqual(["approved", p.trainee.id, ""]);
  });

  it("refuses the trainee's confirmation of her own entry and the approval of a corrector's own version", async () => {
    const p = await makeActivePlacement(db);
    const e = await createEntry(db, p.placementId, traineeOf(p), await entryInput(db));
    await expect(approveEntry(db, e.id, traineeOf(p))).rejects.toBeInstanceOf(ForbiddenError);
    await approveEntry(db, e.id, trainerOf(p));
    // The trainer corrects the approved entry: he wrote this version, so the trainee signs it.
    await correctEntry(db, e.id, trainerOf(p), { ...(await entryInput(db, { minutes: 90 })), reason: "時間の誤り" });
    await expect(approveEntry(db, e.id, trainerOf(p))).rejects.toBeInstanceOf(ForbiddenError);
    expect(await countAwaitingApproval(db, p.trainer.id)).toBe(0);
    await approveEntry(db, e.id, traineeOf(p));
    expect((await entryRow(e.id)).approved_by).toBe(p.trainee.id);
  });
});

describe("a sign-off binds to the revision it was shown", () => {
  it("refuses a stale approval with a 409 that says what changed, and approves nothing", async () => {
    const p = await makeActivePlacement(db);
    const e = await createEntry(db, p.placementId, traineeOf(p), await entryInput(db, { minutes: 45 }));
    const seen = (await getEntryForViewer(db, p.placementId, e.id, trainerOf(p))).entry.revision;
    await updateEntry(db, e.id, traineeOf(p), {
      ...(await entryInput(db, { minutes: 480, activity: "まったく別の内容" })),
      revision: seen,
    });
    const stale = approveEntry(db, e.id, trainerOf(p), { revision: seen });
    await expect(stale).rejects.toBeInstanceOf(ConflictError);
    await expect(approveEntry(db, e.id, trainerOf(p), { revision: seen })).rejects.toThrow(
      /時間：45分 → 8時間.*実施内容：.*→ まったく別の内容.*何も承認/,
    );
    await expect(returnEntry(db, e.id, trainerOf(p), "差戻し", seen)).rejects.toBeInstanceOf(ConflictError);
    await expect(approveEntries(db, [{ id: e.id, revision: seen }], trainerOf(p))).rejects.toBeInstanceOf(
      ConflictError,
    );
    const row = await entryRow(e.id);
    expect([row.status, row.approved_by, row.fingerprint, row.minutes]).toEqual(["submitted", null, null, 480]);
    // The revision now shown approves.
    await approveEntry(db, e.id, trainerOf(p), { revision: row.revision });
    expect((await entryRow(e.id)).status).toBe("approved");
  });

  it("bulk approval checks each entry's revision: one stale entry approves none", async () => {
    const p = await makeActivePlacement(db);
    const a = await createEntry(db, p.placementId, traineeOf(p), await entryInput(db));
    const b = await createEntry(db, p.placementId, traineeOf(p), await entryInput(db));
    await updateEntry(db, b.id, traineeOf(p), await entryInput(db, { minutes: 120 }));
    await expect(
      approveEntries(
        db,
        [
          { id: a.id, revision: 1 },
          { id: b.id, revision: 1 },
        ],
        trainerOf(p),
      ),
    ).rejects.toThrow(/番号.*何も承認/);
    expect([(await entryRow(a.id)).status, (await entryRow(b.id)).status]).toEqual(["submitted", "submitted"]);
    await approveEntries(
      db,
      [
        { id: a.id, revision: 1 },
        { id: b.id, revision: 2 },
      ],
      trainerOf(p),
    );
    expect([(await entryRow(a.id)).status, (await entryRow(b.id)).status]).toEqual(["approved", "approved"]);
  });
});

describe("verified hours of the demo data, three ways", () => {
  it("the placement page, the certification queue and the annual report sum the same verified minutes", async () => {
    const demo = await createTestDb();
    await seedDemo(demo);
    // A row approved by its own writer (as the old code allowed) is in the data: it counts nowhere.
    const approved = await demo
      .selectFrom("ojt_log_entries")
      .selectAll()
      .where("status", "=", "approved")
      .orderBy("id")
      .execute();
    expect(approved.length).toBeGreaterThan(0);
    // The demo follows the rule: every approval is by someone other than the writer.
    expect(approved.filter((e) => e.approved_by === (e.written_by ?? e.author_id))).toEqual([]);
    const victim = approved[0]!;
    const placement = await demo
      .selectFrom("ojt_placements")
      .selectAll()
      .where("id", "=", victim.placement_id)
      .executeTakeFirstOrThrow();
    await demo
      .insertInto("ojt_log_entries")
      .values({
        placement_id: victim.placement_id,
        author_id: placement.trainer_id,
        written_by: placement.trainer_id,
        status: "approved",
        work_date: victim.work_date,
        minutes: 640,
        task_kind_id: victim.task_kind_id,
        submitted_at: victim.submitted_at,
        approved_by: placement.trainer_id,
        approved_at: victim.submitted_at,
        fingerprint: "f".repeat(64),
        created_at: victim.created_at,
        updated_at: victim.updated_at,
      })
      .execute();

    const rows = await demo.selectFrom("ojt_log_entries").selectAll().where("status", "=", "approved").execute();
    const verified = rows.filter((e) => e.approved_by !== (e.written_by ?? e.author_id));
    const expected = new Map<number, number>();
    for (const e of verified) expected.set(e.placement_id, (expected.get(e.placement_id) ?? 0) + e.minutes);
    const total = [...expected.values()].reduce((s, m) => s + m, 0);
    expect(total).toBeGreaterThan(0);

    // 1. The placement page's read model, per placement (as of the placement's end: no clock).
    const placements = await demo
      .selectFrom("ojt_placements")
      .select(["id", "start_date", "end_date", "ended_at"])
      .where("id", "in", [...new Set(rows.map((r) => r.placement_id))])
      .execute();
    const page = new Map<number, number>();
    for (const pl of placements) {
      const { progress } = await placementProgress(demo, pl, pl.end_date);
      page.set(pl.id, progress.total.approvedMinutes);
    }
    expect(Object.fromEntries([...page].filter(([, m]) => m > 0))).toEqual(Object.fromEntries(expected));

    // 2. The certification queue's facts, per placement that is a candidate.
    const programme = (await listProgrammes(demo)).find((pr) => pr.subject === "placement")!;
    const candidates = await candidatesOf(demo, programme);
    expect(candidates.length).toBeGreaterThan(0);
    for (const c of candidates) {
      const facts = c.facts as { approvedMinutes: number };
      expect([c.subjectId, facts.approvedMinutes]).toEqual([c.subjectId, expected.get(c.subjectId) ?? 0]);
    }

    // 3. The annual MIC report, over every fiscal year that has verified entries.
    const years = [...new Set(verified.map((e) => fiscalYearOf(e.work_date)))];
    let reported = 0;
    for (const fy of years) reported += (await fiscalYearReport(demo, fy)).hours.totalMinutes;
    expect(reported).toBe(total);
  });
});
