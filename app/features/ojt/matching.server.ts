import { sql } from "kysely";
import type { Database } from "~/db.server";
import type { ContractType } from "~/features/vocabulary/engagement-kinds";
import type { MunicipalityKind } from "~/features/vocabulary/municipality-kinds";
import { escapeLikePattern, normalizeForSearch } from "~/lib/text";
import { dataVersion as databaseVersion } from "~/lib/sql-dialect.server";
import { getApplication } from "./applications.server";
import { candidatesVersion } from "./candidates-version";
import {
  isOjtTheme,
  maskToThemes,
  type MunicipalitySize,
  type PlacementStatus,
  type TravelRange,
} from "~/features/vocabulary/ojt-kinds";
import type { BoardFilter } from "./ojt.schema";
import { regionOf } from "./regions";
import {
  indexCandidates,
  scorePair,
  sizeOf,
  topSuggestions,
  topSuggestionsIndexed,
  type CandidateIndex,
  type ScoringEngagement,
} from "./scoring";
import { pageCount, pageOffset } from "~/lib/list-query";

export type Candidate = ScoringEngagement & {
  id: number;
  title: string;
  municipality_code: string;
  municipality_name: string;
  contract_type: ContractType;
  lead_trainer_id: string;
  trainer_name: string;
};

// The candidate set changes only when an engagement or a placement changes. Domain functions
// that change either call invalidateCandidates(); the database's data version (dataVersion:
// SQLite's data_version, PostgreSQL's WAL position), which moves whenever another connection
// (another server process or app server, a script) commits, covers every other write; a short
// time-to-live bounds the rest. Transactions always read fresh.
const CANDIDATES_TTL_MS = 2000;
const candidateCache = new WeakMap<
  Database,
  { version: number; dataVersion: string; at: number; rows: Promise<CandidateIndex<Candidate>> }
>();

/** loadCandidates(db), indexed by region and shared between requests for a moment (see above). */
export async function cachedCandidates(db: Database): Promise<CandidateIndex<Candidate>> {
  if (db.isTransaction) return loadCandidates(db).then(indexCandidates);
  const dataVersion = await databaseVersion(db);
  const now = Date.now();
  const hit = candidateCache.get(db);
  if (hit && hit.version === candidatesVersion() && hit.dataVersion === dataVersion && now - hit.at < CANDIDATES_TTL_MS)
    return hit.rows;
  const rows = loadCandidates(db).then(indexCandidates);
  candidateCache.set(db, { version: candidatesVersion(), dataVersion, at: now, rows });
  rows.catch(() => candidateCache.delete(db));
  return rows;
}

/**
 * Every engagement that can take a proposal now (募集中 with a free slot), with what the
 * score needs, in one query: the candidate set is bounded by the number of open
 * engagements (a few thousand at most), and scoring it in memory is a few milliseconds.
 */
export async function loadCandidates(db: Database, only?: { engagementIds?: number[] }): Promise<Candidate[]> {
  let query = db
    .selectFrom("engagements")
    .innerJoin("municipalities", "municipalities.code", "engagements.municipality_code")
    .innerJoin("users as trainer", "trainer.id", "engagements.lead_trainer_id")
    .select([
      "engagements.id",
      "engagements.title",
      "engagements.municipality_code",
      "engagements.prefecture_code",
      "engagements.themes_mask",
      "engagements.ojt_slots",
      "engagements.slots_taken",
      "engagements.start_fiscal_year",
      "engagements.end_fiscal_year",
      "engagements.contract_type",
      "engagements.lead_trainer_id",
      "municipalities.name as municipality_name",
      "municipalities.population",
      "municipalities.kind as municipality_kind",
      "trainer.name as trainer_name",
    ])
    .where("engagements.status", "=", "recruiting")
    .whereRef("engagements.slots_taken", "<", "engagements.ojt_slots");
  if (only?.engagementIds)
    query = query.where("engagements.id", "in", only.engagementIds.length ? only.engagementIds : [-1]);
  // Trainer load in its own grouped query (an index scan of the slot-holding placements):
  // joined to a derived table, SQLite would rescan it for every engagement.
  const [rows, loads] = await Promise.all([
    query.execute(),
    db
      .selectFrom("ojt_placements")
      .select(["trainer_id", (e) => e.fn.countAll<number>().as("load")])
      .where("status", "in", ["proposed", "accepted", "active"])
      .groupBy("trainer_id")
      .execute(),
  ]);
  const loadOf = new Map(loads.map((l) => [l.trainer_id, l.load]));
  return rows.map((r) => {
    const municipality_kind = r.municipality_kind as MunicipalityKind;
    return {
      ...r,
      contract_type: r.contract_type as ContractType,
      municipality_kind,
      trainer_load: loadOf.get(r.lead_trainer_id) ?? 0,
      region_key: regionOf(r.prefecture_code)?.key ?? "",
      size: sizeOf(municipality_kind, r.population),
    };
  });
}

