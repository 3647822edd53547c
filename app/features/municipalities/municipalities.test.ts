import iconv from "iconv-lite";
import { beforeAll, describe, expect, it } from "vitest";
import type { Database } from "~/db.server";
import { ConflictError } from "~/lib/errors";
import { createTestDb, makeUser } from "~/testing/db";
import { MunicipalitySchema } from "./municipalities.schema";
import {
  createMunicipality,
  importMunicipalitiesCsv,
  resolveMunicipality,
  searchMunicipalities,
  updateMunicipality,
} from "./municipalities.server";

const utf8 = (s: string) => new TextEncoder().encode(s);

describe("MunicipalitySchema", () => {
  const base = {
    code: "062014",
    name: "山形市",
    nameKana: "やまがたし",
    population: "242,692",
    populationYear: "2023",
    kind: "core_city",
  };
  it("accepts a valid code, full-width digits and commas in the population", () => {
    const r = MunicipalitySchema.safeParse({ ...base, code: "０６２０１４" });
    expect(r.success).toBe(true);
    expect(r.data).toMatchObject({ code: "062014", population: 242692, populationYear: 2023 });
  });
  it("rejects a wrong check digit with a Japanese message on the code", () => {
    const r = MunicipalitySchema.safeParse({ ...base, code: "062015" });
    expect(r.success).toBe(false);
    expect(r.error!.issues[0]).toMatchObject({ path: ["code"] });
    expect(r.error!.issues[0]!.message).toContain("検査数字");
  });
  it("rejects a non-hiragana reading and a negative population", () => {
    const r = MunicipalitySchema.safeParse({ ...base, nameKana: "Yamagata", population: "-5" });
    expect(r.success).toBe(false);
    expect(r.error!.issues.map((i) => i.path[0]).sort()).toEqual(["nameKana", "population"]);
  });
});

describe("municipality registry", () => {
  let db: Database;
  let staffId: string;
  beforeAll(async () => {
    db = await createTestDb();
    staffId = (await makeUser(db, ["staff"])).id;
  });

  it("creates, refuses a duplicate code, and updates", async () => {
    const input = {
      code: "062014",
      name: "山形市",
      nameKana: "やまがたし",
      population: 240000,
      populationYear: 2020,
      kind: "core_city" as const,
    };
    await createMunicipality(db, input, staffId);
    await expect(createMunicipality(db, input, staffId)).rejects.toMatchObject({ field: "code", status: 409 });
    expect(await updateMunicipality(db, { ...input, population: 242692, populationYear: 2023 }, staffId)).toBe(
      "updated",
    );
    const found = await searchMunicipalities(db, { q: "ヤマガタ", prefecture: "", kind: "", page: 1 });
    expect(found.municipalities.map((m) => [m.code, m.population, m.prefecture_code])).toEqual([
      ["062014", 242692, "06"],
    ]);
    expect((await resolveMunicipality(db, "山形市")).code).toBe("062014");
    await expect(resolveMunicipality(db, "062015")).rejects.toBeInstanceOf(ConflictError);
  });

  it("imports the official list (Shift_JIS, half-width kana), re-import updates and never duplicates", async () => {
    const csv = [
      "団体コード,都道府県名（漢字）,市区町村名（漢字）,都道府県名（カナ）,市区町村名（カナ）",
      "112453,埼玉県,ふじみ野市,ｻｲﾀﾏｹﾝ,ﾌｼﾞﾐﾉｼ",
      "212016,岐阜県,岐阜市,ｷﾞﾌｹﾝ,ｷﾞﾌｼ",
      "272248,大阪府,摂津市,ｵｵｻｶﾌ,ｾｯﾂｼ",
      "11002,北海道,札幌市,ﾎｯｶｲﾄﾞｳ,ｻｯﾎﾟﾛｼ",
      "011011,北海道,札幌市中央区,ﾎｯｶｲﾄﾞｳ,ｻｯﾎﾟﾛｼﾁｭｳｵｳｸ",
      "062014,山形県,山形市,ﾔﾏｶﾞﾀｹﾝ,ﾔﾏｶﾞﾀｼ",
    ].join("\r\n");
    const report = await importMunicipalitiesCsv(db, iconv.encode(csv, "Shift_JIS"), staffId);
    expect(report.encoding).toBe("shift_jis");
    expect(report.rejected).toBe(false);
    expect(report.counts).toEqual({ created: 4, updated: 0, unchanged: 1, skipped: 1, ready: 0, error: 0 });
    const sapporo = await db
      .selectFrom("municipalities")
      .selectAll()
      .where("code", "=", "011002")
      .executeTakeFirstOrThrow();
    expect(sapporo).toMatchObject({
      name: "札幌市",
      name_kana: "さっぽろし",
      kind: "designated_city",
      prefecture_code: "01",
    });
    // 山形市 keeps the population and 中核市 staff entered: the official list has neither column.
    const yamagata = await db
      .selectFrom("municipalities")
      .selectAll()
      .where("code", "=", "062014")
      .executeTakeFirstOrThrow();
    expect(yamagata).toMatchObject({ population: 242692, kind: "core_city" });

    const again = await importMunicipalitiesCsv(
      db,
      utf8(
        "\uFEFF団体コード,団体名,ふりがな,人口,人口基準年,団体区分\r\n112453,ふじみ野市,ふじみのし,114153,2023,一般市\r\n",
      ),
      staffId,
    );
    expect(again.counts).toMatchObject({ updated: 1, created: 0 });
    const count = await db
      .selectFrom("municipalities")
      .select((eb) => eb.fn.countAll<number>().as("n"))
      .executeTakeFirstOrThrow();
    expect(count.n).toBe(5);
  });

  it("writes nothing when any row is wrong and reports each row with its line", async () => {
    const before = await db
      .selectFrom("audit_log")
      .select((eb) => eb.fn.countAll<number>().as("n"))
      .executeTakeFirstOrThrow();
    const report = await importMunicipalitiesCsv(
      db,
      utf8("団体コード,団体名,人口\n132012,八王子市,579355\n132013,誤り市,1\n132012,八王子市,1\n,名無し,\n"),
      staffId,
    );
    expect(report.rejected).toBe(true);
    expect(report.rows.map((r) => [r.line, r.outcome])).toEqual([
      [2, "ready"],
      [3, "error"],
      [4, "error"],
      [5, "error"],
    ]);
    expect(report.rows[1]!.message).toContain("検査数字");
    expect(report.rows[2]!.message).toContain("2行目と重複");
    const after = await db
      .selectFrom("audit_log")
      .select((eb) => eb.fn.countAll<number>().as("n"))
      .executeTakeFirstOrThrow();
    expect(after.n).toBe(before.n);
    expect(
      await db.selectFrom("municipalities").select("code").where("code", "=", "132012").executeTakeFirst(),
    ).toBeUndefined();
  });

  it("rejects a file without the code column", async () => {
    const report = await importMunicipalitiesCsv(db, utf8("名前,人口\n山形市,1\n"), staffId);
    expect(report.rejected).toBe(true);
    expect(report.rows[0]!.message).toContain("団体コード");
  });
});
