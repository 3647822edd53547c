import type { Database } from "~/db.server";
import { log } from "~/lib/log.server";

// E-mails to an address rather than to a user of the app (the municipal counterpart, who has no
// account). Queued in the caller's transaction, sent by the outbox worker after the commit.
// A link carrying a secret token is kept only until the message is out.

/** Anything that can send one message: nodemailer's transport, or a test double. */
export type MailTransport = {
  sendMail(message: { from: string; to: string; subject: string; text: string }): Promise<unknown>;
};

export type AddressedEmail = { to: string; kind: string; subject: string; body: string; link?: string };

export async function queueEmail(db: Database, email: AddressedEmail): Promise<void> {
  await db
    .insertInto("outbox_emails")
    .values({
      to_address: email.to,
      kind: email.kind,
      subject: email.subject,
      body: email.body,
      link: email.link ?? null,
      created_at: new Date().toISOString(),
    })
    .execute();
}

const MAX_ATTEMPTS = 5;

/**
 * Sends the pending addressed e-mails. Each is claimed with a conditional UPDATE before it is
 * sent (pending → sent, one row or none), so two servers running this never send one twice;
 * a failed send puts it back (or gives up after five attempts).
 */
export async function deliverAddressedEmails(
  db: Database,
  options: { transport: MailTransport | null; from: string; origin: string; batch?: number },
): Promise<{ sent: number; logged: number; failed: number }> {
  const pending = await db
    .selectFrom("outbox_emails")
    .select(["id", "to_address", "subject", "body", "link", "attempts"])
    .where("status", "=", "pending")
    .orderBy("id")
    .limit(options.batch ?? 50)
    .execute();
  const counts = { sent: 0, logged: 0, failed: 0 };
  for (const m of pending) {
    const status = options.transport ? "sent" : "logged";
    const claimed = await db
      .updateTable("outbox_emails")
      .set({ status, sent_at: new Date().toISOString(), link: null })
      .where("id", "=", m.id)
      .where("status", "=", "pending")
      .executeTakeFirst();
    if (Number(claimed.numUpdatedRows) !== 1) continue;
    const text = `${m.body}${m.link ? `\n\n${options.origin}${m.link}` : ""}\n\n-- \nITC研修ポータル`;
    if (!options.transport) {
      log.info("mail (no SMTP_URL set, logged instead of sent)", { to: m.to_address, subject: m.subject, text });
      counts.logged++;
      continue;
    }
    try {
      await options.transport.sendMail({ from: options.from, to: m.to_address, subject: m.subject, text });
      counts.sent++;
    } catch (error) {
      const attempts = m.attempts + 1;
      await db
        .updateTable("outbox_emails")
        .set({
          attempts,
          error: String(error),
          status: attempts >= MAX_ATTEMPTS ? "failed" : "pending",
          sent_at: null,
          link: m.link,
        })
        .where("id", "=", m.id)
        .execute();
      counts.failed++;
      log.warn("mail delivery failed", { outboxEmailId: m.id, attempts, error: String(error) });
    }
  }
  return counts;
}
