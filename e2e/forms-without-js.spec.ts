// Every form refuses a bad value with its Japanese message beside the field even when the
// browser runs no JavaScript (the page comes back from the server with the messages in it),
// and the shared field helpers accept what an IME types (full-width digits, 「円」, 「，」).
import type { Page } from "@playwright/test";
import { insertPerson, courseWithCohort, sessionFor } from "./catalog-helpers";
import { ensureBasicCompleted } from "./ojt-helpers";
import { e2eDb, expect, test } from "./support/fixtures";

// No axe check here: axe runs as a script in the page, which these contexts forbid; the same
// pages are checked with JavaScript in their journeys.
test.use({ javaScriptEnabled: false });

/** Submits the form that holds the field labelled `label` and waits for the server's page. */
async function submitFormOf(page: Page, label: string) {
  const form = page.getByLabel(label).first().locator("xpath=ancestor::form");
  const [response] = await Promise.all([
    page.waitForResponse((r) => r.request().method() === "POST"),
    form.locator('button[type="submit"]').last().click(),
  ]);
  await page.waitForLoadState("domcontentloaded");
  return response;
}

/** The message is in the page and tied to the field (aria-describedby → the error element). */
async function expectBeside(page: Page, label: string, message: string) {
  const field = page.getByLabel(label).first();
  await expect(field).toHaveAttribute("aria-invalid", "true");
  const describedBy = (await field.getAttribute("aria-describedby")) ?? "";
  const ids = describedBy.split(/\s+/).filter(Boolean);
  const texts = await Promise.all(ids.map((id) => page.locator(`[id="${id}"]`).innerText()));
  expect(texts.join("\n"), `message beside ${label}`).toContain(message);
}

test.describe("forms without JavaScript", () => {
  test("sign-in: an empty e-mail", async ({ page }) => {
    await page.goto("/login");
    const res = await submitFormOf(page, "メールアドレス");
    expect(res.status()).toBe(400);
    await expectBeside(page, "メールアドレス", "メールアドレスを入力してください。");
  });

  test("registration: a name of zero-width spaces, a name with a right-to-left override", async ({ page }) => {
    await page.goto("/register");
    await page.getByLabel("氏名").fill("\u200B\u200B\u3000");
    await page.getByLabel("所属（会社・団体）").fill("山田\u202Egnp.exe");
    const res = await submitFormOf(page, "氏名");
    expect(res.status()).toBe(400);
    await expectBeside(page, "氏名", "氏名を入力してください。");
    await expectBeside(
      page,
      "所属（会社・団体）",
      "所属に使えない文字（文字の向きを変える制御文字）が含まれています。",
    );
  });

  test("password change: an empty current password", async ({ page, signInAs }) => {
    await signInAs("trainee");
    await page.goto("/account/password");
    const res = await submitFormOf(page, "現在のパスワード");
    expect(res.status()).toBe(400);
    await expectBeside(page, "現在のパスワード", "現在のパスワードを入力してください。");
  });

  test("OJT application: nothing chosen", async ({ page, context }) => {
    const person = await insertPerson("OJT申込 無JS");
    await ensureBasicCompleted(person.email);
    const [name, value] = (await sessionFor(person.id)).split("=");
    await context.addCookies([{ name: name!, value: value!, domain: "localhost", path: "/" }]);
    await page.goto("/ojt/application");
    await page.getByLabel("月あたりの活動可能日数").fill("２１");
    const res = await submitFormOf(page, "月あたりの活動可能日数");
    expect(res.status()).toBe(400);
    await expect(page.getByText("希望する都道府県を1つ以上選択してください。")).toBeVisible();
    await expect(page.getByText("経験したいテーマを1つ以上選択してください。")).toBeVisible();
    await expect(
      page.getByText("OJTの経費（交通費・宿泊費など）が全額自己負担であることへの同意が必要です。"),
    ).toBeVisible();
    await expectBeside(page, "月あたりの活動可能日数", "月あたりの活動可能日数は1〜20日で入力してください。");
    await expectBeside(page, "志望動機", "志望動機を入力してください。");
    expect(
      await e2eDb().selectFrom("ojt_applications").select("id").where("trainee_id", "=", person.id).execute(),
    ).toEqual([]);
  });

  test("engagement: a title with NUL-like control characters and slots out of range", async ({ page, signInAs }) => {
    await signInAs("trainer");
    await page.goto("/engagements/new");
    await page.getByLabel("案件名").fill("\u200B");
    await page.getByLabel("OJT受入枠（同時に受け入れる人数）").fill("２１");
    const res = await submitFormOf(page, "案件名");
    expect(res.status()).toBe(400);
    await expectBeside(page, "案件名", "案件名を入力してください。");
    await expectBeside(page, "OJT受入枠（同時に受け入れる人数）", "受入枠は0〜20人で入力してください。");
  });

  test("course: a blank title; full-width money is accepted", async ({ page, signInAs }) => {
    await signInAs("staff");
    await page.goto("/staff/courses/new");
    await page.getByLabel("講座名").fill("\u3000");
    await page.getByLabel("受講料（円）").fill("１９８，０００円");
    await page.getByLabel("総時間数（時間）").fill("６．５");
    const res = await submitFormOf(page, "講座名");
    expect(res.status()).toBe(400);
    await expectBeside(page, "講座名", "講座名を入力してください。");
    await expect(page.getByLabel("受講料（円）")).not.toHaveAttribute("aria-invalid", "true");
    await expect(page.getByLabel("総時間数（時間）")).not.toHaveAttribute("aria-invalid", "true");
  });

  test("cohort: capacity 「０」 refused, 「２０」 accepted", async ({ page, signInAs }) => {
    const { courseId } = await courseWithCohort({ title: "無JS開催回の講座" });
    await signInAs("staff");
    await page.goto(`/staff/cohorts/new?courseId=${courseId}`);
    await page.getByLabel("定員（人）").fill("０");
    const res = await submitFormOf(page, "定員（人）");
    expect(res.status()).toBe(400);
    await expectBeside(page, "定員（人）", "定員は1以上にしてください。");
    await page.getByLabel("定員（人）").fill("２０");
    await submitFormOf(page, "定員（人）");
    await expect(page.getByLabel("定員（人）")).not.toHaveAttribute("aria-invalid", "true");
  });

  test("municipality: a code of five digits; a population in words", async ({ page, signInAs }) => {
    await signInAs("staff");
    await page.goto("/staff/municipalities/new");
    await page.getByLabel("地方公共団体コード").fill("１２３４５");
    await page.getByRole("textbox", { name: "人口", exact: true }).fill("たくさん");
    const res = await submitFormOf(page, "地方公共団体コード");
    expect(res.status()).toBe(400);
    await expectBeside(page, "地方公共団体コード", "地方公共団体コードは6桁の数字で入力してください（例：062014）。");
    await expectBeside(page, "人口", "人口は数字で入力してください。");
    await expect(page.getByText("半角")).toHaveCount(0);
  });

  test("municipality edit: a population out of range", async ({ page, signInAs }) => {
    await signInAs("staff");
    await page.goto("/staff/municipalities/062014");
    await page.getByRole("textbox", { name: "人口", exact: true }).fill("５０，０００，０００");
    const res = await submitFormOf(page, "人口");
    expect(res.status()).toBe(400);
    await expectBeside(page, "人口", "人口は0〜40000000の範囲で入力してください。");
  });

  test("OJT settings: no course chosen", async ({ page, signInAs }) => {
    await signInAs("staff");
    await page.goto("/staff/ojt-settings");
    const form = page.locator("form", { has: page.locator('input[type="checkbox"]') });
    for (const box of await form.locator('input[type="checkbox"]:checked').all()) await box.uncheck();
    const [res] = await Promise.all([
      page.waitForResponse((r) => r.request().method() === "POST"),
      form.locator('button[type="submit"]').click(),
    ]);
    expect(res.status()).toBe(400);
    await expect(page.getByText("OJT申込に必要な研修を1つ以上選択してください。")).toBeVisible();
  });
});

