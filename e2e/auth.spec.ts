import { accountLink, createAccount, uniqueEmail } from "./account-helpers";
import { DEMO, DEMO_PASSWORD, e2eDb, expect, expectAccessible, test } from "./support/fixtures";

/** Users matching what a test submitted: other suites add users at the same time. */
async function countUsers(column: "email" | "name", value: string) {
  const row = await e2eDb()
    .selectFrom("users")
    .select((eb) => eb.fn.countAll<number>().as("n"))
    .where(column, "=", value)
    .executeTakeFirstOrThrow();
  return row.n;
}

test.describe("sign-in", () => {
  for (const [role, email] of Object.entries(DEMO)) {
    test(`${role} signs in with the form and sees their dashboard`, async ({ page }) => {
      await page.goto("/login");
      await expectAccessible(page);
      await page.getByLabel("メールアドレス").fill(email);
      await page.getByLabel("パスワード").fill(DEMO_PASSWORD);
      await page.getByRole("button", { name: "サインイン" }).last().click();
      await expect(page).toHaveURL(/\/dashboard$/);
      await expect(page.getByRole("heading", { level: 1 })).toContainText("さんのダッシュボード");
      await expectAccessible(page);
    });
  }

  test("a wrong password gets a Japanese message and no session", async ({ page, context }) => {
    await page.goto("/login");
    await page.getByLabel("メールアドレス").fill(DEMO.trainee);
    await page.getByLabel("パスワード").fill("wrong-password-here");
    await page.getByRole("button", { name: "サインイン" }).last().click();
    await expect(page.getByRole("alert")).toContainText("メールアドレスまたはパスワードが正しくありません。");
    expect((await context.cookies()).find((c) => c.name === "itc_session")).toBeUndefined();
  });

  test("five failures lock the account even for the right password", async ({ page }) => {
    // A user of its own, so that locking it does not disturb other tests.
    const email = uniqueEmail("lock");
    await createAccount(email, "a-good-long-passphrase");
    for (let i = 0; i < 5; i++) {
      await page.goto("/login");
      await page.getByLabel("メールアドレス").fill(email);
      await page.getByLabel("パスワード").fill(`wrong-${i}`);
      await page.getByRole("button", { name: "サインイン" }).last().click();
      await expect(page.getByRole("alert")).toContainText("正しくありません");
    }
    await page.getByLabel("メールアドレス").fill(email);
    await page.getByLabel("パスワード").fill("a-good-long-passphrase");
    await page.getByRole("button", { name: "サインイン" }).last().click();
    await expect(page.getByRole("alert")).toContainText("一時的にサインインを制限しています");
    await expect(page).toHaveURL(/\/login/);
  });

  test("anonymous visitors go to sign-in and come back; foreign return paths are ignored", async ({ page }) => {
    await page.goto("/notifications");
    await expect(page).toHaveURL(/\/login\?redirectTo=%2Fnotifications/);
    await page.getByLabel("メールアドレス").fill(DEMO.staff);
    await page.getByLabel("パスワード").fill(DEMO_PASSWORD);
    await page.getByRole("button", { name: "サインイン" }).last().click();
    await expect(page).toHaveURL(/\/notifications$/);

    await page.getByRole("button", { name: "サインアウト" }).click();
    await expect(page).toHaveURL(/\/login\?notice=signed-out/);
    await page.goto("/login?redirectTo=//evil.example.com/x");
    await page.getByLabel("メールアドレス").fill(DEMO.staff);
    await page.getByLabel("パスワード").fill(DEMO_PASSWORD);
    await page.getByRole("button", { name: "サインイン" }).last().click();
    await expect(page).toHaveURL(/localhost:\d+\/dashboard$/);
  });

  test("sign-out is a POST that ends the session", async ({ page, signInAs }) => {
    await signInAs("trainer");
    await page.goto("/dashboard");
    await page.getByRole("button", { name: "サインアウト" }).click();
    await expect(page).toHaveURL(/\/login\?notice=signed-out/);
    await expect(page.getByRole("status")).toContainText("サインアウトしました。");
    await page.goto("/dashboard");
    await expect(page).toHaveURL(/\/login/);
  });
});

async function fillRegistration(
  page: import("@playwright/test").Page,
  values: Partial<Record<"name" | "kana" | "email" | "password", string>> = {},
) {
  await page.getByLabel("氏名").fill(values.name ?? "試験 太郎");
  await page.getByLabel("ふりがな").fill(values.kana ?? "しけん たろう");
  await page.getByLabel("メールアドレス").fill(values.email ?? `t-${Date.now()}@example.test`);
  await page
    .getByRole("textbox", { name: "パスワード", exact: true })
    .fill(values.password ?? "a-good-long-passphrase");
  await page.getByLabel("パスワード（確認）").fill(values.password ?? "a-good-long-passphrase");
  await page.getByLabel("都道府県").selectOption({ label: "山形県" });
}

