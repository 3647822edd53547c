import { fork, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import SQLite from "better-sqlite3";
import { migrateToLatest } from "../../db/migrate";
import { openDatabase } from "../../app/db.server";
import { BENCH_IDS, buildBenchFixture, FIXTURE_VERSION } from "../../db/seed/bench-fixture";
import { formatPdfBench, runPdfBench } from "./pdf";
import type { LoadResult } from "./load";
import { root, sessionsFor, startApp, waitFor } from "./app";
import {
  fmt,
  measure,
  measureInTurns,
  median,
  P95_TARGET,
  pct,
  ROUNDS,
  rs,
  SECONDS,
  SLICES,
  THROUGHPUT_TARGET,
  WARMUP_SECONDS,
  type Endpoint,
  type Target,
} from "./measure";
import { postgresAvailable, runPostgresBench, type PostgresSummary } from "./postgres";
import { runRush, type RushResult } from "./rush";
import { runWeightBench } from "./weight";

// `npm run bench`: builds (or reuses) two fixtures — ten fiscal years of history and a
// one-year twin with the same people and the same current year — starts the production
// build on each, and measures every page against the app's floor (/help: the layout and the
// session lookup) in one run: throughput at 32 connections and p95 at 8, and the page's
// throughput on ten years against one year. Then the enrolment rush: 1,000 trainees enrol
// into five cohorts at 50 a second (open loop). Then, when PostgreSQL is installed, the same
// pages on PostgreSQL with one and with two app servers (postgres.ts). Prints tables; writes
// e2e/.tmp/bench-results.json. Targets are ratios, since this shared machine's speed drifts.

const tmp = path.join(root, "e2e/.tmp");
// BENCH_PORT_BASE moves every port the bench listens on (base+1 … base+5), so two checkouts can
// measure on one machine.
const PORT_BASE = Number(process.env.BENCH_PORT_BASE ?? 3900);
const TEN_YEARS = { file: path.join(tmp, "bench-10y.db"), years: 10, port: PORT_BASE + 1 };
const ONE_YEAR = { file: path.join(tmp, "bench-1y.db"), years: 1, port: PORT_BASE + 3 };
const BARE_PORT = PORT_BASE + 2;
// Comma-separated parts of page names to measure (e.g. "roster"); all pages when unset.
// "rush" selects the enrolment rush; "pages" all pages without it; "postgres" the PostgreSQL
// phase (postgres.ts), with all pages unless page names are given too.
const PAGES = (process.env.BENCH_PAGES ?? "").split(",").filter(Boolean);
const PAGE_PARTS = PAGES.filter((part) => part !== "postgres");
const selected = (name: string) => PAGE_PARTS.length === 0 || PAGE_PARTS.some((part) => name.includes(part));
const SQLITE_PHASE = PAGES.length === 0 || PAGE_PARTS.some((part) => part !== "weight");
const POSTGRES_PHASE = PAGES.length === 0 || PAGES.includes("postgres");

const HISTORY_TARGET = 0.8; // ten years' throughput at least 80 % of one year's

async function ensureFixture(fixture: { file: string; years: number }) {
  fs.mkdirSync(tmp, { recursive: true });
  if (fs.existsSync(fixture.file)) {
    const sqlite = new SQLite(fixture.file, { readonly: true });
    const version = (() => {
      try {
        return (sqlite.prepare("SELECT version FROM bench_meta").get() as { version: number } | undefined)?.version;
      } catch {
        return undefined;
      }
    })();
    sqlite.close();
    if (version === FIXTURE_VERSION) {
      // Migrations added since the fixture was built still apply.
      const db = openDatabase(fixture.file);
      await migrateToLatest(db);
      await db.destroy();
      console.log(`fixture: reusing ${path.relative(root, fixture.file)}`);
      return;
    }
  }
  for (const suffix of ["", "-wal", "-shm"]) fs.rmSync(fixture.file + suffix, { force: true });
  const started = performance.now();
  await buildBenchFixture(
    fixture.file,
    async (file) => {
      const db = openDatabase(file);
      await migrateToLatest(db);
      await db.destroy();
    },
    fixture.years,
  );
  const sqlite = new SQLite(fixture.file);
  sqlite.exec(
    `CREATE TABLE bench_meta (version INTEGER NOT NULL); INSERT INTO bench_meta VALUES (${FIXTURE_VERSION});`,
  );
  sqlite.close();
  console.log(`fixture: ${fixture.years} year(s) built in ${((performance.now() - started) / 1000).toFixed(1)} s`);
}

function one(dbFile: string, sql: string): unknown {
  const sqlite = new SQLite(dbFile, { readonly: true });
  try {
    return sqlite.prepare(sql).pluck().get();
  } finally {
    sqlite.close();
  }
}

function counts(dbFile: string) {
  const tables = [
    "users",
    "courses",
    "cohorts",
    "cohort_sessions",
    "enrollments",
    "attendance",
    "municipalities",
    "engagements",
    "ojt_applications",
    "ojt_placements",
    "ojt_log_entries",
  ];
  return Object.fromEntries(tables.map((t) => [t, one(dbFile, `SELECT count(*) FROM ${t}`) as number]));
}

type PageRound = {
  floor8: LoadResult;
  page8: LoadResult;
  floor32: LoadResult;
  page32: LoadResult;
  oneYear32: LoadResult;
};

async function main() {
  await ensureFixture(TEN_YEARS);
  if (SQLITE_PHASE) await ensureFixture(ONE_YEAR);
  const rows = { tenYears: counts(TEN_YEARS.file), oneYear: SQLITE_PHASE ? counts(ONE_YEAR.file) : undefined };
  console.log("fixture rows (10 years):", rows.tenYears);
  if (rows.oneYear) console.log("fixture rows (1 year):  ", rows.oneYear);

  // The measured placement (500 log entries) is viewed by its trainee; its trainer opens the
  // list of entries waiting for approval (the same ids in both fixtures).
  const placementId = one(TEN_YEARS.file, "SELECT min(id) FROM ojt_placements WHERE status = 'active'") as number;
  const placementTrainee = one(TEN_YEARS.file, `SELECT trainee_id FROM ojt_placements WHERE id = ${placementId}`);
  const placementTrainer = one(TEN_YEARS.file, `SELECT trainer_id FROM ojt_placements WHERE id = ${placementId}`);
  const viewers = {
    trainee: BENCH_IDS.trainee,
    staff: BENCH_IDS.staff,
    placementTrainee: String(placementTrainee),
    placementTrainer: String(placementTrainer),
  };
  const cookieSets = (SQLITE_PHASE ? [TEN_YEARS, ONE_YEAR] : []).map((f) => {
    const list = sessionsFor(f.file, Object.values(viewers));
    return Object.fromEntries(Object.keys(viewers).map((k, i) => [k, list[i]!])) as Record<string, string>;
  });

  const floorTarget: Target = {
    name: "floor: /help (layout + session)",
    path: "/help",
    as: "trainee",
    audience: "public",
  };
  const targets: Target[] = (
    [
      { name: "catalog search", path: "/courses?q=" + encodeURIComponent("自治体"), as: "trainee", audience: "public" },
      { name: "course page", path: `/courses/${BENCH_IDS.course}`, as: "trainee", audience: "public" },
      { name: "my training", path: "/my/training", as: "trainee", audience: "public" },
      { name: "placement page", path: `/placements/${placementId}`, as: "placementTrainee", audience: "public" },
      { name: "staff roster", path: `/staff/cohorts/${BENCH_IDS.rosterCohort}`, as: "staff", audience: "work" },
      { name: "OJT matching board", path: "/staff/matching", as: "staff", audience: "work" },
      { name: "trainer approvals", path: "/trainer/approvals", as: "placementTrainer", audience: "work" },
    ] satisfies Target[]
  ).filter((t) => PAGE_PARTS.length === 0 || PAGE_PARTS.includes("pages") || selected(t.name));

  const rounds: Array<Record<string, PageRound>> = [];
  const bareResults: Record<number, LoadResult> = {};
  let rush: RushResult | undefined;
  let queueMissed = false;
  if (SQLITE_PHASE) {
    const tenYears = startApp(TEN_YEARS.file, TEN_YEARS.port);
    const oneYear = startApp(ONE_YEAR.file, ONE_YEAR.port);
    const at = (fixture: 0 | 1, t: Target): Endpoint => ({
      name: `${t.name} (${fixture === 0 ? 10 : 1}y)`,
      url: `http://127.0.0.1:${fixture === 0 ? TEN_YEARS.port : ONE_YEAR.port}${t.path}`,
      headers: { Cookie: cookieSets[fixture]![t.as]! },
    });
    let bare: ChildProcess | undefined;
    try {
      await waitFor(`http://127.0.0.1:${TEN_YEARS.port}/healthz`, tenYears);
      await waitFor(`http://127.0.0.1:${ONE_YEAR.port}/healthz`, oneYear);
      // The bare reference serves exactly the bytes of the floor page.
      const floorBody = await (
        await fetch(at(0, floorTarget).url, { headers: at(0, floorTarget).headers })
      ).arrayBuffer();
      const bodyFile = path.join(tmp, "floor.html");
      fs.writeFileSync(bodyFile, Buffer.from(floorBody));
      bare = fork(path.join(import.meta.dirname, "bare-server.ts"), [bodyFile, String(BARE_PORT)], {
        execArgv: ["--import", "tsx"],
        stdio: "ignore",
      });
      await new Promise<void>((resolve) => bare!.once("message", () => resolve()));
      const bareEndpoint = { name: "bare", url: `http://127.0.0.1:${BARE_PORT}/`, headers: {} };
      if (targets.length) for (const c of [8, 32]) bareResults[c] = await measure(bareEndpoint, c);

      for (let round = 0; round < ROUNDS && targets.length; round++) {
        const results: Record<string, PageRound> = {};
        for (const target of targets) {
          const [floor8, page8] = await measureInTurns([at(0, floorTarget), at(0, target)], 8);
          const [floor32, page32, oneYear32] = await measureInTurns(
            [at(0, floorTarget), at(0, target), at(1, target)],
            32,
          );
          results[target.name] = {
            floor8: floor8!,
            page8: page8!,
            floor32: floor32!,
            page32: page32!,
            oneYear32: oneYear32!,
          };
        }
        rounds.push(results);
        console.log(`round ${round + 1} of ${ROUNDS} done`);
      }

      if (PAGES.length === 0 || PAGE_PARTS.includes("queue")) {
        // The certification queue evaluates every candidate of a programme (about 14,000
        // basic-course enrolments in the 10-year fixture): hundreds of milliseconds a page, so
        // the 8/32-connection slices above would cut requests off mid-flight. One connection,
        // in turns with the floor, instead.
        const queuePage: Target = {
          name: "certification queue",
          path: "/staff/certification?programme=1",
          as: "staff",
          audience: "work",
        };
        const sequential = async (e: Endpoint, seconds: number) => {
          let n = 0;
          const started = performance.now();
          while (performance.now() - started < seconds * 1000) {
            const response = await fetch(e.url, { headers: e.headers });
            await response.arrayBuffer();
            if (!response.ok) throw new Error(`${e.name}: HTTP ${response.status}`);
            n++;
          }
          return { n, ms: performance.now() - started };
        };
        const floor = { n: 0, ms: 0 };
        const page = { n: 0, ms: 0 };
        await sequential(at(0, queuePage), 1);
        for (let i = 0; i < SLICES; i++) {
          for (const [e, sum] of i % 2
            ? ([
                [at(0, queuePage), page],
                [at(0, floorTarget), floor],
              ] as const)
            : ([
                [at(0, floorTarget), floor],
                [at(0, queuePage), page],
              ] as const)) {
            const r = await sequential(e, SECONDS / SLICES);
            sum.n += r.n;
            sum.ms += r.ms;
          }
        }
        const candidates = one(
          TEN_YEARS.file,
          "SELECT count(*) FROM enrollments e JOIN cohorts c ON c.id = e.cohort_id JOIN courses k ON k.id = c.course_id WHERE k.kind = 'basic_municipal' AND e.status = 'enrolled'",
        );
        const ratio = page.n / page.ms / (floor.n / floor.ms);
        const ok = ratio >= THROUGHPUT_TARGET.work;
        queueMissed = !ok;
        console.log(
          `\nCertification queue over ${String(candidates)} candidates (10y, one connection): ${(page.ms / page.n).toFixed(0)} ms a page, ` +
            `${((page.n / page.ms) * 1000).toFixed(1)} req/s = ${pct(ratio)} of the floor's ${((floor.n / floor.ms) * 1000).toFixed(0)} req/s ` +
            `(target ≥ ${pct(THROUGHPUT_TARGET.work)}) — ${ok ? "ok" : "MISSED"}`,
        );
      }

      if (PAGES.length === 0 || PAGE_PARTS.includes("rush")) {
        // The floor's p95 at 8 connections, measured right before the rush, is its yardstick.
        const [floor8] = await measureInTurns([at(0, floorTarget)], 8);
        tenYears.kill("SIGTERM");
        rush = await runRush({ fixtureFile: TEN_YEARS.file, tmp, port: TEN_YEARS.port, floorP95: floor8!.p95 });
      }
    } finally {
      tenYears.kill("SIGTERM");
      oneYear.kill("SIGTERM");
      bare?.kill("SIGTERM");
    }
  }

  let failed = queueMissed ? 1 : 0;
  const summary: Array<Record<string, unknown>> = [];
  if (rounds.length) {
    console.log(
      `\nPages (${ROUNDS} round(s) of ${SECONDS} s per measurement after ${WARMUP_SECONDS} s warm-up, in one-second turns with the floor; medians over rounds; node ${process.version})\n`,
    );
    console.log(
      "page                       audience   req/s@32  vs floor (rounds)     target  p95@8 ms  vs floor p95  target   10y/1y (rounds)      target",
    );
    for (const c of [8, 32]) {
      const b = bareResults[c]!;
      console.log(`reference: bare node:http at ${c}: ${fmt(b.rps, 0)} req/s, p95 ${b.p95.toFixed(1)} ms`);
    }
    const floors32 = rounds.flatMap((r) => Object.values(r).map((x) => x.floor32));
    const floors8 = rounds.flatMap((r) => Object.values(r).map((x) => x.floor8));
    console.log(
      `${floorTarget.name.padEnd(34)}  ${fmt(median(floors32.map((r) => r.rps)), 0)}   100 %                         ${fmt(median(floors8.map((r) => r.p95)))}`,
    );
    for (const target of targets) {
      const per = rounds.map((r) => r[target.name]!);
      const throughput = per.map((x) => x.page32.rps / x.floor32.rps);
      const p95 = per.map((x) => x.page8.p95 / x.floor8.p95);
      const history = per.map((x) => x.page32.rps / x.oneYear32.rps);
      const m = { throughput: median(throughput), p95: median(p95), history: median(history) };
      const ok = {
        throughput: m.throughput >= THROUGHPUT_TARGET[target.audience],
        p95: m.p95 <= P95_TARGET,
        history: m.history >= HISTORY_TARGET,
      };
      failed += Object.values(ok).filter((x) => !x).length;
      console.log(
        [
          target.name.padEnd(26),
          target.audience.padEnd(8),
          fmt(median(per.map((x) => x.page32.rps)), 0),
          `  ${pct(m.throughput).padStart(5)} ${rs(throughput)}`,
          `≥${pct(THROUGHPUT_TARGET[target.audience])} ${ok.throughput ? "ok" : "MISSED"}`.padEnd(12),
          fmt(median(per.map((x) => x.page8.p95))),
          `  ${m.p95.toFixed(2)}×`.padStart(12),
          `  ≤${P95_TARGET}× ${ok.p95 ? "ok" : "MISSED"}`.padEnd(13),
          `${pct(m.history).padStart(5)} ${rs(history)}`,
          `≥${pct(HISTORY_TARGET)} ${ok.history ? "ok" : "MISSED"}`,
        ].join(" "),
      );
      summary.push({ page: target.name, audience: target.audience, ratios: m, throughput, p95, history, rounds: per });
    }
  }
  if (rush) {
    const ok = rush.errors === 0 && rush.problems.length === 0 && rush.p95 <= 5 * rush.floorP95;
    if (!ok) failed++;
    console.log(
      `\nEnrolment rush: ${rush.requests} trainees into ${rush.cohorts} cohorts at ${rush.ratePerSecond}/s (open loop, ${rush.processes} processes): ` +
        `${rush.errors} errors; enrolled ${rush.enrolled}, waitlisted ${rush.waitlisted}; ` +
        `p50 ${rush.p50.toFixed(1)} ms, p95 ${rush.p95.toFixed(1)} ms = ${(rush.p95 / rush.floorP95).toFixed(2)}× the floor's p95 (${rush.floorP95.toFixed(1)} ms; target ≤ 5×); ` +
        (rush.problems.length
          ? `PROBLEMS: ${rush.problems.join("; ")}`
          : "every seat taken once, waitlists in arrival order") +
        (ok ? " — ok" : " — MISSED"),
    );
  }
  // The same pages on PostgreSQL, with one and with two app servers (postgres.ts).
  let postgres: PostgresSummary | undefined;
  if (POSTGRES_PHASE && targets.length) {
    if (postgresAvailable()) {
      postgres = await runPostgresBench({ fixtureFile: TEN_YEARS.file, floor: floorTarget, targets, viewers });
      failed += postgres.failed;
    } else
      console.log("\nPostgreSQL is not installed (db/scripts/pg-test-cluster.sh available): its phase is skipped.");
  }
  const out = path.join(tmp, "bench-results.json");
  fs.writeFileSync(
    out,
    JSON.stringify(
      {
        at: new Date().toISOString(),
        seconds: SECONDS,
        rounds: ROUNDS,
        rows,
        bare: bareResults,
        summary,
        rush,
        postgres: postgres?.results,
      },
      null,
      2,
    ),
  );
  console.log(
    `\n${failed === 0 ? "All targets met." : `${failed} target(s) missed.`} Results in ${path.relative(root, out)}`,
  );
}

// Then certificate PDFs per second on one process (pdf.ts), and the page weight of a first
// visit in a real browser (weight.ts); BENCH_PAGES=pdf or =weight measures only that.
const ONLY_SIDE_PARTS = PAGES.length > 0 && PAGES.every((part) => part === "weight" || part === "pdf");
if (!ONLY_SIDE_PARTS) await main();
if (PAGES.length === 0 || PAGES.includes("pdf")) {
  console.log(`\n${formatPdfBench(await runPdfBench())}`);
}
if (PAGES.length === 0 || PAGES.includes("weight")) await runWeightBench();
