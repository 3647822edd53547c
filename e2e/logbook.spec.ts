import fs from "node:fs";
import type { Browser, BrowserContextOptions } from "@playwright/test";
import { screenshotDir } from "./support/env";
import { createEntry } from "../app/features/logbook/entries.server";
import { addDays, todayInTokyo } from "../app/lib/dates";
import { e2eDb, expect, expectAccessible, sessionCookieFor, test } from "./support/fixtures";

// The OJT logbook (issue 14): the sign-off chain, correction with versions, bulk approval,
// and the phone's quick entry with its offline save. Demo data: placement 1 is 田中
// (tanaka.trainee) with 佐藤 (trainer@); see db/seed/logbook.ts.
const TANAKA = "tanaka.trainee@example.com";
const SATO = "trainer@example.com";
const SHOTS = screenshotDir("logbook");

async function as(browser: Browser, email: string, options: BrowserContextOptions = {}) {
  const context = await browser.newContext({ locale: "ja-JP", timezoneId: "Asia/Tokyo", ...options });
  await context.addCookies([await sessionCookieFor(email)]);
  return { context, page: await context.newPage() };
}

const entriesWith = (activity: string) =>
  e2eDb()
    .selectFrom("ojt_log_entries")
    .select(["id", "status", "version", "minutes"])
    .where("activity", "like", `%${activity}%`)
    .orderBy("id")
    .execute();

test("submit, return with a comment, resubmit, approve; then a correction keeps both versions", async ({ browser }) => {
  // Long: two people, a dozen steps and five axe checks on a shared machine.
  test.setTimeout(420_000);
  const tag = `E2E-${Date.now().toString(36)}`;
  const trainee = (await as(browser, TANAKA)).page;
  const trainer = (await as(browser, SATO)).page;

  await trainee.goto("/placements/1");
  await expect(trainee.getByTestId("logbook")).toContainText("OJTの記録");
  await expectAccessible(trainee);
  await trainee.getByRole("link", { name: "記録を書く" }).click();
  await expect(trainee).toHaveURL(/\/placements\/1\/log\/new$/);
  // The quick entry sends with fetch once hydrated; choices made before hydration are reset.
  await expect(trainee.locator("html")).toHaveAttribute("data-hydrated", "true", { timeout: 20_000 });
  // The placement page's chart is also labelled with 作業の種類 until the new page renders.
  await trainee
    .getByLabel("作業の種類")
    .and(trainee.locator("select"))
    .selectOption({ label: "仕様書・見積書レビュー" });
  await trainee.getByText("1時間30分", { exact: true }).click();
  await trainee.getByText("詳しく書く（任意）").click();
  await trainee.getByLabel("実施内容").fill(`${tag} 基幹系システム標準化の仕様書をチェックした。`);
  await trainee.getByRole("button", { name: "保存" }).click();
  await expect(trainee.getByText("記録を保存しました。トレーナーの承認を待っています。")).toBeVisible({
    timeout: 20_000,
  });
  const entryUrl = new URL(trainee.url()).pathname;
  expect(entryUrl).toMatch(/^\/placements\/1\/log\/\d+$/);
  await expectAccessible(trainee);
  // A trainee cannot approve their own entry: no form, and a forged POST is refused.
  await expect(trainee.getByRole("button", { name: "承認する" })).toHaveCount(0);
  const forged = await trainee.request.post(entryUrl, {
    form: { intent: "approve", revision: "1" },
    headers: { Origin: new URL(trainee.url()).origin },
    maxRedirects: 0,
  });
  expect(forged.status()).toBe(403);

  // The trainer returns it with a comment.
  await trainer.goto(entryUrl);
  await trainer.getByRole("button", { name: "差戻しする" }).click();
  await expect(trainer.getByText("差戻しのコメントを入力してください。")).toBeVisible();
  await trainer.getByLabel("差戻しのコメント").fill("チェックで見つけた論点を箇条書きで追記してください。");
  await trainer.getByRole("button", { name: "差戻しする" }).click();
  await expect(trainer.getByText("記録を差戻ししました。")).toBeVisible();
  await expectAccessible(trainer);

  // The trainee sees the comment, corrects and resubmits.
  await trainee.goto(entryUrl);
  await expect(trainee.getByTestId("return-comment")).toHaveText(
    "チェックで見つけた論点を箇条書きで追記してください。",
  );
  await expect(trainee.getByTestId("entry-status")).toContainText("差戻し");
  await trainee.getByLabel("実施内容").fill(`${tag} 仕様書をチェックした。論点：・データ移行 ・帳票`);
  await trainee.getByRole("button", { name: "修正して再提出" }).click();
  await expect(trainee.getByTestId("entry-status")).toContainText("承認待ち");

  // The trainer approves: the entry is locked and shows its fingerprint.
  await trainer.goto(entryUrl);
  await trainer.getByLabel("トレーナーのフィードバック（任意）").fill("論点の整理ができています。");
  await trainer.getByRole("button", { name: "承認する" }).click();
  await expect(trainer.getByTestId("fingerprint")).toContainText("指紋");
  await expect(trainer.getByTestId("entry-timeline").locator("li")).toHaveCount(4);
  await expectAccessible(trainer);

  // Approved: no edit form; a forged edit is refused and nothing changes.
  await trainee.goto(entryUrl);
  await expect(trainee.getByText("記録を修正する")).toHaveCount(0);
  // The form carries the entry's current revision, so it is the approved status that refuses it.
  const { revision } = await e2eDb()
    .selectFrom("ojt_log_entries")
    .select("revision")
    .where("activity", "like", `%${tag}%`)
    .executeTakeFirstOrThrow();
  const edit = await trainee.request.post(entryUrl, {
    form: { intent: "edit", workDate: todayInTokyo(), taskKindId: "1", duration: "30", revision: String(revision) },
    headers: { Origin: new URL(trainee.url()).origin },
    maxRedirects: 0,
  });
  expect(edit.status()).toBe(409);
  expect((await entriesWith(tag)).map((e) => [e.status, e.minutes])).toEqual([["approved", 90]]);

  // A correction needs a reason; the approved version stays readable.
  await trainee.getByText("承認済みの記録を訂正する").click();
  await trainee.getByRole("button", { name: "訂正して再承認を依頼" }).click();
  await expect(trainee.getByText("訂正の理由を入力してください。")).toBeVisible();
  await trainee.getByLabel("訂正の理由").fill("実際の作業時間は2時間でした。");
  await trainee.locator("#form-correct").getByRole("radio", { name: "2時間", exact: true }).check({ force: true });
  await trainee.getByRole("button", { name: "訂正して再承認を依頼" }).click();
  await expect(trainee.getByText("訂正を保存しました。")).toBeVisible();
  await expect(trainee.getByTestId("version")).toHaveCount(1);
  await expect(trainee.getByTestId("version")).toContainText("実際の作業時間は2時間でした。");
  await expectAccessible(trainee);
  await trainer.goto(entryUrl);
  await trainer.getByRole("button", { name: "承認する" }).click();
  await expect(trainer.getByTestId("entry-status")).toContainText("承認済み");
  await expect(trainer.getByTestId("entry-status")).toContainText("第2版");
  await trainer.getByTestId("version").locator("summary").click();
  await expect(trainer.getByTestId("version")).toContainText("1時間30分");
  expect((await entriesWith(tag)).map((e) => [e.status, e.version, e.minutes])).toEqual([["approved", 2, 120]]);
});

