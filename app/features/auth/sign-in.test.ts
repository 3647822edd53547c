import { beforeAll, describe, expect, it } from "vitest";
import { createTestDb } from "~/testing/db";
import type { Database } from "~/db.server";
import { ConflictError, TooManyRequestsError } from "~/lib/errors";
import { hashPassword } from "./password.server";
import { signIn, SIGN_IN_LIMITS, SIGN_IN_MAX_FAILURES } from "./sign-in.server";
import { issueToken } from "./tokens.server";
import { createUser } from "./users.server";

const PASSWORD = "correct horse battery";
let db: Database;
let passwordHash: string;
const ids: Record<string, string> = {};

async function account(email: string) {
  const { id } = await createUser(
    db,
    {
      email,
      password: PASSWORD,
      passwordHash,
      name: "甲",
      nameKana: "こう",
      prefectureCode: "13",
      organization: "",
      itcNumber: null,
      roles: ["trainee"],
    },
    null,
  );
  ids[email] = id;
  return id;
}

beforeAll(async () => {
  db = await createTestDb();
  passwordHash = await hashPassword(PASSWORD);
  for (const e of ["a", "b", "c", "d", "e", "f"]) await account(`${e}@example.test`);
});

/** Password checks that ran for an account: every verified outcome is audited. */
async function checksFor(email: string) {
  const rows = await db
    .selectFrom("sign_in_attempts")
    .select((eb) => eb.fn.countAll<number>().as("n"))
    .where("email", "=", email)
    .executeTakeFirstOrThrow();
  return rows.n;
}

