import { addDays, fiscalYearOf, todayInTokyo } from "../app/lib/dates";
import { japaneseHolidayName } from "../app/lib/holidays";
import { uniq } from "./catalog-helpers";
import { E2E_PORT } from "./support/env";
import { e2eDb, expect, expectAccessible, test } from "./support/fixtures";

const baseURL = `http://localhost:${E2E_PORT}`;
const text = async (r: { text(): Promise<string> }) => (await r.text()).replace(/<!-- -->/g, "");

test("staff create a course: bad input is refused in Japanese and writes nothing; points default from the hours", async ({
  page,
  signInAs,
}) => {
  await signInAs("staff");
  const code = uniq("case-");
  // The server refuses a bad submission by itself (400, messages beside the fields).
  const bad = await page.request.post("/staff/courses/new", {
    form: { code: "ケース", title: "", kind: "case_training", format: "classroom", totalHours: "0.3", feeYen: "-5" },
    headers: { Origin: baseURL },
    maxRedirects: 0,
  });
  expect(bad.status()).toBe(400);
  const body = await text(bad);
  for (const message of [
    "講座コードは英数字とハイフンで入力してください",
    "講座名を入力してください。",
    "総時間数は0.5以上にしてください。",
    "受講料は0以上にしてください。",
  ]) {
    expect(body).toContain(message);
  }

  await page.goto("/staff/courses");
  await expectAccessible(page);
  await page.getByRole("link", { name: "講座を作成" }).click();
  await page.getByRole("button", { name: "講座を作成する" }).click();
  await expect(page.getByText("講座コードを入力してください。")).toBeVisible();
  await expect(page.getByText("講座名を入力してください。")).toBeVisible();
  await expectAccessible(page);

  await page.getByLabel("講座コード").fill(code);
  await page.getByLabel("講座名").fill("ITC認定用ケース研修（E2E）");
  await page.getByLabel("研修の種類").selectOption("case_training");
  await page.getByLabel("実施形式").selectOption("classroom");
  await page.getByLabel("総時間数（時間）").fill("36");
  await page.getByLabel("受講料（円）").fill("198000");
  await page.getByLabel("説明（Markdown）").fill("# 概要\n<script>alert(1)</script>\n- 6日間の演習");
  await page.getByLabel("公開する（研修一覧に表示し、申込を受け付ける）").check();
  await page.getByRole("button", { name: "講座を作成する" }).click();
  await expect(page.getByRole("status").filter({ hasText: "講座を作成しました。" })).toBeVisible();
  await expect(page.getByText(`${code.toUpperCase()}・36時間・18ポイント・198,000円`)).toBeVisible();
  await expectAccessible(page);

  // The public page renders the Markdown without running the HTML.
  await page.getByRole("link", { name: "公開ページ" }).click();
  await expect(page.getByRole("region", { name: "研修の内容" }).getByRole("heading", { name: "概要" })).toBeVisible();
  await expect(page.getByText("<script>alert(1)</script>")).toBeVisible();
  await expectAccessible(page);

  const written = await e2eDb().selectFrom("courses").select("code").where("code", "like", "ケース%").execute();
  expect(written).toEqual([]);
});

