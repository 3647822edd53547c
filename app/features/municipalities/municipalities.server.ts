import type { Database } from "~/db.server";
import { audit } from "~/features/audit/audit.server";
import { ConflictError } from "~/lib/errors";
import { isValidLocalGovCode, prefectureOfLocalGovCode } from "~/lib/local-gov-code";
import type { MunicipalityKind } from "./kinds";

export type MunicipalityInput = {
  code: string;
  name: string;
  nameKana: string;
  population: number | null;
  populationYear: number | null;
  kind: MunicipalityKind;
};

/**
 * Creates or updates a municipality by its local-government code: the code is the identity,
 * so re-importing the official list updates rows instead of duplicating them. The prefecture
 * is derived from the code, never entered.
 */
export async function upsertMunicipality(
  db: Database,
  input: MunicipalityInput,
  actorId: string | null,
): Promise<"created" | "updated" | "unchanged"> {
  if (!isValidLocalGovCode(input.code))
    throw new ConflictError("地方公共団体コードが正しくありません（検査数字が一致しません）。", "code");
  const prefecture = prefectureOfLocalGovCode(input.code)!;
  const now = new Date().toISOString();
  const existing = await db.selectFrom("municipalities").selectAll().where("code", "=", input.code).executeTakeFirst();
  const values = {
    name: input.name,
    name_kana: input.nameKana,
    prefecture_code: prefecture.code,
    population: input.population,
    population_year: input.populationYear,
    kind: input.kind,
  };
  if (!existing) {
    await db
      .insertInto("municipalities")
      .values({ code: input.code, ...values, created_at: now, updated_at: now })
      .execute();
    await audit(db, {
      actorId,
      action: "municipality.create",
      entityType: "municipality",
      entityId: input.code,
      details: values,
    });
    return "created";
  }
  const changed = (Object.keys(values) as (keyof typeof values)[]).filter((k) => existing[k] !== values[k]);
  if (changed.length === 0) return "unchanged";
  await db
    .updateTable("municipalities")
    .set({ ...values, updated_at: now })
    .where("code", "=", input.code)
    .execute();
  await audit(db, {
    actorId,
    action: "municipality.update",
    entityType: "municipality",
    entityId: input.code,
    details: { changed },
  });
  return "updated";
}
