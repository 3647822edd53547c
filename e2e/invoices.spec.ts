import { screenshotDir } from "./support/env";
import { courseWithCohort, insertPerson, sessionFor } from "./catalog-helpers";
import { e2eDb, expect, expectAccessible, randomIp, test } from "./support/fixtures";

// Invoices and receipts of a paid course: staff keep the registration number (a wrong one is
// refused in Japanese), a confirmed place gets an invoice the trainee downloads, the fee marked
// paid gets a receipt, a cancellation voids the invoice and keeps the receipt.

const SHOTS = screenshotDir("invoices");

async function pdfText(bytes: Buffer): Promise<string> {
  const pdfjs = await import("pdfjs-dist/legacy/build/pdf.mjs");
  const pdf = await pdfjs.getDocument({ data: new Uint8Array(bytes), isEvalSupported: false }).promise;
  const page = await pdf.getPage(1);
  const content = await page.getTextContent();
  return content.items
    .map((i) => ("str" in i ? i.str : ""))
    .join("")
    .replace(/\s+/g, "");
}

test("staff set the registration number; a paid place gets an invoice, payment a receipt, cancellation voids", async ({
  page,
  browser,
  signInAs,
}) => {
  // Four pages, three PDFs and two contexts on a shared two-core machine.
  test.setTimeout(240_000);
  // 1. Staff: a wrong number is refused in Japanese and nothing changes; a right one (full-width,
  //    lowercase t) is stored normalised.
  await signInAs("staff");
  await page.goto("/dashboard");
  await page.getByRole("link", { name: "請求書・領収書の発行元（登録番号）" }).click();
  await expect(page.getByRole("heading", { name: "請求書・領収書の発行元" })).toBeVisible();
  await expectAccessible(page);
  const before = await e2eDb().selectFrom("issuer_settings").select("updated_at").executeTakeFirstOrThrow();
  const field = page.getByLabel("適格請求書発行事業者登録番号");
  await field.fill("T1234567890123");
  await page.getByRole("button", { name: "保存する" }).click();
  await expect(page.getByText("法人番号のチェックデジットが一致しません")).toBeVisible();
  await expectAccessible(page);
  const unchanged = await e2eDb().selectFrom("issuer_settings").select("updated_at").executeTakeFirstOrThrow();
  expect(unchanged.updated_at).toBe(before.updated_at);
  await field.fill("ｔ７００００１２０５０００２");
  await page.getByRole("button", { name: "保存する" }).click();
  await expect(page.getByRole("status").filter({ hasText: "発行元の設定を保存しました" })).toBeVisible();
  await expect(field).toHaveValue("T7000012050002");

  // 2. A trainee enrols in a paid course and downloads the invoice from My training.
  const { courseId, cohortId } = await courseWithCohort({ title: "請求書テスト研修", feeYen: 22_000 });
  const trainee = await insertPerson("請求 太郎");
  const t = await browser.newContext({
    extraHTTPHeaders: { "X-Forwarded-For": randomIp(), Cookie: await sessionFor(trainee.id) },
  });
  const tp = await t.newPage();
  await tp.goto(`/courses/${courseId}`);
  await tp.getByRole("link", { name: "この回に申し込む" }).click();
  await tp.getByRole("button", { name: "申込を確定する" }).click();
  await expect(tp.getByRole("status").filter({ hasText: "受講が確定しました" })).toBeVisible();
  await tp.goto("/my/training");
  const invoiceLink = tp.getByRole("link", { name: /請求書（PDF）INV-\d{4}-\d{6}/ });
  await expect(invoiceLink).toBeVisible();
  await expectAccessible(tp);
  const invoice = await tp.request.get((await invoiceLink.getAttribute("href"))!);
  expect(invoice.status()).toBe(200);
  expect(invoice.headers()["content-type"]).toBe("application/pdf");
  const invoiceText = await pdfText(await invoice.body());
  for (const s of ["請求書", "T7000012050002", "E2E株式会社", "請求太郎様", "22,000円", "消費税額（10%）", "2,000円"])
    expect(invoiceText).toContain(s);

  // 3. Staff mark the fee paid: a receipt; the trainee sees it.
  const enrollment = await e2eDb()
    .selectFrom("enrollments")
    .select("id")
    .where("cohort_id", "=", cohortId)
    .where("user_id", "=", trainee.id)
    .executeTakeFirstOrThrow();
  const staffPage = `/staff/cohorts/${cohortId}/enrollments/${enrollment.id}`;
  await page.goto(staffPage);
  await expect(page.getByRole("link", { name: /請求書（PDF）INV-/ })).toBeVisible();
  await page.getByRole("button", { name: "入金を確認済みにする" }).click();
  await expect(page.getByRole("status").filter({ hasText: "入金を確認済みにしました" })).toBeVisible();
  const receiptLink = page.getByRole("link", { name: /領収書（PDF）RCP-\d{4}-\d{6}/ });
  await expect(receiptLink).toBeVisible();
  await expectAccessible(page);
  const receipt = await page.request.get((await receiptLink.getAttribute("href"))!);
  const receiptText = await pdfText(await receipt.body());
  for (const s of ["領収書", "領収金額（税込）", "22,000円", "但し", "T7000012050002"])
    expect(receiptText).toContain(s);
  await tp.reload();
  await expect(tp.getByRole("link", { name: /領収書（PDF）RCP-/ })).toBeVisible();
  // Another trainee cannot fetch this receipt.
  const stranger = await insertPerson("他人 次郎");
  const s = await browser.newContext({
    extraHTTPHeaders: { "X-Forwarded-For": randomIp(), Cookie: await sessionFor(stranger.id) },
  });
  expect((await s.request.get((await receiptLink.getAttribute("href"))!)).status()).toBe(404);

  // 4. Staff cancel: the invoice is voided (and says so), the receipt stays.
  await page.getByLabel("理由（受講者に通知されます）").fill("受講者からの申し出");
  await page.getByRole("button", { name: "申込を取り消す" }).click();
  await expect(page).toHaveURL(new RegExp(`/staff/cohorts/${cohortId}\\?notice=cancelled$`));
  await page.goto(staffPage);
  await expect(page.getByText("無効：事務局による申込の取消")).toBeVisible();
  await expect(page.getByText("発行済みの領収書は入金の記録として有効なまま残ります")).toBeVisible();
  const voided = await page.request.get(
    (await page.getByRole("link", { name: /請求書（PDF）INV-/ }).getAttribute("href"))!,
  );
  expect(await pdfText(await voided.body())).toContain("無効");
  const rows = await e2eDb()
    .selectFrom("invoices")
    .select(["kind", "status"])
    .where("enrollment_id", "=", enrollment.id)
    .orderBy("id")
    .execute();
  expect(rows).toEqual([
    { kind: "invoice", status: "voided" },
    { kind: "receipt", status: "issued" },
  ]);
  await t.close();
  await s.close();
});

