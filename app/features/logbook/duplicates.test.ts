import { beforeAll, describe, expect, it } from "vitest";
import type { Database } from "~/db.server";
import { createTestDb } from "~/testing/db";
import { activePlacement, insertEntry, referenceIds } from "~/testing/logbook-progress";
import { likelyDuplicates } from "./duplicates";
import { duplicatesOf } from "./duplicates.server";
import { listAwaitingApproval } from "./entries.server";

const entry = (
  id: number,
  overrides: Partial<{ placement_id: number; work_date: string; task_kind_id: number; minutes: number }> = {},
) => ({
  id,
  placement_id: 1,
  work_date: "2026-11-02",
  task_kind_id: 3,
  minutes: 90,
  ...overrides,
});

describe("likely duplicate entries", () => {
  it("flags entries of one placement with the same day, task kind and duration, both ways", () => {
    const all = [entry(1), entry(2), entry(3, { minutes: 60 }), entry(4, { work_date: "2026-11-03" })];
    const found = likelyDuplicates(all, all);
    expect([...found.keys()]).toEqual([1, 2]);
    expect(found.get(1)!.map((e) => e.id)).toEqual([2]);
    expect(found.get(2)!.map((e) => e.id)).toEqual([1]);
  });

  it("never pairs entries of different placements or kinds, nor an entry with itself", () => {
    const all = [entry(1), entry(2, { placement_id: 2 }), entry(3, { task_kind_id: 4 })];
    expect(likelyDuplicates(all, all).size).toBe(0);
  });
});

describe("duplicates on the approvals page", () => {
  let db: Database;
  let ref: Awaited<ReturnType<typeof referenceIds>>;
  beforeAll(async () => {
    db = await createTestDb();
    ref = await referenceIds(db);
  });

  it("finds the copy of a waiting entry, including one already approved, in one query for the page", async () => {
    const p = await activePlacement(db);
    const kind = ref.kind.consultation!;
    const approved = await insertEntry(db, p, {
      minutes: 120,
      taskKindId: kind,
      status: "approved",
      workDate: "2026-11-02",
    });
    const copy = await insertEntry(db, p, { minutes: 120, taskKindId: kind, workDate: "2026-11-02" });
    const different = await insertEntry(db, p, { minutes: 60, taskKindId: kind, workDate: "2026-11-02" });
    const { entries } = await listAwaitingApproval(db, p.trainer.id, 1);
    const found = await duplicatesOf(db, entries);
    expect(found.get(copy)).toEqual([expect.objectContaining({ id: approved, status: "approved" })]);
    expect(found.has(different)).toBe(false);
  });
});
