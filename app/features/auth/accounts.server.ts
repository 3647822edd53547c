import crypto from "node:crypto";
import { sql } from "kysely";
import { transaction, type Database } from "~/db.server";
import { audit } from "~/features/audit/audit.server";
import { notify } from "~/features/notifications/outbox.server";
import { ConflictError, ForbiddenError, NotFoundError } from "~/lib/errors";
import { hashPassword } from "./password.server";
import type { Role } from "./roles";
import { consumeToken, findLinkToken, issueToken, type LinkPurpose } from "./tokens.server";
import { countActiveAdmins, createUser, grantRole, revokeRole, type NewUser } from "./users.server";

// Account management by admins (invite, deactivate, reset link) and the e-mailed links that
// finish them (decision 0007). Every change is audited; people are told through the outbox.

export const ACCOUNT_MESSAGES = {
  selfDeactivate: "自分自身を利用停止にはできません。",
  lastAdmin: "最後の管理者は利用停止にできません。",
  deactivated: "利用停止中の利用者には送れません。先に利用を再開してください。",
  linkInvalid: "このリンクは無効か、有効期限が切れています。もう一度お手続きください。",
} as const;

const LINK = (token: string) => `/account/link/${token}`;

export async function getUserForAdmin(db: Database, userId: string) {
  const user = await db
    .selectFrom("users")
    .select((eb) => [
      "id",
      "email",
      "name",
      "name_kana",
      "organization",
      "prefecture_code",
      "created_at",
      "deactivated_at",
      "email_verified_at",
      eb
        .selectFrom("user_roles")
        .select((e) => e.fn<string>("string_agg", ["role", sql.lit(",")]).as("roles"))
        .whereRef("user_roles.user_id", "=", "users.id")
        .as("roles"),
    ])
    .where("id", "=", userId)
    .executeTakeFirst();
  if (!user) throw new NotFoundError("利用者が見つかりません。");
  return { ...user, roles: (user.roles ?? "").split(",").filter(Boolean) as Role[] };
}

/**
 * An admin creates an account for someone; they get an e-mail with a single-use link to set
 * their own password (no password travels by e-mail, none is known to the admin).
 */
export async function inviteUser(
  db: Database,
  input: Omit<NewUser, "password"> & { role: Exclude<Role, "admin">; actorId: string },
): Promise<{ id: string }> {
  return transaction(db, async (trx) => {
    // An empty hash never verifies: the account has no password until the link is used.
    const { id } = await createUser(
      trx,
      { ...input, password: "", passwordHash: "", roles: [input.role], emailVerified: false },
      input.actorId,
    );
    const token = await issueToken(trx, { userId: id, purpose: "invite" });
    await notify(trx, {
      userId: id,
      kind: "account.invite",
      title: "ITC研修ポータルへのご招待",
      body: `${input.name}様のアカウントを作成しました。次のリンクを開いてパスワードを設定してください（7日間有効・1回限り）。`,
      link: LINK(token),
    });
    await audit(trx, { actorId: input.actorId, action: "user.invite", entityType: "user", entityId: id });
    return { id };
  });
}

/** Deactivated users cannot sign in and their sessions end; their history stays. */
export async function setUserActive(db: Database, input: { actorId: string; userId: string; active: boolean }) {
  if (!input.active && input.userId === input.actorId) throw new ForbiddenError(ACCOUNT_MESSAGES.selfDeactivate);
  await transaction(db, async (trx) => {
    const user = await getUserForAdmin(trx, input.userId);
    if (!!user.deactivated_at === !input.active) return;
    if (!input.active && user.roles.includes("admin") && (await countActiveAdmins(trx)) <= 1) {
      throw new ConflictError(ACCOUNT_MESSAGES.lastAdmin);
    }
    await trx
      .updateTable("users")
      .set({ deactivated_at: input.active ? null : new Date().toISOString(), updated_at: new Date().toISOString() })
      .where("id", "=", input.userId)
      .execute();
    if (!input.active) await trx.deleteFrom("sessions").where("user_id", "=", input.userId).execute();
    await audit(trx, {
      actorId: input.actorId,
      action: input.active ? "user.reactivate" : "user.deactivate",
      entityType: "user",
      entityId: input.userId,
    });
  });
}

async function sendResetLink(db: Database, userId: string, now: Date = new Date()) {
  const token = await issueToken(db, { userId, purpose: "password_reset" }, now);
  await notify(
    db,
    {
      userId,
      kind: "account.password_reset",
      title: "パスワード再設定のご案内",
      body:
        "パスワードを再設定するには、次のリンクを開いてください（1時間有効・1回限り）。" +
        "お心当たりがない場合は、このメールは無視してください。パスワードは変わりません。",
      link: LINK(token),
    },
    now,
  );
}

/** An admin sends someone a password-reset link. */
export async function sendPasswordResetByAdmin(db: Database, input: { actorId: string; userId: string }) {
  await transaction(db, async (trx) => {
    const user = await getUserForAdmin(trx, input.userId);
    if (user.deactivated_at) throw new ConflictError(ACCOUNT_MESSAGES.deactivated);
    await sendResetLink(trx, user.id);
    await audit(trx, {
      actorId: input.actorId,
      action: "auth.password_reset_sent",
      entityType: "user",
      entityId: user.id,
    });
  });
}

/**
 * The public "forgot password" form: the answer is the same whether or not the address has
 * an account, and so is the work done before answering (so is its time): the address is
 * queued, nothing else. The outbox worker (passwordResetJob) then looks it up; only an
 * existing, active account gets the e-mail (decision 0029).
 */
