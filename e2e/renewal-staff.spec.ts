import fs from "node:fs";
import type { Page } from "@playwright/test";
import { approveActivity, reportActivity } from "../app/features/renewal/activities.server";
import { fiscalYearOf, todayInTokyo } from "../app/lib/dates";
import { createAccount, uniqueEmail, userId } from "./account-helpers";
import { E2E_PORT, screenshotDir } from "./support/env";
import { DEMO, e2eDb, expect, expectAccessible, test } from "./support/fixtures";
import { uniqueHex } from "./support/unique";

// Issue 16, the staff side of the ITC renewal ledger: staff return an activity (a reason is
// required) and approve another from the queue, a conflict is a 409 and not a 500, they edit
// the activity kinds, draw an evidence audit sample, set an ITC's certification date and record
// the renewal fee, and list (and download as CSV) who will not meet the renewal conditions.

const SHOTS = screenshotDir("renewal-staff");
const baseURL = `http://localhost:${E2E_PORT}`;
// One day for the whole file, and its fiscal year: a run across midnight (or 31 March) still
// writes and reads one year.
const today = todayInTokyo();
const currentFy = fiscalYearOf(today);
/** A fiscal year nobody else reports in, so the audit sample surely draws this spec's activity. */
const AUDIT_FY = 2005;

async function kindId(name: string): Promise<number> {
  const row = await e2eDb()
    .selectFrom("renewal_activity_kinds")
    .select("id")
    .where("name", "=", name)
    .executeTakeFirstOrThrow();
  return row.id;
}

/** A certified-to-be ITC with a unique name and ITC number. */
async function makeItc(label: string) {
  const sfx = uniqueHex();
  const name = `更新 ${label}${sfx}`;
  const email = uniqueEmail("renewal-itc");
  await createAccount(email, "renewal-passphrase-1", ["trainee"], name);
  const id = await userId(email);
  const itcNumber = `E2E-${sfx}`;
  await e2eDb().updateTable("users").set({ itc_number: itcNumber }).where("id", "=", id).execute();
  return { id, name, itcNumber, sfx };
}

async function report(itcId: string, title: string, hours: number, activityDate = today) {
  return reportActivity(
    e2eDb(),
    {
      kindId: await kindId("他団体のセミナー・研修の受講"),
      title,
      organizer: "ＩＴ推進協議会",
      activityDate,
      hours,
      evidenceUrl: "https://example.org/certificate.pdf",
    },
    itcId,
  );
}

async function statusOf(activityId: number): Promise<string> {
  const row = await e2eDb()
    .selectFrom("renewal_activities")
    .select("status")
    .where("id", "=", activityId)
    .executeTakeFirstOrThrow();
  return row.status;
}

const queueItem = (page: Page, title: string) => page.getByTestId("queue-item").filter({ hasText: title });

