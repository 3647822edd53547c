import { unzipSync } from "fflate";
import { makeCertificate } from "../app/testing/certificates";
import { DEMO, e2eDb, expect, expectAccessible, randomIp, test } from "./support/fixtures";
import { E2E_ENGINE, E2E_PORT, screenshotDir } from "./support/env";

// Issue 15: the certificate as a document (PDF for its holder, staff and the holder's OJT
// trainer; a ZIP of a staff selection) and its public verification page. Certifying from the
// queue has its own journey: here the certificates are written straight into the database.

const SHOTS = screenshotDir("certificate-documents");
const ORIGIN = `http://localhost:${E2E_PORT}`;
test.describe.configure({ mode: "serial", timeout: 90_000 });

const userId = async (email: string) =>
  await e2eDb().selectFrom("users").select(["id", "name"]).where("email", "=", email).executeTakeFirstOrThrow();

let mine: { id: number; number: string; holderName: string };
let tanakas: { id: number; number: string; holderName: string };
// 田中's course certificate, issued by the demo data (the basic course's understanding check).
let tanakasCourse: { id: number };

test.beforeAll(async () => {
  const db = e2eDb();
  const staff = await userId(DEMO.staff);
  const suzuki = await userId(DEMO.trainee);
  const tanaka = await userId("tanaka.trainee@example.com");
  mine = await makeCertificate(db, { holderId: suzuki.id, holderName: suzuki.name, issuedBy: staff.id });
  // 田中 is the trainee of placement 1, whose trainer is trainer@.
  const placement = await db
    .selectFrom("ojt_placements")
    .select("id")
    .where("trainee_id", "=", tanaka.id)
    .executeTakeFirstOrThrow();
  tanakasCourse = await db
    .selectFrom("certificates")
    .select("id")
    .where("holder_id", "=", tanaka.id)
    .where("programme_id", "=", 1)
    .executeTakeFirstOrThrow();
  tanakas = await makeCertificate(db, {
    programme: "ojt",
    subjectId: placement.id,
    holderId: tanaka.id,
    holderName: tanaka.name,
    issuedBy: staff.id,
    printedFacts: { OJT案件: "山形市 ITCアドバイザー業務委託", 期間: "2026年6月1日〜2027年2月28日" },
  });
});

test("the holder downloads the PDF; another trainee and an unrelated trainer are told it does not exist", async ({
  page,
  signInAs,
}) => {
  await signInAs("trainee");
  const response = await page.request.get(`/certificates/${mine.id}.pdf`);
  expect(response.status()).toBe(200);
  expect(response.headers()["content-type"]).toBe("application/pdf");
  expect(response.headers()["content-disposition"]).toContain(
    `filename*=UTF-8''${encodeURIComponent(`修了証_${mine.number}.pdf`)}`,
  );
  expect(response.headers()["cache-control"]).toContain("no-store");
  const body = await response.body();
  expect(body.subarray(0, 5).toString("latin1")).toBe("%PDF-");

  // 鈴木 (trainee@) is not 田中.
  const refused = await page.request.get(`/certificates/${tanakas.id}.pdf`);
  expect(refused.status()).toBe(404);
  expect(await refused.text()).toContain("修了証が見つかりません。");
});

test("the holder's OJT trainer downloads the trainee's PDF, not other people's", async ({ page, signInAs }) => {
  await signInAs("trainer");
  expect((await page.request.get(`/certificates/${tanakas.id}.pdf`)).status()).toBe(200);
  expect((await page.request.get(`/certificates/${mine.id}.pdf`)).status()).toBe(404);
  // Issue 21: supervising 田中's placement does not open 田中's other certificates.
  const course = await page.request.get(`/certificates/${tanakasCourse.id}.pdf`);
  expect(course.status()).toBe(404);
  expect(await course.text()).toContain("修了証が見つかりません。");
});

test("staff download a ZIP of two PDFs; an empty or unknown selection is refused in Japanese", async ({
  page,
  signInAs,
}) => {
  await signInAs("staff");
  const post = (body: string) =>
    page.request.post("/staff/certificates/zip", {
      data: body,
      headers: { "Content-Type": "application/x-www-form-urlencoded", Origin: ORIGIN },
      maxRedirects: 0,
    });
  const response = await post(`ids=${mine.id}&ids=${tanakas.id}`);
  expect(response.status()).toBe(200);
  expect(response.headers()["content-type"]).toBe("application/zip");
  expect(response.headers()["content-disposition"]).toContain("filename*=UTF-8''");
  const entries = unzipSync(new Uint8Array(await response.body()));
  const names = Object.keys(entries).sort();
  expect(names).toEqual(
    [
      `${mine.number}_${mine.holderName.replace(/\s/g, "")}.pdf`,
      `${tanakas.number}_${tanakas.holderName.replace(/\s/g, "")}.pdf`,
    ].sort(),
  );
  for (const name of names) expect(Buffer.from(entries[name]!.subarray(0, 5)).toString("latin1")).toBe("%PDF-");

  const empty = await post("");
  expect(empty.status()).toBe(400);
  expect(await empty.text()).toContain("ダウンロードする修了証を1件以上選んでください。");
  const garbage = await post("ids=abc");
  expect(garbage.status()).toBe(400);
  expect(await garbage.text()).toContain("修了証の指定が正しくありません。");
  const unknown = await post(`ids=${mine.id}&ids=999999`);
  expect(unknown.status()).toBe(404);
  expect(await unknown.text()).toContain("1件が見つかりません");

  // The plain form of a page (no JavaScript involved) gets the ZIP as a download.
  await page.goto("/dashboard");
  await page.evaluate(
    ({ ids }) => {
      const form = document.createElement("form");
      form.method = "post";
      form.action = "/staff/certificates/zip";
      for (const id of ids) {
        const input = document.createElement("input");
        input.type = "hidden";
        input.name = "ids";
        input.value = String(id);
        form.append(input);
      }
      const button = document.createElement("button");
      button.textContent = "ZIP";
      button.id = "zip-submit";
      form.append(button);
      document.body.append(form);
    },
    { ids: [mine.id, tanakas.id] },
  );
  const download = page.waitForEvent("download");
  await page.locator("#zip-submit").click();
  expect((await download).suggestedFilename()).toMatch(/^修了証_\d{4}-\d{2}-\d{2}_2件\.zip$/);
});