test("the trainer approves several waiting entries at once", async ({ browser }) => {
  test.setTimeout(120_000);
  const tag = `BULK-${Date.now().toString(36)}`;
  const db = e2eDb();
  const tanaka = await db.selectFrom("users").select("id").where("email", "=", TANAKA).executeTakeFirstOrThrow();
  const kind = await db
    .selectFrom("ojt_task_kinds")
    .select("id")
    .where("code", "=", "budget")
    .executeTakeFirstOrThrow();
  const ids: number[] = [];
  for (const n of [1, 2])
    ids.push(
      (
        await createEntry(
          db,
          1,
          { id: tanaka.id, roles: ["trainee"] },
          {
            workDate: addDays(todayInTokyo(), -n),
            startTime: null,
            endTime: null,
            minutes: 30 * n,
            taskKindId: kind.id,
            pglPhaseId: null,
            micRoleId: null,
            department: "財政課",
            activity: `${tag}-${n} 補正予算の資料確認`,
            contribution: "",
            reflection: "",
            trainerFeedback: "",
          },
        )
      ).id,
    );
  const { page } = await as(browser, SATO);
  await page.goto("/trainer/approvals");
  await expect(page.getByRole("link", { name: /承認待ちの記録\s*\d+\s*件/ })).toBeVisible();
  await expectAccessible(page);
  await page.getByRole("button", { name: "選択したものを承認" }).click();
  await expect(page.getByText("承認する記録を1件以上選択してください。")).toBeVisible();
  for (const id of ids) await page.locator(`#entry-${id}`).check();
  await page.getByRole("button", { name: "選択したものを承認" }).click();
  await expect(page.getByRole("status")).toContainText("選択した記録を承認しました。");
  await expectAccessible(page);
  expect((await entriesWith(tag)).map((e) => e.status)).toEqual(["approved", "approved"]);
});

