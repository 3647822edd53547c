import { sql } from "kysely";
import { generateIdFromEntropySize } from "lucia";
import { transaction, type Database } from "~/db.server";
import { audit } from "~/features/audit/audit.server";
import { notify } from "~/features/notifications/outbox.server";
import { ConflictError, ForbiddenError, NotFoundError, TooManyRequestsError } from "~/lib/errors";
import { escapeLikePattern, normalizeForSearch } from "~/lib/text";
import { hashPassword } from "./password.server";
import { limitedPasswordCheck, SIGN_IN_MESSAGES } from "./sign-in.server";
import { issueToken } from "./tokens.server";
import type { Role } from "./roles";
import { pageCount, pageOffset } from "~/lib/list-query";

export type NewUser = {
  email: string;
  password: string;
  name: string;
  nameKana: string;
  prefectureCode: string;
  organization: string;
  itcNumber: string | null;
};

export function userSearchText(u: Pick<NewUser, "name" | "nameKana" | "email" | "organization" | "itcNumber">): string {
  return normalizeForSearch([u.name, u.nameKana, u.email, u.organization, u.itcNumber ?? ""].join(" "));
}

/** Creates a user with the given roles; used by registration, invitations, scripts and the seed. */
export async function createUser(
  db: Database,
  input: NewUser & { roles: Role[]; passwordHash?: string; emailVerified?: boolean },
  actorId: string | null,
): Promise<{ id: string }> {
  const passwordHash = input.passwordHash ?? (await hashPassword(input.password));
  // Composable: inside a caller's transaction (an invitation) it joins that transaction.
  const inTransaction = <T>(fn: (trx: Database) => Promise<T>) => (db.isTransaction ? fn(db) : transaction(db, fn));
  return inTransaction(async (trx) => {
    const taken = await trx.selectFrom("users").select("id").where("email", "=", input.email).executeTakeFirst();
    if (taken) throw new ConflictError("このメールアドレスは既に登録されています。", "email");
    return insertUser(trx, { ...input, passwordHash }, actorId);
  });
}

/** Inserts the user, their roles and the audit row; `db` must be a transaction. */
async function insertUser(
  db: Database,
  input: NewUser & { roles: Role[]; passwordHash: string; emailVerified?: boolean },
  actorId: string | null,
): Promise<{ id: string }> {
  const id = generateIdFromEntropySize(10);
  const now = new Date().toISOString();
  await db
    .insertInto("users")
    .values({
      id,
      email: input.email,
      password_hash: input.passwordHash,
      name: input.name,
      name_kana: input.nameKana,
      prefecture_code: input.prefectureCode,
      organization: input.organization,
      itc_number: input.itcNumber,
      search_text: userSearchText(input),
      email_verified_at: input.emailVerified === false ? null : now,
      created_at: now,
      updated_at: now,
    })
    .execute();
  if (input.roles.length > 0) {
    await db
      .insertInto("user_roles")
      .values(input.roles.map((role) => ({ user_id: id, role, granted_at: now, granted_by: actorId })))
      .execute();
  }
  await audit(db, {
    actorId: actorId ?? id,
    action: "user.create",
    entityType: "user",
    entityId: id,
    details: { email: input.email, roles: input.roles },
  });
  return { id };
}

/**
 * perIp: registrations from one source address; perAddress: registration e-mails (the
 * confirmation link, "someone tried to register") to one address, from wherever they came.
 */
export const REGISTRATION_LIMIT = { perIp: 5, perAddress: 2, windowMinutes: 60 } as const;

const REGISTRATION_MAIL_KINDS = ["account.verify_email", "account.registration_attempt"];

export const REGISTRATION_MESSAGES = {
  tooMany: "この接続元からの登録が多いため、受付を一時的に止めています。1時間ほど待ってから、もう一度お試しください。",
} as const;

/**
 * Self-registration: always a trainee, and the answer is the same whether or not the address
 * already has an account (decision 0007). A new address gets a link to confirm it (the account
 * signs in only after that); the owner of an existing address gets an e-mail saying someone
 * tried, instead. Registrations are limited per IP address, counted in the database, and
 * the e-mails per address: past REGISTRATION_LIMIT.perAddress in the window, the attempt is
 * answered as always and audited, but no further mail goes to that address.
 */
