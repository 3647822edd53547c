import { beforeAll, describe, expect, it } from "vitest";
import type { Database } from "~/db.server";
import { ConflictError, ForbiddenError, TooManyRequestsError } from "~/lib/errors";
import { createTestDb, makeUser } from "~/testing/db";
import { RegisterSchema } from "./auth.schema";
import { SIGN_IN_MAX_FAILURES } from "./sign-in.server";
import {
  changePassword,
  createUser,
  grantRole,
  REGISTRATION_LIMIT,
  registerTrainee,
  revokeRole,
  searchUsers,
} from "./users.server";

let db: Database;
beforeAll(async () => {
  db = await createTestDb();
});

const valid = {
  name: "山田 太郎",
  nameKana: "やまだ たろう",
  email: "Yamada@Example.test",
  password: "a-long-enough-passphrase",
  passwordConfirm: "a-long-enough-passphrase",
  prefectureCode: "06",
  organization: "山田商店",
  itcNumber: "",
};

describe("RegisterSchema", () => {
  it("accepts a valid registration and normalises the e-mail", () => {
    const parsed = RegisterSchema.parse(valid);
    expect(parsed.email).toBe("yamada@example.test");
    expect(parsed.itcNumber).toBeNull();
  });

  it.each([
    ["name", { name: "" }, "氏名を入力してください。"],
    ["nameKana", { nameKana: "ヤマダ" }, "ふりがなはひらがなで入力してください。"],
    ["email", { email: "not-an-email" }, "メールアドレスの形式が正しくありません。"],
    ["password", { password: "short", passwordConfirm: "short" }, "パスワードは12文字以上にしてください。"],
    ["passwordConfirm", { passwordConfirm: "something-else-entirely" }, "パスワードが一致しません。"],
    ["prefectureCode", { prefectureCode: "48" }, "都道府県を選択してください。"],
  ])("gives %s a Japanese message", (field, change, message) => {
    const result = RegisterSchema.safeParse({ ...valid, ...change });
    expect(result.success).toBe(false);
    const issue = result.error!.issues.find((i) => i.path[0] === field);
    expect(issue?.message).toBe(message);
  });
});

