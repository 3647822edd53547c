import { e2eDb, expect, expectAccessible, test } from "./support/fixtures";

// Bad input on the municipality and engagement forms: a Japanese message beside the field,
// a 4xx from the server (the same schema validates in the browser and at the server), and
// nothing written.

test.describe("bad input is refused", () => {
  test("a wrong check digit is refused beside the code field; a good code registers", async ({ page, signInAs }) => {
    await signInAs("staff");
    await page.goto("/staff/municipalities/new");
    await expectAccessible(page);
    // Every real municipality is registered at set-up: a made-up one with a valid code.
    await page.getByLabel("地方公共団体コード").fill("139990");
    await page.getByLabel("団体名").fill("多摩テスト市");
    await page.getByLabel("ふりがな").fill("たまてすとし");
    await page.getByLabel("団体区分").selectOption("city");
    await page.getByLabel("人口", { exact: false }).first().fill("579,355");
    await page.getByRole("button", { name: "登録する" }).click();
    await expect(
      page.getByText("地方公共団体コードの検査数字（6桁目）が一致しません。コードを確認してください。"),
    ).toBeVisible();
    await expect(page.getByLabel("地方公共団体コード")).toHaveAttribute("aria-invalid", "true");
    await expectAccessible(page);
    // The server refuses the same input with a 400 and the same message (no JavaScript needed).
    const response = await page.request.post("/staff/municipalities/new", {
      headers: { Origin: new URL(page.url()).origin },
      form: { code: "139990", name: "多摩テスト市", nameKana: "たまてすとし", kind: "city", population: "579355" },
      maxRedirects: 0,
    });
    expect(response.status()).toBe(400);
    expect(await response.text()).toContain("地方公共団体コードの検査数字（6桁目）が一致しません。");
    const none = await e2eDb().selectFrom("municipalities").select("code").where("name", "=", "多摩テスト市").execute();
    expect(none).toEqual([]);

    await page.getByLabel("地方公共団体コード").fill("１３９９９８");
    await page.getByRole("button", { name: "登録する" }).click();
    await expect(page.getByText("自治体を登録しました。")).toBeVisible();
    await expect(page.getByRole("link", { name: "多摩テスト市" })).toBeVisible();
    await expectAccessible(page);
  });

  test("an engagement in an unregistered municipality is refused beside the field", async ({ page, signInAs }) => {
    await signInAs("trainer");
    const before = await e2eDb()
      .selectFrom("engagements")
      .select((eb) => eb.fn.countAll<number>().as("n"))
      .executeTakeFirstOrThrow();
    await page.goto("/engagements/new");
    await expectAccessible(page);
    await page.getByLabel("自治体", { exact: false }).first().fill("999999");
    await page.getByLabel("案件名").fill("テスト案件");
    await page.getByLabel("契約主体").fill("テスト株式会社");
    await page.getByLabel("調達支援").check();
    await page.getByLabel("守秘義務に関する注意事項").fill("口外しないこと");
    const [response] = await Promise.all([
      page.waitForResponse((r) => r.request().method() === "POST"),
      page.getByRole("button", { name: "登録する" }).click(),
    ]);
    expect(response.status()).toBe(409);
    await expect(
      page.getByText("地方公共団体コードが正しくありません（6桁、検査数字を確認してください）。"),
    ).toBeVisible();
    await expectAccessible(page);
    const after = await e2eDb()
      .selectFrom("engagements")
      .select((eb) => eb.fn.countAll<number>().as("n"))
      .executeTakeFirstOrThrow();
    expect(after.n).toBe(before.n);
  });
});

test("staff import the official code list as CSV and get a per-row report", async ({ page, signInAs }) => {
  await signInAs("staff");
  await page.goto("/staff/municipalities/import");
  await expectAccessible(page);
  // 石巻市 is registered at set-up (without a population); the import adds its population.
  const csv =
    "\uFEFF団体コード,都道府県名（漢字）,市区町村名（漢字）,市区町村名（カナ）,人口,人口基準年\r\n042021,宮城県,石巻市,ｲｼﾉﾏｷｼ,135000,2023\r\n042022,宮城県,誤り市,ｱﾔﾏﾘｼ,,\r\n";
  await page
    .getByLabel("CSVファイル")
    .setInputFiles({ name: "codes.csv", mimeType: "text/csv", buffer: Buffer.from(csv) });
  await page.getByRole("button", { name: "取り込む" }).click();
  await expect(page.getByText("エラーがあるため、取り込みを行いませんでした（1件）。")).toBeVisible();
  await expect(page.getByText("団体コードの検査数字（6桁目）が一致しません。")).toBeVisible();
  await expectAccessible(page);
  expect(
    await e2eDb().selectFrom("municipalities").select("population").where("code", "=", "042021").execute(),
  ).toEqual([{ population: null }]);

  const good =
    "\uFEFF団体コード,都道府県名（漢字）,市区町村名（漢字）,市区町村名（カナ）,人口,人口基準年\r\n042021,宮城県,石巻市,ｲｼﾉﾏｷｼ,135000,2023\r\n";
  await page
    .getByLabel("CSVファイル")
    .setInputFiles({ name: "codes.csv", mimeType: "text/csv", buffer: Buffer.from(good) });
  await page.getByRole("button", { name: "取り込む" }).click();
  await expect(page.getByText(/取り込みました：新規 0件・更新 1件/)).toBeVisible();
  await page
    .getByLabel("CSVファイル")
    .setInputFiles({ name: "codes.csv", mimeType: "text/csv", buffer: Buffer.from(good) });
  await page.getByRole("button", { name: "取り込む" }).click();
  await expect(page.getByText(/取り込みました：新規 0件・更新 0件・変更なし 1件/)).toBeVisible();
  const rows = await e2eDb()
    .selectFrom("municipalities")
    .select(["code", "name_kana", "population"])
    .where("code", "=", "042021")
    .execute();
  expect(rows).toEqual([{ code: "042021", name_kana: "いしのまきし", population: 135000 }]);
});
