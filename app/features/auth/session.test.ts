import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { migrateToLatest } from "../../../db/migrate";
import { openDatabase, type Database } from "~/db.server";
import { makeUser } from "~/testing/db";
import { SESSION_COOKIE } from "~/lib/request-handler.server";
import { createLucia, lucia } from "./lucia.server";
import { endSession, getSessionUser, safeRedirectPath, startSession } from "./session.server";

// getSessionUser works on the app's own database handle: point it at a fresh file.
const dir = fs.mkdtempSync(path.join(os.tmpdir(), "itc-session-"));
process.env.DATABASE_PATH = path.join(dir, "app.db");
let cookie: string;
let userId: string;

beforeAll(async () => {
  const db = openDatabase(process.env.DATABASE_PATH!);
  await migrateToLatest(db);
  userId = (await makeUser(db, ["trainee"])).id;
  await db.destroy();
  cookie = (await startSession(userId)).split(";")[0]!;
});
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

const request = (method = "GET") => new Request("http://localhost/", { method, headers: { Cookie: cookie } });
const nextTurn = () => new Promise((resolve) => setImmediate(resolve));

describe("getSessionUser", () => {
  it("looks a session up once for the loaders of one page view, and again on the next turn", async () => {
    const validate = vi.spyOn(lucia(), "validateSession");
    const [a, b] = await Promise.all([getSessionUser(request()), getSessionUser(request())]);
    expect(a?.id).toBe(userId);
    expect(b?.id).toBe(userId);
    expect(validate).toHaveBeenCalledTimes(1);
    await nextTurn();
    await getSessionUser(request());
    expect(validate).toHaveBeenCalledTimes(2);
    validate.mockRestore();
  });

  it("never shares a lookup with a POST, and sees a sign-out on the next turn", async () => {
    const validate = vi.spyOn(lucia(), "validateSession");
    await Promise.all([getSessionUser(request("POST")), getSessionUser(request("POST"))]);
    expect(validate).toHaveBeenCalledTimes(2);
    validate.mockRestore();
    await nextTurn();
    await endSession(request("POST"));
    await nextTurn();
    expect(await getSessionUser(request())).toBeNull();
  });
});

describe("safeRedirectPath", () => {
  it.each([
    ["/courses?q=1", "/courses?q=1"],
    ["//evil.example.com", "/dashboard"],
    ["/\\evil.example.com", "/dashboard"],
    ["https://evil.example.com", "/dashboard"],
    ["javascript:alert(1)", "/dashboard"],
    ["/ok\nSet-Cookie: x", "/dashboard"],
    [null, "/dashboard"],
    // Non-ASCII must come back percent-encoded: a raw one in a Location header is a 500.
    ["/courses?q=自治体", "/courses?q=%E8%87%AA%E6%B2%BB%E4%BD%93"],
    ["/\u3000/x", "/%E3%80%80/x"],
    ["/courses#一覧", "/courses#%E4%B8%80%E8%A6%A7"],
    // Normalisation must not turn a path into a protocol-relative address.
    ["/.//evil.example.com", "/dashboard"],
    ["/%2e//evil.example.com", "/dashboard"],
    ["/\t/evil.example.com", "/dashboard"],
  ])("%s → %s", (input, expected) => {
    expect(safeRedirectPath(input)).toBe(expected);
  });
});

describe("the session cookie's name", () => {
  it("is the one the server looks for to mark responses private", () => {
    expect(createLucia({} as Database, { secure: false, idleHours: 1 }).sessionCookieName).toBe(SESSION_COOKIE);
  });
});
