import { spawn } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { request as playwrightRequest, type Page } from "@playwright/test";
import { accountLink, createAccount, uniqueEmail, userId } from "./account-helpers";
import { E2E_BASE_URLS, E2E_PORT, ROOT } from "./support/env";
import { DEMO, e2eDb, expect, expectAccessible, randomIp, test } from "./support/fixtures";

const baseURL = `http://localhost:${E2E_PORT}`;

// Argon2 hashing and long journeys on a shared 2-core machine: give each test room.
test.describe.configure({ timeout: 90_000 });

/** An API client that claims one client address (the e2e server trusts X-Forwarded-For). */
function apiFrom(ip: string) {
  return playwrightRequest.newContext({ baseURL, extraHTTPHeaders: { "X-Forwarded-For": ip, Origin: baseURL } });
}

async function signInWithForm(page: Page, email: string, password: string) {
  await page.goto("/login");
  await page.getByLabel("メールアドレス").fill(email);
  await page.getByLabel("パスワード").fill(password);
  await page.getByRole("button", { name: "サインイン" }).last().click();
}

test.describe("sign-in limit under concurrency (cluster)", () => {
  test("40 simultaneous guesses from one address: at most 5 checked, the rest refused unchecked", async () => {
    const email = uniqueEmail("burst");
    const password = "the-right-passphrase";
    await createAccount(email, password);
    // On PostgreSQL the guesses alternate between two app servers sharing the database.
    const ip = randomIp();
    const api = await playwrightRequest.newContext({ extraHTTPHeaders: { "X-Forwarded-For": ip } });
    const guesses = Array.from({ length: 40 }, (_, i) => (i === 20 ? password : `wrong-guess-${i}`));
    const responses = await Promise.all(
      guesses.map((p, i) => {
        const server = E2E_BASE_URLS[i % E2E_BASE_URLS.length]!;
        return api.post(`${server}/login`, {
          form: { email, password: p },
          headers: { Origin: server },
          maxRedirects: 0,
        });
      }),
    );
    const statuses = responses.map((r) => r.status());
    // Only wrong passwords count (decision 0007): when the right one is checked while slots
    // are free, its slot is released, so a sixth check may follow it. Wrong ones never pass 5.
    const wrongChecked = statuses.filter((s) => s === 409).length;
    const signedIn = statuses.filter((s) => s === 302).length;
    expect(wrongChecked, `statuses: ${statuses.join(",")}`).toBeLessThanOrEqual(5);
    expect(signedIn).toBeLessThanOrEqual(1);
    expect(statuses.filter((s) => s === 429)).toHaveLength(40 - wrongChecked - signedIn);
    const rows = await e2eDb()
      .selectFrom("sign_in_attempts")
      .select((eb) => eb.fn.countAll<number>().as("n"))
      .where("email", "=", email)
      .where("succeeded", "=", 0)
      .executeTakeFirstOrThrow();
    expect(rows.n).toBeLessThanOrEqual(5);
    // A refused request never carries a session, the right password included.
    for (const r of responses) if (r.status() === 429) expect(r.headers()["set-cookie"]).toBeUndefined();
    if (responses[20]!.status() === 429) {
      const server = E2E_BASE_URLS[0]!;
      const again = await api.post(`${server}/login`, {
        form: { email, password },
        headers: { Origin: server },
        maxRedirects: 0,
      });
      expect(again.status()).toBe(429);
    }
    await api.dispose();
  });

  test("the lock of one address does not lock the owner out, and refusals do not renew it", async ({ page }) => {
    const email = uniqueEmail("owner");
    const password = "owners-passphrase";
    await createAccount(email, password);
    const attacker = await apiFrom(randomIp());
    for (let i = 0; i < 5; i++) {
      expect((await attacker.post("/login", { form: { email, password: `x-${i}` }, maxRedirects: 0 })).status()).toBe(
        409,
      );
    }
    for (let i = 0; i < 5; i++) {
      expect((await attacker.post("/login", { form: { email, password }, maxRedirects: 0 })).status()).toBe(429);
    }
    await attacker.dispose();
    const rows = await e2eDb().selectFrom("sign_in_attempts").select("id").where("email", "=", email).execute();
    expect(rows).toHaveLength(5);
    await signInWithForm(page, email, password);
    await expect(page).toHaveURL(/\/dashboard$/);
  });

  test("the current password on /account/password has the same limit", async ({ page, signInAs }) => {
    const email = uniqueEmail("pwlimit");
    await createAccount(email, "current-passphrase");
    await signInAs(email);
    for (let i = 0; i < 6; i++) {
      await page.goto("/account/password");
      await page.getByLabel("現在のパスワード").fill(`not-it-${i}`);
      await page.getByRole("textbox", { name: "新しいパスワード", exact: true }).fill("a-new-passphrase");
      await page.getByLabel("新しいパスワード（確認）").fill("a-new-passphrase");
      await page.getByRole("button", { name: "変更する" }).click();
      await expect(
        page.getByText(i < 5 ? "現在のパスワードが正しくありません。" : "一時的にサインインを制限しています"),
      ).toBeVisible();
    }
  });
});

