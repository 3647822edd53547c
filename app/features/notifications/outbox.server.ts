import nodemailer from "nodemailer";
import { db as appDb, type Database } from "~/db.server";
import { env } from "~/env.server";
import { log } from "~/lib/log.server";
import { preparedQuery } from "~/lib/prepared-query.server";
import { workNextQueued } from "~/lib/sql-dialect.server";
import { deliverAddressedEmails, type MailTransport } from "./outbox-emails.server";

export type NotificationInput = {
  userId: string;
  /** Machine-readable kind, e.g. "enrollment.promoted". */
  kind: string;
  title: string;
  body: string;
  /** Path inside the app the notification points to. */
  link?: string;
};

/**
 * The outbox's order: lower goes first. Account e-mails (unlock, password reset, address
 * confirmation, invitation) carry a link someone is waiting for; they overtake every queued
 * notice (decision 0029).
 */
export const MAIL_PRIORITY = { account: 0, notice: 10 } as const;

export function mailPriority(kind: string): number {
  return kind.startsWith("account.") ? MAIL_PRIORITY.account : MAIL_PRIORITY.notice;
}

/**
 * Records a notification: shown in the app at once, and e-mailed by the outbox worker after
 * the surrounding transaction commits (so no mail is sent for a change that rolled back).
 */
export async function notify(db: Database, input: NotificationInput, now: Date = new Date()): Promise<void> {
  await db
    .insertInto("notifications")
    .values({
      user_id: input.userId,
      kind: input.kind,
      title: input.title,
      body: input.body,
      link: input.link ?? null,
      priority: mailPriority(input.kind),
      created_at: now.toISOString(),
    })
    .execute();
}

export async function listNotifications(db: Database, userId: string, limit = 20) {
  return db
    .selectFrom("notifications")
    .select(["id", "kind", "title", "body", "link", "created_at", "read_at"])
    .where("user_id", "=", userId)
    .orderBy("id", "desc")
    .limit(limit)
    .execute();
}

const unreadCount = preparedQuery((db: Database, a: { userId: string }) =>
  db
    .selectFrom("notifications")
    .select((eb) => eb.fn.countAll<number>().as("n"))
    .where("user_id", "=", a.userId)
    .where("read_at", "is", null),
);

export async function countUnread(db: Database, userId: string): Promise<number> {
  return (await unreadCount.executeTakeFirst(db, { userId }))?.n ?? 0;
}

export async function markAllRead(db: Database, userId: string): Promise<void> {
  await db
    .updateTable("notifications")
    .set({ read_at: new Date().toISOString() })
    .where("user_id", "=", userId)
    .where("read_at", "is", null)
    .execute();
}

export type { MailTransport } from "./outbox-emails.server";

const MAX_ATTEMPTS = 5;

/**
 * The links of account e-mails (invitation, password reset, unlock) carry a token that the
 * database otherwise keeps only as a hash: once the e-mail is out, the copy is dropped.
 */
function forgetSecretLink(kind: string): { link?: null } {
  return kind.startsWith("account.") ? { link: null } : {};
}

/**
 * Sends the pending e-mails. Without a transport (no SMTP_URL) the message is written to the
 * server log instead, which is what a development machine wants.
 */
export async function deliverPendingEmails(
  db: Database,
  options: { transport: MailTransport | null; from: string; origin: string; batch?: number },
): Promise<{ sent: number; logged: number; failed: number }> {
  const counts = { sent: 0, logged: 0, failed: 0 };
  // One message at a time, each claimed so that several server processes never send one
  // twice (workNextQueued); account mails first, then oldest first. The list of ids tried
  // makes each message tried at most once per run.
  const tried: number[] = [];
  for (let i = 0; i < (options.batch ?? 50); i++) {
    const claimed = await workNextQueued(
      db,
      "notifications",
      (q) =>
        q
          .selectFrom("notifications")
          .innerJoin("users", "users.id", "notifications.user_id")
          .select([
            "notifications.id",
            "notifications.title",
            "notifications.body",
            "notifications.link",
            "notifications.kind",
            "notifications.email_attempts",
            "users.email",
          ])
          .where("email_status", "=", "pending")
          .$if(tried.length > 0, (q) => q.where("notifications.id", "not in", tried))
          .orderBy("notifications.priority")
          .orderBy("notifications.id")
          .limit(1),
      (n, db) => deliverOne(db, n, options, counts),
    );
    if (!claimed) break;
    tried.push(claimed.result);
  }
  return counts;
}

async function deliverOne(
  db: Database,
  n: {
    id: number;
    title: string;
    body: string;
    link: string | null;
    kind: string;
    email_attempts: number;
    email: string;
  },
  options: { transport: MailTransport | null; from: string; origin: string },
  counts: { sent: number; logged: number; failed: number },
): Promise<number> {
  const text = `${n.body}${n.link ? `\n\n${options.origin}${n.link}` : ""}\n\n-- \nITC研修ポータル`;
  if (!options.transport) {
    log.info("mail (no SMTP_URL set, logged instead of sent)", { to: n.email, subject: n.title, text });
    await db
      .updateTable("notifications")
      .set({ email_status: "logged", email_sent_at: new Date().toISOString(), ...forgetSecretLink(n.kind) })
      .where("id", "=", n.id)
      .execute();
    counts.logged++;
    return n.id;
  }
  try {
    await options.transport.sendMail({ from: options.from, to: n.email, subject: n.title, text });
    await db
      .updateTable("notifications")
      .set({ email_status: "sent", email_sent_at: new Date().toISOString(), ...forgetSecretLink(n.kind) })
      .where("id", "=", n.id)
      .execute();
    counts.sent++;
  } catch (error) {
    const attempts = n.email_attempts + 1;
    await db
      .updateTable("notifications")
      .set({
        email_attempts: attempts,
        email_error: String(error),
        email_status: attempts >= MAX_ATTEMPTS ? "failed" : "pending",
      })
      .where("id", "=", n.id)
      .execute();
    counts.failed++;
    log.warn("mail delivery failed", { notificationId: n.id, attempts, error: String(error) });
  }
  return n.id;
}

/**
 * Polls the outbox every few seconds; returns a function that stops it. `periodicJobs` run on
 * the same beat (e.g. the counterpart reminders, which queue e-mails); each must be safe to run
 * on several servers at once.
 */
export function startOutboxWorker(
  intervalMs = 3000,
  periodicJobs: readonly (() => Promise<unknown>)[] = [],
): () => void {
  const config = env();
  const transport = config.SMTP_URL ? nodemailer.createTransport(config.SMTP_URL) : null;
  let running = false;
  const timer = setInterval(() => {
    if (running) return;
    running = true;
    const options = {
      transport,
      from: config.MAIL_FROM,
      origin: config.APP_ORIGIN ?? `http://localhost:${config.PORT}`,
    };
    deliverPendingEmails(appDb(), options)
      .then(() => deliverAddressedEmails(appDb(), options))
      .then(() => Promise.all(periodicJobs.map((job) => job())))
      .catch((error) => log.error("outbox worker failed", { error: String(error) }))
      .finally(() => {
        running = false;
      });
  }, intervalMs);
  timer.unref();
  return () => clearInterval(timer);
}
