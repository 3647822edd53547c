import { beforeAll, describe, expect, it } from "vitest";
import type { Database } from "~/db.server";
import { deliverPendingEmails } from "~/features/notifications/outbox.server";
import { ConflictError, ForbiddenError } from "~/lib/errors";
import { createTestDb, makeUser } from "~/testing/db";
import {
  inviteUser,
  performUserAction,
  redeemLink,
  processPasswordResetRequests,
  requestPasswordReset,
  sendPasswordResetByAdmin,
  setUserActive,
} from "./accounts.server";
import { signIn } from "./sign-in.server";
import { hashToken } from "./tokens.server";

let db: Database;
beforeAll(async () => {
  db = await createTestDb();
});

/** The token in the newest account e-mail of a user (as the outbox would send it). */
async function lastLinkToken(userId: string): Promise<string> {
  const row = await db
    .selectFrom("notifications")
    .select("link")
    .where("user_id", "=", userId)
    .where("kind", "like", "account.%")
    .orderBy("id", "desc")
    .executeTakeFirstOrThrow();
  return row.link!.replace("/account/link/", "");
}

const invitee = {
  name: "招待 一郎",
  nameKana: "しょうたい いちろう",
  prefectureCode: "06",
  organization: "",
  itcNumber: null,
  role: "trainer" as const,
};

describe("invitations and links", () => {
  it("invites a user who sets their own password through a single-use link stored as a hash", async () => {
    const admin = await makeUser(db, ["admin"]);
    const { id } = await inviteUser(db, { ...invitee, email: "invitee@example.test", actorId: admin.id });
    await expect(
      signIn(db, { email: "invitee@example.test", password: "anything-at-all", ip: "10.1.1.1" }),
    ).rejects.toThrow(ConflictError);
    const token = await lastLinkToken(id);
    const stored = await db.selectFrom("account_tokens").select("token_hash").where("user_id", "=", id).execute();
    expect(stored).toEqual([{ token_hash: hashToken(token) }]);
    expect(JSON.stringify(stored)).not.toContain(token);

    await expect(redeemLink(db, { token, newPassword: "my-own-passphrase" })).resolves.toMatchObject({
      userId: id,
      signIn: true,
    });
    await expect(redeemLink(db, { token, newPassword: "another-passphrase" })).rejects.toThrow("このリンクは無効か");
    await expect(
      signIn(db, { email: "invitee@example.test", password: "my-own-passphrase", ip: "10.1.1.2" }),
    ).resolves.toMatchObject({ userId: id });
    const trail = await db.selectFrom("audit_log").select("action").where("entity_id", "=", id).execute();
    expect(trail.map((t) => t.action)).toEqual(
      expect.arrayContaining(["user.create", "user.invite", "auth.link_used"]),
    );
  });

  it("drops the token from the outbox once the e-mail is out", async () => {
    const admin = await makeUser(db, ["admin"]);
    const { id } = await inviteUser(db, { ...invitee, email: "mailed@example.test", actorId: admin.id });
    const sent: string[] = [];
    await deliverPendingEmails(db, {
      transport: { sendMail: async (m) => sent.push(m.text) },
      from: "x@example.test",
      origin: "https://portal.example.jp",
    });
    expect(sent.some((t) => /https:\/\/portal\.example\.jp\/account\/link\/[\w-]{43}/.test(t))).toBe(true);
    const row = await db.selectFrom("notifications").select("link").where("user_id", "=", id).executeTakeFirstOrThrow();
    expect(row.link).toBeNull();
  });

  it("expires links", async () => {
    const user = await makeUser(db);
    await sendPasswordResetByAdmin(db, { actorId: user.id, userId: user.id });
    const token = await lastLinkToken(user.id);
    await db.updateTable("account_tokens").set({ expires_at: "2000-01-01T00:00:00.000Z" }).execute();
    await expect(redeemLink(db, { token, newPassword: "new-passphrase-1" })).rejects.toThrow(ConflictError);
  });

  it("answers the forgot-password form the same way, and mails only existing accounts", async () => {
    const user = await makeUser(db);
    // The link is redeemed below by redeemLink, which reads the clock: issue it now.
    const now = new Date();
    const counts = async () => ({
      requests: (await db.selectFrom("password_reset_requests").select("id").execute()).length,
      tokens: (await db.selectFrom("account_tokens").select("id").execute()).length,
      notifications: (await db.selectFrom("notifications").select("id").execute()).length,
      audit: (await db.selectFrom("audit_log").select("id").execute()).length,
    });
    // Before answering, a known and an unknown address cost exactly the same work: one queued
    // request each, no token, no mail, no audit row yet (so the time taken tells nothing).
    const before = await counts();
    await expect(requestPasswordReset(db, { email: user.email, ip: "10.2.0.1" }, now)).resolves.toBeUndefined();
    const afterKnown = await counts();
    await expect(
      requestPasswordReset(db, { email: "ghost@example.test", ip: "10.2.0.1" }, now),
    ).resolves.toBeUndefined();
    const afterUnknown = await counts();
    expect(afterKnown).toEqual({ ...before, requests: before.requests + 1 });
    expect(afterUnknown).toEqual({ ...afterKnown, requests: afterKnown.requests + 1 });
    // The worker then sends the link to the existing account only, and empties the queue.
    expect(await processPasswordResetRequests(db, now)).toBe(2);
    expect(await processPasswordResetRequests(db, now)).toBe(0);
    const tokens = await db
      .selectFrom("account_tokens")
      .select("user_id")
      .where("purpose", "=", "password_reset")
      .where("user_id", "=", user.id)
      .execute();
    expect(tokens).toHaveLength(1);
    expect((await counts()).tokens).toBe(before.tokens + 1);
    // A reset ends the sessions and sets the password.
    await db.insertInto("sessions").values({ id: "reset-s", user_id: user.id, expires_at: 9999999999 }).execute();
    await redeemLink(db, { token: await lastLinkToken(user.id), newPassword: "reset-passphrase-1" });
    expect(await db.selectFrom("sessions").select("id").where("user_id", "=", user.id).execute()).toEqual([]);
    await expect(
      signIn(db, { email: user.email, password: "reset-passphrase-1", ip: "10.2.0.2" }),
    ).resolves.toBeTruthy();
  });
});