test.describe("registration", () => {
  async function register(page: Page, email: string, name = "登録 太郎") {
    await page.goto("/register");
    await page.getByLabel("氏名").fill(name);
    await page.getByLabel("ふりがな").fill("とうろく たろう");
    await page.getByLabel("メールアドレス").fill(email);
    await page.getByRole("textbox", { name: "パスワード", exact: true }).fill("a-good-long-passphrase");
    await page.getByLabel("パスワード（確認）").fill("a-good-long-passphrase");
    await page.getByLabel("都道府県").selectOption({ label: "山形県" });
    await page.getByRole("button", { name: "登録する" }).click();
    await expect(page).toHaveURL(/\/login\?notice=registration-received$/);
    await expect(page.getByRole("status")).toContainText("メールをご確認ください");
  }

  test("a new address and a registered one get the same answer; the new one confirms by link", async ({ page }) => {
    await register(page, DEMO.trainee, "重複 花子");
    const owner = await e2eDb()
      .selectFrom("notifications")
      .select("kind")
      .where("user_id", "=", await userId(DEMO.trainee))
      .where("kind", "=", "account.registration_attempt")
      .execute();
    expect(owner.length).toBeGreaterThan(0);
    expect(await e2eDb().selectFrom("users").select("id").where("name", "=", "重複 花子").execute()).toHaveLength(0);

    const email = uniqueEmail("new");
    await register(page, email);
    // Not yet confirmed: the password alone does not sign in (and says no more than a wrong one).
    await signInWithForm(page, email, "a-good-long-passphrase");
    await expect(page.getByRole("alert")).toContainText("メールアドレスまたはパスワードが正しくありません。");
    await page.goto(await accountLink(email, "account.verify_email", "verify_email"));
    await expectAccessible(page);
    await page.getByRole("button", { name: "登録を完了する" }).click();
    await expect(page).toHaveURL(/\/dashboard\?notice=registered/);
  });

  test("registrations are limited per address", async () => {
    const api = await apiFrom(randomIp());
    const statuses: number[] = [];
    for (let i = 0; i < 7; i++) {
      const response = await api.post("/register", {
        form: {
          name: "連続 登録",
          nameKana: "れんぞく とうろく",
          email: uniqueEmail(`flood${i}`),
          password: "a-good-long-passphrase",
          passwordConfirm: "a-good-long-passphrase",
          prefectureCode: "13",
        },
        maxRedirects: 0,
      });
      statuses.push(response.status());
      if (response.status() === 429) expect(await response.text()).toContain("登録が多いため");
    }
    expect(statuses).toEqual([302, 302, 302, 302, 302, 429, 429]);
    await api.dispose();
  });
});

test.describe("forgotten password", () => {
  test("the same answer for any address; the link sets a new password once", async ({ page }) => {
    const email = uniqueEmail("forgot");
    await createAccount(email, "old-passphrase-1");
    for (const address of ["nobody-here@example.test", email]) {
      await page.goto("/login");
      await page.getByRole("link", { name: "パスワードをお忘れの方" }).click();
      // A client-side navigation: the sign-in form (with its own e-mail field) is still on
      // screen until the new page renders, so wait for it before typing.
      await expect(page.getByRole("heading", { level: 1, name: "パスワードの再設定" })).toBeVisible();
      await expectAccessible(page);
      await page.getByLabel("メールアドレス").fill(address);
      await page.getByRole("button", { name: "再設定のリンクを送る" }).click();
      await expect(page).toHaveURL(/\/login\?notice=reset-requested$/);
    }
    const link = await accountLink(email, "account.password_reset", "password_reset");
    await page.goto(link);
    await expectAccessible(page);
    await page.getByRole("textbox", { name: "新しいパスワード", exact: true }).fill("new-passphrase-2");
    await page.getByLabel("新しいパスワード（確認）").fill("new-passphrase-2");
    await page.getByRole("button", { name: "パスワードを再設定する" }).click();
    await expect(page).toHaveURL(/\/dashboard\?notice=password-changed/);
    await page.goto(link);
    await expect(page.getByRole("heading", { level: 1 })).toHaveText("このリンクは使えません");
    await expectAccessible(page);
  });
});

