import { beforeAll, describe, expect, it } from "vitest";
import type { Database } from "~/db.server";
import { todayInTokyo } from "~/lib/dates";
import { createTestDb, makeUser } from "~/testing/db";
import { reportActivity, reviewQueue, reviewQueueSheet } from "./activities.server";
import { listActivityKinds } from "./kinds.server";
import { ActivitySchema } from "./renewal.schema";

// The renewal review queue's search by ITC and its export (decision 0041).

let db: Database;
let kindId: number;
beforeAll(async () => {
  db = await createTestDb();
  kindId = (await listActivityKinds(db)).find((k) => k.name === "他団体のセミナー・研修の受講")!.id;
});

const activity = (title: string) =>
  ActivitySchema.parse({
    kindId: String(kindId),
    title,
    organizer: "商工会議所",
    activityDate: todayInTokyo(),
    hours: "2",
    evidenceUrl: "https://example.org/seminar",
  });

describe("review queue search", () => {
  it("narrows by the ITC's name (full-width, half-width), counts and exports what matches", async () => {
    const hoshino = (await makeUser(db, ["trainee"], { name: "ﾎｼﾉ 健" })).id;
    const other = (await makeUser(db, ["trainee"], { name: "大野 50%_真" })).id;
    const a = await reportActivity(db, activity("星野の一件目"), hoshino, new Date(Date.now() - 60_000));
    const b = await reportActivity(db, activity("星野の二件目"), hoshino);
    const c = await reportActivity(db, activity("大野の活動"), other);
    for (const q of ["ホシノ", "ﾎｼﾉ", "ほしの 健"]) {
      const found = await reviewQueue(db, { q });
      expect(found.total).toBe(2);
      expect(found.rows.map((r) => r.id)).toEqual([a, b]);
    }
    expect((await reviewQueue(db, { q: "%_" })).rows.map((r) => r.id)).toEqual([c]);
    expect((await reviewQueue(db, { q: "0_%" })).total).toBe(0);
    expect((await reviewQueue(db, { q: "ﾎｼﾉ", page: 2 })).rows).toEqual([]);
    const sheet = await reviewQueueSheet(db, "ホシノ");
    expect(sheet.rows.map((r) => r.id)).toEqual([a, b]);
    expect((await reviewQueue(db)).total).toBeGreaterThanOrEqual(3);
  });
});