describe("deactivation and the last admin", () => {
  it("deactivates a user: no sign-in, sessions gone, history kept; reactivates", async () => {
    const admin = await makeUser(db, ["admin"]);
    const user = await makeUser(db, ["trainee"]);
    await db.insertInto("sessions").values({ id: "deact-s", user_id: user.id, expires_at: 9999999999 }).execute();
    await setUserActive(db, { actorId: admin.id, userId: user.id, active: false });
    expect(await db.selectFrom("sessions").select("id").where("user_id", "=", user.id).execute()).toEqual([]);
    const row = await db
      .selectFrom("users")
      .select("deactivated_at")
      .where("id", "=", user.id)
      .executeTakeFirstOrThrow();
    expect(row.deactivated_at).not.toBeNull();
    await expect(sendPasswordResetByAdmin(db, { actorId: admin.id, userId: user.id })).rejects.toThrow(ConflictError);
    await setUserActive(db, { actorId: admin.id, userId: user.id, active: true });
    const trail = await db.selectFrom("audit_log").select("action").where("entity_id", "=", user.id).execute();
    expect(trail.map((t) => t.action)).toEqual(["user.create", "user.deactivate", "user.reactivate"]);
  });

  it("never deactivates oneself, nor demotes or deactivates the last active admin", async () => {
    const fresh = await createTestDb();
    const only = await makeUser(fresh, ["admin"]);
    await expect(setUserActive(fresh, { actorId: only.id, userId: only.id, active: false })).rejects.toThrow(
      ForbiddenError,
    );
    await expect(
      performUserAction(fresh, only.id, { intent: "revoke", userId: only.id, role: "admin" }),
    ).rejects.toThrow(ForbiddenError);
    const second = await makeUser(fresh, ["admin"]);
    // Two admins: one may deactivate the other, and then that one is the last.
    await setUserActive(fresh, { actorId: only.id, userId: second.id, active: false });
    await setUserActive(fresh, { actorId: only.id, userId: second.id, active: true });
    await performUserAction(fresh, only.id, { intent: "revoke", userId: second.id, role: "admin" });
    const admins = await fresh.selectFrom("user_roles").select("user_id").where("role", "=", "admin").execute();
    expect(admins).toEqual([{ user_id: only.id }]);
  });

  it("refuses a grant of the admin role without the confirmation field", async () => {
    const admin = await makeUser(db, ["admin"]);
    const user = await makeUser(db);
    await expect(performUserAction(db, admin.id, { intent: "grant", userId: user.id, role: "admin" })).rejects.toThrow(
      ConflictError,
    );
    await performUserAction(db, admin.id, { intent: "grant", userId: user.id, role: "admin", confirm: "yes" });
    const roles = await db.selectFrom("user_roles").select("role").where("user_id", "=", user.id).execute();
    expect(roles.map((r) => r.role)).toContain("admin");
  });
});