test.describe("admin: accounts", () => {
  test("an admin invites a user, who sets a password; deactivates and reactivates them", async ({
    page,
    signInAs,
    browser,
  }) => {
    await signInAs("admin");
    await page.goto("/admin/users");
    await page.getByRole("link", { name: "利用者を招待" }).click();
    await expectAccessible(page);
    await page.getByRole("button", { name: "招待のメールを送る" }).click();
    await expect(page.getByText("氏名を入力してください。")).toBeVisible();
    const email = uniqueEmail("invited");
    await page.getByLabel("氏名").fill("招待 次郎");
    await page.getByLabel("ふりがな").fill("しょうたい じろう");
    await page.getByLabel("メールアドレス").fill(email);
    await page.getByLabel("都道府県").selectOption({ label: "岐阜県" });
    await page.getByLabel("役割").selectOption({ label: "トレーナーITC" });
    await page.getByRole("button", { name: "招待のメールを送る" }).click();
    await expect(page.getByRole("status")).toContainText("招待のメールを送りました。");
    await expect(page.getByRole("heading", { level: 1 })).toHaveText("招待 次郎さん");
    await expectAccessible(page);
    const adminPage = page.url();

    // The invitee, in a browser of their own, sets a password through the link.
    const invitee = await browser.newContext({ extraHTTPHeaders: { "X-Forwarded-For": randomIp() } });
    const inviteePage = await invitee.newPage();
    await inviteePage.goto(baseURL + (await accountLink(email, "account.invite", "invite")));
    await expect(inviteePage.getByRole("heading", { level: 1 })).toHaveText("パスワードの設定");
    await inviteePage.getByRole("textbox", { name: "新しいパスワード", exact: true }).fill("invitee-passphrase");
    await inviteePage.getByLabel("新しいパスワード（確認）").fill("invitee-passphrase");
    await inviteePage.getByRole("button", { name: "パスワードを設定する" }).click();
    await expect(inviteePage).toHaveURL(/\/dashboard/);

    // Deactivated: the session ends at once and the password no longer signs in.
    await page.goto(adminPage);
    await page.getByRole("button", { name: "利用を停止する" }).click();
    await expect(page.getByRole("status")).toContainText("利用を停止しました。");
    await inviteePage.goto(baseURL + "/dashboard");
    await expect(inviteePage).toHaveURL(/\/login/);
    await signInWithForm(inviteePage, email, "invitee-passphrase");
    await expect(inviteePage.getByRole("alert")).toContainText("利用停止中です");
    const history = await e2eDb()
      .selectFrom("audit_log")
      .select("action")
      .where("entity_id", "=", await userId(email))
      .execute();
    expect(history.map((h) => h.action)).toEqual(
      expect.arrayContaining(["user.create", "user.invite", "auth.link_used", "user.deactivate"]),
    );

    await page.getByRole("button", { name: "利用を再開する" }).click();
    await expect(page.getByRole("status")).toContainText("利用を再開しました。");
    await page.getByRole("button", { name: "パスワード再設定のリンクを送る" }).click();
    await expect(page.getByRole("status")).toContainText("パスワード再設定のリンクをメールで送りました。");
    await signInWithForm(inviteePage, email, "invitee-passphrase");
    await expect(inviteePage).toHaveURL(/\/dashboard$/);
    await invitee.close();
  });

  test("granting the admin role needs the confirmation, at the server too", async ({ page, signInAs }) => {
    const email = uniqueEmail("promote");
    await createAccount(email, "some-passphrase-1", ["staff"], "昇格 三郎");
    const id = await userId(email);
    await signInAs("admin");
    // A hand-made POST without the confirmation field is refused.
    const refused = await page.request.post(`/admin/users/${id}`, {
      form: { intent: "grant", role: "admin" },
      headers: { Origin: baseURL },
      maxRedirects: 0,
    });
    expect(refused.status()).toBe(409);
    const viaList = await page.request.post(`/admin/users`, {
      form: { intent: "grant", role: "admin", userId: id },
      headers: { Origin: baseURL },
      maxRedirects: 0,
    });
    expect(viaList.status()).toBe(409);
    const roles = () => e2eDb().selectFrom("user_roles").select("role").where("user_id", "=", id).execute();
    expect((await roles()).map((r) => r.role)).toEqual(["staff"]);

    await page.goto(`/admin/users/${id}`);
    await expectAccessible(page);
    await page.getByLabel("昇格 三郎さんに管理者権限を付与することを確認しました").check();
    await page.getByRole("button", { name: "管理者権限を付与" }).click();
    await expect(page.getByRole("status")).toContainText("役割を付与しました。");
    expect((await roles()).map((r) => r.role).sort()).toEqual(["admin", "staff"]);
  });

  test("an admin cannot deactivate themselves", async ({ page, signInAs }) => {
    await signInAs("admin");
    const id = await userId(DEMO.admin);
    await page.goto(`/admin/users/${id}`);
    await expect(page.getByRole("button", { name: "利用を停止する" })).toHaveCount(0);
    const response = await page.request.post(`/admin/users/${id}`, {
      form: { intent: "deactivate" },
      headers: { Origin: baseURL },
      maxRedirects: 0,
    });
    expect(response.status()).toBe(403);
    const row = await e2eDb()
      .selectFrom("users")
      .select("deactivated_at")
      .where("id", "=", id)
      .executeTakeFirstOrThrow();
    expect(row.deactivated_at).toBeNull();
  });
});