export async function registerTrainee(
  db: Database,
  input: NewUser & { ip: string },
  now: Date = new Date(),
): Promise<void> {
  const since = new Date(now.getTime() - REGISTRATION_LIMIT.windowMinutes * 60_000).toISOString();
  await transaction(db, async (trx) => {
    const { n } = await trx
      .selectFrom("registration_attempts")
      .select((eb) => eb.fn.countAll<number>().as("n"))
      .where("ip", "=", input.ip)
      .where("attempted_at", ">", since)
      .executeTakeFirstOrThrow();
    if (n >= REGISTRATION_LIMIT.perIp) throw new TooManyRequestsError(REGISTRATION_MESSAGES.tooMany);
    await trx.insertInto("registration_attempts").values({ ip: input.ip, attempted_at: now.toISOString() }).execute();
  });
  // Hashed in both cases, so that the time taken does not tell them apart either.
  const passwordHash = await hashPassword(input.password);
  await transaction(db, async (trx) => {
    const existing = await trx.selectFrom("users").select("id").where("email", "=", input.email).executeTakeFirst();
    if (existing) {
      const { mails } = await trx
        .selectFrom("notifications")
        .select((eb) => eb.fn.countAll<number>().as("mails"))
        .where("user_id", "=", existing.id)
        .where("kind", "in", REGISTRATION_MAIL_KINDS)
        .where("created_at", ">", since)
        .executeTakeFirstOrThrow();
      const capped = mails >= REGISTRATION_LIMIT.perAddress;
      if (!capped)
        await notify(
          trx,
          {
            userId: existing.id,
            kind: "account.registration_attempt",
            title: "このメールアドレスで新規登録の申込がありました",
            body:
              "このメールアドレスは既にITC研修ポータルに登録されているため、新しいアカウントは作成していません。" +
              "お心当たりがなければ、このメールは無視してください。パスワードをお忘れの場合は、次のページから再設定できます。",
            link: "/forgot-password",
          },
          now,
        );
      await audit(trx, {
        actorId: null,
        action: "user.registration_existing",
        entityType: "user",
        entityId: existing.id,
        details: { ip: input.ip, mailed: !capped },
      });
      return;
    }
    const { id } = await insertUser(trx, { ...input, roles: ["trainee"], passwordHash, emailVerified: false }, null);
    const token = await issueToken(trx, { userId: id, purpose: "verify_email" }, now);
    await notify(
      trx,
      {
        userId: id,
        kind: "account.verify_email",
        title: "メールアドレスの確認",
        body: "ITC研修ポータルへのご登録ありがとうございます。次のリンクを開いて登録を完了してください（24時間有効）。",
        link: `/account/link/${token}`,
      },
      now,
    );
  });
}

export async function changePassword(
  db: Database,
  input: { userId: string; currentPassword: string; newPassword: string; ip: string },
): Promise<void> {
  const user = await db
    .selectFrom("users")
    .select(["id", "email", "password_hash"])
    .where("id", "=", input.userId)
    .executeTakeFirst();
  if (!user) throw new NotFoundError();
  // The same limit as sign-in: a stolen session must not become a way to guess the password.
  const ok = await limitedPasswordCheck(db, {
    email: user.email,
    ip: input.ip,
    password: input.currentPassword,
    user,
    purpose: "current_password",
  });
  if (!ok) throw new ConflictError(SIGN_IN_MESSAGES.currentPasswordWrong, "currentPassword");
  const passwordHash = await hashPassword(input.newPassword);
  await transaction(db, async (trx) => {
    await trx
      .updateTable("users")
      .set({ password_hash: passwordHash, updated_at: new Date().toISOString() })
      .where("id", "=", input.userId)
      .execute();
    // Every other session ends: a changed password must lock out whoever knew the old one.
    await trx.deleteFrom("sessions").where("user_id", "=", input.userId).execute();
    await audit(trx, {
      actorId: input.userId,
      action: "auth.password_change",
      entityType: "user",
      entityId: input.userId,
    });
  });
}

export const USERS_PAGE_SIZE = 50;

