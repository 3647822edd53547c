import fs from "node:fs";
import type { Download, Page } from "@playwright/test";
import { reportActivity } from "../app/features/renewal/activities.server";
import { userSearchText } from "../app/features/auth/users.server";
import { enroll } from "../app/features/enrollment/enrollment.server";
import { todayInTokyo } from "../app/lib/dates";
import { makeCohort, makeCourse } from "../app/testing/catalog";
import { makeUser } from "../app/testing/db";
import { activePlacement, insertEntry, referenceIds } from "../app/testing/logbook-progress";
import { E2E_PORT, screenshotDir } from "./support/env";
import {
  DEMO,
  e2eDb,
  expect,
  expectAccessible,
  randomIp,
  screenshot,
  sessionCookieFor,
  test,
} from "./support/fixtures";
import { uniqueHex } from "./support/unique";

// Issue 23: the trainer's approvals, the renewal review queue and the cohort rosters search by
// name (full-width or half-width), count what matches, select all on a page or all matching,
// and export exactly what matches, through one list component (decision 0041).

const SHOTS = screenshotDir("list-search-select");
const baseURL = `http://localhost:${E2E_PORT}`;

/** Full-width twin of ASCII letters and digits ("a1" → "ａ１"). */
const fullWidth = (s: string) => s.replace(/[!-~]/g, (c) => String.fromCharCode(c.charCodeAt(0) + 0xfee0));

/** Gives a user a name (and the search text that goes with it). */
async function rename(userId: string, name: string) {
  const db = e2eDb();
  const u = await db.selectFrom("users").selectAll().where("id", "=", userId).executeTakeFirstOrThrow();
  await db
    .updateTable("users")
    .set({
      name,
      search_text: userSearchText({
        name,
        nameKana: u.name_kana,
        email: u.email,
        organization: u.organization,
        itcNumber: u.itc_number,
      }),
    })
    .where("id", "=", userId)
    .execute();
}

async function shoot(page: Page, name: string) {
  fs.mkdirSync(SHOTS, { recursive: true });
  for (const width of [375, 1280]) {
    await page.setViewportSize({ width, height: 900 });
    await screenshot(page, `${SHOTS}/${name}-${width}.png`);
  }
  await page.setViewportSize({ width: 1280, height: 900 });
}

async function downloadedText(download: Promise<Download>): Promise<{ name: string; text: string }> {
  const d = await download;
  const file = await d.path();
  return { name: d.suggestedFilename(), text: fs.readFileSync(file!, "utf8") };
}

async function postAs(email: string, path: string, form: Record<string, string>) {
  const cookie = await sessionCookieFor(email);
  const { request } = await import("@playwright/test");
  const api = await request.newContext({
    baseURL,
    extraHTTPHeaders: { "X-Forwarded-For": randomIp(), Origin: baseURL, Cookie: `${cookie.name}=${cookie.value}` },
  });
  const response = await api.post(path, { form, maxRedirects: 0 });
  const status = response.status();
  await api.dispose();
  return status;
}

const statuses = async (ids: number[]) =>
  (await e2eDb().selectFrom("ojt_log_entries").select("status").where("id", "in", ids).execute()).map((r) => r.status);

