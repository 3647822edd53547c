import { beforeAll, describe, expect, it } from "vitest";
import { createEngagement } from "~/features/engagements/engagements.server";
import { enroll } from "~/features/enrollment/enrollment.server";
import { deliverPendingEmails, notify, type MailTransport } from "~/features/notifications/outbox.server";
import { submitApplication } from "~/features/ojt/applications.server";
import { proposePlacement } from "~/features/ojt/placements.server";
import { hashPassword } from "~/features/auth/password.server";
import { signIn, SIGN_IN_MAX_FAILURES } from "~/features/auth/sign-in.server";
import { createUser } from "~/features/auth/users.server";
import { addDays, todayInTokyo } from "~/lib/dates";
import { ConflictError, TooManyRequestsError } from "~/lib/errors";
import { makeCohort, makeCourse } from "~/testing/catalog";
import { createTestDb, makeUser, openSecondServer } from "~/testing/db";
import { applicationInput, engagementInput, seedCities, setUpBasicCourse } from "~/testing/ojt";
import type { Database } from "./db.server";

// Several app servers writing to one PostgreSQL at once (decision 0014). Each "server" is an
// independent Kysely handle with its own pool of connections; requests are spread over both.
// Run only on PostgreSQL (vitest.config.ts): on SQLite one writer at a time is the engine's rule.

let db: Database;
let servers: [Database, Database];
beforeAll(async () => {
  db = await createTestDb({ poolSize: 10 });
  servers = [db, openSecondServer(db, 10)];
});

const serverFor = (i: number) => servers[i % 2]!;