test("staff return and approve activities, edit the kinds, draw an audit sample and follow an ITC's renewal", async ({
  page,
  signInAs,
}) => {
  test.setTimeout(240_000);
  const itc = await makeItc("一郎");
  const returnTitle = `クラウド活用セミナー${itc.sfx}`;
  const approveTitle = `DX推進フォーラム${itc.sfx}`;
  const conflictTitle = `情報セキュリティ講座${itc.sfx}`;
  const auditTitle = `業務改革研究会${itc.sfx}`;
  const toReturn = await report(itc.id, returnTitle, 4);
  const toApprove = await report(itc.id, approveTitle, 6);
  const conflicted = await report(itc.id, conflictTitle, 2);
  const audited = await report(itc.id, auditTitle, 2, `${AUDIT_FY}-06-15`);

  await signInAs("staff");
  await page.goto("/dashboard");
  await page.getByRole("navigation", { name: "メインメニュー" }).getByRole("link", { name: "資格更新の確認" }).click();
  await expect(page).toHaveURL(/\/staff\/renewal$/);
  await expect(page.getByRole("heading", { level: 1, name: "資格更新の確認" })).toBeVisible();
  const item = queueItem(page, returnTitle);
  await expect(item).toContainText(itc.name);
  await expect(item).toContainText(`ITC番号 ${itc.itcNumber}`);
  await expect(item).toContainText("他団体のセミナー・研修の受講");
  await expect(item).toContainText("4時間");
  await expect(item).toContainText("2ポイント");
  await expect(item.getByRole("link", { name: "https://example.org/certificate.pdf" })).toHaveAttribute(
    "href",
    "https://example.org/certificate.pdf",
  );
  await expect(item.getByRole("link", { name: itc.name })).toHaveAttribute(
    "href",
    `/staff/renewal/itcs/${itc.id}?fy=${currentFy}`,
  );
  await expectAccessible(page);

  // A return without a reason: a Japanese message beside the field, a 400, nothing written.
  await item.getByText("差し戻す", { exact: true }).click();
  const emptyReturn = page.waitForResponse(
    (r) => r.request().method() === "POST" && r.url().includes("/staff/renewal"),
  );
  await item.getByRole("button", { name: "差し戻し" }).click();
  expect((await emptyReturn).status()).toBe(400);
  await expect(queueItem(page, returnTitle).locator(".field-error")).toHaveText("差し戻す理由を入力してください。");
  expect(await statusOf(toReturn)).toBe("submitted");
  await expectAccessible(page);

  // With a reason it is returned, and leaves the queue.
  await queueItem(page, returnTitle)
    .getByLabel(`${itc.name}さんに伝える差し戻しの理由`)
    .fill("受講証明のURLが開けません。修了証の画像を添えてください。");
  await queueItem(page, returnTitle).getByRole("button", { name: "差し戻し" }).click();
  await expect(page.getByRole("status")).toContainText("活動を差し戻しました。");
  await expect(queueItem(page, returnTitle)).toHaveCount(0);
  expect(await statusOf(toReturn)).toBe("returned");

  // Approve another.
  await queueItem(page, approveTitle)
    .getByRole("button", { name: `「${approveTitle}」を承認` })
    .click();
  await expect(page.getByRole("status")).toContainText("活動を承認しました。");
  await expect(queueItem(page, approveTitle)).toHaveCount(0);
  expect(await statusOf(toApprove)).toBe("approved");

  // Someone else approves one while this page still shows it: 409 and a Japanese message.
  const admin = await userId(DEMO.admin);
  await approveActivity(e2eDb(), conflicted, admin);
  const late = page.waitForResponse((r) => r.request().method() === "POST" && r.url().includes("/staff/renewal"));
  await queueItem(page, conflictTitle)
    .getByRole("button", { name: `「${conflictTitle}」を承認` })
    .click();
  expect((await late).status()).toBe(409);
  await expect(page.getByRole("alert")).toContainText("この活動は確認待ちではありません");
  expect(await statusOf(conflicted)).toBe("approved");

  // The audit sample: a year with nothing to draw is refused; the old year draws this activity.
  await page.goto("/staff/renewal");
  const sample = page.locator("#audit-sample");
  await sample.getByLabel("年度（西暦）").fill("2003");
  await sample.getByRole("button", { name: "抽出して証跡を依頼する" }).click();
  await expect(sample.getByRole("alert")).toContainText("抽出の対象になる活動がありません。");
  await page.locator("#audit-sample").getByLabel("年度（西暦）").fill(String(AUDIT_FY));
  await page.locator("#audit-sample").getByLabel("抽出する件数（1〜200件）").fill("200");
  await page.locator("#audit-sample").getByRole("button", { name: "抽出して証跡を依頼する" }).click();
  await expect(page.getByRole("status")).toContainText(/[1-9][0-9]*件の活動を抽出し、ITCに証跡の提出を依頼しました。/);
  expect(await statusOf(audited)).toBe("evidence_requested");
  await expect(queueItem(page, auditTitle)).toHaveCount(0);
  await page.goto(`/staff/renewal/itcs/${itc.id}?fy=${AUDIT_FY}`);
  await expect(page.getByTestId("itc-activities")).toContainText("証跡の提出依頼");
  await expect(page.getByTestId("itc-activities")).toContainText(auditTitle);
  await expectAccessible(page);

  // The activity kinds: add one, a duplicate name is refused beside the field, then edit its rule.
  await page.goto("/staff/renewal");
  await page.getByRole("link", { name: "活動の種類とポイント" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "活動の種類とポイント" })).toBeVisible();
  await expect(page.getByTestId("renewal-kinds")).toContainText("2時間ごとに1ポイント（1件5ポイントまで）");
  await expectAccessible(page);
  const kindName = `地域講演${itc.sfx}`;
  await page.getByLabel("種類の名前（60文字まで）").fill("執筆");
  await page.getByLabel("ポイントの数え方").selectOption("per_activity");
  await page.getByLabel("1件あたりのポイント").fill("3");
  await page.getByRole("button", { name: "追加する" }).click();
  await expect(page.locator("#kind-new-name-error")).toHaveText("同じ名前の活動の種類がすでにあります。");
  await expectAccessible(page);
  await page.getByLabel("種類の名前（60文字まで）").fill(kindName);
  await page.getByLabel("1件あたりのポイント").fill("三");
  await page.getByRole("button", { name: "追加する" }).click();
  await expect(page.locator("#kind-new-pointsPerActivity-error")).toContainText("1件あたりのポイント");
  expect(
    await e2eDb().selectFrom("renewal_activity_kinds").select("id").where("name", "=", kindName).executeTakeFirst(),
  ).toBeUndefined();
  await page.getByLabel("1件あたりのポイント").fill("3");
  await page.getByRole("button", { name: "追加する" }).click();
  await expect(page.getByRole("status")).toContainText("活動の種類を追加しました。");
  const kindRow = page.getByTestId("renewal-kinds").getByRole("row").filter({ hasText: kindName });
  await expect(kindRow).toContainText("1件3ポイント");
  await kindRow.getByRole("link", { name: `「${kindName}」を編集` }).click();
  await expect(page.getByRole("heading", { name: `「${kindName}」を編集する` })).toBeVisible();
  await page.getByLabel("ポイントの数え方").selectOption("per_hours");
  await page.getByLabel("1ポイントあたりの時間").fill("1.5");
  await page.getByLabel("1件の上限ポイント").fill("4");
  await page.getByRole("button", { name: "変更を保存する" }).click();
  await expect(page.getByRole("status")).toContainText("活動の種類を更新しました。");
  await expect(page.getByTestId("renewal-kinds").getByRole("row").filter({ hasText: kindName })).toContainText(
    "1.5時間ごとに1ポイント（1件4ポイントまで）",
  );
  const audits = await e2eDb()
    .selectFrom("audit_log")
    .select("action")
    .where("entity_type", "=", "renewal_activity_kind")
    .where("entity_id", "=", String(await kindId(kindName)))
    .orderBy("id")
    .execute();
  expect(audits.map((a) => a.action)).toEqual(["renewal.kind_create", "renewal.kind_update"]);

  // Not certified yet: not in the list of this year's ITCs.
  await page.goto(`/staff/renewal/itcs?fy=${currentFy}`);
  await expect(page.getByRole("link", { name: itc.name })).toHaveCount(0);

  // One ITC: set the certification date (the second renewal then, with a fee) and record the fee.
  await page.goto(`/staff/renewal/itcs/${itc.id}?fy=${currentFy}`);
  await expect(page.getByRole("heading", { level: 1, name: `${itc.name}さんの資格更新` })).toBeVisible();
  await expect(page.getByTestId("itc-activities")).toContainText(returnTitle);
  await expect(page.getByTestId("itc-activities").getByRole("row").filter({ hasText: returnTitle })).toContainText(
    "差し戻し",
  );
  await expect(page.getByTestId("itc-activities").getByRole("row").filter({ hasText: approveTitle })).toContainText(
    "承認済み",
  );
  await expectAccessible(page);
  const certifiedOn = `${currentFy - 1}-06-01`;
  await page.getByRole("textbox", { name: "ITC認定日", exact: true }).fill(certifiedOn);
  await page.getByRole("button", { name: "認定日を保存する" }).click();
  await expect(page.getByRole("status")).toContainText("ITC認定日を保存しました。");
  await expect(page.getByTestId("renewal-ordinal")).toContainText("2回目の更新（更新料 22,000円）");
  await page.getByLabel("納付日").fill(today);
  await page.getByRole("button", { name: "納付を記録する" }).click();
  await expect(page.getByRole("status")).toContainText("更新料の納付を記録しました。");
  await expect(page.getByTestId("fee-status")).toContainText("納付済み");
  await expect(page.getByTestId("renewal-conditions")).toContainText("更新料22,000円（税込）の納付：納付済み");
  await expectAccessible(page);
  // Twice, or at the first renewal: refused in Japanese (409), nothing written.
  const twice = await page.request.post(`/staff/renewal/itcs/${itc.id}?fy=${currentFy}`, {
    form: { intent: "fee", fiscalYear: String(currentFy), paidOn: today },
    headers: { Origin: baseURL },
    maxRedirects: 0,
  });
  expect(twice.status()).toBe(409);
  expect(await twice.text()).toContain("この年度の更新料はすでに記録されています。");
  const first = await page.request.post(`/staff/renewal/itcs/${itc.id}?fy=${currentFy - 1}`, {
    form: { intent: "fee", fiscalYear: String(currentFy - 1), paidOn: today },
    headers: { Origin: baseURL },
    maxRedirects: 0,
  });
  expect(first.status()).toBe(409);
  expect(await first.text()).toContain("初回の更新には更新料はかかりません。");
  const fees = await e2eDb().selectFrom("renewal_fee_payments").selectAll().where("user_id", "=", itc.id).execute();
  expect(fees.map((f) => [f.fiscal_year, f.amount_yen])).toEqual([[currentFy, 22_000]]);

  // The list: the ITC is short (4 of 10 points, no survey), linked to their page.
  await page.getByRole("link", { name: "条件を満たさないITCの一覧へ" }).click();
  await expect(page).toHaveURL(new RegExp(`/staff/renewal/itcs\\?fy=${currentFy}$`));
  await expect(page.getByTestId("shortfall-counts")).toContainText(
    /ITC [1-9][0-9]*人のうち、条件を満たしていない人 [1-9][0-9]*人/,
  );
  const row = page.getByTestId("renewal-shortfalls").getByRole("row").filter({ hasText: itc.name });
  await expect(row).toContainText(itc.itcNumber);
  await expect(row).toContainText("2回目");
  await expect(row).toContainText("あと6ポイント");
  await expect(row).toContainText("実践力ポイント10ポイント以上");
  await expect(row).toContainText("実務活動アンケートの提出");
  await expect(row).not.toContainText("更新料");
  await expectAccessible(page);

  // The CSV for Japanese Excel: BOM, Japanese header, the ITC's row.
  const [download] = await Promise.all([
    page.waitForEvent("download"),
    page.getByRole("link", { name: "CSVでダウンロード" }).click(),
  ]);
  expect(download.suggestedFilename()).toBe(`資格更新_条件未達_${currentFy}年度.csv`);
  const bytes = fs.readFileSync((await download.path())!);
  expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
  const text = new TextDecoder("utf-8", { fatal: true }).decode(bytes.subarray(3));
  expect(
    text.startsWith(
      "氏名,ITC番号,メールアドレス,ITC認定日,更新回数,ポイント,不足ポイント,アンケート,更新料,フォローアップ研修,不足している条件\r\n",
    ),
  ).toBe(true);
  const line = text.split("\r\n").find((l) => l.startsWith(`${itc.name},`));
  expect(line).toContain(`,${itc.itcNumber},`);
  expect(line).toContain(`,${certifiedOn},2,4,6,未,済,対象外,`);

  // A bad year is a Japanese 400 page; an unknown person a Japanese 404 page.
  const bad = await page.goto("/staff/renewal/itcs?fy=abc");
  expect(bad?.status()).toBe(400);
  await expect(page.getByText("年度の指定が正しくありません")).toBeVisible();
  await expectAccessible(page);
  const badCsv = await page.request.get("/staff/renewal/itcs.csv?fy=20x6");
  expect(badCsv.status()).toBe(400);
  expect(await badCsv.text()).toContain("年度の指定が正しくありません");
  const missing = await page.goto("/staff/renewal/itcs/no-such-user");
  expect(missing?.status()).toBe(404);
  await expect(page.getByText("この利用者は見つかりません。")).toBeVisible();
  await expectAccessible(page);
});

