import { createEngagement } from "../app/features/engagements/engagements.server";
import { submitApplication } from "../app/features/ojt/applications.server";
import { declinePlacement } from "../app/features/ojt/placements.server";
import { addDays, fiscalYearOf, todayInTokyo } from "../app/lib/dates";
import { insertPerson, staffId, uniq } from "./catalog-helpers";
import { ensureBasicCompleted } from "./ojt-helpers";
import { e2eDb, expect, expectAccessible, test } from "./support/fixtures";

// Issue 11, item 1: the proposal form follows the candidate staff pick by a client-side link
// (it used to keep candidate 1 and propose it), and a pairing the trainer declined is neither
// pre-selected nor proposed again without an explicit confirmation.

async function setUp() {
  const db = e2eDb();
  const staff = { id: await staffId(), roles: ["staff"] as const };
  const trainer = await insertPerson(uniq("山形 トレーナー"), ["trainer"]);
  const fy = fiscalYearOf(new Date());
  const title = `DX推進計画策定支援業務${uniq("")}`;
  const { id: engagementId } = await createEngagement(
    db,
    {
      municipality: "062014",
      title,
      leadTrainerId: trainer.id,
      coTrainerEmails: [],
      contractingOrganization: "山形DXパートナーズ",
      contractType: "outsourcing",
      startFiscalYear: fy,
      endFiscalYear: fy + 1,
      description: "山形市のDX推進計画の策定を支援する。",
      themes: ["dx_plan", "planning"],
      ojtSlots: 2,
      confidentialityNote: "計画の素案は公表前の行政情報。",
      status: "recruiting",
    },
    { ...staff, roles: [...staff.roles] },
  );
  const trainee = await insertPerson(uniq("提案 テスト"));
  await ensureBasicCompleted(trainee.email);
  const today = todayInTokyo();
  const { id: applicationId } = await submitApplication(db, trainee.id, {
    preferredPrefectures: ["06"],
    travelRange: "region",
    themes: ["dx_plan", "consultation"],
    preferredSize: "any",
    daysPerMonth: 3,
    availableFrom: today,
    availableTo: addDays(today, 300),
    backgroundIndustry: "地元IT企業",
    backgroundSkills: "計画策定の支援",
    municipalExperience: "",
    motivation: "山形の自治体で計画策定の現場を学びたいと考えています。",
    acceptsSelfPaid: true,
  });
  return { trainer, engagementId, title, applicationId };
}

async function placementsOf(applicationId: number) {
  return e2eDb()
    .selectFrom("ojt_placements")
    .select(["id", "engagement_id", "status"])
    .where("application_id", "=", applicationId)
    .orderBy("id")
    .execute();
}

test("the candidate chosen by a client-side link is the one proposed; a declined pairing needs a confirmation", async ({
  page,
  signInAs,
}) => {
  // Two proposals and two axe checks: generous on a busy machine.
  test.setTimeout(300_000);
  const { trainer, engagementId, applicationId } = await setUp();
  await signInAs("staff");
  await page.goto(`/staff/matching/${applicationId}`);
  await expect(page.locator("html")).toHaveAttribute("data-hydrated", "true");
  const choose = page.getByRole("link", { name: "この案件を提案先にする" });
  expect(await choose.count()).toBeGreaterThanOrEqual(2);
  const engagementOf = async (n: number) =>
    new URL((await choose.nth(n).getAttribute("href"))!, page.url()).searchParams.get("engagement")!;
  const firstId = await engagementOf(0);
  await expect(page.getByLabel("提案先の案件")).toHaveValue(firstId);

  // Candidate 2, through the router (no full page load).
  const secondId = await engagementOf(1);
  expect(secondId).not.toBe(firstId);
  await choose.nth(1).click();
  await expect(page).toHaveURL(new RegExp(`engagement=${secondId}`));
  await expect(page.getByLabel("提案先の案件")).toHaveValue(secondId);
  // And back to candidate 1 the same way.
  await choose.nth(0).click();
  await expect(page).toHaveURL(new RegExp(`engagement=${firstId}`));
  await expect(page.getByLabel("提案先の案件")).toHaveValue(firstId);

  // Our engagement (whichever rank it has) is chosen by its link and proposed.
  await page.locator(`a[href*="engagement=${engagementId}"]`).click();
  await expect(page.getByLabel("提案先の案件")).toHaveValue(String(engagementId));
  await page.getByRole("button", { name: "トレーナーに提案する" }).click();
  await expect(page.getByText("トレーナーに受入を提案しました。")).toBeVisible();
  const [proposed] = await placementsOf(applicationId);
  expect(proposed?.engagement_id).toBe(engagementId);

  // The trainer declines; the application is open again.
  await declinePlacement(e2eDb(), proposed!.id, { id: trainer.id, roles: ["trainer"] }, "今期は受入の余力がないため");
  await page.goto(`/staff/matching/${applicationId}`);
  await expect(page.locator("html")).toHaveAttribute("data-hydrated", "true");
  await expectAccessible(page);
  const select = page.getByLabel("提案先の案件");
  await expect(select).not.toHaveValue(String(engagementId));
  await expect(page.getByTestId(`declined-${engagementId}`)).toContainText("辞退");
  await expect(page.getByTestId(`declined-${engagementId}`)).toContainText("今期は受入の余力がないため");

  // Choosing it again deliberately: refused without the confirmation, accepted with it.
  await select.selectOption(String(engagementId));
  await page.getByRole("button", { name: "トレーナーに提案する" }).click();
  await expect(page.getByText("以前この申込への受入を辞退しています")).toBeVisible();
  expect(await placementsOf(applicationId)).toHaveLength(1);
  await expectAccessible(page);
  await page.getByLabel("辞退したトレーナーへの再提案であることを確認しました").check();
  await page.getByRole("button", { name: "トレーナーに提案する" }).click();
  await expect(page.getByText("トレーナーに受入を提案しました。")).toBeVisible();
  const after = await placementsOf(applicationId);
  expect(after.map((p) => [p.engagement_id, p.status])).toEqual([
    [engagementId, "declined"],
    [engagementId, "proposed"],
  ]);
});

test("a declined pairing is refused at the server without the confirmation field", async ({ page, signInAs }) => {
  test.setTimeout(90_000);
  const { trainer, engagementId, applicationId } = await setUp();
  await signInAs("staff");
  const today = todayInTokyo();
  const form = { engagementId: String(engagementId), startDate: today, endDate: addDays(today, 90), note: "" };
  await page.goto("/dashboard");
  const headers = { Origin: new URL(page.url()).origin };
  const first = await page.request.post(`/staff/matching/${applicationId}`, { form, headers, maxRedirects: 0 });
  expect(first.status()).toBe(302);
  const [placement] = await placementsOf(applicationId);
  await declinePlacement(e2eDb(), placement!.id, { id: trainer.id, roles: ["trainer"] }, "日程が合わないため");
  const again = await page.request.post(`/staff/matching/${applicationId}`, { form, headers, maxRedirects: 0 });
  expect(again.status()).toBe(409);
  expect(await placementsOf(applicationId)).toHaveLength(1);
  const confirmed = await page.request.post(`/staff/matching/${applicationId}`, {
    form: { ...form, reproposeDeclined: "on" },
    headers,
    maxRedirects: 0,
  });
  expect(confirmed.status()).toBe(302);
  expect(await placementsOf(applicationId)).toHaveLength(2);
});
