import fs from "node:fs";
import type { Page } from "@playwright/test";
import { addDays, fiscalYearOf, todayInTokyo } from "../app/lib/dates";
import { createAccount, uniqueEmail, userId } from "./account-helpers";
import { DEMO, e2eDb, expect, expectAccessible, sessionCookieFor, test } from "./support/fixtures";
import { screenshotDir } from "./support/env";

// Issue 16, the ITC renewal ledger as the ITC sees it: a fresh account reports an activity
// (refused with Japanese messages first, nothing written), sees its computed points, attaches
// an evidence PDF that only they and staff can open, submits the 実務活動アンケート and sees
// the survey condition turn met. The certification date is a staff fact, set here directly.

const SHOTS = screenshotDir("renewal-itc");
// One instant for the day and the year; the readiness page is asked for that year (?fy=).
const loadedAt = new Date();
const today = todayInTokyo(loadedAt);
const currentFy = fiscalYearOf(loadedAt);
const PDF = Buffer.concat([
  Buffer.from("%PDF-1.7\n1 0 obj <<>> endobj\n"),
  Buffer.alloc(5_000, 0x20),
  Buffer.from("%%EOF\n"),
]);

async function newItc(prefix: string, certifiedOn: string | null) {
  const email = uniqueEmail(prefix);
  await createAccount(email, "renewal-passphrase-2026", ["trainee"], "更新 一郎");
  const id = await userId(email);
  if (certifiedOn)
    await e2eDb().updateTable("users").set({ itc_certified_on: certifiedOn }).where("id", "=", id).execute();
  return { email, id };
}

async function activitiesOf(id: string) {
  return e2eDb().selectFrom("renewal_activities").selectAll().where("user_id", "=", id).orderBy("id").execute();
}

async function kindId(name: string): Promise<number> {
  const row = await e2eDb()
    .selectFrom("renewal_activity_kinds")
    .select("id")
    .where("name", "=", name)
    .executeTakeFirstOrThrow();
  return Number(row.id);
}

/** The form field by its label, whatever the required badge beside it says. */
const field = (page: Page, label: string) => page.getByLabel(new RegExp(`^${label}`));