test("approvals: search narrows, select all on the page, approve all matching, export what matches", async ({
  page,
  signInAs,
}) => {
  const db = e2eDb();
  const sfx = uniqueHex();
  const a = await activePlacement(db);
  const b = await activePlacement(db);
  // Both trainees under one trainer: ｹﾝｻｸ (half-width, 23 entries, two pages) and 検索 次郎 (2 entries).
  await db.updateTable("ojt_placements").set({ trainer_id: a.trainer.id }).where("id", "=", b.id).execute();
  await rename(a.trainee.id, `ｹﾝｻｸ ﾊﾅｺ${sfx}`);
  await rename(b.trainee.id, `検索 次郎${sfx}`);
  const kind = (await referenceIds(db)).kind.consultation!;
  const hanako: number[] = [];
  for (let i = 0; i < 23; i++) hanako.push(await insertEntry(db, a, { minutes: 30 + i, taskKindId: kind }));
  const jiro = [
    await insertEntry(db, b, { minutes: 61, taskKindId: kind }),
    await insertEntry(db, b, { minutes: 62, taskKindId: kind }),
  ];

  await signInAs(a.trainer.email);
  // Typed in full-width katakana and letters: finds the half-width name.
  await page.goto("/trainer/approvals");
  await page
    .getByRole("searchbox", { name: "トレーニー名・自治体名で検索" })
    .fill(`ケンサク\u3000ハナコ${fullWidth(sfx)}`);
  await page.getByRole("button", { name: "検索", exact: true }).click();
  await expect(page.getByTestId("record-count")).toContainText("一致：23件");
  const boxes = page.locator('input[name="entryIds"]');
  await expect(boxes).toHaveCount(20);
  await expect(page.locator(`#entry-${jiro[0]}`)).toHaveCount(0);

  // Select all on this page ticks every row of the page.
  await page.getByTestId("select-page").check();
  for (const box of await boxes.all()) await expect(box).toBeChecked();
  await page.getByTestId("select-page").uncheck();
  await expect(boxes.first()).not.toBeChecked();
  await expectAccessible(page);
  await shoot(page, "approvals-search");

  // Export of what matches: the 23 entries of ｹﾝｻｸ, none of 次郎's.
  const download = page.waitForEvent("download");
  await page.getByRole("link", { name: "一致した分をCSVで出力" }).click();
  const csv = await downloadedText(download);
  expect(csv.name).toBe("承認待ちの記録.csv");
  const lines = csv.text.split("\r\n").filter((l) => l !== "");
  expect(lines).toHaveLength(1 + 23);
  expect(csv.text).not.toContain("次郎");
  const xlsx = page.waitForEvent("download");
  await page.getByRole("link", { name: "一致した分をExcel（.xlsx）で出力" }).click();
  expect((await xlsx).suggestedFilename()).toBe("承認待ちの記録.xlsx");

  // All 23 matching, over both pages: approved; 次郎's two stay waiting.
  await page.getByTestId("select-matching").check();
  await page.getByRole("button", { name: "選択したものを承認" }).click();
  await expect(page).toHaveURL(/notice=approved/);
  await expect(page.getByTestId("record-count")).toContainText("一致：0件");
  expect(await statuses(hanako)).toEqual(Array(23).fill("approved"));
  expect(await statuses(jiro)).toEqual(["submitted", "submitted"]);
  await expectAccessible(page);
  await shoot(page, "approvals-empty-search");

  // A forged "all matching": wrong roles are refused (403), a count that is not the server's
  // (409) and another trainer (nothing of his matches: 409) change nothing.
  const jiroSearch = { scope: "matching", q: `検索 次郎${sfx}`, expected: "2" };
  expect(await postAs(a.trainee.email, "/trainer/approvals", jiroSearch)).toBe(403);
  expect(await postAs(DEMO.staff, "/trainer/approvals", jiroSearch)).toBe(403);
  expect(await postAs(DEMO.trainer, "/trainer/approvals", jiroSearch)).toBe(409);
  expect(await postAs(a.trainer.email, "/trainer/approvals", { ...jiroSearch, expected: "3" })).toBe(409);
  expect(await statuses(jiro)).toEqual(["submitted", "submitted"]);
  expect(await postAs(a.trainer.email, "/trainer/approvals", jiroSearch)).toBe(302);
  expect(await statuses(jiro)).toEqual(["approved", "approved"]);
});

test("renewal queue: search by ITC, full-width or half-width, and export what matches", async ({ page, signInAs }) => {
  const db = e2eDb();
  const sfx = uniqueHex();
  const kindId = (
    await db
      .selectFrom("renewal_activity_kinds")
      .select("id")
      .where("name", "=", "他団体のセミナー・研修の受講")
      .executeTakeFirstOrThrow()
  ).id;
  const hoshi = await makeUser(db, ["trainee"], { name: `ﾎｼﾉ ｹﾝ${sfx}` });
  const other = await makeUser(db, ["trainee"], { name: `大野 真${sfx}` });
  const report = (userId: string, title: string) =>
    reportActivity(
      db,
      {
        kindId,
        title,
        organizer: "ＩＴ推進協議会",
        activityDate: todayInTokyo(),
        hours: 2,
        evidenceUrl: "https://example.org/certificate.pdf",
      },
      userId,
    );
  await report(hoshi.id, `星野セミナーA${sfx}`);
  await report(hoshi.id, `星野セミナーB${sfx}`);
  await report(other.id, `大野セミナー${sfx}`);

  await signInAs("staff");
  await page.goto("/staff/renewal");
  await page.getByRole("searchbox", { name: "ITCの氏名・ITC番号で検索" }).fill(`ホシノ ケン${fullWidth(sfx)}`);
  await page.getByRole("button", { name: "検索", exact: true }).click();
  await expect(page.getByTestId("record-count")).toContainText("一致：2件");
  await expect(page.getByTestId("queue-item")).toHaveCount(2);
  await expect(page.getByTestId("renewal-queue")).not.toContainText("大野");
  const download = page.waitForEvent("download");
  await page.getByRole("link", { name: "一致した分をCSVで出力" }).click();
  const csv = await downloadedText(download);
  expect(csv.name).toBe("資格更新_確認待ちの活動.csv");
  expect(csv.text.split("\r\n").filter((l) => l !== "")).toHaveLength(3);
  expect(csv.text).toContain(`星野セミナーA${sfx}`);
  expect(csv.text).not.toContain("大野");
  await expectAccessible(page);
  await shoot(page, "renewal-search");
  // An odd, very long search is cut, never an error.
  const odd = await page.goto(`/staff/renewal?q=${encodeURIComponent("%_\\\u0000" + "あ".repeat(300))}`);
  expect(odd?.status()).toBe(200);
  await expect(page.getByTestId("record-count")).toContainText("一致：0件");
  await expectAccessible(page);
  await shoot(page, "renewal-no-match");
});

