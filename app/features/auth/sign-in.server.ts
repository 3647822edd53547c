import { keyLock, transaction, type Database } from "~/db.server";
import { audit } from "~/features/audit/audit.server";
import { notify } from "~/features/notifications/outbox.server";
import { ConflictError, TooManyRequestsError } from "~/lib/errors";
import { verifyAgainstDummy, verifyPassword } from "./password.server";
import { issueToken, isTrustedDevice } from "./tokens.server";

export const SIGN_IN_WINDOW_MINUTES = 15;
/**
 * Wrong passwords allowed in the window (decision 0007). Only verified failures count, so a
 * refused attempt never extends a lock. One address guessing one account is stopped first;
 * the account-wide limit is higher (it is what a stranger could use to lock anyone out), and
 * its owner gets an e-mailed link that lets their browser through.
 */
export const SIGN_IN_LIMITS = { accountAndIp: 5, ip: 10, account: 20 } as const;
/** Kept for callers that speak of one limit: the one an account sees from one address. */
export const SIGN_IN_MAX_FAILURES = SIGN_IN_LIMITS.accountAndIp;

export const SIGN_IN_MESSAGES = {
  invalid: "メールアドレスまたはパスワードが正しくありません。",
  locked: `サインインの失敗が続いたため、一時的にサインインを制限しています。${SIGN_IN_WINDOW_MINUTES}分ほど待ってから、もう一度お試しください。`,
  accountLocked: `このアカウントへのサインインの失敗が多いため、一時的にサインインを制限しています。アカウントの持ち主には制限を解除するリンクをメールでお送りしました。${SIGN_IN_WINDOW_MINUTES}分ほど待ってからお試しいただくこともできます。`,
  deactivated: "このアカウントは利用停止中です。事務局にお問い合わせください。",
  currentPasswordWrong: "現在のパスワードが正しくありません。",
} as const;

type Refusal = "account_and_ip" | "ip" | "account";

/**
 * Reserves one password check before it runs: the count and the reservation are one
 * transaction taken in turn per account and per address (SQLite: BEGIN IMMEDIATE;
 * PostgreSQL: the locks below), so concurrent requests (in any server process, on any app
 * server) are counted one after another and at most the limit of checks can ever run in a window. The reserved
 * row counts as a failure until the check is finished.
 */
async function reserveCheck(
  db: Database,
  input: { email: string; ip: string; trusted: boolean },
  now: Date,
): Promise<{ attemptId: number } | { refused: Refusal }> {
  const since = new Date(now.getTime() - SIGN_IN_WINDOW_MINUTES * 60_000).toISOString();
  const locks = [keyLock("sign_in_email", input.email), keyLock("sign_in_ip", input.ip)];
  return transaction(db, { locks }, async (trx) => {
    const counts = await trx
      .selectFrom("sign_in_attempts")
      .select((eb) => [
        eb.fn
          .countAll<number>()
          .filterWhere((f) => f.and([f("email", "=", input.email), f("ip", "=", input.ip)]))
          .as("pair"),
        eb.fn.countAll<number>().filterWhere("ip", "=", input.ip).as("ip"),
        eb.fn.countAll<number>().filterWhere("email", "=", input.email).as("account"),
      ])
      .where("succeeded", "=", 0)
      .where("attempted_at", ">", since)
      .where((eb) => eb.or([eb("email", "=", input.email), eb("ip", "=", input.ip)]))
      .executeTakeFirstOrThrow();
    if (counts.pair >= SIGN_IN_LIMITS.accountAndIp) return { refused: "account_and_ip" as const };
    if (counts.ip >= SIGN_IN_LIMITS.ip) return { refused: "ip" as const };
    if (counts.account >= SIGN_IN_LIMITS.account && !input.trusted) return { refused: "account" as const };
    const row = await trx
      .insertInto("sign_in_attempts")
      .values({ email: input.email, ip: input.ip, succeeded: 0, pending: 1, attempted_at: now.toISOString() })
      .returning("id")
      .executeTakeFirstOrThrow();
    return { attemptId: row.id };
  });
}

/**
 * A password check under the sign-in limit, for sign-in and for the current password on
 * /account/password. Returns whether the password was right; throws TooManyRequestsError
 * (without checking and without counting) when the limit is reached.
 */
