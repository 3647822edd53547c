import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { isPostgres, type Database } from "~/db.server";
import { makeCohort, makeCourse } from "~/testing/catalog";
import { createTestDb, makeUser, openSecondServer } from "~/testing/db";
import { addDays, todayInTokyo, tokyoDateTimeToInstant } from "~/lib/dates";
import { dueReminders, saveReminderSettings, sendDueReminders } from "./reminders.server";

let db: Database;
let staffId: string;

beforeEach(async () => {
  db = await createTestDb();
  staffId = (await makeUser(db, ["staff"])).id;
});

afterEach(async () => {
  await db.destroy();
});

async function enrolled(cohortId: number, overrides: { fee_yen?: number; questionnaire?: boolean } = {}) {
  const trainee = await makeUser(db);
  const now = new Date().toISOString();
  await db
    .insertInto("enrollments")
    .values({
      cohort_id: cohortId,
      user_id: trainee.id,
      status: "enrolled",
      queue_seq: 1,
      requested_at: now,
      enrolled_at: now,
      fee_yen: overrides.fee_yen ?? 0,
      questionnaire_submitted_at: overrides.questionnaire ? now : null,
      created_at: now,
      updated_at: now,
    })
    .execute();
  return trainee.id;
}

const reminders = (userId: string) =>
  db
    .selectFrom("notifications")
    .select(["kind", "title"])
    .where("user_id", "=", userId)
    .where("kind", "like", "reminder.%")
    .orderBy("id")
    .execute();

describe("reminders", () => {
  it("the day before a session, from the configured time in Tokyo, once", async () => {
    const course = await makeCourse(db, staffId, { title: "前日通知の講座" });
    const cohort = await makeCohort(db, staffId, course.id, { startOffset: 10 });
    const trainee = await enrolled(cohort.id);
    const sessionDay = addDays(todayInTokyo(), 10);
    const dayBefore = addDays(sessionDay, -1);
    // 11:59 the day before: not yet (the default time is 12:00).
    expect(await dueReminders(db, tokyoDateTimeToInstant(dayBefore, "11:59"))).toEqual([]);
    expect(await sendDueReminders(db, tokyoDateTimeToInstant(dayBefore, "12:00"))).toBe(1);
    expect(await sendDueReminders(db, tokyoDateTimeToInstant(dayBefore, "18:00"))).toBe(0);
    expect((await reminders(trainee)).map((r) => r.title)).toEqual(["明日は「前日通知の講座」の受講日です"]);
    // Staff move the time: a later session follows the new one.
    await saveReminderSettings(
      db,
      { sessionReminderTime: "09:30", questionnaireAfterDays: 3, feeBeforeDays: 7 },
      staffId,
    );
    const later = await makeCohort(db, staffId, course.id, { startOffset: 20 });
    const other = await enrolled(later.id);
    const sessionsDue = async (at: Date) => (await dueReminders(db, at)).filter((d) => d.kind === "session");
    expect(await sessionsDue(tokyoDateTimeToInstant(addDays(todayInTokyo(), 19), "09:29"))).toEqual([]);
    expect(
      (await sessionsDue(tokyoDateTimeToInstant(addDays(todayInTokyo(), 19), "09:30"))).map((d) => d.user_id),
    ).toEqual([other]);
  });

  it("an unanswered questionnaire some days after the last session; an unpaid fee before the start", async () => {
    const course = await makeCourse(db, staffId);
    const past = await makeCohort(db, staffId, course.id, {
      startOffset: -5,
      enrollmentClosesOn: addDays(todayInTokyo(), -6),
    });
    const silent = await enrolled(past.id);
    const answered = await enrolled(past.id, { questionnaire: true });
    const paid = await makeCourse(db, staffId, { feeYen: 5500 });
    const soon = await makeCohort(db, staffId, paid.id, { startOffset: 5 });
    const unpaid = await enrolled(soon.id, { fee_yen: 5500 });
    const now = tokyoDateTimeToInstant(todayInTokyo(), "08:00");
    const due = await dueReminders(db, now);
    expect(due.map((d) => [d.kind, d.user_id])).toEqual([
      ["questionnaire", silent],
      ["fee", unpaid],
    ]);
    await sendDueReminders(db, now);
    expect(await reminders(answered)).toEqual([]);
    expect((await reminders(silent)).map((r) => r.kind)).toEqual(["reminder.questionnaire"]);
    expect((await reminders(unpaid)).map((r) => r.kind)).toEqual(["reminder.fee"]);
    expect(await dueReminders(db, now)).toEqual([]);
  });

  it("two app servers running the job at the same moment send each reminder exactly once", async () => {
    const course = await makeCourse(db, staffId);
    const cohort = await makeCohort(db, staffId, course.id, { startOffset: 3 });
    const people = [];
    for (let i = 0; i < 15; i++) people.push(await enrolled(cohort.id));
    // On SQLite one server is one connection; on PostgreSQL a second pool, as a second machine.
    const second = isPostgres(db) ? openSecondServer(db) : db;
    const at = tokyoDateTimeToInstant(addDays(todayInTokyo(), 2), "12:00");
    const counts = await Promise.all([
      sendDueReminders(db, at),
      sendDueReminders(second, at),
      sendDueReminders(db, at),
      sendDueReminders(second, at),
    ]);
    expect(counts.reduce((a, b) => a + b, 0)).toBe(15);
    const rows = await db
      .selectFrom("notifications")
      .select(["user_id"])
      .where("kind", "=", "reminder.session")
      .execute();
    expect(rows).toHaveLength(15);
    expect(new Set(rows.map((r) => r.user_id)).size).toBe(15);
  });
});
