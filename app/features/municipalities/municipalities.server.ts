import { sql } from "kysely";
import { transaction, type Database } from "~/db.server";
import { audit } from "~/features/audit/audit.server";
import { decodeCsvBytes, parseCsvWithHeader, CsvParseError } from "~/lib/csv";
import { ConflictError, NotFoundError } from "~/lib/errors";
import {
  isValidLocalGovCode,
  normalizeLocalGovCode,
  PREFECTURES,
  prefectureName,
  prefectureOfLocalGovCode,
} from "~/lib/local-gov-code";
import { escapeLikePattern, normalizeForSearch } from "~/lib/text";
import {
  MUNICIPALITY_KINDS,
  MUNICIPALITY_KIND_LABELS,
  type MunicipalityKind,
} from "~/features/vocabulary/municipality-kinds";
import type { MunicipalitySearch } from "./municipalities.schema";
import { pageCount, pageOffset } from "~/lib/list-query";

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

/** Registers a new municipality from the staff form; an existing code is a conflict. */
export async function createMunicipality(db: Database, input: MunicipalityInput, actorId: string) {
  await transaction(db, async (trx) => {
    const existing = await trx
      .selectFrom("municipalities")
      .select("name")
      .where("code", "=", input.code)
      .executeTakeFirst();
    if (existing) throw new ConflictError(`このコードは既に「${existing.name}」として登録されています。`, "code");
    await upsertMunicipality(trx, input, actorId);
  });
}

/** Updates a registered municipality (the code, its identity, does not change). */
export async function updateMunicipality(db: Database, input: MunicipalityInput, actorId: string) {
  return transaction(db, async (trx) => {
    const existing = await trx
      .selectFrom("municipalities")
      .select("code")
      .where("code", "=", input.code)
      .executeTakeFirst();
    if (!existing) throw new NotFoundError("自治体が見つかりません。");
    return upsertMunicipality(trx, input, actorId);
  });
}

export async function getMunicipality(db: Database, code: string) {
  const row = await db.selectFrom("municipalities").selectAll().where("code", "=", code).executeTakeFirst();
  if (!row) throw new NotFoundError("自治体が見つかりません。");
  return { ...row, kind: row.kind as MunicipalityKind };
}

export const MUNICIPALITIES_PAGE_SIZE = 50;

export async function searchMunicipalities(db: Database, input: MunicipalitySearch) {
  let query = db.selectFrom("municipalities");
  if (input.q) {
    const code = normalizeLocalGovCode(input.q);
    const q = normalizeForSearch(input.q);
    const pattern = `%${escapeLikePattern(q)}%`;
    query = query.where((eb) =>
      eb.or([
        eb("name", "like", sql<string>`${pattern} escape '\\'`),
        eb("name_kana", "like", sql<string>`${pattern} escape '\\'`),
        ...(/^[0-9]{1,6}$/.test(code) ? [eb("code", "like", `${code}%`)] : []),
      ]),
    );
  }
  if (input.prefecture) query = query.where("prefecture_code", "=", input.prefecture);
  if (input.kind) query = query.where("kind", "=", input.kind);
  const [{ total }, rows] = await Promise.all([
    query.select((eb) => eb.fn.countAll<number>().as("total")).executeTakeFirstOrThrow(),
    query
      .select(["code", "name", "name_kana", "prefecture_code", "population", "population_year", "kind"])
      .orderBy("code")
      .limit(MUNICIPALITIES_PAGE_SIZE)
      .offset(pageOffset(input.page, MUNICIPALITIES_PAGE_SIZE))
      .execute(),
  ]);
  return {
    total,
    page: input.page,
    pageCount: pageCount(total, MUNICIPALITIES_PAGE_SIZE),
    municipalities: rows.map((r) => ({ ...r, kind: r.kind as MunicipalityKind })),
  };
}

/**
 * Finds a municipality by its code, its exact name ("天童市") or reading ("てんどうし"),
 * optionally after its prefecture ("山形県天童市"). A name shared by several municipalities
 * (府中市) must be narrowed by the prefecture or given as a code; when nothing matches
 * exactly, the message lists close candidates with their codes, so the field works as a
 * search even without JavaScript.
 */