test("screenshots of the issuer settings, the staff enrolment page and My training", async ({ page, signInAs }) => {
  test.setTimeout(120_000); // six full-page screenshots on a shared machine
  const { cohortId } = await courseWithCohort({ title: "画面確認研修", feeYen: 33_000 });
  const trainee = await insertPerson("画面 花子");
  const { enroll } = await import("../app/features/enrollment/enrollment.server");
  const { enrollmentId } = await enroll(e2eDb(), { cohortId, userId: trainee.id });
  await signInAs("staff");
  for (const width of [375, 1280]) {
    await page.setViewportSize({ width, height: 900 });
    await page.goto("/staff/issuer-settings");
    await page.screenshot({ path: `${SHOTS}/issuer-settings-${width}.png`, fullPage: true });
    await page.goto(`/staff/cohorts/${cohortId}/enrollments/${enrollmentId}`);
    await page.screenshot({ path: `${SHOTS}/staff-enrollment-${width}.png`, fullPage: true });
  }
  await page.context().clearCookies();
  await page.context().setExtraHTTPHeaders({ "X-Forwarded-For": randomIp(), Cookie: await sessionFor(trainee.id) });
  for (const width of [375, 1280]) {
    await page.setViewportSize({ width, height: 900 });
    await page.goto("/my/training");
    await expect(page.getByRole("link", { name: /請求書（PDF）/ })).toBeVisible();
    await page.screenshot({ path: `${SHOTS}/my-training-${width}.png`, fullPage: true });
  }
});