// Suggestions depend only on the application (id + updated_at) and the candidate set, so they
// are kept with the candidate index and die with it (on any change, or after the TTL).
const suggestionCache = new WeakMap<object, Map<string, unknown>>();
function suggestionsFor<T>(index: object, key: string, compute: () => T): T {
  let cache = suggestionCache.get(index);
  if (!cache) suggestionCache.set(index, (cache = new Map()));
  if (!cache.has(key)) cache.set(key, compute());
  return cache.get(key) as T;
}

export const BOARD_PAGE_SIZE = 10;
const SUGGESTIONS_PER_APPLICATION = 3;

/**
 * The staff matching board: a page of open applications (filters: preferred prefecture,
 * theme, proposal state, trainee name), each with its best suggestions and why.
 * Queries: count + page of applications, their prefectures, their pending proposals, and the
 * candidate engagements; then scoring in memory.
 */
export async function matchingBoard(db: Database, filter: BoardFilter) {
  let query = db.selectFrom("ojt_applications").where("ojt_applications.status", "=", "open");
  if (filter.prefecture) {
    const pref = filter.prefecture;
    // IN (…) rather than EXISTS: SQLite then starts from the (prefecture_code, application_id) index.
    query = query.where("ojt_applications.id", "in", (eb) =>
      eb
        .selectFrom("ojt_application_prefectures as ap")
        .select("ap.application_id")
        .where("ap.prefecture_code", "=", pref),
    );
  }
  if (filter.theme && isOjtTheme(filter.theme)) {
    const theme = filter.theme;
    query = query.where("ojt_applications.id", "in", (eb) =>
      eb.selectFrom("ojt_application_themes as at").select("at.application_id").where("at.theme", "=", theme),
    );
  }
  if (filter.proposal) {
    const pending = (eb: any) =>
      eb.exists(
        eb
          .selectFrom("ojt_placements as pp")
          .select("pp.id")
          .whereRef("pp.application_id", "=", "ojt_applications.id")
          .where("pp.status", "in", ["proposed", "accepted"]),
      );
    query = query.where((eb) => (filter.proposal === "pending" ? pending(eb) : eb.not(pending(eb))));
  }
  if (filter.q) {
    const pattern = `%${escapeLikePattern(normalizeForSearch(filter.q))}%`;
    query = query.where((eb) =>
      eb.exists(
        eb
          .selectFrom("users")
          .select("users.id")
          .whereRef("users.id", "=", "ojt_applications.trainee_id")
          .where("users.search_text", "like", sql<string>`${pattern} escape '\\'`),
      ),
    );
  }
  const [{ total }, apps] = await Promise.all([
    query.select((eb) => eb.fn.countAll<number>().as("total")).executeTakeFirstOrThrow(),
    query
      .innerJoin("users", "users.id", "ojt_applications.trainee_id")
      .select([
        "ojt_applications.id",
        "ojt_applications.updated_at",
        "ojt_applications.trainee_id",
        "ojt_applications.travel_range",
        "ojt_applications.themes_mask",
        "ojt_applications.preferred_size",
        "ojt_applications.days_per_month",
        "ojt_applications.available_from",
        "ojt_applications.available_to",
        "ojt_applications.background_industry",
        "ojt_applications.submitted_at",
        "users.name as trainee_name",
      ])
      .orderBy("ojt_applications.submitted_at")
      .orderBy("ojt_applications.id")
      .limit(BOARD_PAGE_SIZE)
      .offset(pageOffset(filter.page, BOARD_PAGE_SIZE))
      .execute(),
  ]);
  const ids = apps.map((a) => a.id);
  const [prefRows, pendingRows, candidates] = await Promise.all([
    ids.length
      ? db
          .selectFrom("ojt_application_prefectures")
          .select(["application_id", "prefecture_code"])
          .where("application_id", "in", ids)
          .orderBy("prefecture_code")
          .execute()
      : Promise.resolve([]),
    ids.length
      ? db
          .selectFrom("ojt_placements")
          .innerJoin("engagements", "engagements.id", "ojt_placements.engagement_id")
          .innerJoin("municipalities", "municipalities.code", "engagements.municipality_code")
          .select([
            "ojt_placements.id",
            "ojt_placements.application_id",
            "ojt_placements.status",
            "municipalities.name as municipality_name",
            "engagements.title as engagement_title",
          ])
          .where("ojt_placements.application_id", "in", ids)
          .where("ojt_placements.status", "in", ["proposed", "accepted"])
          .execute()
      : Promise.resolve([]),
    cachedCandidates(db),
  ]);
  const prefsByApp = new Map<number, string[]>();
  for (const r of prefRows) {
    const list = prefsByApp.get(r.application_id) ?? [];
    list.push(r.prefecture_code);
    prefsByApp.set(r.application_id, list);
  }
  const pendingByApp = new Map(
    pendingRows.map((p) => [p.application_id, { ...p, status: p.status as PlacementStatus }]),
  );
  return {
    total,
    page: filter.page,
    pageCount: pageCount(total, BOARD_PAGE_SIZE),
    openEngagements: candidates.all.length,
    applications: apps.map((a) => {
      const scoring = {
        ...a,
        prefectures: prefsByApp.get(a.id) ?? [],
        travel_range: a.travel_range as TravelRange,
        preferred_size: a.preferred_size as MunicipalitySize,
      };
      const { suggestions, reachable } = suggestionsFor(candidates, `${a.id}:${a.updated_at}`, () =>
        topSuggestionsIndexed(scoring, candidates, SUGGESTIONS_PER_APPLICATION),
      );
      return {
        ...scoring,
        themes: maskToThemes(a.themes_mask),
        pending: pendingByApp.get(a.id) ?? null,
        reachable,
        suggestions: suggestions.map(({ engagement: e, score }) => ({
          engagementId: e.id,
          title: e.title,
          municipalityName: e.municipality_name,
          prefectureCode: e.prefecture_code,
          trainerName: e.trainer_name,
          free: e.ojt_slots - e.slots_taken,
          score,
        })),
      };
    }),
  };
}