export async function requestPasswordReset(db: Database, input: { email: string; ip: string }, now = new Date()) {
  await db
    .insertInto("password_reset_requests")
    .values({ id: crypto.randomUUID(), email: input.email, ip: input.ip, requested_at: now.toISOString() })
    .execute();
}

/**
 * Turns queued forgot-password requests into reset links, oldest first; returns how many
 * requests it took. Each request is claimed by deleting it inside the transaction that sends
 * its link, so several servers running this at once handle each request exactly once.
 */
export async function processPasswordResetRequests(db: Database, now = new Date(), limit = 100): Promise<number> {
  const queued = await db
    .selectFrom("password_reset_requests")
    .selectAll()
    .orderBy("requested_at")
    .orderBy("id")
    .limit(limit)
    .execute();
  let taken = 0;
  for (const request of queued) {
    await transaction(db, async (trx) => {
      const claimed = await trx.deleteFrom("password_reset_requests").where("id", "=", request.id).executeTakeFirst();
      if (Number(claimed.numDeletedRows) === 0) return; // another server took it
      taken++;
      await resetLinkFor(trx, request, now);
    });
  }
  return taken;
}

async function resetLinkFor(trx: Database, input: { email: string; ip: string }, now: Date) {
  const user = await trx
    .selectFrom("users")
    .select(["id", "deactivated_at"])
    .where("email", "=", input.email)
    .executeTakeFirst();
  if (!user || user.deactivated_at) return;
  // At most one link per account every few minutes: the form must not become a mail cannon.
  const recent = await trx
    .selectFrom("account_tokens")
    .select("id")
    .where("user_id", "=", user.id)
    .where("purpose", "=", "password_reset")
    .where("created_at", ">", new Date(now.getTime() - 5 * 60_000).toISOString())
    .executeTakeFirst();
  if (recent) return;
  await sendResetLink(trx, user.id, now);
  await audit(trx, {
    actorId: null,
    action: "auth.password_reset_requested",
    entityType: "user",
    entityId: user.id,
    details: { ip: input.ip },
  });
}

/** The outbox worker's beat: queued forgot-password requests become links. */
export function passwordResetJob(db: Database) {
  return () => processPasswordResetRequests(db);
}

/** What a link page shows before it is used; undefined for an unknown, used or expired link. */
export async function describeLink(db: Database, token: string) {
  const link = await findLinkToken(db, token);
  if (!link || link.deactivated_at) return undefined;
  return { purpose: link.purpose, name: link.name, email: link.email };
}

/**
 * Uses a link. verify_email confirms the address; invite and password_reset set the
 * password (and confirm the address, which the e-mail proves), end every session and clear
 * the account's sign-in failures; unlock issues a trusted-browser token. Returns the user
 * to sign in (all but unlock) and the trusted-browser token (unlock).
 */
export async function redeemLink(
  db: Database,
  input: { token: string; newPassword?: string },
): Promise<{ userId: string; purpose: LinkPurpose; signIn: boolean; deviceToken?: string }> {
  const link = await findLinkToken(db, input.token);
  if (!link || link.deactivated_at) throw new ConflictError(ACCOUNT_MESSAGES.linkInvalid);
  const needsPassword = link.purpose === "invite" || link.purpose === "password_reset";
  if (needsPassword && !input.newPassword)
    throw new ConflictError("新しいパスワードを入力してください。", "newPassword");
  const passwordHash = needsPassword ? await hashPassword(input.newPassword!) : null;
  return transaction(db, async (trx) => {
    if (!(await consumeToken(trx, link.id))) throw new ConflictError(ACCOUNT_MESSAGES.linkInvalid);
    const now = new Date().toISOString();
    let deviceToken: string | undefined;
    if (link.purpose === "unlock") {
      deviceToken = await issueToken(trx, { userId: link.user_id, purpose: "trusted_device" });
    } else {
      await trx
        .updateTable("users")
        .set({
          ...(passwordHash ? { password_hash: passwordHash } : {}),
          email_verified_at: (eb) => eb.fn.coalesce("email_verified_at", eb.val(now)),
          updated_at: now,
        })
        .where("id", "=", link.user_id)
        .execute();
    }
    if (passwordHash) {
      await trx.deleteFrom("sessions").where("user_id", "=", link.user_id).execute();
      await trx.deleteFrom("sign_in_attempts").where("email", "=", link.email).where("succeeded", "=", 0).execute();
    }
    await audit(trx, {
      actorId: link.user_id,
      action: `auth.link_used`,
      entityType: "user",
      entityId: link.user_id,
      details: { purpose: link.purpose },
    });
    return { userId: link.user_id, purpose: link.purpose, signIn: link.purpose !== "unlock", deviceToken };
  });
}

export type UserAction =
  | { intent: "grant"; userId: string; role: Role; confirm?: "yes" }
  | { intent: "revoke"; userId: string; role: Role }
  | { intent: "deactivate" | "reactivate" | "send-reset"; userId: string };

/** One admin action on one user, as the forms of /admin/users and its detail page send it. */
export async function performUserAction(db: Database, actorId: string, action: UserAction): Promise<void> {
  const target = { actorId, userId: action.userId };
  switch (action.intent) {
    case "grant":
      return grantRole(db, { ...target, role: action.role, confirmed: action.confirm === "yes" });
    case "revoke":
      return revokeRole(db, { ...target, role: action.role });
    case "deactivate":
    case "reactivate":
      return setUserActive(db, { ...target, active: action.intent === "reactivate" });
    case "send-reset":
      return sendPasswordResetByAdmin(db, target);
  }
}
