// @internal to ojt/: other areas go through matching.server.ts.
// The suggestion score of a (application, engagement) pair, explained part by part. Pure, so
// that the board can score a page of applications against every open engagement in memory.
import { fiscalYearOf } from "~/lib/dates";
import { prefectureName } from "~/lib/local-gov-code";
import type { MunicipalityKind } from "~/features/vocabulary/municipality-kinds";
import {
  OJT_THEME_SHORT_LABELS,
  maskToThemes,
  type MunicipalitySize,
  type TravelRange,
} from "~/features/vocabulary/ojt-kinds";
import { regionOf } from "./regions";

export type ScoringApplication = {
  prefectures: readonly string[];
  travel_range: TravelRange;
  themes_mask: number;
  preferred_size: MunicipalitySize;
  available_from: string;
  available_to: string;
};

export type ScoringEngagement = {
  prefecture_code: string;
  themes_mask: number;
  ojt_slots: number;
  slots_taken: number;
  /** Slot-holding placements (proposed, accepted, active) of the lead trainer, all engagements. */
  trainer_load: number;
  population: number | null;
  municipality_kind: MunicipalityKind;
  start_fiscal_year: number;
  end_fiscal_year: number;
  /** Optional precomputed regionOf(prefecture_code).key and sizeOf(kind, population). */
  region_key?: string;
  size?: Exclude<MunicipalitySize, "any">;
};

export type ScorePartKey = "region" | "themes" | "slots" | "load" | "size";
export type ScorePart = { key: ScorePartKey; points: number; max: number; reason: string };
export type Score = { total: number; parts: ScorePart[] };

export const SCORE_PART_LABELS: Record<ScorePartKey, string> = {
  region: "地域",
  themes: "テーマ",
  slots: "受入枠",
  load: "トレーナー負荷",
  size: "自治体規模",
};

export function sizeOf(kind: MunicipalityKind, population: number | null): Exclude<MunicipalitySize, "any"> {
  if (kind === "designated_city" || kind === "core_city" || kind === "prefecture") return "large";
  if (population !== null && population >= 200_000) return "large";
  if (kind === "town_village" || (population !== null && population < 50_000)) return "small";
  return "medium";
}

const SIZE_ORDER = { small: 0, medium: 1, large: 2 } as const;
const SIZE_LABEL = { small: "小規模", medium: "中規模", large: "大規模" } as const;

function popcount(n: number) {
  let c = 0;
  for (let m = n; m; m &= m - 1) c++;
  return c;
}

type Prepared = {
  prefectures: Set<string>;
  regions: Set<string>;
  fromFy: number;
  toFy: number;
  wanted: number;
};

function prepare(app: ScoringApplication): Prepared {
  return {
    prefectures: new Set(app.prefectures),
    regions: new Set(app.prefectures.map((p) => regionOf(p)?.key ?? "")),
    fromFy: fiscalYearOf(app.available_from),
    toFy: fiscalYearOf(app.available_to),
    wanted: popcount(app.themes_mask),
  };
}

type Points = Record<ScorePartKey, number> & { total: number };

/** The points only (no text): cheap enough to run for every open engagement. */
function points(app: ScoringApplication, p: Prepared, e: ScoringEngagement): Points | null {
  let region: number;
  if (p.prefectures.has(e.prefecture_code)) region = 40;
  else if (app.travel_range !== "prefecture" && p.regions.has(e.region_key ?? regionOf(e.prefecture_code)?.key ?? "-"))
    region = 20;
  else if (app.travel_range === "nationwide") region = 5;
  else return null;
  if (e.end_fiscal_year < p.fromFy || e.start_fiscal_year > p.toFy) return null;
  const themes = p.wanted === 0 ? 0 : Math.round((30 * popcount(app.themes_mask & e.themes_mask)) / p.wanted);
  const free = e.ojt_slots - e.slots_taken;
  const slots = free >= 2 ? 10 : free === 1 ? 6 : 0;
  const load = e.trainer_load === 0 ? 10 : e.trainer_load === 1 ? 7 : e.trainer_load === 2 ? 4 : 0;
  const sizeGap =
    app.preferred_size === "any"
      ? -1
      : Math.abs(SIZE_ORDER[e.size ?? sizeOf(e.municipality_kind, e.population)] - SIZE_ORDER[app.preferred_size]);
  const size = sizeGap === -1 ? 5 : sizeGap === 0 ? 10 : sizeGap === 1 ? 4 : 0;
  return { region, themes, slots, load, size, total: region + themes + slots + load + size };
}

