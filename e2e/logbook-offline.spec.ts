// The phone's logbook without a connection (decision 0016), at 375 px: an offline save is sent
// once when the connection returns, the form starts afresh and one notice says what happened;
// a draft the server refuses stays on the device with the reason until it is corrected or
// discarded; a link tapped offline says there is no connection and keeps the header signed in.
import type { Browser, Page } from "@playwright/test";
import { addDays, todayInTokyo } from "../app/lib/dates";
import { screenshotDir } from "./support/env";
import { e2eDb, expect, screenshot, sessionCookieFor, test } from "./support/fixtures";

const TANAKA = "tanaka.trainee@example.com";
const SHOTS = screenshotDir("logbook-offline");

async function phone(browser: Browser) {
  const context = await browser.newContext({
    locale: "ja-JP",
    timezoneId: "Asia/Tokyo",
    viewport: { width: 375, height: 812 },
    hasTouch: true,
  });
  await context.addCookies([await sessionCookieFor(TANAKA)]);
  return { context, page: await context.newPage() };
}

const entriesWith = (activity: string) =>
  e2eDb()
    .selectFrom("ojt_log_entries")
    .select(["id", "work_date"])
    .where("activity", "like", `%${activity}%`)
    .execute();

async function openForm(page: Page) {
  await page.goto("/placements/1/log/new");
  await expect(page.locator("html")).toHaveAttribute("data-hydrated", "true", { timeout: 20_000 });
}

async function fillEntry(page: Page, activity: string) {
  await page.getByText("45分", { exact: true }).click();
  const details = page.getByRole("main").locator("details");
  if (!(await details.evaluate((d) => (d as HTMLDetailsElement).open)))
    await page.getByText("詳しく書く（任意）").click();
  await page.getByLabel("実施内容").fill(activity);
}

test("offline save, reconnect: one entry, the form reset, one notice", async ({ browser }) => {
  const tag = `OFF1-${Date.now().toString(36)}`;
  const { context, page } = await phone(browser);
  await openForm(page);
  await fillEntry(page, `${tag} 電波の届かない会議室で記録`);
  await context.setOffline(true);
  await page.getByRole("button", { name: "保存" }).click();
  await expect(page.getByTestId("offline-saved")).toHaveText(
    "通信できないため端末に保存しました。接続が戻ると自動で送信します。",
  );
  // The draft is on the device: the form starts afresh, so 保存 cannot send it a second time.
  await expect(page.getByLabel("実施内容")).toHaveValue("");
  await screenshot(page, `${SHOTS}/offline-saved-375.png`);
  expect(await entriesWith(tag)).toEqual([]);

  await context.setOffline(false);
  await expect(page.getByTestId("draft-status")).toHaveText("端末に保存していた記録を1件送信しました。", {
    timeout: 10_000,
  });
  // Exactly one notice: the yellow one is gone.
  await expect(page.getByTestId("offline-saved")).toHaveCount(0);
  await expect(page.getByRole("status")).toHaveCount(1);
  await expect(page.getByLabel("実施内容")).toHaveValue("");
  await screenshot(page, `${SHOTS}/sent-375.png`);
  expect(await entriesWith(tag)).toHaveLength(1);
  expect(await page.evaluate(() => window.localStorage.getItem("itc-logbook-drafts"))).toBe("[]");
  await context.close();
});

test("a draft refused when sent stays on the device with its reason until corrected", async ({ browser }) => {
  const tag = `OFF2-${Date.now().toString(36)}`;
  const { context, page } = await phone(browser);
  await openForm(page);
  await fillEntry(page, `${tag} 日付を間違えた記録`);
  await page.getByLabel("実施日").fill(addDays(todayInTokyo(), 1));
  await context.setOffline(true);
  await page.getByRole("button", { name: "保存" }).click();
  await expect(page.getByTestId("offline-saved")).toBeVisible();
  await context.setOffline(false);

  const refused = page.getByTestId("refused-drafts");
  await expect(refused).toContainText(`${tag} 日付を間違えた記録`, { timeout: 10_000 });
  await expect(refused).toContainText("実施日に未来の日付は指定できません。");
  await expect(page.getByTestId("draft-status")).toContainText("1件は受け付けられませんでした");
  await screenshot(page, `${SHOTS}/refused-375.png`);
  expect(await entriesWith(tag)).toEqual([]);

  // Still there on the placement page, after leaving the form.
  await page.goto("/placements/1");
  await expect(page.getByTestId("refused-drafts")).toContainText("実施日に未来の日付は指定できません。");
  await screenshot(page, `${SHOTS}/refused-placement-375.png`);

  // Corrected: back in the form, sent under its own key, and gone from the list.
  await page.getByTestId("refused-drafts").getByRole("link", { name: "直す" }).click();
  await expect(page).toHaveURL(/\/placements\/1\/log\/new\?draft=/);
  await expect(page.getByLabel("実施内容")).toHaveValue(`${tag} 日付を間違えた記録`);
  await page.getByLabel("実施日").fill(todayInTokyo());
  await page.getByRole("button", { name: "保存" }).click();
  await expect(page.getByText("記録を保存しました。")).toBeVisible();
  expect(await entriesWith(tag)).toHaveLength(1);
  expect(await page.evaluate(() => window.localStorage.getItem("itc-logbook-drafts"))).toBe("[]");
  await context.close();
});

test("a refused draft can be discarded", async ({ browser }) => {
  const tag = `OFF3-${Date.now().toString(36)}`;
  const { context, page } = await phone(browser);
  await openForm(page);
  await fillEntry(page, `${tag} 捨てる記録`);
  await page.getByLabel("実施日").fill(addDays(todayInTokyo(), 1));
  await context.setOffline(true);
  await page.getByRole("button", { name: "保存" }).click();
  // The connection comes back once the draft is on the device, as for a person who saw the notice.
  await expect(page.getByRole("status")).toContainText("端末に保存しました");
  await context.setOffline(false);
  const refused = page.getByTestId("refused-drafts");
  await expect(refused).toContainText(tag, { timeout: 10_000 });
  await refused.getByRole("button", { name: "削除する" }).click();
  await expect(page.getByTestId("refused-drafts")).toHaveCount(0);
  await expect(page.getByTestId("draft-status")).toContainText(`${tag} 捨てる記録`);
  expect(await page.evaluate(() => window.localStorage.getItem("itc-logbook-drafts"))).toBe("[]");
  await context.close();
});

test("a link tapped offline says there is no connection, keeps the header signed in, and retries", async ({
  browser,
}) => {
  const { context, page } = await phone(browser);
  // The form was opened earlier in this visit (its code is in the browser), then the placement.
  await openForm(page);
  await page.getByRole("link", { name: "OJTのページへ戻る" }).click();
  await expect(page.getByTestId("logbook")).toBeVisible();
  const header = await page.locator("header").first().innerText();
  await context.setOffline(true);
  await page.getByRole("link", { name: "記録を書く" }).click();
  await expect(page.getByTestId("offline-page")).toBeVisible({ timeout: 10_000 });
  await expect(page.getByRole("heading", { name: "インターネットに接続できません" })).toBeVisible();
  await expect(page.getByText("システムエラー")).toHaveCount(0);
  expect(await page.locator("header").first().innerText()).toBe(header);
  await screenshot(page, `${SHOTS}/offline-navigation-375.png`);
  await context.setOffline(false);
  await page.getByRole("button", { name: "もう一度試す" }).click();
  await expect(page.getByRole("heading", { name: "OJTの記録を書く" })).toBeVisible();
  await context.close();
});