test("staff create a six-day cohort spread over weeks, warned about a public holiday", async ({ page, signInAs }) => {
  await signInAs("staff");
  const course = await e2eDb()
    .selectFrom("courses")
    .select(["id"])
    .where("code", "=", "CASE-ITC")
    .executeTakeFirstOrThrow();
  // A first day two weeks before a public holiday, so the third weekly session falls on it, and
  // none of the six weekly days already taken by the two instructors (the seed and other specs give
  // them cohorts too; the clash check would rightly refuse one).
  const taken = new Set(
    (
      await e2eDb()
        .selectFrom("cohort_sessions as s")
        .innerJoin("cohort_instructors as i", "i.cohort_id", "s.cohort_id")
        .innerJoin("users as u", "u.id", "i.user_id")
        .select("s.date")
        .where("u.name", "in", ["佐藤 健一", "渡辺 大輔"])
        .execute()
    ).map((r) => r.date),
  );
  const weeklyDays = (first: string) => Array.from({ length: 6 }, (_, k) => addDays(first, 7 * k));
  let holiday = addDays(todayInTokyo(), 40);
  while (!japaneseHolidayName(holiday) || weeklyDays(addDays(holiday, -14)).some((d) => taken.has(d))) {
    holiday = addDays(holiday, 1);
  }
  const firstDay = addDays(holiday, -14);
  const today = todayInTokyo();
  const cohortsBefore = await e2eDb().selectFrom("cohorts").select("id").where("course_id", "=", course.id).execute();

  // Bad input at the server: 400 with the messages, nothing written.
  const bad = await page.request.post("/staff/cohorts/new", {
    form: {
      courseId: String(course.id),
      name: "",
      area: "17",
      capacity: "0",
      enrollmentOpensOn: today,
      enrollmentClosesOn: addDays(today, -1),
      cancellationDeadline: today,
      sessionsText: `${firstDay} 17:00-10:00`,
    },
    headers: { Origin: baseURL },
    maxRedirects: 0,
  });
  expect(bad.status()).toBe(400);
  const body = await text(bad);
  for (const message of [
    "開催回の名称を入力してください。",
    "定員は1以上にしてください。",
    "1行目：終了時刻は開始時刻より後にしてください。",
  ]) {
    expect(body).toContain(message);
  }
  const cohortsAfterBad = await e2eDb().selectFrom("cohorts").select("id").where("course_id", "=", course.id).execute();
  expect(cohortsAfterBad).toHaveLength(cohortsBefore.length);

  await page.goto(`/staff/courses/${course.id}`);
  await page.getByRole("link", { name: "開催回を追加" }).click();
  await expectAccessible(page);
  const name = `E2E ${uniq("第")}回（金沢）`;
  await page.getByLabel("開催回の名称").fill(name);
  await page.getByLabel("開催地").selectOption("17");
  await page.getByLabel("定員（人）").fill("20");
  await page.getByLabel("会場", { exact: true }).fill("金沢市 研修センター");
  await page.getByLabel("申込開始日").fill(today);
  await page.getByLabel("申込締切日").fill(addDays(firstDay, -7));
  await page.getByLabel("キャンセル期限").fill(addDays(firstDay, -7));
  await page.getByLabel("講師", { exact: true }).selectOption({ label: "佐藤 健一（山形ITコンサルティング株式会社）" });
  await page.getByRole("checkbox", { name: "渡辺 大輔" }).check();

  await page.getByText("日程をまとめて作成（複数日の研修）").click();
  await page.getByLabel("初日").fill(firstDay);
  await page.getByLabel("日数").fill("6");
  await page.getByLabel("間隔").selectOption("7");
  await page.getByLabel("開始時刻").fill("09:30");
  await page.getByLabel("終了時刻").fill("17:30");
  await page.getByLabel("テーマ（各日に「n日目」を付けます）").fill("ケース演習");
  await page.getByRole("button", { name: "日程を書き込む" }).click();
  await expect(page.getByLabel("日程（1行に1日）")).toHaveValue(
    new RegExp(`^${firstDay} 09:30-17:30 ケース演習1日目\\n`),
  );
  await expect(page.getByText("祝日・年末年始に重なる日程があります（このまま保存もできます）")).toBeVisible();
  await expectAccessible(page);
  await page.getByRole("button", { name: "開催回を作成する" }).click();

  await expect(page.getByRole("status").filter({ hasText: "開催回を作成しました。" })).toBeVisible();
  await expect(page.getByRole("heading", { level: 1, name })).toBeVisible();
  await expect(page.getByRole("note")).toContainText(`${holiday}`);
  await expect(page.getByText("講師：佐藤 健一／サブ講師：渡辺 大輔")).toBeVisible();
  await expectAccessible(page);

  const cohort = await e2eDb()
    .selectFrom("cohorts")
    .select(["id", "fiscal_year", "session_count", "first_session_date", "last_session_date"])
    .where("name", "=", name)
    .executeTakeFirstOrThrow();
  expect(cohort).toMatchObject({
    fiscal_year: fiscalYearOf(firstDay),
    session_count: 6,
    first_session_date: firstDay,
    last_session_date: addDays(firstDay, 35),
  });
  const audit = await e2eDb()
    .selectFrom("audit_log")
    .select("action")
    .where("entity_type", "=", "cohort")
    .where("entity_id", "=", String(cohort.id))
    .execute();
  expect(audit.map((a) => a.action)).toEqual(["cohort.create"]);
});