test.describe("a public install and the demo password", () => {
  /** Runs a command of the app with its own environment; resolves with its exit code and output. */
  function run(command: string, args: string[], env: Record<string, string>, input?: string) {
    return new Promise<{ code: number | null; output: string }>((resolve) => {
      const child = spawn(command, args, { cwd: ROOT, env: { ...process.env, ...env } });
      let output = "";
      child.stdout.on("data", (d) => (output += d));
      child.stderr.on("data", (d) => (output += d));
      if (input !== undefined) child.stdin.end(input);
      const timer = setTimeout(() => child.kill("SIGTERM"), 30_000);
      child.on("exit", (code) => {
        clearTimeout(timer);
        resolve({ code, output });
      });
    });
  }

  test("refuses to start with demo accounts; an empty database and admin:create start cleanly", async () => {
    test.setTimeout(90_000);
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "itc-public-"));
    // The built set-up and server, as `npm start` runs them (e2e/run.sh builds them once):
    // compiling them again with tsx in each of four processes took most of this test's time.
    const node = process.execPath;
    const setupScript = "build/server/db/scripts/setup.js";
    const serverScript = "build/server/app/server.js";
    const tsx = path.join(ROOT, "node_modules/.bin/tsx");
    const common: Record<string, string> = {
      NODE_ENV: "production",
      APP_ORIGIN: "https://training.example.jp",
      HOST: "127.0.0.1",
      WEB_CONCURRENCY: "1",
      LOG_LEVEL: "warn",
    };
    try {
      // A database with the demo data (set up as a development install), then served as a
      // public install: refused, in one line.
      const demoCopy = path.join(dir, "demo.db");
      const seeded = await run(node, [setupScript], {
        ...common,
        APP_ORIGIN: "http://localhost",
        DATABASE_PATH: demoCopy,
      });
      expect(seeded.code).toBe(0);
      const refused = await run(node, [serverScript], {
        ...common,
        DATABASE_PATH: demoCopy,
        PORT: String(E2E_PORT + 1),
      });
      expect(refused.code).toBe(1);
      const line = refused.output.split("\n").find((l) => l.includes("Refusing to start"));
      expect(line).toContain("admin@example.com");
      expect(line).toContain("npm run admin:create -- --email");

      // An empty database: setup loads no demo data; the first admin comes from the script.
      const fresh = path.join(dir, "fresh.db");
      const setup = await run(node, [setupScript], { ...common, DATABASE_PATH: fresh });
      expect(setup.code).toBe(0);
      expect(setup.output).toContain("No demo data");
      expect(setup.output).not.toContain("itc-demo-2026");
      const created = await run(
        tsx,
        ["db/scripts/create-admin.ts", "--email", "owner@training.example.jp", "--name", "運用 太郎"],
        { ...common, DATABASE_PATH: fresh },
        "a-real-passphrase-2026\n",
      );
      expect(created.output).toContain("Admin owner@training.example.jp created");
      const port = E2E_PORT + 2;
      const server = spawn(node, [serverScript], {
        cwd: ROOT,
        env: { ...process.env, ...common, DATABASE_PATH: fresh, PORT: String(port) },
      });
      try {
        await expect
          .poll(async () => (await fetch(`http://127.0.0.1:${port}/healthz`).catch(() => null))?.status, {
            timeout: 30_000,
          })
          .toBe(200);
      } finally {
        server.kill("SIGTERM");
      }
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
