import { beforeAll, describe, expect, it } from "vitest";
import type { Database } from "~/db.server";
import { createTestDb, makeUser } from "~/testing/db";
import { countUnread, deliverPendingEmails, markAllRead, notify, type MailTransport } from "./outbox.server";

let db: Database;
beforeAll(async () => {
  db = await createTestDb();
});

describe("notification outbox", () => {
  it("records in-app notifications and sends each e-mail once", async () => {
    const user = await makeUser(db);
    await notify(db, {
      userId: user.id,
      kind: "test",
      title: "繰り上げのお知らせ",
      body: "席が空きました。",
      link: "/my/training",
    });
    expect(await countUnread(db, user.id)).toBe(1);

    const sent: Array<{ to: string; subject: string; text: string }> = [];
    const transport: MailTransport = { sendMail: async (m) => void sent.push(m) };
    const first = await deliverPendingEmails(db, {
      transport,
      from: "a@example.test",
      origin: "https://portal.example.jp",
    });
    const second = await deliverPendingEmails(db, {
      transport,
      from: "a@example.test",
      origin: "https://portal.example.jp",
    });
    expect(first.sent).toBe(1);
    expect(second.sent).toBe(0);
    expect(sent[0]).toMatchObject({ to: user.email, subject: "繰り上げのお知らせ" });
    expect(sent[0]!.text).toContain("https://portal.example.jp/my/training");

    await markAllRead(db, user.id);
    expect(await countUnread(db, user.id)).toBe(0);
  });

  it("keeps a failed e-mail pending for a retry, and gives up after five attempts", async () => {
    const user = await makeUser(db);
    await notify(db, { userId: user.id, kind: "test", title: "件名", body: "本文" });
    const failing: MailTransport = {
      sendMail: async () => {
        throw new Error("SMTP down");
      },
    };
    for (let i = 0; i < 5; i++)
      await deliverPendingEmails(db, { transport: failing, from: "a@example.test", origin: "" });
    const row = await db
      .selectFrom("notifications")
      .selectAll()
      .where("user_id", "=", user.id)
      .executeTakeFirstOrThrow();
    expect(row.email_status).toBe("failed");
    expect(row.email_attempts).toBe(5);
    expect(row.email_error).toContain("SMTP down");
  });

  it("writes the e-mail to the log when no SMTP server is configured", async () => {
    const user = await makeUser(db);
    await notify(db, { userId: user.id, kind: "test", title: "件名", body: "本文" });
    const result = await deliverPendingEmails(db, { transport: null, from: "a@example.test", origin: "" });
    expect(result.logged).toBeGreaterThanOrEqual(1);
  });
});

describe("outbox order", () => {
  it("sends account e-mails (unlock, reset, confirmation, invitation) ahead of every queued notice", async () => {
    const sent: Array<{ to: string; subject: string }> = [];
    const transport: MailTransport = { sendMail: async (m) => void sent.push(m) };
    const options = { transport, from: "a@example.test", origin: "https://portal.example.jp" };
    // Whatever earlier tests left queued goes out first.
    await deliverPendingEmails(db, { ...options, batch: 1000 });
    sent.length = 0;
    const user = await makeUser(db);
    for (let i = 0; i < 30; i++)
      await notify(db, { userId: user.id, kind: "enrollment.promoted", title: `お知らせ${i}`, body: "本文" });
    const accountKinds = ["account.unlock_link", "account.password_reset", "account.verify_email", "account.invite"];
    for (const kind of accountKinds)
      await notify(db, { userId: user.id, kind, title: kind, body: "本文", link: "/reset?token=secret" });

    expect(await deliverPendingEmails(db, { ...options, batch: 4 })).toMatchObject({ sent: 4 });
    // Queued last, sent first, in the order they were queued.
    expect(sent.map((m) => m.subject)).toEqual(accountKinds);
    await deliverPendingEmails(db, { ...options, batch: 100 });
    expect(sent.slice(4).map((m) => m.subject)).toEqual(Array.from({ length: 30 }, (_, i) => `お知らせ${i}`));
  });
});
