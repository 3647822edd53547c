import { courseWithCohort, insertEnrollment, insertPerson, uniq } from "./catalog-helpers";
import { e2eDb, expect, expectAccessible, sessionCookieFor, test } from "./support/fixtures";
import { todayInTokyo } from "../app/lib/dates";

// QR self check-in (issue 16): the screen in the room shows a code that changes; a trainee's
// phone scans it (the test reads the address from the screen), signs in if needed, and records
// the mark. An invented code, another session's code and a session whose window has not opened
// are refused in Japanese.

function tokyoClock(now = new Date()) {
  const hhmm = new Intl.DateTimeFormat("en-GB", {
    timeZone: "Asia/Tokyo",
    hour: "2-digit",
    minute: "2-digit",
    hourCycle: "h23",
  }).format(now);
  return hhmm;
}

async function cohortWithSessionNow() {
  const trainee = await insertPerson(uniq("受付 太郎"));
  const { cohortId } = await courseWithCohort({ title: uniq("受付テスト講座") });
  const later = await e2eDb()
    .selectFrom("cohort_sessions")
    .select("id")
    .where("cohort_id", "=", cohortId)
    .executeTakeFirstOrThrow();
  // A session running now in Tokyo (the window opens 30 minutes before the start); late only
  // after four hours, so the test says 出席 whatever the minute it runs at. The day and the time
  // come from one instant, and the window stays open three hours after the end, so a run that
  // starts at 23:59 and scans after midnight still finds it open.
  const instant = new Date();
  const clock = tokyoClock(instant);
  const start = clock > "22:58" ? "22:58" : clock;
  const end = start > "22:00" ? "23:59" : `${String(Number(start.slice(0, 2)) + 1).padStart(2, "0")}:${start.slice(3)}`;
  const { courseId } = await e2eDb()
    .selectFrom("cohorts")
    .select("course_id as courseId")
    .where("id", "=", cohortId)
    .executeTakeFirstOrThrow();
  await e2eDb()
    .insertInto("course_check_in_rules")
    .values({
      course_id: courseId,
      opens_minutes_before: 30,
      closes_minutes_after_end: 180,
      late_after_minutes: 240,
      updated_by: null,
      updated_at: new Date().toISOString(),
    })
    .execute();
  const today = todayInTokyo(instant);
  const now = await e2eDb()
    .insertInto("cohort_sessions")
    .values({ cohort_id: cohortId, date: today, start_time: start, end_time: end, topic: "受付の日" })
    .returning("id")
    .executeTakeFirstOrThrow();
  await insertEnrollment(cohortId, trainee.id);
  return { trainee, cohortId, sessionId: now.id, laterSessionId: later.id };
}

test("a trainee scans the code on the room's screen, signs in, and is marked present once", async ({
  browser,
  page,
}) => {
  test.setTimeout(90_000);
  const { trainee, cohortId, sessionId, laterSessionId } = await cohortWithSessionNow();
  const staff = await browser.newContext({ locale: "ja-JP", timezoneId: "Asia/Tokyo" });
  await staff.addCookies([await sessionCookieFor("staff@example.com")]);
  const screen = await staff.newPage();
  await screen.goto(`/staff/cohorts/${cohortId}/attendance/${sessionId}`);
  await screen.getByRole("link", { name: "QRコードで受付" }).click();
  await expect(screen.getByRole("img", { name: "出席受付のQRコード" })).toBeVisible();
  await expectAccessible(screen);
  // The phone scans at once (a code lives 15–30 seconds): not signed in yet, so it signs in
  // first and comes back with its pass.
  const scanned = new URL((await screen.getByTestId("check-in-url").textContent()) ?? "");
  await page.goto(scanned.pathname + scanned.search);
  await expect(page).toHaveURL(/\/login\?redirectTo=/);
  const back = new URL(page.url()).searchParams.get("redirectTo") ?? "";

  // A fresh code under another session's path, and an invented code, are refused.
  await screen.reload();
  const fresh = new URL((await screen.getByTestId("check-in-url").textContent()) ?? "");
  await page.goto(`/check-in/${laterSessionId}${fresh.search}`);
  await expect(page.getByText("有効期限が切れているか、この日程のものではありません")).toBeVisible();
  await page.goto(`/check-in/${sessionId}?c=${"A".repeat(24)}`);
  await expect(page.getByText("有効期限が切れているか、この日程のものではありません")).toBeVisible();
  await expectAccessible(page);

  // Issue 21: the address the phone came back to, forwarded to another enrolled trainee who is
  // signed in on another phone, checks nobody in.
  const friend = await insertPerson(uniq("受付 友人"));
  await insertEnrollment(cohortId, friend.id);
  const other = await browser.newContext({ locale: "ja-JP", timezoneId: "Asia/Tokyo" });
  await other.addCookies([await sessionCookieFor(friend.email)]);
  const otherPhone = await other.newPage();
  await otherPhone.goto(back);
  await expect(otherPhone.getByText("ご本人の受付でないものは使えません")).toBeVisible();
  await expect(otherPhone.getByRole("button", { name: "出席を記録する" })).toHaveCount(0);
  await other.close();

  await page.context().addCookies([await sessionCookieFor(trainee.email)]);
  await page.goto(back);
  await expect(page.getByRole("heading", { name: "出席の受付" })).toBeVisible();
  await expectAccessible(page);
  await page.getByRole("button", { name: "出席を記録する" }).click();
  await expect(page.getByTestId("check-in-result")).toContainText("出席として受け付けました");

  const marks = await e2eDb()
    .selectFrom("attendance as a")
    .innerJoin("enrollments as e", "e.id", "a.enrollment_id")
    .select(["a.status", "a.marked_by"])
    .where("a.session_id", "=", sessionId)
    .where("e.user_id", "=", trainee.id)
    .execute();
  expect(marks).toEqual([{ status: "present", marked_by: trainee.id }]);

  // The screen counts the check-in; staff can still correct the mark by hand.
  await screen.reload();
  await expect(screen.getByTestId("checked-in-count")).toHaveText("1");
  await staff.close();
});