export async function searchUsers(db: Database, input: { q: string; role: Role | ""; page: number }) {
  let query = db.selectFrom("users");
  const q = normalizeForSearch(input.q);
  if (q) {
    const pattern = `%${escapeLikePattern(q)}%`;
    // Matched on the normalised search text: full-width and half-width, kana forms alike.
    query = query.where("search_text", "like", sql<string>`${pattern} escape '\\'`);
  }
  if (input.role) {
    const role = input.role;
    query = query.where((eb) =>
      eb.exists(
        eb
          .selectFrom("user_roles")
          .select("user_id")
          .whereRef("user_roles.user_id", "=", "users.id")
          .where("role", "=", role),
      ),
    );
  }
  const [{ total }, rows] = await Promise.all([
    query.select((eb) => eb.fn.countAll<number>().as("total")).executeTakeFirstOrThrow(),
    query
      .select((eb) => [
        "users.id",
        "users.email",
        "users.name",
        "users.name_kana",
        "users.organization",
        "users.prefecture_code",
        "users.deactivated_at",
        "users.email_verified_at",
        eb
          .selectFrom("user_roles")
          .select((e) => e.fn<string>("string_agg", ["role", sql.lit(",")]).as("roles"))
          .whereRef("user_roles.user_id", "=", "users.id")
          .as("roles"),
      ])
      .orderBy("users.name_kana")
      .orderBy("users.id")
      .limit(USERS_PAGE_SIZE)
      .offset(pageOffset(input.page, USERS_PAGE_SIZE))
      .execute(),
  ]);
  return {
    total,
    page: input.page,
    pageCount: pageCount(total, USERS_PAGE_SIZE),
    users: rows.map((r) => ({ ...r, roles: (r.roles ?? "").split(",").filter(Boolean) as Role[] })),
  };
}

export const ROLE_MESSAGES = {
  adminNeedsConfirmation: "管理者権限を付与するには、確認の欄にチェックを入れてください。",
  ownAdmin: "自分自身の管理者権限は外せません。",
  lastAdmin: "最後の管理者の管理者権限は外せません。",
} as const;

/** Active admins (not deactivated); the installation must always keep one. */
export async function countActiveAdmins(db: Database): Promise<number> {
  const { n } = await db
    .selectFrom("user_roles")
    .innerJoin("users", "users.id", "user_roles.user_id")
    .select((eb) => eb.fn.countAll<number>().as("n"))
    .where("role", "=", "admin")
    .where("users.deactivated_at", "is", null)
    .executeTakeFirstOrThrow();
  return n;
}

/**
 * Grants a role. The admin role, which can change everyone's roles, needs an explicit
 * confirmation from the caller (the form's checkbox): one click must not hand it out.
 */
export async function grantRole(
  db: Database,
  input: { actorId: string; userId: string; role: Role; confirmed?: boolean },
) {
  await transaction(db, async (trx) => {
    const user = await trx.selectFrom("users").select("id").where("id", "=", input.userId).executeTakeFirst();
    if (!user) throw new NotFoundError("利用者が見つかりません。");
    if (input.role === "admin" && !input.confirmed)
      throw new ConflictError(ROLE_MESSAGES.adminNeedsConfirmation, "confirm");
    const result = await trx
      .insertInto("user_roles")
      .values({
        user_id: input.userId,
        role: input.role,
        granted_at: new Date().toISOString(),
        granted_by: input.actorId,
      })
      .onConflict((oc) => oc.doNothing())
      .executeTakeFirst();
    if (Number(result.numInsertedOrUpdatedRows ?? 0) === 0) return;
    await audit(trx, {
      actorId: input.actorId,
      action: "role.grant",
      entityType: "user",
      entityId: input.userId,
      details: { role: input.role },
    });
  });
}

export async function revokeRole(db: Database, input: { actorId: string; userId: string; role: Role }) {
  if (input.role === "admin" && input.userId === input.actorId) {
    // Guards against an installation left with nobody able to manage roles.
    throw new ForbiddenError(ROLE_MESSAGES.ownAdmin);
  }
  await transaction(db, async (trx) => {
    if (input.role === "admin" && (await countActiveAdmins(trx)) <= 1) throw new ConflictError(ROLE_MESSAGES.lastAdmin);
    const result = await trx
      .deleteFrom("user_roles")
      .where("user_id", "=", input.userId)
      .where("role", "=", input.role)
      .executeTakeFirst();
    if (Number(result.numDeletedRows) === 0) return;
    await audit(trx, {
      actorId: input.actorId,
      action: "role.revoke",
      entityType: "user",
      entityId: input.userId,
      details: { role: input.role },
    });
  });
}