test("screenshots of the staff renewal pages at 375 and 1280 px", async ({ page, signInAs }) => {
  test.setTimeout(180_000);
  const itc = await makeItc("花子");
  await e2eDb()
    .updateTable("users")
    .set({ itc_certified_on: `${currentFy - 2}-10-01` })
    .where("id", "=", itc.id)
    .execute();
  await report(itc.id, `自治体向けDXセミナーの受講（オンライン）${itc.sfx}`, 3);
  await signInAs("staff");
  const pages = [
    ["renewal-queue", "/staff/renewal"],
    ["renewal-kinds", "/staff/renewal/kinds"],
    ["renewal-itcs", `/staff/renewal/itcs?fy=${currentFy}`],
    ["renewal-itc", `/staff/renewal/itcs/${itc.id}?fy=${currentFy}`],
    ["renewal-itcs-bad-year", "/staff/renewal/itcs?fy=abc"],
  ] as const;
  for (const [name, url] of pages) {
    await page.goto(url);
    await expectAccessible(page);
    for (const width of [375, 1280]) {
      await page.setViewportSize({ width, height: 900 });
      expect(
        await page.evaluate(() => document.documentElement.scrollWidth),
        `${name} at ${width}px`,
      ).toBeLessThanOrEqual(width);
      await page.screenshot({ path: `${SHOTS}/${name}-${width}.png`, fullPage: true });
    }
  }
});
