import { beforeAll, describe, expect, it } from "vitest";
import { createTestDb } from "~/testing/db";
import type { Database } from "~/db.server";
import { ConflictError, TooManyRequestsError } from "~/lib/errors";
import { signIn, SIGN_IN_MAX_FAILURES } from "./sign-in.server";
import { createUser } from "./users.server";

let db: Database;
beforeAll(async () => {
  db = await createTestDb();
  await createUser(
    db,
    {
      email: "a@example.test",
      password: "correct horse battery",
      name: "甲",
      nameKana: "こう",
      prefectureCode: "13",
      organization: "",
      itcNumber: null,
      roles: ["trainee"],
    },
    null,
  );
  await createUser(
    db,
    {
      email: "b@example.test",
      password: "correct horse battery",
      name: "乙",
      nameKana: "おつ",
      prefectureCode: "13",
      organization: "",
      itcNumber: null,
      roles: ["trainee"],
    },
    null,
  );
});

describe("signIn", () => {
  it("returns the user for the right password, case-insensitively on the e-mail", async () => {
    const { userId } = await signIn(db, { email: "A@example.test", password: "correct horse battery", ip: "10.0.0.1" });
    expect(userId).toMatch(/^[a-z0-9]+$/);
    const audit = await db.selectFrom("audit_log").selectAll().where("action", "=", "auth.sign_in").execute();
    expect(audit.map((a) => a.entity_id)).toContain(userId);
  });

  it("rejects a wrong password and an unknown e-mail with the same message", async () => {
    const wrong = signIn(db, { email: "a@example.test", password: "wrong", ip: "10.0.0.2" });
    await expect(wrong).rejects.toThrow(ConflictError);
    const unknown = signIn(db, { email: "nobody@example.test", password: "wrong", ip: "10.0.0.2" });
    await expect(unknown).rejects.toThrow("メールアドレスまたはパスワードが正しくありません。");
  });

  it("locks an account after repeated failures, even for the right password, from any address", async () => {
    for (let i = 0; i < SIGN_IN_MAX_FAILURES; i++) {
      await expect(signIn(db, { email: "b@example.test", password: "nope", ip: `10.1.0.${i}` })).rejects.toThrow(
        ConflictError,
      );
    }
    await expect(
      signIn(db, { email: "b@example.test", password: "correct horse battery", ip: "10.9.9.9" }),
    ).rejects.toThrow(TooManyRequestsError);
  });

  it("releases the lock once the window has passed", async () => {
    const later = new Date(Date.now() + 16 * 60_000);
    const { userId } = await signIn(
      db,
      { email: "b@example.test", password: "correct horse battery", ip: "10.9.9.9" },
      later,
    );
    expect(userId).toBeTruthy();
  });

  it("limits one IP address across accounts", async () => {
    for (let i = 0; i < SIGN_IN_MAX_FAILURES; i++) {
      await expect(signIn(db, { email: `x${i}@example.test`, password: "nope", ip: "192.0.2.7" })).rejects.toThrow(
        ConflictError,
      );
    }
    await expect(
      signIn(db, { email: "a@example.test", password: "correct horse battery", ip: "192.0.2.7" }),
    ).rejects.toThrow(TooManyRequestsError);
  });
});
