import { screenshotDir } from "./support/env";
import { readFile } from "node:fs/promises";
import fs from "node:fs";
import type { Page } from "@playwright/test";
import { createUser } from "../app/features/auth/users.server";
import { addDays, fiscalYearOf, todayInTokyo } from "../app/lib/dates";
import { e2eDb, expect, expectAccessible, screenshot, test } from "./support/fixtures";

// Issue 15: staff certify from the queue (one, then several at once), decline with a reason
// the candidate sees, revoke; the trainee's and the trainer's pages. Each run makes its own
// course, cohort and people, so the demo data other journeys rely on is left as it was.

const SHOTS = screenshotDir("certification");
const FAST_HASH = "$argon2id$v=19$m=19456,t=2,p=1$c29tZXNhbHRzb21lc2FsdA$ZhAqT6mxoVWydSIpTH1f2qiKHO8HikqSWZSuyQhW2bA";
const run = Date.now().toString(36);
// Several pages, axe and screenshots on a shared, busy machine.
test.describe.configure({ timeout: 180_000 });

async function shoot(page: Page, name: string) {
  fs.mkdirSync(SHOTS, { recursive: true });
  for (const width of [375, 1280]) {
    await page.setViewportSize({ width, height: 900 });
    await screenshot(page, `${SHOTS}/${name}-${width}.png`);
  }
}

/** A basic course with one cohort and four enrolled trainees: three meet every criterion, one never passed the check. */
async function cohortWithCandidates() {
  const db = e2eDb();
  const now = new Date().toISOString();
  const today = todayInTokyo();
  const course = await db
    .insertInto("courses")
    .values({
      code: `E2E-CERT-${run}`,
      title: "自治体ビジネス基礎研修（認定テスト）",
      kind: "basic_municipal",
      format: "classroom",
      total_hours: 6,
      points: 3,
      created_at: now,
      updated_at: now,
    })
    .returning("id")
    .executeTakeFirstOrThrow();
  const cohort = await db
    .insertInto("cohorts")
    .values({
      course_id: course.id,
      name: `認定テスト回 ${run}`,
      fiscal_year: fiscalYearOf(today),
      capacity: 30,
      enrollment_opens_on: addDays(today, -60),
      enrollment_closes_on: addDays(today, -40),
      cancellation_deadline: addDays(today, -40),
      first_session_date: addDays(today, -30),
      last_session_date: addDays(today, -30),
      session_count: 1,
      created_at: now,
      updated_at: now,
    })
    .returning("id")
    .executeTakeFirstOrThrow();
  const quiz = await db
    .insertInto("course_quizzes")
    .values({
      course_id: course.id,
      title: "理解度確認",
      max_attempts: 3,
      pass_percent: 80,
      published: 1,
      created_at: now,
      updated_at: now,
    })
    .returning("id")
    .executeTakeFirstOrThrow();
  const names = ["認定 一郎", "認定 二郎", "認定 三郎", "見送 四郎"];
  const people: { name: string; email: string }[] = [];
  for (const [i, name] of names.entries()) {
    const email = `cert${i}-${run}@example.test`;
    const { id } = await createUser(
      db,
      {
        email,
        password: "unused-password",
        passwordHash: FAST_HASH,
        name: `${name}${run.slice(-3)}`,
        nameKana: "にんてい",
        prefectureCode: "13",
        organization: "",
        itcNumber: null,
        roles: ["trainee"],
      },
      null,
    );
    await db
      .insertInto("enrollments")
      .values({
        cohort_id: cohort.id,
        user_id: id,
        status: "enrolled",
        queue_seq: i + 1,
        requested_at: now,
        enrolled_at: now,
        completed_at: now,
        created_at: now,
        updated_at: now,
      })
      .execute();
    const passed = i < 3;
    await db
      .insertInto("quiz_attempts")
      .values({
        quiz_id: quiz.id,
        user_id: id,
        attempt_no: 1,
        question_count: 5,
        correct_count: passed ? 5 : 2,
        score_percent: passed ? 100 : 40,
        pass_percent: 80,
        passed: passed ? 1 : 0,
        submitted_at: now,
      })
      .execute();
    people.push({ name: `${name}${run.slice(-3)}`, email });
  }
  return { cohortId: cohort.id, people };
}