test.describe("registration", () => {
  test("a new trainee registers and lands on the dashboard", async ({ page }) => {
    await page.goto("/register");
    await expectAccessible(page);
    // The error state is checked too: submitting the empty form shows every message.
    await page.getByRole("button", { name: "登録する" }).click();
    await expect(page.getByText("氏名を入力してください。")).toBeVisible();
    await expectAccessible(page);
    const email = `new-${Date.now()}@example.test`;
    await fillRegistration(page, { email });
    await page.getByLabel("所属（会社・団体）").fill("試験株式会社");
    await page.getByRole("button", { name: "登録する" }).click();
    await expect(page).toHaveURL(/\/login\?notice=registration-received/);
    // The account signs in once the address is confirmed through the e-mailed link.
    await page.goto(await accountLink(email, "account.verify_email", "verify_email"));
    await page.getByRole("button", { name: "登録を完了する" }).click();
    await expect(page).toHaveURL(/\/dashboard\?notice=registered/);
    await expect(page.getByRole("status")).toContainText("登録が完了しました");
    const user = await e2eDb()
      .selectFrom("users")
      .innerJoin("user_roles", "user_roles.user_id", "users.id")
      .select(["users.name", "user_roles.role"])
      .where("email", "=", email)
      .execute();
    expect(user).toEqual([{ name: "試験 太郎", role: "trainee" }]);
  });

  test.describe("without JavaScript, the server's messages", () => {
    test.use({ javaScriptEnabled: false });

    test("each bad field gets a Japanese message, with 400 and nothing written", async ({ page }) => {
      await page.goto("/register");
      await page.getByLabel("ふりがな").fill("シケン");
      await page.getByLabel("メールアドレス").fill("not-an-email");
      await page.getByRole("textbox", { name: "パスワード", exact: true }).fill("short");
      await page.getByLabel("パスワード（確認）").fill("different");
      await page.getByLabel("ITC認定番号").fill("番号！");
      const [response] = await Promise.all([
        page.waitForResponse((r) => r.url().includes("/register") && r.request().method() === "POST"),
        page.getByRole("button", { name: "登録する" }).click(),
      ]);
      expect(response.status()).toBe(400);
      await expect(page.getByText("氏名を入力してください。")).toBeVisible();
      await expect(page.getByText("ふりがなはひらがなで入力してください。")).toBeVisible();
      await expect(page.getByText("メールアドレスの形式が正しくありません。")).toBeVisible();
      await expect(page.getByText("パスワードは12文字以上にしてください。")).toBeVisible();
      await expect(page.getByText("パスワードが一致しません。")).toBeVisible();
      await expect(page.getByText("都道府県を選択してください。")).toBeVisible();
      await expect(page.getByText("ITC認定番号は英数字とハイフン20文字以内で入力してください。")).toBeVisible();
      await expect(page.getByLabel("氏名")).toHaveAttribute("aria-invalid", "true");
      // The password is never echoed back into the page.
      await expect(page.getByRole("textbox", { name: "パスワード", exact: true })).toHaveValue("");
      expect(await countUsers("email", "not-an-email")).toBe(0);
    });

    test("an e-mail already registered gets the same answer as a new one, and no account", async ({ page }) => {
      await page.goto("/register");
      await fillRegistration(page, { email: DEMO.trainee, name: "重複 花子" });
      await page.getByRole("button", { name: "登録する" }).click();
      await expect(page).toHaveURL(/\/login\?notice=registration-received/);
      await expect(page.getByText("このメールアドレスは既に登録されています。")).toHaveCount(0);
      expect(await countUsers("name", "重複 花子")).toBe(0);
      expect(await countUsers("email", DEMO.trainee)).toBe(1);
    });
  });
});

test.describe("account", () => {
  test("a user changes their password and signs in with the new one", async ({ page }) => {
    const email = uniqueEmail("pw");
    await createAccount(email, "first-long-password");
    await page.goto("/login");
    await page.getByLabel("メールアドレス").fill(email);
    await page.getByLabel("パスワード").fill("first-long-password");
    await page.getByRole("button", { name: "サインイン" }).last().click();
    await expect(page).toHaveURL(/\/dashboard/);

    await page.goto("/account/password");
    await expectAccessible(page);
    await page.getByLabel("現在のパスワード").fill("not-the-password");
    await page.getByRole("textbox", { name: "新しいパスワード", exact: true }).fill("second-long-password");
    await page.getByLabel("新しいパスワード（確認）").fill("second-long-password");
    await page.getByRole("button", { name: "変更する" }).click();
    await expect(page.getByText("現在のパスワードが正しくありません。")).toBeVisible();

    await page.getByLabel("現在のパスワード").fill("first-long-password");
    await page.getByRole("textbox", { name: "新しいパスワード", exact: true }).fill("second-long-password");
    await page.getByLabel("新しいパスワード（確認）").fill("second-long-password");
    await page.getByRole("button", { name: "変更する" }).click();
    await expect(page).toHaveURL(/\/dashboard\?notice=password-changed/);

    await page.getByRole("button", { name: "サインアウト" }).click();
    await expect(page).toHaveURL(/\/login\?notice=signed-out/);
    await page.getByLabel("メールアドレス").fill(email);
    await page.getByLabel("パスワード").fill("second-long-password");
    await page.getByRole("button", { name: "サインイン" }).last().click();
    await expect(page).toHaveURL(/\/dashboard$/);
  });
});