export type DeclinedPairing = { date: string; reason: string | null; byTrainer: boolean };

/**
 * One application with its ranked candidates (top `limit`), plus any engagement asked for.
 * A candidate whose trainer was proposed this application before and the proposal was
 * declined (by either side) carries `declined`; `preselect` is the best candidate without one,
 * so a declined pairing is only proposed again when staff choose it.
 */
export async function candidatesForApplication(db: Database, applicationId: number, limit = 30, include?: number) {
  const app = await getApplication(db, applicationId);
  const [index, declinedRows] = await Promise.all([
    cachedCandidates(db),
    db
      .selectFrom("ojt_placements as p")
      .leftJoin("ojt_placement_events as ev", (join) =>
        join.onRef("ev.placement_id", "=", "p.id").on("ev.to_status", "=", "declined"),
      )
      .select(["p.trainer_id", "p.decision_reason", "p.updated_at", "ev.actor_id"])
      .where("p.application_id", "=", applicationId)
      .where("p.status", "=", "declined")
      .orderBy("p.id")
      .execute(),
  ]);
  const candidates = index.all;
  // The latest decline per trainer wins (rows come oldest first).
  const declinedBy = new Map<string, DeclinedPairing>(
    declinedRows.map((r) => [
      r.trainer_id,
      { date: r.updated_at, reason: r.decision_reason, byTrainer: r.actor_id === r.trainer_id },
    ]),
  );
  const mark = <T extends { engagement: Candidate }>(s: T) => ({
    ...s,
    declined: declinedBy.get(s.engagement.lead_trainer_id) ?? null,
  });
  const top = topSuggestions(app, candidates, limit);
  const suggestions = top.suggestions.map(mark);
  let extra: { engagement: Candidate; score: ReturnType<typeof scorePair>; declined: DeclinedPairing | null } | null =
    null;
  if (include !== undefined && !suggestions.some((s) => s.engagement.id === include)) {
    const e = candidates.find((c) => c.id === include);
    if (e) extra = mark({ engagement: e, score: scorePair(app, e) });
  }
  const preselect = suggestions.find((s) => !s.declined)?.engagement.id ?? null;
  return {
    application: app,
    suggestions,
    reachable: top.reachable,
    extra,
    preselect,
    openEngagements: candidates.length,
  };
}

