import { describe, expect, it } from "vitest";
import { createTestDb } from "~/testing/db";
import { createAdmin, createFirstAdminInput } from "./admin-script.server";
import { DEMO_PASSWORD, demoPasswordRefusal } from "./demo-password.server";
import { hashPassword } from "./password.server";
import { createUser } from "./users.server";

const person = {
  name: "管理 花子",
  nameKana: "かんり はなこ",
  prefectureCode: "13",
  organization: "",
  itcNumber: null,
};

describe("the demo password on a public install", () => {
  it("refuses an https install while an account has the demo password, with how to fix it", async () => {
    const db = await createTestDb();
    const passwordHash = await hashPassword(DEMO_PASSWORD);
    await createUser(db, { ...person, email: "admin@example.com", password: "", passwordHash, roles: ["admin"] }, null);
    const refusal = await demoPasswordRefusal(db, { APP_ORIGIN: "https://training.example.jp" });
    expect(refusal).toMatch(/^Refusing to start: .*admin@example\.com.*npm run admin:create -- --email/);
    expect(refusal).not.toContain("\n");
    // A demo or intranet install (no https origin) starts as before.
    expect(await demoPasswordRefusal(db, { APP_ORIGIN: "http://localhost:3000" })).toBeNull();
    expect(await demoPasswordRefusal(db, {})).toBeNull();
  });

  it("also catches a real admin who kept the demo password, and lets a clean install start", async () => {
    const db = await createTestDb();
    const input = createFirstAdminInput.parse({
      email: "Owner@Portal.example.jp",
      name: "運用 太郎",
      password: "a-real-long-passphrase",
    });
    await createAdmin(db, input);
    expect(await demoPasswordRefusal(db, { APP_ORIGIN: "https://portal.example.jp" })).toBeNull();
    const staffHash = await hashPassword(DEMO_PASSWORD);
    await createUser(
      db,
      { ...person, email: "staff@portal.example.jp", password: "", passwordHash: staffHash, roles: ["staff"] },
      null,
    );
    expect(await demoPasswordRefusal(db, { APP_ORIGIN: "https://portal.example.jp" })).toContain(
      "staff@portal.example.jp",
    );
  });

  it("validates the admin:create input: no demo password, no short one", () => {
    expect(createFirstAdminInput.safeParse({ email: "a@b.jp", name: "x", password: DEMO_PASSWORD }).success).toBe(
      false,
    );
    expect(createFirstAdminInput.safeParse({ email: "a@b.jp", name: "x", password: "short" }).success).toBe(false);
    expect(createFirstAdminInput.safeParse({ email: "nope", name: "x", password: "long-enough-pass" }).success).toBe(
      false,
    );
  });
});