test("on a phone: the short form, and an offline save sent exactly once when back online", async ({ browser }) => {
  const tag = `PHONE-${Date.now().toString(36)}`;
  const { context, page } = await as(browser, TANAKA, { viewport: { width: 375, height: 812 }, hasTouch: true });
  await page.goto("/placements/1/log/new");
  await expectAccessible(page);
  // Date = today; the last kind this author used is preselected; the details are folded.
  await expect(page.getByLabel("実施日")).toHaveValue(todayInTokyo());
  await expect(page.getByLabel("作業の種類")).not.toHaveValue("");
  await expect(page.getByLabel("実施内容")).toBeHidden();
  const button = await page.getByRole("button", { name: "保存" }).boundingBox();
  expect(button!.height).toBeGreaterThanOrEqual(44);
  await page.getByText("45分", { exact: true }).click();
  await page.getByText("詳しく書く（任意）").click();
  await page.getByLabel("実施内容").fill(`${tag} 相談会の議事メモを作成`);

  await context.setOffline(true);
  await page.getByRole("button", { name: "保存" }).click();
  await expect(page.getByTestId("offline-saved")).toHaveText(
    "通信できないため端末に保存しました。接続が戻ると自動で送信します。",
  );
  expect(await entriesWith(tag)).toEqual([]);
  await context.setOffline(false);
  await expect(page.getByTestId("draft-status")).toContainText("送信しました", { timeout: 10_000 });
  expect(await entriesWith(tag)).toHaveLength(1);
  // The next visit finds nothing left to send: still exactly one entry.
  await page.goto("/placements/1");
  await expect(page.getByTestId("logbook")).toBeVisible();
  await page.waitForTimeout(500);
  expect(await entriesWith(tag)).toHaveLength(1);
  expect(await page.evaluate(() => window.localStorage.getItem("itc-logbook-drafts"))).toBe("[]");
  await context.close();
});

test("the quick entry works without JavaScript", async ({ browser }) => {
  const tag = `NOJS-${Date.now().toString(36)}`;
  const { context, page } = await as(browser, TANAKA, { javaScriptEnabled: false });
  await page.goto("/placements/1/log/new");
  await page.getByText("30分", { exact: true }).click();
  await page.getByText("詳しく書く（任意）").click();
  await page.getByLabel("実施内容").fill(`${tag} JavaScriptなしで記録`);
  const form = {
    clientKey: await page.locator('input[name="clientKey"]').inputValue(),
    workDate: await page.getByLabel("実施日").inputValue(),
    taskKindId: await page.getByLabel("作業の種類").inputValue(),
    duration: "30",
    activity: `${tag} JavaScriptなしで記録`,
  };
  expect(form.clientKey).toMatch(/^[0-9a-f-]{36}$/);
  await page.getByRole("button", { name: "保存" }).click();
  await expect(page.getByText("記録を保存しました。")).toBeVisible();
  // The same form sent again (the key was made when it was shown) is not a second entry.
  const again = await page.request.post("/placements/1/log/new", {
    form,
    headers: { Origin: new URL(page.url()).origin },
    maxRedirects: 0,
  });
  expect(again.status()).toBe(302);
  expect(again.headers()["location"]).toMatch(/\?notice=already$/);
  expect(await entriesWith(tag)).toHaveLength(1);
  await context.close();
});

test("staff keep the reference data: a deactivated kind leaves the new-entry choices", async ({ browser }) => {
  test.setTimeout(90_000);
  const label = `E2E作業${Date.now().toString(36)}`;
  const { page } = await as(browser, "staff@example.com");
  await page.goto("/staff/ojt-reference-data");
  await expectAccessible(page);
  const kinds = page.locator("#taskKinds");
  await kinds.getByLabel("追加する項目の名前").fill(label);
  await kinds.getByRole("button", { name: "追加する" }).click();
  await expect(page.getByText("項目を追加しました。")).toBeVisible();
  const trainee = (await as(browser, TANAKA)).page;
  await trainee.goto("/placements/1/log/new");
  await expect(trainee.getByLabel("作業の種類").locator("option", { hasText: label })).toHaveCount(1);
  await page.getByRole("button", { name: `${label}を無効にする` }).click();
  await expect(page.getByText("項目を無効にしました。")).toBeVisible();
  await trainee.reload();
  await expect(trainee.getByLabel("作業の種類").locator("option", { hasText: label })).toHaveCount(0);
});

test("screenshots of the logbook pages at 375 and 1280 px", async ({ browser }) => {
  test.setTimeout(240_000);
  fs.mkdirSync(SHOTS, { recursive: true });
  const pages: [string, string, string][] = [
    [TANAKA, "/placements/1", "placement"],
    [TANAKA, "/placements/1/log/new", "log-new"],
    [TANAKA, "/placements/1/log/4", "entry-returned"],
    [SATO, "/placements/1/log/1", "entry-approved"],
    [SATO, "/trainer/approvals", "approvals"],
    ["staff@example.com", "/staff/ojt-reference-data", "reference-data"],
  ];
  for (const [who, path, name] of pages) {
    const { context, page } = await as(browser, who);
    for (const width of [375, 1280]) {
      await page.setViewportSize({ width, height: 900 });
      // (Each page's axe check runs in the journeys above.)
      await page.goto(path);
      await page.screenshot({ path: `${SHOTS}/${name}-${width}.png`, fullPage: true });
    }
    await context.close();
  }
});