export async function resolveMunicipality(db: Database, codeOrName: string, field = "municipality") {
  const code = normalizeLocalGovCode(codeOrName);
  if (/^[0-9]+$/.test(code)) {
    if (!isValidLocalGovCode(code))
      throw new ConflictError("地方公共団体コードが正しくありません（6桁、検査数字を確認してください）。", field);
    const row = await db
      .selectFrom("municipalities")
      .select(["code", "name", "name_kana"])
      .where("code", "=", code)
      .executeTakeFirst();
    if (!row)
      throw new ConflictError("このコードの自治体は登録されていません。事務局に登録を依頼してください。", field);
    return row;
  }
  let name = codeOrName.normalize("NFKC").replace(/\s+/gu, "");
  const prefecture = PREFECTURES.find((p) => name.startsWith(p.name) && name.length > p.name.length);
  if (prefecture) name = name.slice(prefecture.name.length);
  const reading = toHiragana(name);
  let query = db
    .selectFrom("municipalities")
    .select(["code", "name", "name_kana", "prefecture_code"])
    .where((eb) => eb.or([eb("name", "=", name), eb("name_kana", "=", reading)]));
  if (prefecture) query = query.where("prefecture_code", "=", prefecture.code);
  const rows = await query.orderBy("code").limit(6).execute();
  const listed = (candidates: typeof rows) =>
    candidates.map((r) => `${prefectureName(r.prefecture_code) ?? ""}${r.name}（${r.code}）`).join("、");
  if (rows.length > 1)
    throw new ConflictError(
      `同じ名称の自治体が複数あります：${listed(rows)}。都道府県名を付けて（例：${prefectureName(rows[0]!.prefecture_code)}${rows[0]!.name}）またはコードで入力してください。`,
      field,
    );
  if (rows.length === 1) {
    const { prefecture_code: _prefecture, ...row } = rows[0]!;
    return row;
  }
  const namePattern = `%${escapeLikePattern(name)}%`;
  const readingPattern = `%${escapeLikePattern(reading)}%`;
  let near = db
    .selectFrom("municipalities")
    .select(["code", "name", "name_kana", "prefecture_code"])
    .where((eb) =>
      eb.or([
        eb("name", "like", sql<string>`${namePattern} escape '\\'`),
        eb("name_kana", "like", sql<string>`${readingPattern} escape '\\'`),
      ]),
    );
  if (prefecture) near = near.where("prefecture_code", "=", prefecture.code);
  const candidates = name ? await near.orderBy("code").limit(5).execute() : [];
  if (candidates.length > 0)
    throw new ConflictError(
      `「${codeOrName.trim()}」と一致する自治体はありません。候補：${listed(candidates)}。団体名を正確に、またはコードで入力してください。`,
      field,
    );
  throw new ConflictError("この名称の自治体は登録されていません。コードで入力してください。", field);
}

// ---------------------------------------------------------------------------------------
// CSV import of the official code list (総務省「全国地方公共団体コード」) or of our own export.

/** The 20 designated cities (政令指定都市), which the official list does not mark. */
export const DESIGNATED_CITY_CODES: ReadonlySet<string> = new Set([
  "011002",
  "041009",
  "111007",
  "121002",
  "141003",
  "141305",
  "141500",
  "151009",
  "221007",
  "221309",
  "231002",
  "261009",
  "271004",
  "271403",
  "281000",
  "331007",
  "341002",
  "401005",
  "401307",
  "431001",
]);

const HEADER_ALIASES = {
  code: ["団体コード", "地方公共団体コード", "コード", "code"],
  prefectureName: ["都道府県名（漢字）", "都道府県名", "都道府県"],
  name: ["市区町村名（漢字）", "市区町村名", "団体名", "名称", "name"],
  kana: ["市区町村名（カナ）", "市区町村名（かな）", "ふりがな", "よみがな", "name_kana", "kana"],
  prefectureKana: ["都道府県名（カナ）"],
  population: ["人口", "population"],
  populationYear: ["人口基準年", "人口の基準年", "人口年", "population_year"],
  kind: ["団体区分", "区分", "種別", "kind"],
} as const;

/** "ready": valid, but not written because other rows had errors. */
export type ImportOutcome = "created" | "updated" | "unchanged" | "skipped" | "ready" | "error";
export type ImportRow = { line: number; code: string; name: string; outcome: ImportOutcome; message: string };
export type ImportReport = {
  encoding: "utf-8" | "shift_jis";
  rows: ImportRow[];
  counts: Record<ImportOutcome, number>;
  /** True when nothing was written because of errors. */
  rejected: boolean;
};

