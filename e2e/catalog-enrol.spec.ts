import { request as playwrightRequest } from "@playwright/test";
import { courseWithCohort, insertEnrollment, insertPerson, sessionFor } from "./catalog-helpers";
import { E2E_PORT } from "./support/env";
import { e2eDb, expect, expectAccessible, randomIp, test } from "./support/fixtures";

const baseURL = `http://localhost:${E2E_PORT}`;

test("a trainee finds a course by full-width search, enrols, gets the calendar; a waitlisted trainee is promoted after a cancellation", async ({
  browser,
}) => {
  // Three people, each through the confirmation page: longer than the default 30 s.
  test.setTimeout(90_000);
  const { courseId, cohortId } = await courseWithCohort({ title: "自治体DX推進ワークショップ演習", capacity: 1 });
  const first = await insertPerson("先着 一郎");
  const second = await insertPerson("待機 花子");

  // 1. The first trainee: search with full-width letters, enrol, see it in My training.
  const a = await browser.newContext({
    extraHTTPHeaders: { "X-Forwarded-For": randomIp(), Cookie: await sessionFor(first.id) },
  });
  const pa = await a.newPage();
  await pa.goto("/courses?q=%EF%BD%84%EF%BD%98%E6%8E%A8%E9%80%B2%E3%83%AF%E3%83%BC%E3%82%AF"); // ｄｘ推進ワーク
  await expect(pa.getByRole("link", { name: "自治体DX推進ワークショップ演習" })).toBeVisible();
  await expectAccessible(pa);
  await pa.getByRole("link", { name: "自治体DX推進ワークショップ演習" }).click();
  await expect(pa.getByTestId(`seats-${cohortId}`)).toHaveText("残り1席（定員1人）");
  await expectAccessible(pa);
  await pa.getByRole("link", { name: "この回に申し込む" }).click();
  await pa.getByRole("button", { name: "申込を確定する" }).click();
  await expect(pa.getByRole("status").filter({ hasText: "受講が確定しました" })).toBeVisible();
  await expect(pa.getByTestId(`seats-${cohortId}`)).toHaveText("満席（キャンセル待ち0人）");
  await pa.goto("/my/training");
  await expect(pa.getByRole("heading", { name: "自治体DX推進ワークショップ演習" })).toBeVisible();
  await expect(pa.getByText("受講確定", { exact: true })).toBeVisible();
  await expectAccessible(pa);
  const ics = await pa.request.get(`/my/cohorts/${cohortId}/calendar.ics`);
  expect(ics.status()).toBe(200);
  expect(ics.headers()["content-type"]).toContain("text/calendar");
  const icsText = await ics.text();
  expect(icsText).toContain("BEGIN:VCALENDAR");
  expect(icsText).toContain("DTSTART;TZID=Asia/Tokyo:");

  // Enrolling twice is refused, and nothing is written.
  const twice = await pa.request.post(`/courses/${courseId}`, {
    form: { intent: "enrol", cohortId: String(cohortId), confirmed: "yes" },
    headers: { Origin: baseURL },
    maxRedirects: 0,
  });
  expect(twice.status()).toBe(409);
  expect((await twice.text()).replace(/<!-- -->/g, "")).toContain("この開催回には既にお申し込み済みです。");

  // 2. The second trainee joins the waitlist and sees the position.
  const b = await browser.newContext({
    extraHTTPHeaders: { "X-Forwarded-For": randomIp(), Cookie: await sessionFor(second.id) },
  });
  const pb = await b.newPage();
  await pb.goto(`/courses/${courseId}`);
  await pb.getByRole("link", { name: "キャンセル待ちに登録する" }).click();
  await pb.getByRole("button", { name: "キャンセル待ちに登録する" }).click();
  await expect(pb.getByRole("status").filter({ hasText: "キャンセル待ちに登録しました" })).toBeVisible();
  await expect(pb.getByText("キャンセル待ち（1番目）")).toBeVisible();
  await expectAccessible(pb);

  // 3. The first trainee cancels before the deadline; the waitlist moves up at once.
  await pa.goto(`/courses/${courseId}`);
  await pa.getByRole("button", { name: "申込を取り消す" }).click();
  await expect(pa.getByRole("status").filter({ hasText: "申込を取り消しました" })).toBeVisible();

  await pb.goto("/my/training");
  await expect(pb.getByText("受講確定", { exact: true })).toBeVisible();
  await pb.goto("/notifications");
  await expect(pb.getByText(/キャンセル待ちから繰り上がりました/).first()).toBeVisible();

  const rows = await e2eDb()
    .selectFrom("enrollments")
    .select(["id", "user_id", "status", "cancel_reason"])
    .where("cohort_id", "=", cohortId)
    .orderBy("queue_seq")
    .execute();
  expect(rows.map((r) => [r.user_id, r.status, r.cancel_reason])).toEqual([
    [first.id, "cancelled", "self"],
    [second.id, "enrolled", null],
  ]);
  const promotion = await e2eDb()
    .selectFrom("audit_log")
    .select(["action", "actor_id"])
    .where("entity_type", "=", "enrollment")
    .where("entity_id", "=", String(rows[1]!.id))
    .orderBy("id")
    .execute();
  expect(promotion).toEqual([
    { action: "enrollment.waitlist", actor_id: second.id },
    { action: "enrollment.promote", actor_id: first.id },
  ]);
  await a.close();
  await b.close();
});