test("the public verification page: valid, then revoked with the published reason", async ({ page }) => {
  await page.context().setExtraHTTPHeaders({ "X-Forwarded-For": randomIp() });
  const response = await page.goto(`/verify/${mine.number}`);
  expect(response?.status()).toBe(200);
  expect(response?.headers()["cache-control"]).toBe("no-store");
  await expect(page).toHaveTitle(`自治体ビジネス基礎研修 修了証（${mine.holderName}）の確認 | ITC研修ポータル`);
  await expect(page.locator('meta[property="og:title"]')).toHaveAttribute("content", /自治体ビジネス基礎研修 修了証/);
  await expect(page.getByTestId("certificate-status")).toHaveText("有効");
  await expect(page.getByText(mine.holderName, { exact: true })).toBeVisible();
  await expect(page.getByText(mine.number, { exact: true })).toBeVisible();
  await expect(page.getByText("特定非営利活動法人ITコーディネータ協会", { exact: true })).toBeVisible();
  await expect(page.getByText(/^令和\d+年\d+月\d+日（\d{4}年\d+月\d+日）$/)).toBeVisible();
  await expect(page.getByText("自治体ビジネス基礎研修（東京）")).toBeVisible();
  const html = await page.content();
  expect(html).not.toContain(DEMO.trainee);
  expect(html).not.toContain((await userId(DEMO.trainee)).id);
  await expectAccessible(page);
  await shots(page, "verify-valid");

  const staff = await userId(DEMO.staff);
  await e2eDb()
    .updateTable("certificates")
    .set({
      status: "revoked",
      status_reason: "受講記録の誤りが判明したため",
      status_reason_public: 1,
      status_changed_at: "2027-03-31T16:00:00.000Z",
      status_changed_by: staff.id,
    })
    .where("id", "=", mine.id)
    .execute();
  await page.reload();
  await expect(page.getByTestId("certificate-status")).toHaveText("失効");
  await expect(page.getByText("この修了証は令和9年4月1日（2027年4月1日）に失効しました。")).toBeVisible();
  await expect(page.getByText("受講記録の誤りが判明したため")).toBeVisible();
  await expectAccessible(page);
  await shots(page, "verify-revoked");

  // Staff keep the reason to themselves: the page says when, not why.
  await e2eDb().updateTable("certificates").set({ status_reason_public: 0 }).where("id", "=", mine.id).execute();
  await page.reload();
  await expect(page.getByTestId("certificate-status")).toHaveText("失効");
  await expect(page.getByText("受講記録の誤りが判明したため")).toHaveCount(0);
});

test("the number form, an unknown number and a non-ASCII one: a normal page with 404, never an error", async ({
  page,
}) => {
  await page.goto("/verify");
  await expect(page.getByRole("heading", { name: "修了証の確認", level: 1 })).toBeVisible();
  await expectAccessible(page);
  await shots(page, "verify-form");
  // Typed in full-width, as an IME in Japanese mode would.
  const fullWidth = tanakas.number.replace(/[A-Za-z0-9-]/g, (ch) =>
    ch === "-" ? "－" : String.fromCharCode(ch.charCodeAt(0) + 0xfee0),
  );
  await page.getByLabel("修了証番号", { exact: true }).fill(` ${fullWidth} `);
  await page.getByRole("button", { name: "確認する" }).click();
  await expect(page).toHaveURL(new RegExp(`/verify/${tanakas.number}$`));
  await expect(page.getByTestId("certificate-status")).toHaveText("有効");

  await page.goto("/verify");
  await page.getByRole("button", { name: "確認する" }).click();
  await expect(page.getByText("修了証番号を入力してください。")).toBeVisible();
  await expectAccessible(page);

  for (const path of [
    "/verify/ITC-2099-99999-FFFFFF",
    `/verify/${encodeURIComponent("修了証の番号です")}`,
    `/verify/${"A".repeat(3000)}`,
    "/verify/%E0%A4%A",
    `/verify?number=${encodeURIComponent("偽物の番号")}`,
  ]) {
    const response = await page.goto(path);
    expect(response?.status(), path.slice(0, 40)).toBe(404);
    await expect(page.getByText("この番号の修了証は見つかりません。番号をお確かめください。")).toBeVisible();
    expect(response?.headers()["cache-control"]).toBe("no-store");
  }
  await page.goto(`/verify/${encodeURIComponent("修了証の番号です")}`);
  await expect(page).toHaveTitle("修了証が見つかりません | ITC研修ポータル");
  await expectAccessible(page);
  await shots(page, "verify-unknown");
});

async function shots(page: import("@playwright/test").Page, name: string) {
  if (E2E_ENGINE !== "sqlite") return;
  for (const width of [375, 1280]) {
    await page.setViewportSize({ width, height: 900 });
    await page.screenshot({ path: `${SHOTS}/${name}-${width}.png`, fullPage: true });
  }
}