describe("signIn", () => {
  it("returns the user for the right password, case-insensitively on the e-mail", async () => {
    const { userId } = await signIn(db, { email: "A@example.test", password: PASSWORD, ip: "10.0.0.1" });
    expect(userId).toBe(ids["a@example.test"]);
    const audit = await db.selectFrom("audit_log").selectAll().where("action", "=", "auth.sign_in").execute();
    expect(audit.map((a) => a.entity_id)).toContain(userId);
  });

  it("rejects a wrong password and an unknown e-mail with the same message", async () => {
    const wrong = signIn(db, { email: "a@example.test", password: "wrong", ip: "10.0.0.2" });
    await expect(wrong).rejects.toThrow(ConflictError);
    const unknown = signIn(db, { email: "nobody@example.test", password: "wrong", ip: "10.0.0.2" });
    await expect(unknown).rejects.toThrow("メールアドレスまたはパスワードが正しくありません。");
  });

  it("holds the limit under concurrency: 40 guesses at once, at most 5 checked, the right one refused", async () => {
    const guesses = Array.from({ length: 40 }, (_, i) => (i === 20 ? PASSWORD : `wrong-${i}`));
    const results = await Promise.allSettled(
      guesses.map((password) => signIn(db, { email: "b@example.test", password, ip: "192.0.2.50" })),
    );
    const checked = results.filter((r) => r.status === "rejected" && r.reason instanceof ConflictError).length;
    const signedIn = results.filter((r) => r.status === "fulfilled").length;
    expect(checked + signedIn).toBeLessThanOrEqual(SIGN_IN_MAX_FAILURES);
    expect(await checksFor("b@example.test")).toBeLessThanOrEqual(SIGN_IN_MAX_FAILURES);
    const refused = results.filter((r) => r.status === "rejected" && r.reason instanceof TooManyRequestsError);
    expect(refused.length).toBeGreaterThanOrEqual(40 - SIGN_IN_MAX_FAILURES);
    // Once locked, the right password does not sign in from that address.
    await expect(signIn(db, { email: "b@example.test", password: PASSWORD, ip: "192.0.2.50" })).rejects.toThrow(
      TooManyRequestsError,
    );
  });

  it("does not renew a lock with refused attempts, and locks one address before the whole account", async () => {
    for (let i = 0; i < SIGN_IN_LIMITS.accountAndIp; i++) {
      await expect(signIn(db, { email: "c@example.test", password: "nope", ip: "198.51.100.1" })).rejects.toThrow(
        ConflictError,
      );
    }
    const before = await checksFor("c@example.test");
    for (let i = 0; i < 10; i++) {
      await expect(signIn(db, { email: "c@example.test", password: PASSWORD, ip: "198.51.100.1" })).rejects.toThrow(
        TooManyRequestsError,
      );
    }
    // Refused attempts are not stored as failures: the lock ends when the window does.
    expect(await checksFor("c@example.test")).toBe(before);
    const later = new Date(Date.now() + 16 * 60_000);
    await expect(
      signIn(db, { email: "c@example.test", password: PASSWORD, ip: "198.51.100.1" }, later),
    ).resolves.toMatchObject({ userId: ids["c@example.test"] });
    // The owner, from another address, was never locked out.
    await expect(signIn(db, { email: "c@example.test", password: PASSWORD, ip: "203.0.113.9" })).resolves.toBeTruthy();
  });

  it("locks the account from every address at the higher limit, and e-mails the owner a link past it", async () => {
    const email = "d@example.test";
    for (let i = 0; i < SIGN_IN_LIMITS.account; i++) {
      const ip = `10.20.${Math.floor(i / SIGN_IN_LIMITS.accountAndIp)}.${i}`;
      await expect(signIn(db, { email, password: "nope", ip })).rejects.toThrow(ConflictError);
    }
    await expect(signIn(db, { email, password: PASSWORD, ip: "10.99.0.1" })).rejects.toThrow(TooManyRequestsError);
    const mails = await db
      .selectFrom("notifications")
      .select(["kind", "link"])
      .where("user_id", "=", ids[email]!)
      .execute();
    expect(mails).toEqual([
      { kind: "account.unlock_link", link: expect.stringMatching(/^\/account\/link\/[\w-]{43}$/) },
    ]);
    // The browser that used the link (it holds a trusted-device token) gets through.
    const deviceToken = await issueToken(db, { userId: ids[email]!, purpose: "trusted_device" });
    await expect(signIn(db, { email, password: PASSWORD, ip: "10.99.0.1", deviceToken })).resolves.toMatchObject({
      userId: ids[email],
    });
    // Someone else's device token does not.
    const other = await issueToken(db, { userId: ids["a@example.test"]!, purpose: "trusted_device" });
    await expect(signIn(db, { email, password: PASSWORD, ip: "10.99.0.1", deviceToken: other })).rejects.toThrow(
      TooManyRequestsError,
    );
  });

  it("limits one IP address across accounts", async () => {
    for (let i = 0; i < SIGN_IN_LIMITS.ip; i++) {
      await expect(signIn(db, { email: `x${i}@example.test`, password: "nope", ip: "192.0.2.7" })).rejects.toThrow(
        ConflictError,
      );
    }
    await expect(signIn(db, { email: "a@example.test", password: PASSWORD, ip: "192.0.2.7" })).rejects.toThrow(
      TooManyRequestsError,
    );
  });

  it("refuses a deactivated account and an unconfirmed registration, without counting a failure", async () => {
    await db
      .updateTable("users")
      .set({ deactivated_at: new Date().toISOString() })
      .where("email", "=", "e@example.test")
      .execute();
    await expect(signIn(db, { email: "e@example.test", password: PASSWORD, ip: "10.5.0.1" })).rejects.toThrow(
      "このアカウントは利用停止中です。",
    );
    await db.updateTable("users").set({ email_verified_at: null }).where("email", "=", "f@example.test").execute();
    await expect(signIn(db, { email: "f@example.test", password: PASSWORD, ip: "10.5.0.1" })).rejects.toThrow(
      "メールアドレスまたはパスワードが正しくありません。",
    );
    const failures = await db
      .selectFrom("sign_in_attempts")
      .select("succeeded")
      .where("email", "in", ["e@example.test", "f@example.test"])
      .execute();
    expect(failures.map((f) => f.succeeded)).toEqual([1, 1]);
  });
});