const KIND_BY_LABEL = new Map<string, MunicipalityKind>([
  ...MUNICIPALITY_KINDS.map((k) => [k, k] as const),
  ...MUNICIPALITY_KINDS.map((k) => [MUNICIPALITY_KIND_LABELS[k], k] as const),
  ["政令市", "designated_city"],
  ["指定都市", "designated_city"],
  ["市", "city"],
  ["町", "town_village"],
  ["村", "town_village"],
  ["都", "prefecture"],
  ["道", "prefecture"],
  ["府", "prefecture"],
  ["県", "prefecture"],
]);

export function inferKind(code: string, name: string): MunicipalityKind | "ward" {
  if (code.slice(2, 5) === "000") return "prefecture";
  if (DESIGNATED_CITY_CODES.has(code)) return "designated_city";
  if (/市.+区$/.test(name)) return "ward";
  if (code.startsWith("13") && name.endsWith("区")) return "special_ward";
  if (/[町村]$/.test(name)) return "town_village";
  return "city";
}

function pick(values: Record<string, string>, header: string[], aliases: readonly string[]): string | undefined {
  const key = aliases.find((a) => header.includes(a));
  return key === undefined ? undefined : (values[key] ?? "").trim();
}

function toHiragana(kana: string): string {
  // NFKC turns half-width ｶﾅ into full-width, normalizeForSearch folds katakana to hiragana.
  return normalizeForSearch(kana).replace(/\s+/g, "");
}

/**
 * Imports municipalities from CSV bytes (UTF-8 with or without BOM, or Shift_JIS as Excel
 * saves it). All or nothing: when any row is wrong, the report lists every problem and
 * nothing is written; otherwise every row is created, updated or left unchanged in one
 * transaction. Columns absent from the file (population, kind) keep their stored values,
 * so re-importing the official list never erases what staff entered.
 */
