import type { Database } from "~/db.server";
import { audit } from "~/features/audit/audit.server";
import { ConflictError, TooManyRequestsError } from "~/lib/errors";
import { verifyAgainstDummy, verifyPassword } from "./password.server";

export const SIGN_IN_MAX_FAILURES = 5;
export const SIGN_IN_WINDOW_MINUTES = 15;

export const SIGN_IN_MESSAGES = {
  invalid: "メールアドレスまたはパスワードが正しくありません。",
  locked: `サインインの失敗が続いたため、一時的にサインインを制限しています。${SIGN_IN_WINDOW_MINUTES}分ほど待ってから、もう一度お試しください。`,
} as const;

/**
 * Checks a password and returns the user's id. Failures are counted in the database (per
 * account and per IP address, so a restart does not reset them); after too many in the
 * window, even a correct password is refused until the window has passed.
 */
export async function signIn(
  db: Database,
  input: { email: string; password: string; ip: string },
  now: Date = new Date(),
): Promise<{ userId: string }> {
  const since = new Date(now.getTime() - SIGN_IN_WINDOW_MINUTES * 60_000).toISOString();
  const email = input.email.toLowerCase();

  const counts = await db
    .selectFrom("sign_in_attempts")
    .select((eb) => [
      eb.fn.countAll<number>().filterWhere("email", "=", email).as("by_email"),
      eb.fn.countAll<number>().filterWhere("ip", "=", input.ip).as("by_ip"),
    ])
    .where("succeeded", "=", 0)
    .where("attempted_at", ">", since)
    .where((eb) => eb.or([eb("email", "=", email), eb("ip", "=", input.ip)]))
    .executeTakeFirstOrThrow();

  if (counts.by_email >= SIGN_IN_MAX_FAILURES || counts.by_ip >= SIGN_IN_MAX_FAILURES) {
    await db.transaction().execute(async (trx) => {
      await recordAttempt(trx, email, input.ip, false, now);
      await audit(trx, {
        actorId: null,
        action: "auth.sign_in_refused",
        entityType: "user",
        entityId: null,
        details: { email, ip: input.ip, reason: "rate_limited" },
      });
    });
    throw new TooManyRequestsError(SIGN_IN_MESSAGES.locked);
  }

  const user = await db
    .selectFrom("users")
    .select(["id", "password_hash"])
    .where("email", "=", email)
    .executeTakeFirst();
  const ok = user ? await verifyPassword(user.password_hash, input.password) : await verifyAgainstDummy(input.password);

  await db.transaction().execute(async (trx) => {
    await recordAttempt(trx, email, input.ip, ok, now);
    await audit(trx, {
      actorId: ok && user ? user.id : null,
      action: ok ? "auth.sign_in" : "auth.sign_in_failed",
      entityType: "user",
      entityId: user?.id ?? null,
      details: ok ? { ip: input.ip } : { email, ip: input.ip },
    });
    if (ok) {
      // A success clears the account's failure count: only consecutive failures lock it.
      await trx.deleteFrom("sign_in_attempts").where("email", "=", email).where("succeeded", "=", 0).execute();
    }
  });

  if (!ok || !user) throw new ConflictError(SIGN_IN_MESSAGES.invalid);
  return { userId: user.id };
}

async function recordAttempt(db: Database, email: string, ip: string, succeeded: boolean, now: Date) {
  await db
    .insertInto("sign_in_attempts")
    .values({ email, ip, succeeded: succeeded ? 1 : 0, attempted_at: now.toISOString() })
    .execute();
}