test("a course with a prerequisite says which course is missing, and writes nothing", async ({ page, context }) => {
  const basic = await courseWithCohort({ title: "前提となる基礎講座E2E" });
  const { courseId, cohortId } = await courseWithCohort({
    title: "応用フォローアップE2E",
    prerequisiteIds: [basic.courseId],
  });
  const trainee = await insertPerson("前提 未修了");
  await context.setExtraHTTPHeaders({ "X-Forwarded-For": randomIp(), Cookie: await sessionFor(trainee.id) });
  await page.goto(`/courses/${courseId}`);
  await expect(page.getByText("この研修に申し込むには「前提となる基礎講座E2E」の修了が必要です。")).toBeVisible();
  await expect(page.getByText("前提となる基礎講座E2E（未修了）")).toBeVisible();
  await expectAccessible(page);
  await page.getByRole("link", { name: "この回に申し込む" }).click();
  await page.getByRole("button", { name: "申込を確定する" }).click();
  await expect(page.getByRole("alert").first()).toContainText("「前提となる基礎講座E2E」の修了が必要です");
  await expectAccessible(page);
  const rows = await e2eDb().selectFrom("enrollments").select("id").where("cohort_id", "=", cohortId).execute();
  expect(rows).toEqual([]);
});

test("a cohort whose sessions overlap a place the trainee holds is refused, naming the other one", async ({
  page,
  context,
}) => {
  // Both cohorts of courseWithCohort meet on the same day, 10:00–17:00.
  const held = await courseWithCohort({ title: "先に申し込んだ講座E2E" });
  const { courseId, cohortId } = await courseWithCohort({ title: "重なる講座E2E" });
  const trainee = await insertPerson("重複 申込");
  await insertEnrollment(held.cohortId, trainee.id);
  await context.setExtraHTTPHeaders({ "X-Forwarded-For": randomIp(), Cookie: await sessionFor(trainee.id) });
  await page.goto(`/courses/${courseId}`);
  await page.getByRole("link", { name: "この回に申し込む" }).click();
  await page.getByRole("button", { name: "申込を確定する" }).click();
  await expect(page.getByRole("alert").first()).toContainText("「先に申し込んだ講座E2E E2E開催回」の");
  await expect(page.getByRole("alert").first()).toContainText("日程が重なっているため、申し込めません");
  await expectAccessible(page);
  const rows = await e2eDb().selectFrom("enrollments").select("id").where("cohort_id", "=", cohortId).execute();
  expect(rows).toEqual([]);
});

test("a trainee never sees another trainee's roster data", async () => {
  const { cohortId } = await courseWithCohort({ title: "名簿保護E2E" });
  const trainee = await insertPerson("詮索 好子");
  const api = await playwrightRequest.newContext({
    baseURL,
    extraHTTPHeaders: { Cookie: await sessionFor(trainee.id), "X-Forwarded-For": randomIp() },
  });
  for (const path of [
    `/staff/cohorts/${cohortId}`,
    `/staff/cohorts/${cohortId}/roster.csv`,
    `/trainer/cohorts/${cohortId}`,
    `/staff/cohorts/${cohortId}/sign-in-sheet`,
  ]) {
    const r = await api.get(path, { maxRedirects: 0 });
    expect(r.status(), path).toBe(403);
    expect(await r.text()).not.toContain("@example.test");
  }
  await api.dispose();
});
