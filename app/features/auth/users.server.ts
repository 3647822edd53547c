import { sql } from "kysely";
import { generateIdFromEntropySize } from "lucia";
import type { Database } from "~/db.server";
import { audit } from "~/features/audit/audit.server";
import { ConflictError, ForbiddenError, NotFoundError } from "~/lib/errors";
import { escapeLikePattern, normalizeForSearch } from "~/lib/text";
import { hashPassword, verifyPassword } from "./password.server";
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

/** Creates a user with the given roles; used by registration, staff imports and the seed. */
export async function createUser(
  db: Database,
  input: NewUser & { roles: Role[]; passwordHash?: string },
  actorId: string | null,
): Promise<{ id: string }> {
  const id = generateIdFromEntropySize(10);
  const now = new Date().toISOString();
  const passwordHash = input.passwordHash ?? (await hashPassword(input.password));
  await db.transaction().execute(async (trx) => {
    const taken = await trx.selectFrom("users").select("id").where("email", "=", input.email).executeTakeFirst();
    if (taken) throw new ConflictError("このメールアドレスは既に登録されています。", "email");
    await trx
      .insertInto("users")
      .values({
        id,
        email: input.email,
        password_hash: passwordHash,
        name: input.name,
        name_kana: input.nameKana,
        prefecture_code: input.prefectureCode,
        organization: input.organization,
        itc_number: input.itcNumber,
        search_text: userSearchText(input),
        created_at: now,
        updated_at: now,
      })
      .execute();
    if (input.roles.length > 0) {
      await trx
        .insertInto("user_roles")
        .values(input.roles.map((role) => ({ user_id: id, role, granted_at: now, granted_by: actorId })))
        .execute();
    }
    await audit(trx, {
      actorId: actorId ?? id,
      action: "user.create",
      entityType: "user",
      entityId: id,
      details: { email: input.email, roles: input.roles },
    });
  });
  return { id };
}

/** Self-registration always yields a trainee; other roles are granted by an admin. */
export function registerTrainee(db: Database, input: NewUser) {
  return createUser(db, { ...input, roles: ["trainee"] }, null);
}

export async function changePassword(
  db: Database,
  input: { userId: string; currentPassword: string; newPassword: string },
): Promise<void> {
  const user = await db.selectFrom("users").select(["password_hash"]).where("id", "=", input.userId).executeTakeFirst();
  if (!user) throw new NotFoundError();
  if (!(await verifyPassword(user.password_hash, input.currentPassword))) {
    throw new ConflictError("現在のパスワードが正しくありません。", "currentPassword");
  }
  const passwordHash = await hashPassword(input.newPassword);
  await db.transaction().execute(async (trx) => {
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
        eb
          .selectFrom("user_roles")
          .select((e) => e.fn<string>("group_concat", ["role"]).as("roles"))
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

export async function grantRole(db: Database, input: { actorId: string; userId: string; role: Role }) {
  await db.transaction().execute(async (trx) => {
    const user = await trx.selectFrom("users").select("id").where("id", "=", input.userId).executeTakeFirst();
    if (!user) throw new NotFoundError("利用者が見つかりません。");
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
    throw new ForbiddenError("自分自身の管理者権限は外せません。");
  }
  await db.transaction().execute(async (trx) => {
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