test("staff certify one, then several at once, decline one with a reason, and revoke", async ({
  page,
  signInAs,
  browser,
}) => {
  const { cohortId, people } = await cohortWithCandidates();
  await signInAs("staff");

  await page.goto("/staff/certification");
  await expect(page.getByRole("heading", { level: 1, name: "修了認定" })).toBeVisible();
  await expectAccessible(page);

  const queue = `/staff/certification?programme=1&cohort=${cohortId}`;
  await page.goto(queue);
  const rows = page.getByTestId("candidate");
  await expect(rows).toHaveCount(4);
  // Closest first: the three who meet everything, then the one who misses the check.
  await expect(rows.nth(3)).toContainText(people[3]!.name);
  await expect(rows.nth(3)).toContainText("未合格");
  // Each criterion links to where its evidence is kept.
  await expect(
    rows.first().getByRole("link", { name: "研修の修了（出席・受講アンケート・受講料）の根拠を見る" }),
  ).toHaveAttribute("href", new RegExp(`^/staff/cohorts/${cohortId}/enrollments/\\d+#attendance-heading$`));
  await expectAccessible(page);
  await shoot(page, "queue");

  // One.
  await page.getByLabel(people[0]!.name, { exact: true }).check();
  await page.getByRole("button", { name: "選択した人を認定して修了証を発行" }).click();
  // The confirmation step names who is certified; nothing is issued until it is answered.
  const confirm = page.getByTestId("confirm-step");
  await expect(confirm.getByRole("heading", { name: "1人を認定して修了証を発行しますか" })).toBeFocused();
  await expect(confirm.getByRole("list", { name: "認定する人" })).toHaveText(new RegExp(people[0]!.name));
  await expectAccessible(page);
  await shoot(page, "certify-confirm");
  await confirm.getByRole("button", { name: "1人を認定する" }).click();
  await expect(page.getByText("修了を認定し、修了証を発行しました。")).toBeVisible();
  await expect(page.getByTestId("candidate")).toHaveCount(3);

  // Several at once.
  await page.getByLabel(people[1]!.name, { exact: true }).check();
  await page.getByLabel(people[2]!.name, { exact: true }).check();
  await page.getByRole("button", { name: "選択した人を認定して修了証を発行" }).click();
  await page.getByTestId("confirm-step").getByRole("button", { name: "2人を認定する" }).click();
  await expect(page.getByText("修了を認定し、修了証を発行しました。")).toBeVisible();
  await expect(page.getByTestId("candidate")).toHaveCount(1);

  // Decline the last one with a reason.
  const last = page.getByTestId("candidate").first();
  await last.getByText("認定を見送る").click();
  await last
    .getByLabel(`${people[3]!.name}さんに伝える理由`)
    .fill("理解度確認テストに合格していません。再受験してください。");
  await last.getByRole("button", { name: "見送りを伝える" }).click();
  await expect(page.getByText("認定を見送りました。")).toBeVisible();
  await expect(page.getByTestId("candidate").first()).toContainText("見送り");

  // The issued ones, and one certificate's page.
  await page.goto(`${queue}&show=issued`);
  await expect(page.getByTestId("candidate")).toHaveCount(3);
  // A selection's PDFs as one ZIP, from the queue.
  await page.getByLabel(`${people[1]!.name}さんの修了証をZIPに含める`).check();
  await page.getByLabel(`${people[2]!.name}さんの修了証をZIPに含める`).check();
  const [zip] = await Promise.all([
    page.waitForEvent("download"),
    page.getByRole("button", { name: "選択した修了証のPDFをZIPでダウンロード" }).click(),
  ]);
  const { unzipSync } = await import("fflate");
  const entries = Object.keys(unzipSync(new Uint8Array(await readFile((await zip.path()) ?? ""))));
  expect(entries).toHaveLength(2);
  expect(entries.every((name) => name.endsWith(".pdf"))).toBe(true);
  await page
    .getByTestId("candidate")
    .filter({ hasText: people[0]!.name })
    .getByRole("link", { name: /修了証/ })
    .click();
  await expect(page.getByTestId("certificate-status")).toHaveText("有効");
  await expect(page.getByText("理解度確認テストの合格（合格）")).toBeVisible();
  await expect(page.getByRole("link", { name: "PDF" })).toHaveAttribute("href", /\/certificates\/\d+\.pdf$/);
  await expectAccessible(page);
  await shoot(page, "certificate");

  // Revoke, publishing the reason.
  await page.getByLabel("理由", { exact: true }).last().fill("受講記録に誤りが見つかったため。");
  await page.getByLabel("理由を検証ページで公開する").last().check();
  await page.getByRole("button", { name: "取り消す（元に戻せません）" }).click();
  await expect(page.getByTestId("confirm-step")).toContainText(
    "理由「受講記録に誤りが見つかったため。」を検証ページで公開します。",
  );
  await expect(page.getByTestId("certificate-status")).toHaveText("有効");
  await expectAccessible(page);
  await page.getByTestId("confirm-step").getByRole("button", { name: "取り消す", exact: true }).click();
  await expect(page.getByText("修了証を取り消しました。")).toBeVisible();
  await expect(page.getByTestId("certificate-status")).toContainText("取り消し");
  await expect(page.getByText("・修了証を取り消し・")).toBeVisible();

  // The declined trainee sees why; a certified one sees the certificate with its links.
  for (const [who, check] of [
    [
      people[3]!,
      async (p: Page) => {
        await expect(p.getByTestId("declined")).toContainText("理解度確認テストに合格していません。");
        await expect(p.getByText("まだ修了証はありません")).toBeVisible();
      },
    ],
    [
      people[1]!,
      async (p: Page) => {
        const cert = p.getByTestId("my-certificate");
        await expect(cert).toHaveCount(1);
        await expect(cert.getByRole("link", { name: "PDFをダウンロード" })).toBeVisible();
        await expect(cert.getByRole("link", { name: "デジタル証明書（Open Badges）" })).toBeVisible();
        await expect(cert.getByRole("link", { name: "検証ページ" })).toHaveAttribute("href", /^\/verify\/\d{4}-\d{6}-/);
      },
    ],
  ] as const) {
    const context = await browser.newContext();
    const { sessionCookieFor } = await import("./support/fixtures");
    await context.addCookies([await sessionCookieFor(who.email)]);
    const trainee = await context.newPage();
    await trainee.goto("/my/certificates");
    await check(trainee);
    await expectAccessible(trainee);
    if (who === people[1]) await shoot(trainee, "my-certificates");
    await context.close();
  }
});

test("the criteria page and the trainer's outcomes (only their own trainees)", async ({ page, signInAs }) => {
  await signInAs("staff");
  await page.goto("/staff/certification/programmes/2");
  await expect(page.getByLabel("必要な時間数（時間以上）")).toHaveValue("40");
  await expectAccessible(page);
  await shoot(page, "criteria");

  await page.goto("/staff/certification?programme=2");
  await expect(page.getByTestId("candidate").first()).toContainText("認定できます");
  await expectAccessible(page);

  await page.context().clearCookies();
  await signInAs("trainer");
  await page.goto("/trainer/outcomes");
  const outcomes = page.getByTestId("outcome");
  await expect(outcomes).toHaveCount(1);
  await expect(outcomes.first()).toContainText("田中 翔太");
  await expect(outcomes.first()).toContainText("承認済み時間");
  await expect(page.getByText("山本 さくら")).toHaveCount(0);
  await expectAccessible(page);
  await shoot(page, "trainer-outcomes");
});
