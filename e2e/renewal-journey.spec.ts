import { fiscalYearOf, todayInTokyo } from "../app/lib/dates";
import { createAccount, uniqueEmail, userId } from "./account-helpers";
import { e2eDb, expect, expectAccessible, sessionCookieFor, test } from "./support/fixtures";

// Issue 16, the renewal ledger across roles: an ITC reports an activity, staff return it with a
// reason, the ITC corrects it, staff approve it, and the ITC's readiness page changes at each
// step (pending points, then counted points). Authorization of every route is in
// e2e/authorization/renewal*.ts; each side's details in renewal-itc and renewal-staff.

test("an activity is reported, returned, corrected and approved; the readiness page follows", async ({
  browser,
  page,
  signInAs,
}) => {
  test.setTimeout(180_000);
  // One instant for the year and the day; the pages are asked for that year (?fy=), so a run
  // across midnight of 31 March still reads the year it wrote into.
  const startedAt = new Date();
  const fy = fiscalYearOf(startedAt);
  const email = uniqueEmail("renewal-journey");
  await createAccount(email, "renewal-journey-passphrase", ["trainee"], "更新 太郎");
  // Certified in the previous fiscal year: this year's points are for the second renewal.
  await e2eDb()
    .updateTable("users")
    .set({ itc_certified_on: `${fy - 1}-06-01` })
    .where("id", "=", await userId(email))
    .execute();
  const title = `地域DXセミナー ${Date.now()}`;

  // The ITC starts with nothing reported.
  await signInAs(email);
  await page.goto(`/my/renewal?fy=${fy}`);
  await expect(page.getByRole("heading", { level: 1 })).toContainText("資格更新");
  await expect(page.getByText("あと10ポイント必要です。").first()).toBeVisible();

  // Reports 7 hours of a seminar (2 hours a point): 3 points, waiting for staff.
  await page.getByRole("link", { name: "活動を登録" }).first().click();
  await page
    .getByLabel("活動の種類")
    .selectOption({ label: "他団体のセミナー・研修の受講（2時間ごとに1ポイント（1件5ポイントまで））" });
  await page.getByLabel("活動の名称").fill(title);
  await page.getByLabel("活動日").fill(todayInTokyo(startedAt));
  await page.getByLabel("時間").fill("７");
  await page.getByRole("button", { name: "登録する" }).click();
  await expect(page).toHaveURL(/\/my\/renewal\/activities\/\d+/);
  const activityUrl = new URL(page.url()).pathname;
  await expect(page.getByText("確認待ち").first()).toBeVisible();
  await page.goto(`/my/renewal?fy=${fy}`);
  await expect(page.getByText("確認待ち3ポイント").first()).toBeVisible();
  await expect(page.getByText("あと10ポイント必要です。").first()).toBeVisible();

  // Staff return it with a reason.
  const staff = await browser.newContext();
  await staff.addCookies([await sessionCookieFor("staff@example.com")]);
  const staffPage = await staff.newPage();
  await staffPage.goto("/staff/renewal");
  const row = staffPage.locator("li, tr, article").filter({ hasText: title }).first();
  await row.getByText("差し戻す").click();
  await row.getByRole("textbox").fill("受講証明のURLを添えてください。");
  await row.getByRole("button", { name: "差し戻し" }).click();
  await expect(staffPage.locator("body")).not.toContainText(title);

  // The ITC is told why, corrects it (10 hours, with evidence): 5 points, waiting again.
  await page.goto(activityUrl);
  await expect(page.getByText("差し戻し").first()).toBeVisible();
  await expect(page.getByText("受講証明のURLを添えてください。")).toBeVisible();
  await page.getByLabel("時間").fill("10");
  await page.getByLabel("証跡のURL").fill("https://example.org/certificates/dx-seminar");
  await page.getByRole("button", { name: "修正して申請する" }).click();
  await expect(page.getByText("確認待ち").first()).toBeVisible();
  await page.goto(`/my/renewal?fy=${fy}`);
  await expect(page.getByText("確認待ち5ポイント").first()).toBeVisible();

  // Staff approve it; the ITC's points now count.
  await staffPage.goto("/staff/renewal");
  await staffPage.getByRole("button", { name: `「${title}」を承認` }).click();
  await expect(staffPage.locator("body")).not.toContainText(title);
  await staff.close();
  await page.goto(`/my/renewal?fy=${fy}`);
  await expect(page.getByText("あと5ポイント必要です。").first()).toBeVisible();
  await expect(page.getByText("確認待ち5ポイント")).toHaveCount(0);
  await expectAccessible(page);

  // Every step is in the audit log, in order.
  const id = Number(activityUrl.split("/").pop());
  const trail = await e2eDb()
    .selectFrom("audit_log")
    .select("action")
    .where("entity_type", "=", "renewal_activity")
    .where("entity_id", "=", String(id))
    .orderBy("id")
    .execute();
  expect(trail.map((t) => t.action)).toEqual([
    "renewal.activity_report",
    "renewal.activity_return",
    "renewal.activity_correct",
    "renewal.activity_approve",
  ]);
});