test.describe("form bodies the server refuses", () => {
  async function post(page: Page, path: string, body: string) {
    return page.request.post(path, {
      headers: { "Content-Type": "application/x-www-form-urlencoded", Origin: new URL(page.url()).origin },
      data: body,
      maxRedirects: 0,
    });
  }

  test("a municipality code in the body that differs from the URL's", async ({ page, signInAs }) => {
    await signInAs("staff");
    await page.goto("/staff/municipalities/062014");
    const body = new URLSearchParams({ code: "112453", name: "山形市", nameKana: "やまがたし", kind: "city" });
    const res = await post(page, "/staff/municipalities/062014", body.toString());
    expect(res.status()).toBe(400);
    expect(await res.text()).toContain("送信された地方公共団体コードがこのページの自治体と一致しません。");
    const row = await e2eDb()
      .selectFrom("municipalities")
      .select("name")
      .where("code", "=", "112453")
      .executeTakeFirst();
    expect(row?.name).not.toBe("山形市");
  });

  test("a field sent twice, and invalid UTF-8", async ({ page, signInAs }) => {
    await signInAs("staff");
    await page.goto("/staff/municipalities/new");
    const twice = "code=479985&name=%E9%82%A3%E8%A6%87%E5%B8%82&name=x&nameKana=%E3%81%AA%E3%81%AF%E3%81%97&kind=city";
    const res = await post(page, "/staff/municipalities/new", twice);
    expect(res.status()).toBe(400);
    expect(await res.text()).toContain("同じ項目が2回以上送信されました。");
    // "%FF" is not UTF-8: the parser would store U+FFFD.
    const broken = "code=479985&name=%E9%82%A3%FF&nameKana=%E3%81%AA%E3%81%AF%E3%81%97&kind=city";
    const res2 = await post(page, "/staff/municipalities/new", broken);
    expect(res2.status()).toBe(400);
    expect(await res2.text()).toContain("読み取れない文字（文字化け）");
    expect(await e2eDb().selectFrom("municipalities").select("code").where("code", "=", "479985").execute()).toEqual(
      [],
    );
  });
});