test("roster: search narrows the page and the export follows the search", async ({ page, signInAs }) => {
  const db = e2eDb();
  const sfx = uniqueHex();
  const staff = await makeUser(db, ["staff"]);
  const course = await makeCourse(db, staff.id);
  const cohort = await makeCohort(db, staff.id, course.id, { capacity: 10 });
  for (const name of [`ｻｸﾗ ｲﾁﾛｳ${sfx}`, `桜井 二郎${sfx}`, `松本 三郎${sfx}`])
    await enroll(db, { cohortId: cohort.id, userId: (await makeUser(db, ["trainee"], { name })).id });
  await signInAs("staff");
  await page.goto(`/staff/cohorts/${cohort.id}`);
  await expect(page.getByTestId("record-count")).toContainText("全3件");
  await page.getByRole("searchbox", { name: "氏名・ふりがなで検索" }).fill(`イチロウ${fullWidth(sfx)}`);
  await page.getByRole("button", { name: "検索", exact: true }).click();
  await expect(page.getByTestId("record-count")).toContainText("一致：1件");
  await expect(page.locator("tbody tr")).toHaveCount(1);
  await expect(page.locator("tbody")).toContainText(`ｻｸﾗ ｲﾁﾛｳ${sfx}`);
  const download = page.waitForEvent("download");
  await page.getByRole("link", { name: "名簿をCSVで出力" }).click();
  const csv = await downloadedText(download);
  expect(csv.text.split("\r\n").filter((l) => l !== "")).toHaveLength(2);
  expect(csv.text).toContain(`ｻｸﾗ ｲﾁﾛｳ${sfx}`);
  expect(csv.text).not.toContain("松本");
  await expectAccessible(page);
  await shoot(page, "roster-search");
});

test("trainer's roster: searches by name, never by the e-mail it does not show", async ({ page, signInAs }) => {
  const db = e2eDb();
  const sfx = uniqueHex();
  const staff = await makeUser(db, ["staff"]);
  const trainer = await makeUser(db, ["trainer"]);
  const course = await makeCourse(db, staff.id);
  const cohort = await makeCohort(db, staff.id, course.id, { capacity: 10 });
  await db
    .insertInto("cohort_instructors")
    .values({ cohort_id: cohort.id, user_id: trainer.id, role: "lecturer" })
    .execute();
  const shown = await makeUser(db, ["trainee"], { name: `ﾓﾘ ﾊﾙｶ${sfx}` });
  // Its reading, as registration stores it (hiragana): the instructor's search folds カタカナ to it.
  await db
    .updateTable("users")
    .set({ name_kana: `もり はるか${sfx}` })
    .where("id", "=", shown.id)
    .execute();
  await enroll(db, { cohortId: cohort.id, userId: shown.id });
  await enroll(db, { cohortId: cohort.id, userId: (await makeUser(db, ["trainee"], { name: `林 蓮${sfx}` })).id });
  await signInAs(trainer.email);
  await page.goto(`/trainer/cohorts/${cohort.id}?q=${encodeURIComponent(`モリ ハルカ${fullWidth(sfx)}`)}`);
  await expect(page.getByTestId("record-count")).toContainText("一致：1件");
  await expect(page.locator("tbody")).toContainText(`ﾓﾘ ﾊﾙｶ${sfx}`);
  await expect(page.locator("tbody")).not.toContainText("林");
  await expectAccessible(page);
  await shoot(page, "trainer-roster-search");
  await page.goto(`/trainer/cohorts/${cohort.id}?q=${encodeURIComponent(shown.email)}`);
  await expect(page.getByTestId("record-count")).toContainText("一致：0件");
  await expect(page.getByText("検索に一致する受講者はいません")).toBeVisible();
  await expectAccessible(page);
  await shoot(page, "trainer-roster-no-match");
});