test("the online session's link before its window opens is refused in Japanese", async ({ page, signInAs }) => {
  const { cohortId, sessionId, laterSessionId } = await cohortWithSessionNow();
  await signInAs("staff");
  // A classroom session's screen prints no online link (issue 21).
  await page.goto(`/staff/cohorts/${cohortId}/check-in/${sessionId}`);
  await expect(page.getByRole("img", { name: "出席受付のQRコード" })).toBeVisible();
  await expect(page.getByTestId("online-link")).toHaveCount(0);
  const { courseId } = await e2eDb()
    .selectFrom("cohorts")
    .select("course_id as courseId")
    .where("id", "=", cohortId)
    .executeTakeFirstOrThrow();
  await e2eDb().updateTable("courses").set({ format: "live_online" }).where("id", "=", courseId).execute();
  await page.goto(`/staff/cohorts/${cohortId}/check-in/${laterSessionId}`);
  await expect(page.getByText(/受付は.+に始まります/)).toBeVisible();
  await expect(page.getByRole("img", { name: "出席受付のQRコード" })).toHaveCount(0);
  const link = new URL((await page.getByTestId("online-link").textContent()) ?? "");
  await page.goto(link.pathname + link.search);
  await expect(page.getByText("受付はまだ始まっていません")).toBeVisible();
});

test("staff set the course's window and late threshold; a value in words is refused", async ({ page, signInAs }) => {
  const { cohortId, sessionId } = await cohortWithSessionNow();
  await signInAs("staff");
  await page.goto(`/staff/cohorts/${cohortId}/check-in/${sessionId}`);
  await page.getByLabel("遅刻とする時間（開始の何分後）").fill("十分");
  await page.getByRole("button", { name: "保存する" }).click();
  await expect(page.getByText("遅刻とする時間（開始後）は数字で入力してください。")).toBeVisible();
  await page.getByLabel("遅刻とする時間（開始の何分後）").fill("5");
  await page.getByRole("button", { name: "保存する" }).click();
  await expect(page.getByText("この講座の受付時間と遅刻の扱いを保存しました。")).toBeVisible();
  await expect(page.getByText("開始から5分を過ぎた受付は遅刻になります。")).toBeVisible();
});

test("screenshots of the check-in pages at 375 and 1280 px", async ({ browser }) => {
  const { trainee, cohortId, sessionId } = await cohortWithSessionNow();
  for (const width of [375, 1280]) {
    const context = await browser.newContext({
      viewport: { width, height: 900 },
      locale: "ja-JP",
      timezoneId: "Asia/Tokyo",
    });
    await context.addCookies([await sessionCookieFor("staff@example.com")]);
    const screen = await context.newPage();
    await screen.goto(`/staff/cohorts/${cohortId}/check-in/${sessionId}`);
    await expect(screen.getByRole("img", { name: "出席受付のQRコード" })).toBeVisible();
    await screen.screenshot({ path: `test-results/shots/check-in-screen-${width}.png`, fullPage: true });
    const url = new URL((await screen.getByTestId("check-in-url").textContent()) ?? "");
    await context.clearCookies();
    await context.addCookies([await sessionCookieFor(trainee.email)]);
    await screen.goto(url.pathname + url.search);
    await expect(screen.getByRole("button", { name: "出席を記録する" })).toBeVisible();
    await screen.screenshot({ path: `test-results/shots/check-in-phone-${width}.png`, fullPage: true });
    await context.close();
  }
});