/** points(...).total without allocating: -1 when out of reach. The hot loop of the board. */
function total(app: ScoringApplication, p: Prepared, e: ScoringEngagement): number {
  let t: number;
  if (p.prefectures.has(e.prefecture_code)) t = 40;
  else if (app.travel_range !== "prefecture" && p.regions.has(e.region_key ?? regionOf(e.prefecture_code)?.key ?? "-"))
    t = 20;
  else if (app.travel_range === "nationwide") t = 5;
  else return -1;
  if (e.end_fiscal_year < p.fromFy || e.start_fiscal_year > p.toFy) return -1;
  if (p.wanted !== 0) t += Math.round((30 * popcount(app.themes_mask & e.themes_mask)) / p.wanted);
  const free = e.ojt_slots - e.slots_taken;
  t += free >= 2 ? 10 : free === 1 ? 6 : 0;
  t += e.trainer_load === 0 ? 10 : e.trainer_load === 1 ? 7 : e.trainer_load === 2 ? 4 : 0;
  if (app.preferred_size === "any") t += 5;
  else {
    const gap = Math.abs(
      SIZE_ORDER[e.size ?? sizeOf(e.municipality_kind, e.population)] - SIZE_ORDER[app.preferred_size],
    );
    t += gap === 0 ? 10 : gap === 1 ? 4 : 0;
  }
  return t;
}

function explain(app: ScoringApplication, p: Prepared, e: ScoringEngagement, pts: Points): Score {
  const pref = prefectureName(e.prefecture_code) ?? e.prefecture_code;
  const regionReason =
    pts.region === 40
      ? `希望する都道府県（${pref}）`
      : pts.region === 20
        ? `近隣（${regionOf(e.prefecture_code)?.name ?? ""}・${pref}）`
        : `遠方（${pref}、全国可の希望）`;
  const common = app.themes_mask & e.themes_mask;
  const matched = popcount(common);
  const themesReason =
    matched === 0
      ? "希望テーマと一致なし"
      : `希望${p.wanted}件中${matched}件が一致（${maskToThemes(common)
          .map((t) => OJT_THEME_SHORT_LABELS[t])
          .join("・")}）`;
  const free = e.ojt_slots - e.slots_taken;
  const slotsReason = free >= 2 ? `空き${free}枠` : free === 1 ? "空き1枠（残りわずか）" : "空きなし";
  const loadReason = e.trainer_load === 0 ? "担当中のトレーニーなし" : `担当中・提案中のトレーニー${e.trainer_load}人`;
  const size = sizeOf(e.municipality_kind, e.population);
  const sizeReason =
    app.preferred_size === "any"
      ? `${SIZE_LABEL[size]}（規模の希望なし）`
      : size === app.preferred_size
        ? `${SIZE_LABEL[size]}（希望どおり）`
        : `${SIZE_LABEL[size]}（希望は${SIZE_LABEL[app.preferred_size]}）`;
  return {
    total: pts.total,
    parts: [
      { key: "region", points: pts.region, max: 40, reason: regionReason },
      { key: "themes", points: pts.themes, max: 30, reason: themesReason },
      { key: "slots", points: pts.slots, max: 10, reason: slotsReason },
      { key: "load", points: pts.load, max: 10, reason: loadReason },
      { key: "size", points: pts.size, max: 10, reason: sizeReason },
    ],
  };
}

/**
 * Scores a pair out of 100: region 40, themes 30, free slots 10, trainer load 10, size 10.
 * Returns null when the engagement is out of the trainee's reach (travel range) or its
 * fiscal years do not overlap the trainee's availability: such pairs are not suggested.
 */
export function scorePair(app: ScoringApplication, e: ScoringEngagement): Score | null {
  const p = prepare(app);
  const pts = points(app, p, e);
  return pts ? explain(app, p, e, pts) : null;
}

/**
 * The best `limit` engagements for one application, highest score first (ties: lower id).
 * Scores numerically in one pass and explains only the winners; also counts the reachable.
 */
export function topSuggestions<E extends ScoringEngagement & { id: number }>(
  app: ScoringApplication,
  engagements: readonly E[],
  limit: number,
): { suggestions: Array<{ engagement: E; score: Score }>; reachable: number } {
  const p = prepare(app);
  const { best, reachable } = scan(app, p, engagements, limit, []);
  return { suggestions: finish(app, p, best), reachable };
}

type Ranked<E> = { engagement: E; total: number };

/** One pass over `engagements`, keeping the best `limit` (merged into `best`). */
function scan<E extends ScoringEngagement & { id: number }>(
  app: ScoringApplication,
  p: Prepared,
  engagements: readonly E[],
  limit: number,
  best: Array<Ranked<E>>,
) {
  let reachable = 0;
  for (const e of engagements) {
    const t = total(app, p, e);
    if (t < 0) continue;
    reachable++;
    const last = best[best.length - 1];
    if (best.length === limit && last && (t < last.total || (t === last.total && e.id > last.engagement.id))) continue;
    let i = best.length;
    while (i > 0) {
      const prev = best[i - 1]!;
      if (t > prev.total || (t === prev.total && e.id < prev.engagement.id)) i--;
      else break;
    }
    best.splice(i, 0, { engagement: e, total: t });
    if (best.length > limit) best.pop();
  }
  return { best, reachable };
}