export async function importMunicipalitiesCsv(db: Database, bytes: Uint8Array, actorId: string): Promise<ImportReport> {
  const { text, encoding } = decodeCsvBytes(bytes);
  const counts: Record<ImportOutcome, number> = {
    created: 0,
    updated: 0,
    unchanged: 0,
    skipped: 0,
    ready: 0,
    error: 0,
  };
  let parsed: ReturnType<typeof parseCsvWithHeader>;
  try {
    parsed = parseCsvWithHeader(text);
  } catch (error) {
    if (error instanceof CsvParseError) {
      return {
        encoding,
        rows: [{ line: error.line, code: "", name: "", outcome: "error", message: error.message }],
        counts: { ...counts, error: 1 },
        rejected: true,
      };
    }
    throw error;
  }
  const { header, rows } = parsed;
  const fail = (message: string): ImportReport => ({
    encoding,
    rows: [{ line: 1, code: "", name: "", outcome: "error", message }],
    counts: { ...counts, error: 1 },
    rejected: true,
  });
  if (!HEADER_ALIASES.code.some((a) => header.includes(a)))
    return fail("1行目に「団体コード」の列が見つかりません。見出し行を確認してください。");
  if (
    !HEADER_ALIASES.name.some((a) => header.includes(a)) &&
    !HEADER_ALIASES.prefectureName.some((a) => header.includes(a))
  )
    return fail("1行目に「市区町村名（漢字）」または「団体名」の列が見つかりません。");
  if (rows.length === 0) return fail("データ行がありません。");
  if (rows.length > 5000) return fail("一度に取り込めるのは5,000行までです。ファイルを分けてください。");

  const codes = rows.map((r) => normalizeLocalGovCode(pick(r.values, header, HEADER_ALIASES.code) ?? ""));
  const existingRows = await db
    .selectFrom("municipalities")
    .selectAll()
    .where(
      "code",
      "in",
      codes.filter((c) => /^[0-9]{6}$/.test(c)).length ? codes.filter((c) => /^[0-9]{6}$/.test(c)) : [""],
    )
    .execute();
  const existing = new Map(existingRows.map((r) => [r.code, r]));

  const seen = new Map<string, number>();
  const report: ImportRow[] = [];
  const inputs: Array<{ index: number; input: MunicipalityInput }> = [];
  for (const row of rows) {
    const v = row.values;
    let code = normalizeLocalGovCode(pick(v, header, HEADER_ALIASES.code) ?? "");
    // Excel drops the leading zero of 北海道〜福島県 codes ("11002" for 011002).
    if (/^[0-9]{5}$/.test(code)) code = `0${code}`;
    const prefName = pick(v, header, HEADER_ALIASES.prefectureName) ?? "";
    const cityName = (pick(v, header, HEADER_ALIASES.name) ?? "").normalize("NFKC");
    const name = cityName || prefName.normalize("NFKC");
    const entry: ImportRow = { line: row.line, code, name, outcome: "error", message: "" };
    report.push(entry);
    const errors: string[] = [];
    if (!/^[0-9]{6}$/.test(code)) errors.push("団体コードは6桁の数字にしてください。");
    else if (!isValidLocalGovCode(code)) errors.push("団体コードの検査数字（6桁目）が一致しません。");
    else if (seen.has(code)) errors.push(`団体コードが${seen.get(code)}行目と重複しています。`);
    if (/^[0-9]{6}$/.test(code) && !seen.has(code)) seen.set(code, row.line);
    if (!name) errors.push("団体名が空欄です。");
    else if (name.length > 40) errors.push("団体名は40文字以内にしてください。");

    const prior = existing.get(code);
    const kanaRaw =
      pick(v, header, HEADER_ALIASES.kana) || (cityName ? "" : pick(v, header, HEADER_ALIASES.prefectureKana));
    const kana = kanaRaw ? toHiragana(kanaRaw) : (prior?.name_kana ?? "");
    if (kanaRaw && !/^[\u3041-\u3096\u309D\u309E\u30FC]+$/u.test(kana))
      errors.push("ふりがな（カナ）はかなで入力してください。");

    let population = prior?.population ?? null;
    let populationYear = prior?.population_year ?? null;
    const popRaw = pick(v, header, HEADER_ALIASES.population);
    if (popRaw !== undefined && popRaw !== "") {
      const p = popRaw.normalize("NFKC").replace(/[,\s]/g, "");
      if (!/^[0-9]{1,8}$/.test(p)) errors.push("人口は数字で入力してください。");
      else population = Number(p);
    }
    const yearRaw = pick(v, header, HEADER_ALIASES.populationYear);
    if (yearRaw !== undefined && yearRaw !== "") {
      const y = yearRaw.normalize("NFKC").trim();
      if (!/^(19|20|21)[0-9]{2}$/.test(y)) errors.push("人口の基準年は西暦4桁で入力してください。");
      else populationYear = Number(y);
    }

    let kind: MunicipalityKind | "ward" | undefined;
    const kindRaw = pick(v, header, HEADER_ALIASES.kind);
    if (kindRaw) {
      kind = KIND_BY_LABEL.get(kindRaw.normalize("NFKC"));
      if (!kind)
        errors.push(`団体区分「${kindRaw}」は使えません（${Object.values(MUNICIPALITY_KIND_LABELS).join("・")}）。`);
    } else if (/^[0-9]{6}$/.test(code)) {
      const inferred = inferKind(code, name);
      // The official list does not say 中核市: keep what staff set for a city already registered.
      kind = inferred === "city" && prior ? (prior.kind as MunicipalityKind) : inferred;
    }

    if (errors.length > 0) {
      entry.message = errors.join(" ");
      counts.error++;
      continue;
    }
    if (kind === "ward") {
      entry.outcome = "skipped";
      entry.message = "政令指定都市の区（行政区）は登録対象外のため読み飛ばしました。";
      counts.skipped++;
      continue;
    }
    entry.outcome = "ready";
    counts.ready++;
    inputs.push({
      index: report.length - 1,
      input: { code, name, nameKana: kana, population, populationYear, kind: kind! },
    });
  }
  if (counts.error > 0) return { encoding, rows: report, counts, rejected: true };

  counts.ready = 0;
  await transaction(db, async (trx) => {
    for (const { index, input } of inputs) {
      const outcome = await upsertMunicipality(trx, input, actorId);
      report[index]!.outcome = outcome;
      counts[outcome]++;
    }
    await audit(trx, {
      actorId,
      action: "municipality.import",
      entityType: "municipality",
      entityId: null,
      details: { encoding, ...counts },
    });
  });
  return { encoding, rows: report, counts, rejected: false };
}