test.describe("roles", () => {
  test("the wrong role gets the Japanese 403 page", async ({ page, signInAs }) => {
    await signInAs("trainee");
    const response = await page.goto("/admin/users");
    expect(response?.status()).toBe(403);
    await expect(page.getByRole("heading", { level: 1 })).toHaveText("このページを表示する権限がありません");
    await expectAccessible(page);
  });

  test("an admin finds a user and grants a role", async ({ page, signInAs }) => {
    await signInAs("admin");
    await page.goto("/admin/users");
    await expectAccessible(page);
    await page.getByLabel("キーワード").fill("やまもと");
    await page.getByRole("button", { name: "検索" }).click();
    await expect(page.getByRole("row", { name: /山本 さくら/ })).toBeVisible();
    await page.getByRole("button", { name: "山本 さくらさんのトレーナーITCを付与" }).click();
    await expect(page.getByRole("status")).toContainText("役割を付与しました。");
    const roles = await e2eDb()
      .selectFrom("user_roles")
      .innerJoin("users", "users.id", "user_roles.user_id")
      .select("role")
      .where("users.email", "=", "yamamoto.trainee@example.com")
      .orderBy("role")
      .execute();
    expect(roles.map((r) => r.role)).toEqual(["trainee", "trainer"]);
    const audit = await e2eDb().selectFrom("audit_log").select("details").where("action", "=", "role.grant").execute();
    expect(audit.some((a) => JSON.parse(a.details).role === "trainer")).toBe(true);
    await expectAccessible(page);
  });
});

test.describe("platform", () => {
  test("a document carries its loader data in one pass and hydrates without errors", async ({ page }) => {
    const errors: string[] = [];
    page.on("pageerror", (error) => errors.push(error.message));
    page.on("console", (message) => {
      if (message.type() === "error") errors.push(message.text());
    });
    const response = await page.goto("/courses?q=%E8%87%AA%E6%B2%BB%E4%BD%93");
    const html = await response!.text();
    expect(html.startsWith("<!DOCTYPE html>")).toBe(true);
    // entry.server.tsx hands the whole loader data to renderToString: one chunk, then the
    // closing script (the streaming fallback would put a Suspense marker between them).
    expect(html.split("window.__remixContext.streamController.close();")).toHaveLength(2);
    expect(html).toMatch(
      /streamController\.enqueue\([^<]*\);<\/script><script[^>]*>window\.__remixContext\.streamController\.close\(\);/,
    );
    await page.waitForFunction(() => {
      const router = (window as { __remixRouter?: { state: { initialized: boolean } } }).__remixRouter;
      return router?.state.initialized === true;
    });
    // A client-side navigation uses the hydrated router and its data.
    await page.getByRole("link", { name: "ご利用の手引き" }).click();
    await expect(page).toHaveURL(/\/help$/);
    expect(errors).toEqual([]);
  });
  test("health check reports the database", async ({ request }) => {
    const response = await request.get("/healthz");
    expect(response.status()).toBe(200);
    expect(await response.json()).toMatchObject({ status: "ok", database: "ok" });
  });

  test("pages carry security headers", async ({ request }) => {
    const response = await request.get("/login");
    const headers = response.headers();
    expect(headers["content-security-policy"]).toContain("frame-ancestors 'none'");
    expect(headers["content-security-policy"]).toMatch(/script-src 'self' 'nonce-[A-Za-z0-9+/=]+'/);
    expect(headers["x-content-type-options"]).toBe("nosniff");
    expect(headers["referrer-policy"]).toBe("strict-origin-when-cross-origin");
    expect(headers["x-powered-by"]).toBeUndefined();
  });

  test("a POST from another site is refused before it reaches the app", async ({ request }) => {
    const response = await request.post("/login", {
      form: { email: DEMO.trainee, password: DEMO_PASSWORD },
      headers: { Origin: "https://evil.example.com" },
      maxRedirects: 0,
    });
    expect(response.status()).toBe(403);
    expect(response.headers()["set-cookie"]).toBeUndefined();
  });

  test("the session cookie is HttpOnly and SameSite=Lax", async ({ request, baseURL }) => {
    const response = await request.post("/login", {
      form: { email: DEMO.staff, password: DEMO_PASSWORD },
      headers: { Origin: baseURL! },
      maxRedirects: 0,
    });
    expect(response.status()).toBe(302);
    const cookie = response.headers()["set-cookie"] ?? "";
    expect(cookie).toMatch(/^itc_session=[a-z0-9]+;/);
    expect(cookie).toContain("HttpOnly");
    expect(cookie).toContain("SameSite=Lax");
  });
});
