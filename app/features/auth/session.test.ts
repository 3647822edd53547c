import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { migrateToLatest } from "../../../db/migrate";
import type { AppLoadContext } from "@remix-run/node";
import { db as appDb, openDatabase, type Database } from "~/db.server";
import { ForbiddenError } from "~/lib/errors";
import { makeUser } from "~/testing/db";
import { addRefreshedSessionCookie, SESSION_COOKIE } from "~/lib/request-handler.server";
import { createLucia, lucia } from "./lucia.server";
import { endSession, optionalUser, requireRole, requireUser, safeRedirectPath, startSession } from "./session.server";
import { requestSession } from "./request-session.server";

// Sessions are read through the app's own database handle: point it at a fresh file.
const dir = fs.mkdtempSync(path.join(os.tmpdir(), "itc-session-"));
process.env.DATABASE_PATH = path.join(dir, "app.db");
let cookie: string;
let userId: string;
let otherCookie: string;
let otherUserId: string;

beforeAll(async () => {
  const db = openDatabase(process.env.DATABASE_PATH!);
  await migrateToLatest(db);
  userId = (await makeUser(db, ["trainee"])).id;
  otherUserId = (await makeUser(db, ["staff"])).id;
  await db.destroy();
  cookie = (await startSession(userId)).split(";")[0]!;
  otherCookie = (await startSession(otherUserId)).split(";")[0]!;
});
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

const argsFor = (cookieHeader: string | undefined) => ({
  request: new Request("http://localhost/staff/courses?q=1", { headers: cookieHeader ? { Cookie: cookieHeader } : {} }),
  context: { session: requestSession(cookieHeader) } as AppLoadContext,
});

describe("the session of a request (load context)", () => {
  it("is read once per request, and never shared between two requests of the same turn", async () => {
    const validate = vi.spyOn(lucia(), "validateSession");
    const first = argsFor(cookie);
    const second = argsFor(cookie);
    // A page view: the root loader and the page's loaders ask together, then once more.
    await Promise.all([optionalUser(first), requireUser(first), requireRole(first, "trainee"), optionalUser(second)]);
    await optionalUser(first);
    expect(validate).toHaveBeenCalledTimes(2);
    validate.mockRestore();
  });

  it("gives two requests in the same turn each their own user", async () => {
    const [a, b, nobody] = await Promise.all([
      optionalUser(argsFor(cookie)),
      optionalUser(argsFor(otherCookie)),
      optionalUser(argsFor(undefined)),
    ]);
    expect(a?.id).toBe(userId);
    expect(b?.id).toBe(otherUserId);
    expect(nobody).toBeNull();
  });

  it("reads the session again after an action, which may have ended it", async () => {
    const own = (await startSession(userId)).split(";")[0]!;
    const args = argsFor(own);
    expect((await requireUser(args)).id).toBe(userId);
    await endSession(args);
    args.context.session.forget();
    expect(await optionalUser(args)).toBeNull();
    // The next request with the old cookie is signed out too.
    await expect(requireUser(argsFor(own))).rejects.toSatisfy(
      (thrown) =>
        thrown instanceof Response && thrown.headers.get("Location") === "/login?redirectTo=%2Fstaff%2Fcourses%3Fq%3D1",
    );
  });

  it("hands back the cookie when Lucia extends the session, and nothing otherwise", async () => {
    const own = (await startSession(userId)).split(";")[0]!;
    const unchanged = argsFor(own);
    await optionalUser(unchanged);
    expect(unchanged.context.session.refreshedCookie()).toBeNull();
    // Past the first half of its life: validating extends it, and the browser hears of it.
    const sessionId = unchanged.context.session.sessionId!;
    const soon = Math.floor(Date.now() / 1000) + 60;
    await appDb().updateTable("sessions").set({ expires_at: soon }).where("id", "=", sessionId).execute();
    const extended = argsFor(own);
    expect((await optionalUser(extended))?.id).toBe(userId);
    expect(extended.context.session.refreshedCookie()).toMatch(new RegExp(`^${SESSION_COOKIE}=${sessionId};`));
  });

  it("refuses a signed-in user without the role", async () => {
    await expect(requireRole(argsFor(cookie), "staff")).rejects.toBeInstanceOf(ForbiddenError);
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

describe("the refreshed session cookie on the response", () => {
  const refreshed = `${SESSION_COOKIE}=abc; Path=/; HttpOnly; SameSite=Lax`;
  it("is added beside the response's other cookies", () => {
    const headers = new Headers([["Set-Cookie", "itc_device=x; Path=/"]]);
    addRefreshedSessionCookie(headers, refreshed);
    expect(headers.getSetCookie()).toEqual(["itc_device=x; Path=/", refreshed]);
  });
  it("gives way to a sign-in or sign-out that sets the session cookie, and is absent when not refreshed", () => {
    const signOut = new Headers([["Set-Cookie", `${SESSION_COOKIE}=; Max-Age=0; Path=/`]]);
    addRefreshedSessionCookie(signOut, refreshed);
    expect(signOut.getSetCookie()).toEqual([`${SESSION_COOKIE}=; Max-Age=0; Path=/`]);
    const none = new Headers();
    addRefreshedSessionCookie(none, null);
    expect(none.getSetCookie()).toEqual([]);
  });
});
