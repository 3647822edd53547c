import crypto from "node:crypto";
import type { Database } from "~/db.server";

/** What a link (or the trusted-browser cookie) is good for, and how long. */
export const TOKEN_LIFETIME_MINUTES = {
  verify_email: 24 * 60,
  invite: 7 * 24 * 60,
  password_reset: 60,
  unlock: 60,
  trusted_device: 30 * 24 * 60,
} as const;

export type TokenPurpose = keyof typeof TOKEN_LIFETIME_MINUTES;
/** Purposes redeemed once through /account/link/$token. */
export type LinkPurpose = Exclude<TokenPurpose, "trusted_device">;

export function hashToken(token: string): string {
  return crypto.createHash("sha256").update(token).digest("hex");
}

/**
 * Creates a token (32 random bytes, base64url) and stores only its hash, so that a copy of the
 * database does not hold usable links. Earlier unused links of the same purpose stop working:
 * only the newest e-mail counts.
 */
export async function issueToken(
  db: Database,
  input: { userId: string; purpose: TokenPurpose },
  now: Date = new Date(),
): Promise<string> {
  const token = crypto.randomBytes(32).toString("base64url");
  if (input.purpose !== "trusted_device") {
    await db
      .updateTable("account_tokens")
      .set({ used_at: now.toISOString() })
      .where("user_id", "=", input.userId)
      .where("purpose", "=", input.purpose)
      .where("used_at", "is", null)
      .execute();
  }
  await db
    .insertInto("account_tokens")
    .values({
      user_id: input.userId,
      purpose: input.purpose,
      token_hash: hashToken(token),
      created_at: now.toISOString(),
      expires_at: new Date(now.getTime() + TOKEN_LIFETIME_MINUTES[input.purpose] * 60_000).toISOString(),
    })
    .execute();
  return token;
}

/** The unused, unexpired link a token stands for (without using it up), or undefined. */
export async function findLinkToken(db: Database, token: string, now: Date = new Date()) {
  if (!token || token.length > 100) return undefined;
  return db
    .selectFrom("account_tokens")
    .innerJoin("users", "users.id", "account_tokens.user_id")
    .select([
      "account_tokens.id",
      "account_tokens.purpose",
      "account_tokens.user_id",
      "users.email",
      "users.name",
      "users.deactivated_at",
    ])
    .where("token_hash", "=", hashToken(token))
    .where("purpose", "!=", "trusted_device")
    .where("used_at", "is", null)
    .where("expires_at", ">", now.toISOString())
    .executeTakeFirst() as Promise<
    | { id: number; purpose: LinkPurpose; user_id: string; email: string; name: string; deactivated_at: string | null }
    | undefined
  >;
}

/**
 * Uses a link up, atomically: of two requests racing with the same link only one gets true.
 * Call inside the transaction that does what the link allows.
 */
export async function consumeToken(db: Database, tokenId: number, now: Date = new Date()): Promise<boolean> {
  const result = await db
    .updateTable("account_tokens")
    .set({ used_at: now.toISOString() })
    .where("id", "=", tokenId)
    .where("used_at", "is", null)
    .where("expires_at", ">", now.toISOString())
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

/** Whether a trusted-browser token (from the unlock link) belongs to this account. */
export async function isTrustedDevice(
  db: Database,
  input: { userId: string; token: string | null },
  now: Date = new Date(),
): Promise<boolean> {
  if (!input.token || input.token.length > 100) return false;
  const row = await db
    .selectFrom("account_tokens")
    .select("id")
    .where("token_hash", "=", hashToken(input.token))
    .where("user_id", "=", input.userId)
    .where("purpose", "=", "trusted_device")
    .where("expires_at", ">", now.toISOString())
    .executeTakeFirst();
  return row !== undefined;
}
