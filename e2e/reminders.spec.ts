import { e2eDb, expect, expectAccessible, test } from "./support/fixtures";

// Staff set when reminders go out (issue 16); sending them once is tested with a controlled
// clock and two servers in app/features/reminders/reminders.server.test.ts.

test("staff set the reminders' times: a full-width time is accepted, an impossible hour refused", async ({
  page,
  signInAs,
}) => {
  await signInAs("staff");
  await page.goto("/dashboard");
  await page.getByRole("link", { name: "お知らせの送信時期" }).click();
  await expect(page.getByRole("heading", { name: "お知らせの送信時期" })).toBeVisible();
  await expectAccessible(page);
  await page.getByLabel("前日のお知らせの時刻").fill("25:00");
  await page.getByRole("button", { name: "保存する" }).click();
  await expect(page.getByText("前日のお知らせの時刻は正しい時刻で入力してください（例：10:00）。")).toBeVisible();
  const before = await e2eDb()
    .selectFrom("reminder_settings")
    .select("session_reminder_time")
    .executeTakeFirstOrThrow();
  expect(before.session_reminder_time).toBe("12:00");
  await expectAccessible(page);
  await page.getByLabel("前日のお知らせの時刻").fill("１７：３０");
  await page.getByLabel("アンケートの催促（最終日の何日後）").fill("５");
  await page.getByRole("button", { name: "保存する" }).click();
  await expect(page.getByText("お知らせの送信時期を保存しました。")).toBeVisible();
  const after = await e2eDb()
    .selectFrom("reminder_settings")
    .select(["session_reminder_time", "questionnaire_after_days"])
    .executeTakeFirstOrThrow();
  expect(after).toEqual({ session_reminder_time: "17:30", questionnaire_after_days: 5 });
  // Put the defaults back for the other journeys.
  await e2eDb()
    .updateTable("reminder_settings")
    .set({ session_reminder_time: "12:00", questionnaire_after_days: 3 })
    .execute();
});