describe("several app servers on one PostgreSQL", () => {
  it("100 simultaneous enrolments into 30 seats: exactly 30 places, the waitlist numbered 1–70 in arrival order", async () => {
    const staff = await makeUser(db, ["staff"]);
    const course = await makeCourse(db, staff.id);
    const cohort = await makeCohort(db, staff.id, course.id, { capacity: 30 });
    const users = await Promise.all(Array.from({ length: 100 }, () => makeUser(db, ["trainee"])));
    const results = await Promise.all(users.map((u, i) => enroll(serverFor(i), { cohortId: cohort.id, userId: u.id })));
    expect(results.filter((r) => r.status === "enrolled")).toHaveLength(30);
    const rows = await db
      .selectFrom("enrollments")
      .select(["status", "queue_seq"])
      .where("cohort_id", "=", cohort.id)
      .orderBy("queue_seq")
      .execute();
    expect(rows).toHaveLength(100);
    expect(new Set(rows.map((r) => r.queue_seq)).size).toBe(100);
    // Arrival order decides: the first 30 by queue_seq hold the seats, the rest wait in order.
    expect(rows.slice(0, 30).every((r) => r.status === "enrolled")).toBe(true);
    expect(rows.slice(30).every((r) => r.status === "waitlisted")).toBe(true);
    const positions = results.filter((r) => r.status === "waitlisted").map((r) => r.waitlistPosition);
    expect(positions.sort((a, b) => a! - b!)).toEqual(Array.from({ length: 70 }, (_, i) => i + 1));
    // A hundred transactions in turn, ~30 round trips each: generous for a loaded CI machine.
  }, 120_000);

  it("simultaneous OJT proposals to one engagement take exactly its free slots", async () => {
    await seedCities(db);
    const basic = await setUpBasicCourse(db);
    const staff = await makeUser(db, ["staff"]);
    const trainer = await makeUser(db, ["trainer"]);
    const engagement = await createEngagement(db, engagementInput({ ojtSlots: 3 }), {
      id: trainer.id,
      roles: ["trainer"],
    });
    const applications = [];
    for (let i = 0; i < 12; i++) {
      const t = await makeUser(db, ["trainee"], { prefectureCode: "06" });
      await basic.complete(t.id);
      applications.push(await submitApplication(db, t.id, applicationInput()));
    }
    const results = await Promise.allSettled(
      applications.map((a, i) =>
        proposePlacement(
          serverFor(i),
          {
            applicationId: a.id,
            engagementId: engagement.id,
            startDate: todayInTokyo(),
            endDate: addDays(todayInTokyo(), 180),
            note: "",
            overrideReason: null,
          },
          { id: staff.id, roles: ["staff"] },
        ),
      ),
    );
    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(3);
    const refused = results.filter((r) => r.status === "rejected");
    expect(refused).toHaveLength(9);
    for (const r of refused) {
      expect(r.reason).toBeInstanceOf(ConflictError);
      expect((r.reason as Error).message).toContain("受入枠に空きがありません");
    }
    const row = await db
      .selectFrom("engagements")
      .select("slots_taken")
      .where("id", "=", engagement.id)
      .executeTakeFirstOrThrow();
    expect(row.slots_taken).toBe(3);
    const placements = await db
      .selectFrom("ojt_placements")
      .select((eb) => eb.fn.countAll<number>().as("n"))
      .where("engagement_id", "=", engagement.id)
      .executeTakeFirstOrThrow();
    expect(placements.n).toBe(3);
  });

  it("one application proposed to several engagements at once gets exactly one pending proposal", async () => {
    const basic = await setUpBasicCourse(db);
    const staff = await makeUser(db, ["staff"]);
    const trainee = await makeUser(db, ["trainee"], { prefectureCode: "06" });
    await basic.complete(trainee.id);
    const application = await submitApplication(db, trainee.id, applicationInput());
    const engagements = [];
    for (let i = 0; i < 6; i++) {
      const trainer = await makeUser(db, ["trainer"]);
      engagements.push(
        await createEngagement(db, engagementInput({ ojtSlots: 2 }), { id: trainer.id, roles: ["trainer"] }),
      );
    }
    const results = await Promise.allSettled(
      engagements.map((e, i) =>
        proposePlacement(
          serverFor(i),
          {
            applicationId: application.id,
            engagementId: e.id,
            startDate: todayInTokyo(),
            endDate: addDays(todayInTokyo(), 180),
            note: "",
            overrideReason: null,
          },
          { id: staff.id, roles: ["staff"] },
        ),
      ),
    );
    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(1);
    for (const r of results.filter((r) => r.status === "rejected")) {
      expect(r.reason).toBeInstanceOf(ConflictError);
      expect((r.reason as Error).message).toContain("回答待ちの提案があります");
    }
    const taken = await db
      .selectFrom("engagements")
      .select((eb) => eb.fn.sum<number>("slots_taken").as("n"))
      .where(
        "id",
        "in",
        engagements.map((e) => e.id),
      )
      .executeTakeFirstOrThrow();
    expect(taken.n).toBe(1);
  });

  it("counts 40 simultaneous password guesses from both servers exactly: at most the limit checked", async () => {
    const email = "guessed@example.test";
    await createUser(
      db,
      {
        email,
        password: "unused",
        passwordHash: await hashPassword("right-password-1"),
        name: "推測 対象",
        nameKana: "すいそく",
        prefectureCode: "13",
        organization: "",
        itcNumber: null,
        roles: ["trainee"],
      },
      null,
    );
    const results = await Promise.allSettled(
      Array.from({ length: 40 }, (_, i) => signIn(serverFor(i), { email, password: `wrong-${i}`, ip: "203.0.113.7" })),
    );
    const checked = results.filter((r) => r.status === "rejected" && r.reason instanceof ConflictError).length;
    const refused = results.filter((r) => r.status === "rejected" && r.reason instanceof TooManyRequestsError).length;
    expect(checked).toBe(SIGN_IN_MAX_FAILURES);
    expect(refused).toBe(40 - SIGN_IN_MAX_FAILURES);
    const rows = await db
      .selectFrom("sign_in_attempts")
      .select(["succeeded", "pending"])
      .where("email", "=", email)
      .execute();
    expect(rows).toHaveLength(SIGN_IN_MAX_FAILURES);
    expect(rows.every((r) => r.succeeded === 0 && r.pending === 0)).toBe(true);
  });

  it("two outbox workers on two servers send every e-mail exactly once", async () => {
    const user = await makeUser(db, ["trainee"]);
    await db.updateTable("notifications").set({ email_status: "none" }).execute();
    for (let i = 0; i < 30; i++)
      await notify(db, { userId: user.id, kind: "test.outbox", title: `件名 ${i}`, body: "本文" });
    const sent: string[] = [];
    // A slow mail server: each message takes a few milliseconds, so the workers overlap.
    const transport: MailTransport = {
      async sendMail(message) {
        await new Promise((resolve) => setTimeout(resolve, 5));
        sent.push(message.subject);
      },
    };
    const options = { transport, from: "test@example.test", origin: "http://localhost" };
    const [a, b] = await Promise.all([
      deliverPendingEmails(servers[0], options),
      deliverPendingEmails(servers[1], options),
    ]);
    expect(a.sent + b.sent).toBe(30);
    expect(a.sent).toBeGreaterThan(0);
    expect(b.sent).toBeGreaterThan(0);
    expect(sent.sort()).toEqual(Array.from({ length: 30 }, (_, i) => `件名 ${i}`).sort());
    const pending = await db
      .selectFrom("notifications")
      .select((eb) => eb.fn.countAll<number>().as("n"))
      .where("email_status", "=", "pending")
      .executeTakeFirstOrThrow();
    expect(pending.n).toBe(0);
  });
});
