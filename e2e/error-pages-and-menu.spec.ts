import fs from "node:fs";
import { screenshotDir } from "./support/env";
import { DEMO, expect, expectAccessible, screenshot, sessionCookieFor, test } from "./support/fixtures";

// Issue 23: error pages keep the layout and offer the way back that fits who is looking; on a
// phone the menu folds into one row that names the current section, without JavaScript too.
const SHOTS = screenshotDir("error-pages-and-menu");

test("an unknown address keeps the signed-in header and offers the dashboard", async ({ page, signInAs }) => {
  await signInAs("staff");
  const response = await page.goto("/staff/no-such-page");
  expect(response?.status()).toBe(404);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("ページが見つかりません");
  await expect(page.getByTestId("current-user")).toContainText("さん");
  await expect(page.getByRole("link", { name: "ダッシュボードへ" })).toBeVisible();
  await expect(page.getByRole("link", { name: "トップページへ" })).toHaveCount(0);
  await expectAccessible(page);
});

test("someone without an account is never sent to a dashboard", async ({ page }) => {
  for (const path of ["/no-such-page", "/counterpart/not-a-real-token"]) {
    const response = await page.goto(path);
    expect(response?.status(), path).toBeGreaterThanOrEqual(400);
    await expect(page.getByRole("link", { name: "トップページへ" })).toBeVisible();
    await expect(page.getByRole("link", { name: "ダッシュボードへ" })).toHaveCount(0);
  }
});

test("a ZIP with nothing selected answers in the site's look with a way back to the queue", async ({
  page,
  signInAs,
}) => {
  await signInAs("staff");
  await page.goto("/staff/certification?show=issued");
  await page.getByRole("button", { name: "選択した修了証のPDFをZIPでダウンロード" }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("ダウンロードする修了証を1件以上選んでください。");
  // The app's stylesheet is applied: the button-styled link has the key colour's background.
  const back = page.getByRole("link", { name: "前のページへ戻る" });
  await expect(back).toHaveCSS("background-color", /^rgb\(/);
  expect(await back.evaluate((a) => getComputedStyle(a).backgroundColor)).not.toBe("rgba(0, 0, 0, 0)");
  await back.click();
  await expect(page).toHaveURL(/\/staff\/certification\?show=issued$/);
});

for (const javaScriptEnabled of [true, false]) {
  test(`on a phone the staff menu is one row naming the section (JavaScript ${javaScriptEnabled ? "on" : "off"})`, async ({
    browser,
  }) => {
    const context = await browser.newContext({ viewport: { width: 375, height: 812 }, javaScriptEnabled });
    await context.addCookies([await sessionCookieFor(DEMO.staff)]);
    const page = await context.newPage();
    await page.goto("/staff/certification");
    const nav = page.getByRole("navigation", { name: "メインメニュー" });
    const menu = nav.getByText("メニュー", { exact: false }).first();
    await expect(menu).toContainText("いまのページ：修了認定");
    // Before, the staff menu took five rows (about 185 px) before any content.
    const box = await nav.boundingBox();
    expect(box?.height ?? 0).toBeLessThan(60);
    await expect(nav.getByRole("link", { name: "資格更新の確認" })).toBeHidden();
    await menu.click();
    await expect(nav.getByRole("link", { name: "資格更新の確認" })).toBeVisible();
    await expect(nav.getByRole("button", { name: "サインアウト" })).toBeVisible();
    if (javaScriptEnabled) {
      await expectAccessible(page);
      fs.mkdirSync(SHOTS, { recursive: true });
      await screenshot(page, `${SHOTS}/menu-open-375.png`);
    }
    await nav.getByRole("link", { name: "資格更新の確認" }).click();
    await expect(page).toHaveURL(/\/staff\/renewal$/);
    await expect(nav.getByText("いまのページ：資格更新の確認")).toBeVisible();
    await expect(nav.getByRole("link", { name: "修了認定" })).toBeHidden();
    await context.close();
  });
}
