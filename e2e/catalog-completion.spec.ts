import { enroll } from "../app/features/enrollment/enrollment.server";
import { encodeShiftJis } from "../app/testing/catalog";
import { fiscalYearOf, todayInTokyo } from "../app/lib/dates";
import { courseWithCohort, insertPerson, sessionFor, userIdOf } from "./catalog-helpers";
import { E2E_PORT } from "./support/env";
import { e2eDb, expect, expectAccessible, randomIp, test } from "./support/fixtures";

const baseURL = `http://localhost:${E2E_PORT}`;

test("attendance by the trainer, questionnaire by the trainee, payment by staff: completion and points", async ({
  browser,
}) => {
  test.setTimeout(90_000);
  const sato = await userIdOf("trainer@example.com");
  const { courseId, cohortId } = await courseWithCohort({
    title: "修了判定テスト研修",
    feeYen: 5000,
    startOffset: 0,
    lecturerId: sato,
  });
  const trainee = await insertPerson("完了 三郎");
  const other = await insertPerson("欠席 四郎");
  const { enrollmentId } = await enroll(e2eDb(), { cohortId, userId: trainee.id });
  await enroll(e2eDb(), { cohortId, userId: other.id });

  const open = async (cookie: string) => {
    const context = await browser.newContext({ extraHTTPHeaders: { "X-Forwarded-For": randomIp(), Cookie: cookie } });
    return { context, page: await context.newPage() };
  };

  // 1. The trainer (佐藤 teaches this cohort) takes attendance: all present, then one absence.
  const trainer = await open(await sessionFor(sato));
  let page = trainer.page;
  await page.goto("/trainer/cohorts");
  await expectAccessible(page);
  await page.getByRole("link", { name: /修了判定テスト研修/ }).click();
  await expect(page.getByText("完了 三郎")).toBeVisible();
  await expect(page.getByText("@example.test")).toHaveCount(0); // no contact details for instructors
  await expectAccessible(page);
  await page.getByRole("link", { name: /出欠を記録/ }).click();
  await page.getByRole("button", { name: "全員を出席にする" }).click();
  await expect(page.getByRole("status").filter({ hasText: "全員を出席にしました" })).toBeVisible();
  await expect(page.getByTestId("attendance-progress")).toHaveText("受講確定 2人・記録済み 2人");
  await page
    .getByRole("group", { name: /欠席 四郎/ })
    .getByLabel("欠席")
    .check();
  await page.getByRole("button", { name: "出欠を保存" }).click();
  await expect(page.getByRole("status").filter({ hasText: "出欠を保存しました。" })).toBeVisible();
  await expect(page.getByRole("group", { name: /欠席 四郎/ }).getByLabel("欠席")).toBeChecked();
  await expectAccessible(page);
  await page.getByRole("link", { name: "署名簿を印刷" }).click();
  await expect(page.getByRole("heading", { name: "署名簿" })).toBeVisible();
  await expect(page.getByRole("cell", { name: /完了 三郎/ })).toBeVisible();
  await expectAccessible(page);
  await trainer.context.close();

  // 2. The trainee answers the questionnaire (bad input first: refused, nothing written).
  const t = await open(await sessionFor(trainee.id));
  page = t.page;
  const bad = await page.request.post(`/my/training/${enrollmentId}/questionnaire`, {
    form: { overallRating: "9", goodPoints: "x" },
    headers: { Origin: baseURL },
    maxRedirects: 0,
  });
  expect(bad.status()).toBe(400);
  expect((await bad.text()).replace(/<!-- -->/g, "")).toContain("「研修全体の満足度」を1〜5から選んでください。");
  expect(
    await e2eDb()
      .selectFrom("questionnaire_responses")
      .select("enrollment_id")
      .where("enrollment_id", "=", enrollmentId)
      .execute(),
  ).toEqual([]);

  await page.goto("/my/training");
  await expectAccessible(page);
  await page.getByRole("link", { name: "受講アンケートに回答する" }).click();
  await page.getByRole("button", { name: "回答を送信する" }).click();
  await expect(page.getByText("「研修全体の満足度」を1〜5から選んでください。")).toBeVisible();
  await expectAccessible(page);
  for (const q of ["研修全体の満足度", "内容の分かりやすさ", "講師の説明", "今後の業務への役立ち度"]) {
    await page
      .getByRole("group", { name: new RegExp(q) })
      .getByLabel("4 良い")
      .check();
  }
  await page.getByLabel("良かった点").fill("予算の流れが分かった");
  await page.getByRole("button", { name: "回答を送信する" }).click();
  await expect(page.getByRole("status").filter({ hasText: "受講アンケートを送信しました" })).toBeVisible();
  // Not complete yet: the fee has not been confirmed.
  await expect(page.getByText("受講料 5,000円（入金確認待ち）")).toBeVisible();

  // 3. Staff confirm the payment; completion follows by itself.
  const s = await open(await sessionFor(await userIdOf("staff@example.com")));
  await s.page.goto(`/staff/cohorts/${cohortId}`);
  await expectAccessible(s.page);
  await s.page.getByRole("button", { name: /入金確認.*完了 三郎/ }).click();
  await expect(s.page.getByRole("status").filter({ hasText: "入金を確認済みにしました。" })).toBeVisible();
  await expect(s.page.getByTestId(`roster-row-${enrollmentId}`)).toContainText("修了");
  const csv = await s.page.request.get(`/staff/cohorts/${cohortId}/roster.csv`);
  expect(csv.headers()["content-type"]).toBe("text/csv; charset=utf-8");
  const bytes = await csv.body();
  expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
  const csvText = bytes.toString("utf-8");
  expect(csvText).toContain("受付番号,氏名,ふりがな,メールアドレス");
  expect(csvText).toMatch(/完了 三郎.*,受講確定,,.*,1,回答済,5000,済,修了\r\n/);
  // The questionnaire summary counts the one answer and shows its comment without the name.
  await s.page.getByRole("link", { name: "受講アンケート集計" }).click();
  await expect(s.page.getByTestId("questionnaire-rate")).toHaveText(/回答 1件／受講確定 2人（回答率 50%）/);
  await expect(s.page.getByTestId("rating-overallRating")).toContainText("4.0");
  await expect(s.page.getByRole("region", { name: /良かった点/ })).toContainText("予算の流れが分かった");
  await expect(s.page.getByText("完了 三郎")).toHaveCount(0);
  await expectAccessible(s.page);
  await s.context.close();

  // 4. The trainee sees the completion and the points in the fiscal year of the session.
  await page.goto("/my/training");
  await expect(page.getByTestId(`enrollment-${enrollmentId}`)).toContainText(/3ポイント・\d{4}年度/);
  await expectAccessible(page);
  await page.goto("/my/points");
  await expect(page.getByTestId(`fy-${fiscalYearOf(todayInTokyo())}`)).toContainText("3／10ポイント");
  await expect(page.getByText("修了判定テスト研修（E2E開催回）修了")).toBeVisible();
  await expectAccessible(page);
  await t.context.close();

  const completed = await e2eDb()
    .selectFrom("enrollments")
    .select(["user_id", "completed_at"])
    .where("cohort_id", "=", cohortId)
    .execute();
  expect(completed.find((r) => r.user_id === trainee.id)?.completed_at).toBeTruthy();
  expect(completed.find((r) => r.user_id === other.id)?.completed_at).toBeNull();
  expect(courseId).toBeGreaterThan(0);
});

