import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { openDatabase, type Database } from "~/db.server";
import { loadOfficialMunicipalities } from "~/features/municipalities/official-list.server";
import { createTestDb } from "~/testing/db";
import { migrateToLatest } from "./migrate";
import { moveToPostgres, parentsFirst } from "./move-to-postgres";
import { seedDemo } from "./seed/demo";

// The SQLite → PostgreSQL move on the demo data (PostgreSQL only, vitest.config.ts): every
// table's rows equal after the move, and the moved database keeps working (new ids continue
// after the copied ones).

const dir = fs.mkdtempSync(path.join(os.tmpdir(), "itc-move-"));
let source: Database;
afterAll(async () => {
  await source?.destroy();
  fs.rmSync(dir, { recursive: true, force: true });
});

describe("moving an SQLite install into PostgreSQL", () => {
  it("copies every table, equal row for row, and new rows get fresh ids", async () => {
    source = openDatabase(path.join(dir, "demo.db"));
    await migrateToLatest(source);
    await seedDemo(source);
    await loadOfficialMunicipalities(source);
    const target = await createTestDb();

    const reports = await moveToPostgres(source, target);
    const users = reports.find((r) => r.table === "users");
    expect(users?.rows).toBeGreaterThan(3);
    expect(reports.find((r) => r.table === "municipalities")?.rows).toBeGreaterThan(1700);
    for (const report of reports) expect(report.targetHash, report.table).toBe(report.sourceHash);

    const before = await target
      .selectFrom("audit_log")
      .select((eb) => eb.fn.max("id").as("id"))
      .executeTakeFirstOrThrow();
    const inserted = await target
      .insertInto("audit_log")
      .values({ action: "move.check", entity_type: "test", created_at: new Date().toISOString() })
      .returning("id")
      .executeTakeFirstOrThrow();
    expect(Number(inserted.id)).toBeGreaterThan(Number(before.id));

    // A second move into a database that now has users is refused, and changes nothing.
    await expect(moveToPostgres(source, target)).rejects.toThrow(/already has users/);
  });

  it("orders tables parents first and names a cycle", () => {
    const order = parentsFirst([
      { name: "c", parents: ["b"] },
      { name: "b", parents: ["a"] },
      { name: "a", parents: [] },
    ]).map((t) => t.name);
    expect(order).toEqual(["a", "b", "c"]);
    expect(() =>
      parentsFirst([
        { name: "a", parents: ["b"] },
        { name: "b", parents: ["a"] },
      ]),
    ).toThrow(/cycle/);
  });
});