test("an ITC reports an activity, attaches evidence, answers the survey and the readiness page follows", async ({
  page,
  signInAs,
  browser,
}) => {
  test.setTimeout(180_000);
  const itc = await newItc("itc-ledger", null);
  await signInAs(itc.email);

  // Not certified yet: the page says so in Japanese instead of counting renewals.
  await page.goto("/dashboard");
  await page.getByRole("link", { name: "資格更新", exact: true }).first().click();
  await expect(page).toHaveURL(/\/my\/renewal$/);
  await expect(page.getByTestId("not-certified")).toHaveText(
    "ITC認定日が登録されていません。事務局にお問い合わせください。",
  );
  await expect(page.getByTestId("renewal-terms")).toHaveCount(0);

  // Certified this fiscal year: the first renewal, which has no fee.
  await e2eDb()
    .updateTable("users")
    .set({ itc_certified_on: `${currentFy}-04-01` })
    .where("id", "=", itc.id)
    .execute();
  await page.reload();
  await expect(page.getByTestId("not-certified")).toHaveCount(0);
  await expect(page.getByTestId("renewal-ordinal")).toContainText("第1回の更新");
  await expect(page.getByTestId("renewal-fee")).toHaveText("初回の更新のため、更新料はかかりません。");
  await expect(page.getByTestId("condition-fee")).toHaveCount(0);
  await expect(page.getByTestId("condition-points")).toHaveAttribute("data-met", "false");
  await expect(page.getByTestId("condition-survey")).toHaveAttribute("data-met", "false");
  await expect(page.getByText("この年度に登録した活動はありません")).toBeVisible();
  await expectAccessible(page);

  // A bad fiscal year: a Japanese 400 page.
  const bad = await page.goto("/my/renewal?fy=20x6");
  expect(bad?.status()).toBe(400);
  await expect(page.getByText("年度の指定が正しくありません。")).toBeVisible();

  // Reporting with bad input: every field answers in Japanese beside it, and nothing is written.
  await page.goto(`/my/renewal?fy=${currentFy}`);
  await page.getByRole("link", { name: "活動を登録" }).first().click();
  await expect(page.getByRole("heading", { level: 1, name: "活動を登録" })).toBeVisible();
  await expect(page.getByTestId("kind-rules")).toContainText("1時間ごとに1ポイント（1件5ポイントまで）");
  await expectAccessible(page);
  await field(page, "時間").fill("1.3");
  await field(page, "証跡のURL").fill("javascript:alert(1)");
  await page.getByRole("button", { name: "登録する" }).click();
  await expect(page.getByText("活動の種類を選んでください。")).toBeVisible();
  await expect(page.getByText("活動の名称を入力してください。")).toBeVisible();
  await expect(page.getByText("時間は0.5時間単位で入力してください。")).toBeVisible();
  await expect(page.getByText("証跡のURLは http:// または https:// で始まるURLを入力してください。")).toBeVisible();
  await expect(field(page, "活動の名称")).toHaveAttribute("aria-invalid", "true");
  await expectAccessible(page);
  expect(await activitiesOf(itc.id)).toEqual([]);

  // A date in the future is refused beside the date, by the server's rule.
  await field(page, "活動の種類").selectOption({
    label: "セミナー・研修の講師（1時間ごとに1ポイント（1件5ポイントまで））",
  });
  await field(page, "活動の名称").fill("山形県中小企業DXセミナー 講師");
  await field(page, "主催者・依頼元").fill("山形県商工会連合会");
  await field(page, "活動日").fill(addDays(today, 3));
  await field(page, "時間").fill("3");
  await field(page, "証跡のURL").fill("https://example.org/seminar/2026");
  await page.getByRole("button", { name: "登録する" }).click();
  await expect(page.locator(".field-error", { hasText: "活動日に未来の日付は指定できません。" })).toBeVisible();
  await expect(field(page, "活動日")).toHaveAttribute("aria-invalid", "true");
  expect(await activitiesOf(itc.id)).toEqual([]);

  // Good input: saved, and the page of the activity shows the computed points.
  await field(page, "活動日").fill(today);
  await page.getByRole("button", { name: "登録する" }).click();
  await expect(page).toHaveURL(/\/my\/renewal\/activities\/\d+\?notice=reported$/);
  await expect(page.getByText("活動を登録しました。")).toBeVisible();
  await expect(page.getByTestId("activity-points")).toHaveText("3ポイント");
  await expect(page.getByText("確認待ち", { exact: true })).toBeVisible();
  const [saved] = await activitiesOf(itc.id);
  expect(saved).toMatchObject({ title: "山形県中小企業DXセミナー 講師", points: 3, status: "submitted" });
  expect(Number(saved!.hours)).toBe(3);
  const activityPage = `/my/renewal/activities/${saved!.id}`;
  await expectAccessible(page);

  // The evidence PDF, streamed into storage and offered as a download with safe headers.
  await page.getByLabel("ファイル", { exact: true }).setInputFiles({
    name: "講師依頼書.pdf",
    mimeType: "application/pdf",
    buffer: PDF,
  });
  await page.getByRole("button", { name: "添付する" }).click();
  await expect(page.getByText("証跡のファイルを添付しました。")).toBeVisible();
  await expect(page.getByTestId("evidence-file").getByRole("link", { name: "講師依頼書.pdf" })).toBeVisible();
  const download = await page.request.get(`${activityPage}/evidence`);
  expect(download.status()).toBe(200);
  expect(download.headers()["content-type"]).toBe("application/pdf");
  expect(download.headers()["content-disposition"]).toContain(
    `filename*=UTF-8''${encodeURIComponent("講師依頼書.pdf")}`,
  );
  expect(download.headers()["x-content-type-options"]).toContain("nosniff");
  expect(download.headers()["content-security-policy"]).toContain("sandbox");
  expect(Buffer.from(await download.body()).equals(PDF)).toBe(true);
  const withFile = (await activitiesOf(itc.id))[0]!;
  expect(withFile.evidence_file_key).toMatch(/^renewal-evidence\//);

  // Correcting while it waits: the points are computed again under the kind's cap.
  await field(page, "時間").fill("7.5");
  await page.getByRole("button", { name: "修正して申請する" }).click();
  await expect(page.getByText("活動を修正し、もう一度申請しました。")).toBeVisible();
  await expect(page.getByTestId("activity-points")).toHaveText("5ポイント");

  // Another trainee: the activity, its file and a correction are all "not found".
  const other = await newItc("itc-other", `${currentFy}-04-01`);
  const otherContext = await browser.newContext();
  await otherContext.addCookies([await sessionCookieFor(other.email)]);
  const otherPage = await otherContext.newPage();
  const otherView = await otherPage.goto(activityPage);
  expect(otherView?.status()).toBe(404);
  await expect(otherPage.getByText("この活動の記録は見つかりません。")).toBeVisible();
  expect((await otherPage.request.get(`${activityPage}/evidence`)).status()).toBe(404);
  const otherPost = await otherPage.request.post(activityPage, {
    form: {
      kindId: String(await kindId("執筆")),
      title: "乗っ取り",
      activityDate: today,
      hours: "1",
    },
    headers: { Origin: new URL(page.url()).origin },
    maxRedirects: 0,
  });
  expect(otherPost.status()).toBe(404);
  await otherContext.close();
  expect((await activitiesOf(itc.id))[0]).toMatchObject({ title: "山形県中小企業DXセミナー 講師", points: 5 });
  // Staff may open the file (they review it).
  const staffContext = await browser.newContext();
  await staffContext.addCookies([await sessionCookieFor(DEMO.staff)]);
  expect((await staffContext.request.get(`${activityPage}/evidence`)).status()).toBe(200);
  await staffContext.close();

  // The readiness page lists it as waiting, with its points pending.
  await page.getByRole("link", { name: "資格更新へ戻る" }).click();
  await expect(page.getByTestId(`activity-${saved!.id}`)).toContainText("確認待ち");
  await expect(page.getByTestId(`activity-${saved!.id}`)).toContainText("5ポイント");
  await expect(page.getByTestId("points-summary")).toContainText("確認待ち5ポイント");
  await expect(page.getByTestId("points-total")).toHaveText("0");

  // The survey: a bad answer is refused in Japanese, then it is submitted and the condition is met.
  await field(page, "支援した企業・団体の数").fill("-3");
  await page.getByRole("button", { name: "アンケートを提出する" }).click();
  await expect(page.getByText("支援した企業・団体の数は0以上にしてください。")).toBeVisible();
  await expect(page.getByText("主な活動分野を入力してください。")).toBeVisible();
  expect(await e2eDb().selectFrom("renewal_surveys").selectAll().where("user_id", "=", itc.id).execute()).toEqual([]);
  await field(page, "支援した企業・団体の数").fill("4");
  await field(page, "主な活動分野").fill("中小企業のDX支援");
  await page.getByRole("button", { name: "アンケートを提出する" }).click();
  await expect(page.getByText("実務活動アンケートを提出しました。")).toBeVisible();
  await expect(page.getByTestId("condition-survey")).toHaveAttribute("data-met", "true");
  await expect(page.getByTestId("survey-submitted")).toBeVisible();
  await expect(field(page, "主な活動分野")).toHaveValue("中小企業のDX支援");
  // A second answer replaces the first.
  await field(page, "主な活動分野").fill("自治体の情報化支援");
  await page.getByRole("button", { name: "アンケートを更新する" }).click();
  // The notice was already on the page: wait for the stored answer itself.
  const surveysOf = () => e2eDb().selectFrom("renewal_surveys").selectAll().where("user_id", "=", itc.id).execute();
  await expect.poll(async () => (await surveysOf()).map((r) => r.main_field)).toEqual(["自治体の情報化支援"]);
  expect((await surveysOf())[0]).toMatchObject({ engagements: 4, fiscal_year: currentFy });
  await expect(field(page, "主な活動分野")).toHaveValue("自治体の情報化支援");
  await expectAccessible(page);
});

test("screenshots of the readiness page, the report form and an activity at 375 and 1280 px", async ({
  page,
  signInAs,
}) => {
  test.setTimeout(180_000);
  fs.mkdirSync(SHOTS, { recursive: true });
  // Certified two fiscal years ago: the third renewal, with its fee and the follow-up rule.
  const itc = await newItc("itc-shots", `${currentFy - 2}-07-15`);
  const lecture = await kindId("セミナー・研修の講師");
  const writing = await kindId("執筆");
  const at = new Date().toISOString();
  const base = {
    user_id: itc.id,
    fiscal_year: currentFy,
    organizer: "",
    status: "submitted",
    submitted_at: at,
    created_at: at,
    updated_at: at,
  };
  const [approved, returned] = await Promise.all([
    e2eDb()
      .insertInto("renewal_activities")
      .values({
        ...base,
        kind_id: lecture,
        title: "情報化セミナー 講師",
        activity_date: `${currentFy}-05-20`,
        hours: 4,
        points: 4,
        status: "approved",
        reviewed_at: at,
      })
      .returning("id")
      .executeTakeFirstOrThrow(),
    e2eDb()
      .insertInto("renewal_activities")
      .values({
        ...base,
        kind_id: writing,
        title: "月刊誌への寄稿「自治体DXの進め方」",
        activity_date: `${currentFy}-06-10`,
        hours: 2,
        points: 2,
        status: "returned",
        review_comment: "掲載誌名と号数がわかる証跡（URLまたはファイル）を添えてください。",
        reviewed_at: at,
      })
      .returning("id")
      .executeTakeFirstOrThrow(),
  ]);
  const uncertified = await newItc("itc-uncertified", null);
  const pages = [
    ["renewal", "/my/renewal"],
    ["renewal-activity-new", "/my/renewal/activities/new"],
    ["renewal-activity-returned", `/my/renewal/activities/${returned.id}`],
    ["renewal-activity-approved", `/my/renewal/activities/${approved.id}`],
  ] as const;
  for (const [name, url, who] of [
    ...pages.map(([n, u]) => [n, u, itc.email] as const),
    // Not certified yet, and a bad fiscal year (the Japanese 400 page).
    ["renewal-not-certified", "/my/renewal", uncertified.email] as const,
    ["renewal-bad-year", "/my/renewal?fy=abc", itc.email] as const,
  ]) {
    await signInAs(who);
    for (const width of [375, 1280]) {
      await page.setViewportSize({ width, height: 900 });
      await page.goto(url);
      await expect(page.locator("html")).toHaveAttribute("data-hydrated", "true");
      expect(
        await page.evaluate(() => document.documentElement.scrollWidth),
        `${name} at ${width}px`,
      ).toBeLessThanOrEqual(width);
      await page.screenshot({ path: `${SHOTS}/${name}-${width}.png`, fullPage: true });
    }
    await expectAccessible(page);
  }
  await signInAs(itc.email);
  await page.goto(`/my/renewal?fy=${currentFy}`);
  await expect(page.getByTestId("renewal-ordinal")).toContainText("第3回の更新");
  await expect(page.getByTestId("renewal-fee")).toHaveText("22,000円（税込）");
  await expect(page.getByTestId("condition-follow_up")).toHaveAttribute("data-met", "false");
  await expect(page.getByTestId("points-total")).toHaveText("4");
  // A returned activity shows the staff's reason and how to send it again; an approved one is final.
  await page.goto(`/my/renewal/activities/${returned.id}`);
  await expect(page.getByTestId("review-comment")).toContainText("掲載誌名と号数がわかる証跡");
  await expect(page.getByTestId("resubmit-hint")).toBeVisible();
  await page.goto(`/my/renewal/activities/${approved.id}`);
  await expect(page.getByText("承認済みの活動は修正できません。")).toBeVisible();
  await expect(page.getByRole("button", { name: "修正して申請する" })).toHaveCount(0);
});
