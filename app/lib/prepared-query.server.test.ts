import { sql } from "kysely";
import { beforeAll, describe, expect, it } from "vitest";
import type { Database } from "~/db.server";
import { createTestDb, makeUser } from "~/testing/db";
import { preparedQuery } from "./prepared-query.server";

let db: Database;
const users: Array<{ id: string; name: string }> = [];
beforeAll(async () => {
  db = await createTestDb();
  for (const name of ["甲", "乙", "丙"]) users.push({ id: (await makeUser(db, ["trainee"], { name })).id, name });
});

const userByName = preparedQuery((db: Database, a: { name: string }) =>
  db.selectFrom("users").select(["id", "name"]).where("name", "=", a.name),
);

describe("preparedQuery", () => {
  it("compiles once and binds each call's arguments", async () => {
    for (const u of users)
      expect(await userByName.executeTakeFirst(db, { name: u.name })).toEqual({ id: u.id, name: u.name });
    expect(await userByName.executeTakeFirst(db, { name: "丁" })).toBeUndefined();
  });

  it("keeps literal parameters and places arguments where they were used", async () => {
    const q = preparedQuery((db: Database, a: { first: string; limit: number }) =>
      db
        .selectFrom("users")
        .select("name")
        .where("name", "in", ["甲", "乙", "丙"])
        .where(sql<boolean>`name <> ${a.first}`)
        .orderBy("name")
        .limit(a.limit),
    );
    const expected = ["甲", "乙", "丙"].filter((n) => n !== "乙").sort();
    expect((await q.execute(db, { first: "乙", limit: 5 })).map((r) => r.name)).toEqual(expected);
    expect(await q.execute(db, { first: "乙", limit: 1 })).toHaveLength(1);
  });

  it("refuses a missing argument and an argument used in JavaScript", async () => {
    await expect(userByName.execute(db, {} as { name: string })).rejects.toThrow('missing argument "name"');
    const misuse = preparedQuery((db: Database, a: { id: number }) =>
      db.selectFrom("users").select("id").where("email", "=", `${a.id}@example.test`),
    );
    await expect(misuse.execute(db, { id: 1 })).rejects.toThrow('argument "id" is used in JavaScript');
  });
});

describe("preparedQuery: a build that branches on an argument", () => {
  const byRole = preparedQuery((db: Database, a: { name: string; onlyActive: boolean }) => {
    const q = db.selectFrom("users").select("name").where("name", "=", a.name);
    // The mistake: the placeholder is always truthy, so the prepared SQL always has the filter.
    return a.onlyActive ? q.where("deactivated_at", "is", null) : q;
  });

  it("fails on the first call whose arguments give another shape, instead of running the wrong one", async () => {
    expect(await byRole.execute(db, { name: "甲", onlyActive: true })).toEqual([{ name: "甲" }]);
    await expect(byRole.execute(db, { name: "甲", onlyActive: false })).rejects.toThrow(
      "its SQL depends on an argument's value",
    );
  });

  it("is checked outside production only: production runs the compiled query", async () => {
    const unchecked = preparedQuery(
      (db: Database, a: { name: string }) => db.selectFrom("users").select("name").where("name", "=", a.name),
      { checkShape: false },
    );
    expect(await unchecked.execute(db, { name: "乙" })).toEqual([{ name: "乙" }]);
  });
});