export async function limitedPasswordCheck(
  db: Database,
  input: {
    email: string;
    ip: string;
    password: string;
    user: { id: string; password_hash: string } | undefined;
    trusted?: boolean;
    purpose: "sign_in" | "current_password";
  },
  now: Date = new Date(),
): Promise<boolean> {
  const reservation = await reserveCheck(
    db,
    { email: input.email, ip: input.ip, trusted: input.trusted ?? false },
    now,
  );
  if ("refused" in reservation) {
    await audit(db, {
      actorId: null,
      action: "auth.sign_in_refused",
      entityType: "user",
      entityId: input.user?.id ?? null,
      details: { email: input.email, ip: input.ip, reason: reservation.refused, purpose: input.purpose },
    });
    throw new TooManyRequestsError(
      reservation.refused === "account" ? SIGN_IN_MESSAGES.accountLocked : SIGN_IN_MESSAGES.locked,
    );
  }
  const ok =
    input.user && input.user.password_hash
      ? await verifyPassword(input.user.password_hash, input.password)
      : await verifyAgainstDummy(input.password);
  await transaction(db, async (trx) => {
    await trx
      .updateTable("sign_in_attempts")
      .set({ pending: 0, succeeded: ok ? 1 : 0 })
      .where("id", "=", reservation.attemptId)
      .execute();
    if (!ok && input.user) await offerUnlockAtThreshold(trx, { userId: input.user.id, email: input.email }, now);
  });
  return ok;
}

/**
 * When a failure makes the account-wide count reach its limit, the owner gets a link that
 * lets their browser through (decision 0007). Sent once per crossing, not per attempt.
 */
async function offerUnlockAtThreshold(db: Database, input: { userId: string; email: string }, now: Date) {
  const since = new Date(now.getTime() - SIGN_IN_WINDOW_MINUTES * 60_000).toISOString();
  const { n } = await db
    .selectFrom("sign_in_attempts")
    .select((eb) => eb.fn.countAll<number>().as("n"))
    .where("email", "=", input.email)
    .where("succeeded", "=", 0)
    .where("pending", "=", 0)
    .where("attempted_at", ">", since)
    .executeTakeFirstOrThrow();
  if (n !== SIGN_IN_LIMITS.account) return;
  const token = await issueToken(db, { userId: input.userId, purpose: "unlock" }, now);
  await notify(db, {
    userId: input.userId,
    kind: "account.unlock_link",
    title: "サインインの制限を解除するリンク",
    body:
      "あなたのアカウントに対して、パスワードの誤りが続いたため、サインインを一時的に制限しました。" +
      "ご自身でお使いになる場合は、次のリンクを開くと、そのブラウザからサインインできるようになります（1時間有効・1回限り）。" +
      "お心当たりがない場合は、パスワードを推測されようとしている可能性があります。パスワードを変更してください。",
    link: `/account/link/${token}`,
  });
  await audit(db, { actorId: null, action: "auth.unlock_link_sent", entityType: "user", entityId: input.userId });
}

/**
 * Checks a password and returns the user's id. The checks are limited per account and
 * address, per address and per account (see SIGN_IN_LIMITS); a deactivated account or one
 * whose e-mail address is not yet confirmed does not sign in.
 */
export async function signIn(
  db: Database,
  input: { email: string; password: string; ip: string; deviceToken?: string | null },
  now: Date = new Date(),
): Promise<{ userId: string }> {
  const email = input.email.toLowerCase();
  const user = await db
    .selectFrom("users")
    .select(["id", "password_hash", "email_verified_at", "deactivated_at"])
    .where("email", "=", email)
    .executeTakeFirst();
  const trusted = user ? await isTrustedDevice(db, { userId: user.id, token: input.deviceToken ?? null }, now) : false;
  const verified = await limitedPasswordCheck(
    db,
    { email, ip: input.ip, password: input.password, user, trusted, purpose: "sign_in" },
    now,
  );
  // An unconfirmed registration answers like a wrong password: otherwise whoever registered
  // someone else's address would learn that it had no account before (decision 0007).
  const ok = verified && !!user && !!user.email_verified_at && !user.deactivated_at;
  await audit(db, {
    actorId: ok && user ? user.id : null,
    action: ok ? "auth.sign_in" : "auth.sign_in_failed",
    entityType: "user",
    entityId: user?.id ?? null,
    details: ok
      ? { ip: input.ip }
      : {
          email,
          ip: input.ip,
          ...(verified ? { reason: user?.deactivated_at ? "deactivated" : "unverified" } : {}),
        },
  });
  if (verified && user?.deactivated_at) throw new ConflictError(SIGN_IN_MESSAGES.deactivated);
  if (!ok || !user) throw new ConflictError(SIGN_IN_MESSAGES.invalid);
  return { userId: user.id };
}
