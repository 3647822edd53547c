import fs from "node:fs";
import type { APIRequestContext } from "@playwright/test";
import { makeCertificate } from "../app/testing/certificates";
import { ojtCandidate, OJT_PROGRAMME_ID } from "../app/testing/certification";
import { makeUser } from "../app/testing/db";
import { activePlacement } from "../app/testing/logbook-progress";
import { E2E_PORT, screenshotDir } from "./support/env";
import { DEMO, e2eDb, expect, expectAccessible, screenshot, sessionCookieFor, test } from "./support/fixtures";

// Issue 23: irreversible staff actions (認定, 取り消し, OJTの終了, removing a role) take a
// confirmation step that says what will happen. The check is at the server: a single post,
// forged or from a page without JavaScript, only asks, and changes nothing.

const SHOTS = screenshotDir("confirm-steps");
const origin = `http://localhost:${E2E_PORT}`;

async function post(request: APIRequestContext, path: string, form: Record<string, string>) {
  return request.post(path, { form, headers: { Origin: origin }, maxRedirects: 0 });
}

test("a single post of each irreversible action asks and changes nothing; the confirmed post acts", async ({
  page,
  signInAs,
}) => {
  const db = e2eDb();
  await signInAs("staff");

  // 認定
  const candidate = await ojtCandidate(db);
  const certified = () =>
    db
      .selectFrom("certificates")
      .select("id")
      .where("programme_id", "=", OJT_PROGRAMME_ID)
      .where("subject_id", "=", candidate.id)
      .execute();
  const certify = {
    intent: "certify",
    programmeId: String(OJT_PROGRAMME_ID),
    subjectIds: String(candidate.id),
  };
  const asked = await post(page.request, `/staff/certification?programme=${OJT_PROGRAMME_ID}`, certify);
  expect(asked.status()).toBe(200);
  expect(await asked.text()).toContain("1人を認定して修了証を発行しますか");
  expect(await certified()).toHaveLength(0);
  const done = await post(page.request, `/staff/certification?programme=${OJT_PROGRAMME_ID}`, {
    ...certify,
    confirmed: "yes",
  });
  expect(done.status()).toBe(302);
  expect(await certified()).toHaveLength(1);

  // 取り消す（元に戻せません）
  const certificate = await makeCertificate(db, { holderName: "確認 取消子" });
  const status = async () =>
    (await db.selectFrom("certificates").select("status").where("id", "=", certificate.id).executeTakeFirstOrThrow())
      .status;
  const revoke = { intent: "revoke", reason: "記録の誤り" };
  const revokeAsked = await post(page.request, `/staff/certificates/${certificate.id}`, revoke);
  expect(revokeAsked.status()).toBe(200);
  expect(await revokeAsked.text()).toContain("この修了証を取り消しますか（元に戻せません）");
  expect(await status()).toBe("valid");
  expect(
    (await post(page.request, `/staff/certificates/${certificate.id}`, { ...revoke, confirmed: "yes" })).status(),
  ).toBe(302);
  expect(await status()).toBe("revoked");

  // OJTを終了する
  const placement = await activePlacement(db);
  const placementStatus = async () =>
    (await db.selectFrom("ojt_placements").select("status").where("id", "=", placement.id).executeTakeFirstOrThrow())
      .status;
  const end = { intent: "end", outcome: "discontinued", reason: "トレーニーの転勤のため" };
  const endAsked = await post(page.request, `/placements/${placement.id}`, end);
  expect(endAsked.status()).toBe(200);
  expect(await endAsked.text()).toContain("このOJTを「中止」として終了しますか");
  expect(await placementStatus()).toBe("active");
  // An ending the command would refuse is refused at once, not offered for confirmation.
  const refused = await post(page.request, `/placements/${placement.id}`, { intent: "end", outcome: "completed" });
  expect(refused.status()).toBe(409);
  expect(await refused.text()).not.toContain("として終了しますか");
  expect((await post(page.request, `/placements/${placement.id}`, { ...end, confirmed: "yes" })).status()).toBe(302);
  expect(await placementStatus()).toBe("ended");

  // 役割の解除
  await page.context().clearCookies();
  await signInAs("admin");
  const trainer = await makeUser(db, ["trainer"]);
  const roles = async () =>
    (await db.selectFrom("user_roles").select("role").where("user_id", "=", trainer.id).execute()).map((r) => r.role);
  const removeRole = { intent: "revoke", role: "trainer" };
  const roleAsked = await post(page.request, `/admin/users/${trainer.id}`, removeRole);
  expect(roleAsked.status()).toBe(200);
  expect(await roleAsked.text()).toContain("トレーナーITCの役割を解除しますか");
  expect(await roles()).toEqual(["trainer"]);
  expect((await post(page.request, `/admin/users/${trainer.id}`, { ...removeRole, confirmed: "yes" })).status()).toBe(
    302,
  );
  expect(await roles()).toEqual([]);
});

for (const javaScriptEnabled of [true, false]) {
  test(`revoking a certificate is confirmed on its page, and やめる leaves it valid (JavaScript ${javaScriptEnabled ? "on" : "off"})`, async ({
    browser,
  }) => {
    const db = e2eDb();
    const certificate = await makeCertificate(db, { holderName: "確認 画面子" });
    const context = await browser.newContext({ javaScriptEnabled, viewport: { width: 1280, height: 900 } });
    await context.addCookies([await sessionCookieFor(DEMO.staff)]);
    const page = await context.newPage();
    await page.goto(`/staff/certificates/${certificate.id}`);
    const fillAndAsk = async () => {
      await page.getByLabel("理由", { exact: true }).last().fill("発行の誤り");
      await page.getByRole("button", { name: "取り消す（元に戻せません）" }).click();
    };
    await fillAndAsk();
    const confirm = page.getByTestId("confirm-step");
    await expect(confirm).toContainText("有効に戻すことはできません");
    await expect(confirm).toContainText("理由「発行の誤り」は公開しません");
    if (javaScriptEnabled) {
      await expect(confirm.getByRole("heading")).toBeFocused();
      await expectAccessible(page);
      fs.mkdirSync(SHOTS, { recursive: true });
      for (const width of [375, 1280]) {
        await page.setViewportSize({ width, height: 900 });
        await screenshot(page, `${SHOTS}/revoke-confirm-${width}.png`);
      }
    }
    // やめる: back to the page as it was, still valid.
    await confirm.getByRole("link", { name: "やめる" }).click();
    await expect(page.getByTestId("confirm-step")).toHaveCount(0);
    await expect(page.getByTestId("certificate-status")).toHaveText("有効");
    await fillAndAsk();
    await page.getByTestId("confirm-step").getByRole("button", { name: "取り消す", exact: true }).click();
    await expect(page.getByText("修了証を取り消しました。")).toBeVisible();
    await expect(page.getByTestId("certificate-status")).toContainText("取り消し");
    await context.close();
  });
}