export const ENGAGEMENT_BOARD_PAGE_SIZE = 20;

/** The board's other view: engagements taking proposals (募集中, free slot), filtered and paged. */
export async function openEngagementsPage(db: Database, filter: BoardFilter) {
  let query = db
    .selectFrom("engagements")
    .innerJoin("municipalities", "municipalities.code", "engagements.municipality_code")
    .innerJoin("users as trainer", "trainer.id", "engagements.lead_trainer_id")
    .where("engagements.status", "=", "recruiting")
    .whereRef("engagements.slots_taken", "<", "engagements.ojt_slots");
  if (filter.prefecture) query = query.where("engagements.prefecture_code", "=", filter.prefecture);
  if (filter.theme && isOjtTheme(filter.theme)) {
    const theme = filter.theme;
    query = query.where((eb) =>
      eb.exists(
        eb
          .selectFrom("engagement_themes as et")
          .select("et.engagement_id")
          .whereRef("et.engagement_id", "=", "engagements.id")
          .where("et.theme", "=", theme),
      ),
    );
  }
  if (filter.q) {
    const pattern = `%${escapeLikePattern(normalizeForSearch(filter.q))}%`;
    query = query.where("engagements.search_text", "like", sql<string>`${pattern} escape '\\'`);
  }
  const [{ total }, rows] = await Promise.all([
    query.select((eb) => eb.fn.countAll<number>().as("total")).executeTakeFirstOrThrow(),
    query
      .select([
        "engagements.id",
        "engagements.title",
        "engagements.prefecture_code",
        "engagements.contract_type",
        "engagements.themes_mask",
        "engagements.ojt_slots",
        "engagements.slots_taken",
        "engagements.start_fiscal_year",
        "engagements.end_fiscal_year",
        "municipalities.name as municipality_name",
        "municipalities.population",
        "trainer.name as trainer_name",
      ])
      .orderBy("engagements.prefecture_code")
      .orderBy("engagements.id")
      .limit(ENGAGEMENT_BOARD_PAGE_SIZE)
      .offset(pageOffset(filter.page, ENGAGEMENT_BOARD_PAGE_SIZE))
      .execute(),
  ]);
  return {
    total,
    page: filter.page,
    pageCount: pageCount(total, ENGAGEMENT_BOARD_PAGE_SIZE),
    engagements: rows.map((r) => ({
      ...r,
      contract_type: r.contract_type as ContractType,
      themes: maskToThemes(r.themes_mask),
    })),
  };
}