test("staff import trainees from a Shift_JIS CSV; a file with bad rows is refused with a per-row report", async ({
  page,
  signInAs,
}) => {
  const { cohortId } = await courseWithCohort({ title: "CSV取込テスト研修", capacity: 1 });
  const a = await insertPerson("取込 一子");
  const b = await insertPerson("取込 二子");
  await signInAs("staff");
  await page.goto(`/staff/cohorts/${cohortId}/import`);
  await expectAccessible(page);

  const badCsv = `氏名,メールアドレス\r\n取込 一子,${a.email}\r\n誰か,nobody@example.test\r\n重複,${a.email}\r\n`;
  await page.getByLabel("CSVファイル").setInputFiles({
    name: "bad.csv",
    mimeType: "text/csv",
    buffer: Buffer.from(encodeShiftJis(badCsv)),
  });
  await page.getByRole("button", { name: "取り込む" }).click();
  const report = page.getByRole("alert");
  await expect(report).toContainText("取り込みませんでした。何も登録されていません。");
  await expect(report.getByRole("row", { name: /3行目/ })).toContainText(
    "このメールアドレスの利用者は登録されていません",
  );
  await expect(report.getByRole("row", { name: /4行目/ })).toContainText("同じメールアドレスが2行目にもあります。");
  await expectAccessible(page);
  expect(await e2eDb().selectFrom("enrollments").select("id").where("cohort_id", "=", cohortId).execute()).toEqual([]);

  const goodCsv = `氏名,メールアドレス,入金確認\r\n取込 一子,${a.email},済\r\n取込 二子,${b.email},\r\n`;
  await page.getByLabel("CSVファイル").setInputFiles({
    name: "good.csv",
    mimeType: "text/csv",
    buffer: Buffer.from(encodeShiftJis(goodCsv)),
  });
  await page.getByRole("button", { name: "取り込む" }).click();
  await expect(page.getByRole("status").filter({ hasText: "CSVから受講者を取り込みました。" })).toBeVisible();
  await expect(page.getByRole("link", { name: "取込 一子", exact: true })).toBeVisible();
  await expect(page.getByText("キャンセル待ち（1番目）")).toBeVisible();
  await expectAccessible(page);
  const rows = await e2eDb()
    .selectFrom("enrollments")
    .select(["user_id", "status"])
    .where("cohort_id", "=", cohortId)
    .orderBy("queue_seq")
    .execute();
  expect(rows).toEqual([
    { user_id: a.id, status: "enrolled" },
    { user_id: b.id, status: "waitlisted" },
  ]);
});