function finish<E extends ScoringEngagement>(app: ScoringApplication, p: Prepared, best: Array<Ranked<E>>) {
  return best.map(({ engagement }) => ({
    engagement,
    score: explain(app, p, engagement, points(app, p, engagement)!),
  }));
}

/**
 * The candidates as typed columns, built once per candidate set: the board scores a page of
 * applications against every open engagement with a tight loop over small integers, and
 * builds objects and explanations for the winners only.
 */
export type CandidateIndex<E> = {
  all: readonly E[];
  pref: Uint8Array;
  region: Uint8Array;
  themes: Uint8Array;
  /** slots + trainer-load points, which do not depend on the application */
  fixed: Uint8Array;
  size: Uint8Array;
  startFy: Uint16Array;
  endFy: Uint16Array;
};

const REGION_INDEX = new Map<string, number>();
function regionIndex(prefectureCode: string): number {
  const key = regionOf(prefectureCode)?.key ?? "";
  let i = REGION_INDEX.get(key);
  if (i === undefined) REGION_INDEX.set(key, (i = REGION_INDEX.size + 1));
  return i;
}

const POPCOUNT = Uint8Array.from({ length: 256 }, (_, n) => popcount(n));

export function indexCandidates<E extends ScoringEngagement>(all: readonly E[]): CandidateIndex<E> {
  const n = all.length;
  const index: CandidateIndex<E> = {
    all,
    pref: new Uint8Array(n),
    region: new Uint8Array(n),
    themes: new Uint8Array(n),
    fixed: new Uint8Array(n),
    size: new Uint8Array(n),
    startFy: new Uint16Array(n),
    endFy: new Uint16Array(n),
  };
  all.forEach((e, i) => {
    index.pref[i] = Number(e.prefecture_code);
    index.region[i] = regionIndex(e.prefecture_code);
    index.themes[i] = e.themes_mask & 0xff;
    const free = e.ojt_slots - e.slots_taken;
    index.fixed[i] =
      (free >= 2 ? 10 : free === 1 ? 6 : 0) +
      (e.trainer_load === 0 ? 10 : e.trainer_load === 1 ? 7 : e.trainer_load === 2 ? 4 : 0);
    index.size[i] = SIZE_ORDER[e.size ?? sizeOf(e.municipality_kind, e.population)];
    index.startFy[i] = e.start_fiscal_year;
    index.endFy[i] = e.end_fiscal_year;
  });
  return index;
}

/**
 * Same result as topSuggestions(app, index.all, limit) (a test checks this), computed over
 * the typed columns: a few hundred microseconds for thousands of engagements.
 */
export function topSuggestionsIndexed<E extends ScoringEngagement & { id: number }>(
  app: ScoringApplication,
  index: CandidateIndex<E>,
  limit: number,
): { suggestions: Array<{ engagement: E; score: Score }>; reachable: number } {
  const p = prepare(app);
  const prefFlags = new Uint8Array(48);
  for (const code of p.prefectures) prefFlags[Number(code)] = 1;
  const regionFlags = new Uint8Array(REGION_INDEX.size + 2);
  if (app.travel_range !== "prefecture") for (const code of p.prefectures) regionFlags[regionIndex(code)] = 1;
  const nationwide = app.travel_range === "nationwide";
  const appThemes = app.themes_mask & 0xff;
  const wanted = p.wanted;
  const sizeWanted = app.preferred_size === "any" ? -1 : SIZE_ORDER[app.preferred_size];
  const { pref, region, themes, fixed, size, startFy, endFy, all } = index;
  const best: Array<{ i: number; total: number }> = [];
  let reachable = 0;
  for (let i = 0; i < all.length; i++) {
    let t = prefFlags[pref[i]!] ? 40 : regionFlags[region[i]!] ? 20 : nationwide ? 5 : -1;
    if (t < 0 || endFy[i]! < p.fromFy || startFy[i]! > p.toFy) continue;
    reachable++;
    if (wanted !== 0) t += Math.round((30 * POPCOUNT[appThemes & themes[i]!]!) / wanted);
    t += fixed[i]!;
    if (sizeWanted < 0) t += 5;
    else {
      const gap = Math.abs(size[i]! - sizeWanted);
      t += gap === 0 ? 10 : gap === 1 ? 4 : 0;
    }
    // Keep the best `limit`, highest total first, ties by lower engagement id.
    const id = all[i]!.id;
    if (best.length === limit) {
      const last = best[limit - 1]!;
      if (t < last.total || (t === last.total && id > all[last.i]!.id)) continue;
    }
    let k = best.length;
    while (k > 0) {
      const prev = best[k - 1]!;
      if (t > prev.total || (t === prev.total && id < all[prev.i]!.id)) k--;
      else break;
    }
    best.splice(k, 0, { i, total: t });
    if (best.length > limit) best.pop();
  }
  return {
    suggestions: finish(
      app,
      p,
      best.map(({ i, total }) => ({ engagement: all[i]!, total })),
    ),
    reachable,
  };
}
