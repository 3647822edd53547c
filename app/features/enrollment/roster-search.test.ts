import { describe, expect, it } from "vitest";
import { createTestDb, makeUser } from "~/testing/db";
import { makeCohort, makeCourse } from "~/testing/catalog";
import { enroll, getRoster } from "./enrollment.server";
import { rosterSheet } from "./roster-csv.server";

// The roster's name search (decision 0041): in SQL, with the status tab, and the export follows it.

describe("roster search", async () => {
  const db = await createTestDb();
  const staff = await makeUser(db, ["staff"]);
  const course = await makeCourse(db, staff.id);

  it("narrows the page, the count and the export by name, full-width or half-width", async () => {
    const cohort = await makeCohort(db, staff.id, course.id, { capacity: 2 });
    const names = ["ｽｽﾞｷ 一郎", "鈴木 花子", "高橋 50%_三郎", "田中 四郎"];
    for (const name of names)
      await enroll(db, { cohortId: cohort.id, userId: (await makeUser(db, ["trainee"], { name })).id });
    const all = await getRoster(db, cohort.id, { status: "", page: 1 });
    expect(all.total).toBe(4);
    const suzuki = await getRoster(db, cohort.id, { status: "", page: 1, q: "スズキ" });
    expect(suzuki.rows.map((r) => r.name)).toEqual(["ｽｽﾞｷ 一郎"]);
    expect(suzuki.total).toBe(1);
    expect((await getRoster(db, cohort.id, { status: "", page: 1, q: "ｽｽﾞｷ" })).total).toBe(1);
    expect((await getRoster(db, cohort.id, { status: "", page: 1, q: "鈴木" })).total).toBe(1);
    expect((await getRoster(db, cohort.id, { status: "", page: 1, q: "%" })).rows.map((r) => r.name)).toEqual([
      "高橋 50%_三郎",
    ]);
    expect((await getRoster(db, cohort.id, { status: "", page: 1, q: "5_%" })).total).toBe(0);
    // 田中 is waitlisted (capacity 2): the tab and the search together.
    expect((await getRoster(db, cohort.id, { status: "waitlisted", page: 1, q: "田中" })).total).toBe(1);
    expect((await getRoster(db, cohort.id, { status: "enrolled", page: 1, q: "田中" })).total).toBe(0);
    const sheet = await rosterSheet(db, { id: cohort.id, name: "第1回", course_title: "講座" }, { q: "郎" });
    expect(sheet.rows.map((r) => r.name).sort()).toEqual(["ｽｽﾞｷ 一郎", "田中 四郎", "高橋 50%_三郎"].sort());
    expect((await rosterSheet(db, { id: cohort.id, name: "第1回", course_title: "講座" })).rows).toHaveLength(4);
  });

  it("lets instructors search by name only, not by the e-mail they are not shown", async () => {
    const cohort = await makeCohort(db, staff.id, course.id, { capacity: 5 });
    const user = await makeUser(db, ["trainee"], { name: "渡部 恵" });
    await enroll(db, { cohortId: cohort.id, userId: user.id });
    const local = user.email.split("@")[0]!;
    expect((await getRoster(db, cohort.id, { status: "", page: 1, q: local })).total).toBe(1);
    expect((await getRoster(db, cohort.id, { status: "", page: 1, q: local, searchIn: "name" })).total).toBe(0);
    expect((await getRoster(db, cohort.id, { status: "", page: 1, q: local, searchIn: "name" })).rows).toEqual([]);
    expect((await getRoster(db, cohort.id, { status: "", page: 1, q: "渡部", searchIn: "name" })).total).toBe(1);
  });
});
