import { sql } from "kysely";
import { beforeAll, describe, expect, it } from "vitest";
import type { Database } from "./db.server";
import { createTestDb, makeUser } from "./testing/db";

let db: Database;
beforeAll(async () => {
  db = await createTestDb();
  for (const name of ["甲", "乙", "丙"]) await makeUser(db, ["trainee"], { name });
});

// Rows are built from better-sqlite3's raw arrays (db.server.ts): they must look exactly as
// the driver's own row objects did. SQLite only (vitest.config.ts): PostgreSQL rows come from pg.
describe("row objects", () => {
  it("have the selected keys in order, with their values and nulls", async () => {
    const rows = await db
      .selectFrom("users")
      .select(["name", "itc_number", sql<number>`1 + 1`.as("two")])
      .orderBy("name")
      .execute();
    expect(rows).toEqual([
      { name: "丙", itc_number: null, two: 2 },
      { name: "乙", itc_number: null, two: 2 },
      { name: "甲", itc_number: null, two: 2 },
    ]);
    expect(Object.keys(rows[0]!)).toEqual(["name", "itc_number", "two"]);
  });

  it("keep the last value of a repeated column name, as the driver does", async () => {
    const { rows } = await sql<{ x: number }>`select 1 as x, 2 as x`.execute(db);
    expect(rows).toEqual([{ x: 2 }]);
  });

  it("come the same way from a streamed query", async () => {
    const rows = [];
    for await (const row of db.selectFrom("users").select(["name", "itc_number"]).orderBy("name").stream())
      rows.push(row);
    expect(rows).toEqual([
      { name: "丙", itc_number: null },
      { name: "乙", itc_number: null },
      { name: "甲", itc_number: null },
    ]);
  });

  it("do not apply to writes", async () => {
    const result = await db
      .updateTable("users")
      .set({ organization: "テスト" })
      .where("name", "=", "甲")
      .executeTakeFirst();
    expect(result.numUpdatedRows).toBe(1n);
  });
});
