import type { APIRequestContext } from "@playwright/test";
import { makeCohort, makeCourse } from "../app/testing/catalog";
import { enroll } from "../app/features/enrollment/enrollment.server";
import { makeUser } from "../app/testing/db";
import { E2E_PORT, screenshotDir } from "./support/env";
import { DEMO, e2eDb, expect, expectAccessible, screenshot, test } from "./support/fixtures";

// Decision 0034: a course already completed is applied for again only where the course allows
// a repeat, and then only with a reason and an explicit confirmation. The page says so, and the
// server refuses what the page would not offer.

const SHOTS = screenshotDir("re-enrol");
const origin = `http://localhost:${E2E_PORT}`;

async function post(request: APIRequestContext, path: string, form: Record<string, string>) {
  return request.post(path, { form, headers: { Origin: origin }, maxRedirects: 0 });
}

/** A course, a cohort of it the trainee completed, and a second cohort open for applications. */
async function completedCourse(allowRepeat: boolean) {
  const db = e2eDb();
  const staff = await db.selectFrom("users").select("id").where("email", "=", DEMO.staff).executeTakeFirstOrThrow();
  const course = await makeCourse(db, staff.id, { allowRepeat });
  const done = await makeCohort(db, staff.id, course.id, { name: "第1回（修了）" });
  const next = await makeCohort(db, staff.id, course.id, { name: "第2回", startOffset: 20 });
  const trainee = await makeUser(db, ["trainee"], { name: "再受 講子" });
  const now = new Date().toISOString();
  const { enrollmentId } = await enroll(db, { cohortId: done.id, userId: trainee.id });
  await db.updateTable("enrollments").set({ completed_at: now, paid_at: now }).where("id", "=", enrollmentId).execute();
  const applications = () =>
    db
      .selectFrom("enrollments")
      .select(["id", "repeat_reason"])
      .where("cohort_id", "=", next.id)
      .where("user_id", "=", trainee.id)
      .execute();
  return { course, next, trainee, applications };
}

test("a course without repeats is refused on the page and at the server", async ({ page, signInAs }) => {
  const { course, next, trainee, applications } = await completedCourse(false);
  await signInAs(trainee.email);
  await page.goto(`/courses/${course.id}/cohorts/${next.id}/enrol`);
  await expect(page.getByTestId("repeat-refused")).toContainText("再受講を受け付けていないため、申し込めません");
  await expect(page.getByRole("button", { name: /申し込む|申込を確定する/ })).toHaveCount(0);
  await expectAccessible(page);

  // The plain application, forged: refused with the same message, nothing written.
  const forged = await post(page.request, `/courses/${course.id}`, {
    intent: "enrol",
    cohortId: String(next.id),
    confirmed: "yes",
  });
  expect(forged.status()).toBe(409);
  expect(await forged.text()).toContain("再受講を受け付けていないため");
  // The repeat form's own action refuses it too, with a reason and the confirmation.
  const asRepeat = await post(page.request, `/courses/${course.id}/cohorts/${next.id}/enrol`, {
    confirmed: "yes",
    repeatReason: "もう一度学びたい",
    repeatConfirmed: "yes",
  });
  expect(asRepeat.status()).toBe(409);
  expect(await applications()).toEqual([]);
});

test("a repeat asks for a reason and a confirmation, in the browser and at the server", async ({ page, signInAs }) => {
  const { course, next, trainee, applications } = await completedCourse(true);
  await signInAs(trainee.email);

  // At the server: without a reason, or as a plain application, nothing is written.
  const noReason = await post(page.request, `/courses/${course.id}/cohorts/${next.id}/enrol`, {
    confirmed: "yes",
    repeatConfirmed: "yes",
  });
  expect(noReason.status()).toBe(400);
  const plain = await post(page.request, `/courses/${course.id}`, {
    intent: "enrol",
    cohortId: String(next.id),
    confirmed: "yes",
  });
  expect(plain.status()).toBe(409);
  expect(await plain.text()).toContain("再受講するには、理由を書き");
  expect(await applications()).toEqual([]);

  await page.setViewportSize({ width: 375, height: 900 });
  await page.goto(`/courses/${course.id}/cohorts/${next.id}/enrol`);
  await expect(page.locator("html")).toHaveAttribute("data-hydrated", "true");
  const step = page.getByTestId("repeat-step");
  await expect(step).toContainText("この講座は");
  await expect(step).toContainText("第1回（修了）");
  await page.getByRole("button", { name: "再受講を申し込む" }).click();
  const reasonError = page.locator("#repeat-enrol-repeatReason-error");
  const confirmError = page.locator("#repeat-enrol-repeatConfirmed-error");
  await expect(reasonError).toContainText("再受講の理由");
  await expect(confirmError).toContainText("確認し、チェックを入れてください");
  await expectAccessible(page);
  await screenshot(page, `${SHOTS}/repeat-step-errors-375.png`);
  await page.setViewportSize({ width: 1280, height: 900 });
  await screenshot(page, `${SHOTS}/repeat-step-errors-1280.png`);

  // Mending a field clears its message at once.
  await page.getByLabel("再受講の理由").fill("制度改正後の内容を学び直したい");
  await expect(reasonError).toBeHidden();
  await expect(confirmError).toBeVisible();
  await page.getByLabel("修了済みの講座をもう一度受講することを確認しました").check();
  await expect(confirmError).toBeHidden();
  await page.getByRole("button", { name: "再受講を申し込む" }).click();
  await expect(page).toHaveURL(new RegExp(`/courses/${course.id}\\?notice=`));
  expect(await applications()).toEqual([{ id: expect.any(Number), repeat_reason: "制度改正後の内容を学び直したい" }]);
});