describe("users", () => {
  it("registers a trainee unconfirmed, and answers the same for an address already registered", async () => {
    const input = { ...RegisterSchema.parse(valid), ip: "10.7.0.1" };
    await expect(registerTrainee(db, input)).resolves.toBeUndefined();
    const user = await db
      .selectFrom("users")
      .select(["id", "email_verified_at"])
      .where("email", "=", input.email)
      .executeTakeFirstOrThrow();
    expect(user.email_verified_at).toBeNull();
    const roles = await db.selectFrom("user_roles").select("role").where("user_id", "=", user.id).execute();
    expect(roles.map((r) => r.role)).toEqual(["trainee"]);
    // Same address again: no error (that would tell that it is registered), no second account,
    // and the owner hears about it instead.
    await expect(registerTrainee(db, { ...input, name: "別人" })).resolves.toBeUndefined();
    const count = await db
      .selectFrom("users")
      .select((eb) => eb.fn.countAll<number>().as("n"))
      .where("email", "=", input.email)
      .executeTakeFirstOrThrow();
    expect(count.n).toBe(1);
    const mails = await db.selectFrom("notifications").select("kind").where("user_id", "=", user.id).execute();
    expect(mails.map((m) => m.kind)).toEqual(["account.verify_email", "account.registration_attempt"]);
  });

  it("limits registrations per IP address, counted in the database", async () => {
    const results = [];
    for (let i = 0; i < 8; i++) {
      const input = { ...RegisterSchema.parse({ ...valid, email: `flood${i}@example.test` }), ip: "10.8.0.1" };
      results.push(
        await registerTrainee(db, input).then(
          () => "ok",
          (e: Error) => e,
        ),
      );
    }
    expect(results.filter((r) => r === "ok")).toHaveLength(REGISTRATION_LIMIT.perIp);
    const refused = results.filter((r) => r instanceof TooManyRequestsError);
    expect(refused).toHaveLength(8 - REGISTRATION_LIMIT.perIp);
    const { n } = await db
      .selectFrom("users")
      .select((eb) => eb.fn.countAll<number>().as("n"))
      .where("email", "like", "flood%")
      .executeTakeFirstOrThrow();
    expect(n).toBe(REGISTRATION_LIMIT.perIp);
    // Another address is not affected.
    const other = { ...RegisterSchema.parse({ ...valid, email: "other-ip@example.test" }), ip: "10.8.0.2" };
    await expect(registerTrainee(db, other)).resolves.toBeUndefined();
  });

  it("caps registration e-mails per address too: 7 attempts from 7 source addresses send 2, the next hour again", async () => {
    const start = new Date("2026-06-01T00:00:00Z");
    const at = (minutes: number) => new Date(start.getTime() + minutes * 60_000);
    const email = "one-target@example.test";
    for (let i = 0; i < 7; i++) {
      const input = { ...RegisterSchema.parse({ ...valid, email }), ip: `10.9.0.${i + 1}` };
      // The same answer every time: nothing tells the caller that mail stopped.
      await expect(registerTrainee(db, input, at(i))).resolves.toBeUndefined();
    }
    const mailsTo = async () =>
      db
        .selectFrom("notifications")
        .innerJoin("users", "users.id", "notifications.user_id")
        .select("kind")
        .where("users.email", "=", email)
        .orderBy("notifications.id")
        .execute();
    expect((await mailsTo()).map((m) => m.kind)).toEqual(["account.verify_email", "account.registration_attempt"]);
    // Every attempt is audited, with whether it was mailed.
    const audited = await db
      .selectFrom("audit_log")
      .select("details")
      .where("action", "=", "user.registration_existing")
      .where("details", "like", "%10.9.0.%")
      .execute();
    expect(audited).toHaveLength(6);
    const input = { ...RegisterSchema.parse({ ...valid, email }), ip: "10.9.1.1" };
    await registerTrainee(db, input, at(REGISTRATION_LIMIT.windowMinutes + 7));
    expect(await mailsTo()).toHaveLength(3);
  });

  it("changes a password only with the current one, and ends the user's sessions", async () => {
    const { id } = await createUser(
      db,
      {
        email: "pw@example.test",
        password: "old-password-123",
        name: "丙",
        nameKana: "へい",
        prefectureCode: "13",
        organization: "",
        itcNumber: null,
        roles: ["trainee"],
      },
      null,
    );
    await db.insertInto("sessions").values({ id: "s1", user_id: id, expires_at: 9999999999 }).execute();
    const ip = "10.9.0.1";
    await expect(
      changePassword(db, { userId: id, currentPassword: "wrong-password-1", newPassword: "new-password-456", ip }),
    ).rejects.toThrow("現在のパスワードが正しくありません。");
    await changePassword(db, { userId: id, currentPassword: "old-password-123", newPassword: "new-password-456", ip });
    expect(await db.selectFrom("sessions").selectAll().where("user_id", "=", id).execute()).toHaveLength(0);
  });

  it("limits guesses of the current password like sign-in", async () => {
    const { id } = await createUser(
      db,
      {
        email: "pw2@example.test",
        password: "old-password-123",
        name: "丁",
        nameKana: "てい",
        prefectureCode: "13",
        organization: "",
        itcNumber: null,
        roles: ["trainee"],
      },
      null,
    );
    const ip = "10.9.0.2";
    const guesses = Array.from({ length: 12 }, (_, i) => `guess-number-${i}`);
    const results = await Promise.allSettled(
      guesses.map((g) => changePassword(db, { userId: id, currentPassword: g, newPassword: "new-password-456", ip })),
    );
    const wrong = results.filter((r) => r.status === "rejected" && r.reason instanceof ConflictError);
    expect(wrong).toHaveLength(SIGN_IN_MAX_FAILURES);
    expect(results.filter((r) => r.status === "rejected" && r.reason instanceof TooManyRequestsError)).toHaveLength(
      12 - SIGN_IN_MAX_FAILURES,
    );
    // Now even the right current password is refused from this address for the window.
    await expect(
      changePassword(db, { userId: id, currentPassword: "old-password-123", newPassword: "new-password-456", ip }),
    ).rejects.toThrow(TooManyRequestsError);
  });

  it("grants and revokes roles with an audit trail, never the admin's own admin role", async () => {
    const admin = await makeUser(db, ["admin"]);
    const target = await makeUser(db, ["trainee"]);
    await grantRole(db, { actorId: admin.id, userId: target.id, role: "trainer" });
    await grantRole(db, { actorId: admin.id, userId: target.id, role: "trainer" });
    let roles = await db
      .selectFrom("user_roles")
      .select("role")
      .where("user_id", "=", target.id)
      .orderBy("role")
      .execute();
    expect(roles.map((r) => r.role)).toEqual(["trainee", "trainer"]);
    await revokeRole(db, { actorId: admin.id, userId: target.id, role: "trainee" });
    roles = await db.selectFrom("user_roles").select("role").where("user_id", "=", target.id).execute();
    expect(roles.map((r) => r.role)).toEqual(["trainer"]);
    const trail = await db
      .selectFrom("audit_log")
      .select("action")
      .where("entity_id", "=", target.id)
      .where("action", "like", "role.%")
      .execute();
    expect(trail.map((t) => t.action)).toEqual(["role.grant", "role.revoke"]);
    await expect(revokeRole(db, { actorId: admin.id, userId: admin.id, role: "admin" })).rejects.toThrow(
      ForbiddenError,
    );
  });

  it("grants the admin role only with an explicit confirmation", async () => {
    const admin = await makeUser(db, ["admin"]);
    const target = await makeUser(db, ["trainee"]);
    await expect(grantRole(db, { actorId: admin.id, userId: target.id, role: "admin" })).rejects.toThrow(
      "管理者権限を付与するには、確認の欄にチェックを入れてください。",
    );
    const none = await db.selectFrom("user_roles").select("role").where("user_id", "=", target.id).execute();
    expect(none.map((r) => r.role)).toEqual(["trainee"]);
    await grantRole(db, { actorId: admin.id, userId: target.id, role: "admin", confirmed: true });
    const roles = await db.selectFrom("user_roles").select("role").where("user_id", "=", target.id).execute();
    expect(roles.map((r) => r.role).sort()).toEqual(["admin", "trainee"]);
  });

  it("searches names regardless of full-width or half-width input, and by role", async () => {
    await makeUser(db, ["trainer"], { name: "ＤＸ推進 太郎" });
    const found = await searchUsers(db, { q: "dx推進", role: "", page: 1 });
    expect(found.users.map((u) => u.name)).toContain("ＤＸ推進 太郎");
    const trainers = await searchUsers(db, { q: "", role: "trainer", page: 1 });
    expect(trainers.users.every((u) => u.roles.includes("trainer"))).toBe(true);
  });

  it("keeps the audit log append-only", async () => {
    await expect(db.deleteFrom("audit_log").execute()).rejects.toThrow(/append-only/);
  });
});
