import { execFileSync, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import http from "node:http";
import os from "node:os";
import path from "node:path";
import { sql } from "kysely";
import { openDatabase } from "../../app/db.server";
import { moveToPostgres } from "../../db/move-to-postgres";
import { migrateToLatest } from "../../db/migrate";
import { E2E_CREDENTIAL_SIGNING_KEY } from "../support/env";
import { root, sessionsIn, startApp, waitFor } from "./app";
import { combine, runLoad, type LoadResult, type LoadSample } from "./load";
import {
  checked,
  fmt,
  inTurns,
  measureInTurns,
  median,
  P95_TARGET,
  pct,
  ROUNDS,
  rs,
  SECONDS,
  THROUGHPUT_TARGET,
  WARMUP_SECONDS,
  type Endpoint,
  type Target,
} from "./measure";

// The PostgreSQL phase of `npm run bench` (issue 13, decision 0014): the ten-year fixture moved
// into a throwaway PostgreSQL cluster with the tested move (db/move-to-postgres.ts), then
//  1. the same pages against the floor on one app server (throughput at 32 connections, p95 at
//     8; the same targets as on SQLite), and
//  2. scaling: each page's throughput with one app server (32 connections) against two app
//     servers on the same database (16 connections on each, summed), in alternating turns,
//     with the CPU seconds the app processes and PostgreSQL spent per request, from which a
//     larger machine is projected.

const CLUSTER = path.join(root, "db/scripts/pg-test-cluster.sh");
const CLUSTER_PORT = Number(process.env.BENCH_PG_PORT ?? 5440);
const APP_PORTS = [0, 1].map(
  (i) => Number(process.env.BENCH_PG_APP_PORT ?? Number(process.env.BENCH_PORT_BASE ?? 3900) + 4) + i,
) as [number, number];
const DATABASE = "bench_10y";
// Cores of the larger machine the projection is printed for.
const PROJECTED_CORES = [8];

export function postgresAvailable(): boolean {
  try {
    execFileSync(CLUSTER, ["available"], { stdio: "ignore" });
    return true;
  } catch {
    return false;
  }
}

/** A fresh database with C collation (text sorts as in SQLite), migrated, holding the fixture. */
async function loadFixture(adminUrl: string, fixtureFile: string): Promise<string> {
  const started = performance.now();
  const admin = openDatabase(adminUrl, { poolSize: 1 });
  try {
    await sql`DROP DATABASE IF EXISTS ${sql.id(DATABASE)} WITH (FORCE)`.execute(admin);
    await sql`CREATE DATABASE ${sql.id(DATABASE)} TEMPLATE template0 ENCODING 'UTF8' LC_COLLATE 'C' LC_CTYPE 'C'`.execute(
      admin,
    );
  } finally {
    await admin.destroy();
  }
  const url = new URL(adminUrl);
  url.pathname = `/${DATABASE}`;
  const source = openDatabase(fixtureFile);
  const target = openDatabase(url.toString(), { poolSize: 2 });
  try {
    await migrateToLatest(target);
    // The fixture's own marker table (run.ts) moves along with the rest.
    await sql`CREATE TABLE bench_meta (version INTEGER NOT NULL)`.execute(target);
    const tables = await moveToPostgres(source, target);
    // Fresh statistics, as a live database would have after autovacuum.
    await sql`ANALYZE`.execute(target);
    const rows = tables.reduce((sum, t) => sum + t.rows, 0);
    console.log(
      `postgres: fixture moved (${rows} rows in ${tables.length} tables, verified) in ${((performance.now() - started) / 1000).toFixed(1)} s`,
    );
  } finally {
    await source.destroy();
    await target.destroy();
  }
  return url.toString();
}

/** CPU seconds a process has used (user + system), from /proc/<pid>/stat; children reaped included when asked. */
function cpuSeconds(pid: number, withReapedChildren = false): number {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, "utf8");
    // Fields after the command name (which may contain spaces) start at field 3.
    const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    const [utime, stime, cutime, cstime] = [11, 12, 13, 14].map((i) => Number(fields[i]));
    const ticks = utime! + stime! + (withReapedChildren ? cutime! + cstime! : 0);
    return ticks / 100; // USER_HZ is 100 on Linux
  } catch {
    return 0; // the process has gone
  }
}

/** CPU seconds of a process tree one level deep: the process, its exited children and its live ones. */
function treeCpu(pid: number): number {
  let total = cpuSeconds(pid, true);
  for (const entry of fs.readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = fs.readFileSync(`/proc/${entry}/stat`, "utf8");
      const ppid = Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[1]);
      if (ppid === pid) total += cpuSeconds(Number(entry));
    } catch {
      /* gone meanwhile */
    }
  }
  return total;
}

/** PostgreSQL's CPU seconds: the postmaster and its backends. */
function postgresCpu(): number {
  return treeCpu(Number(fs.readFileSync(`/tmp/itc-pg-${CLUSTER_PORT}/data/postmaster.pid`, "utf8").split("\n")[0]));
}

type Cpu = { app: number; postgres: number };

function cpuNow(apps: ChildProcess[]): Cpu {
  // An app server is a cluster (app/server.ts): its primary and worker processes.
  return { app: apps.reduce((sum, a) => sum + treeCpu(a.pid!), 0), postgres: postgresCpu() };
}

type Scaling = {
  one: LoadResult;
  /** Both servers' requests over the same seconds: the summed throughput. */
  two: { rps: number; requests: number; p95: number };
  /** CPU milliseconds per request, over both modes. */
  cpuPerRequest: { appMs: number; postgresMs: number };
};

/**
 * One endpoint on one server (32 connections) against two servers (16 + 16 at the same time),
 * in alternating turns; CPU of the app servers and PostgreSQL counted around every turn.
 */
async function measureScaling(e: Endpoint, urls: [string, string], apps: ChildProcess[]): Promise<Scaling> {
  const agents = [32, 16, 16].map((n) => new http.Agent({ keepAlive: true, maxSockets: n }));
  const runs = [
    { url: urls[0], connections: 32, agent: agents[0]! },
    { url: urls[0], connections: 16, agent: agents[1]! },
    { url: urls[1], connections: 16, agent: agents[2]! },
  ];
  const load = (r: (typeof runs)[number], seconds: number) =>
    runLoad({ url: r.url, connections: r.connections, seconds, headers: e.headers, agent: r.agent });
  try {
    await load(runs[0]!, WARMUP_SECONDS);
    await Promise.all([load(runs[1]!, WARMUP_SECONDS), load(runs[2]!, WARMUP_SECONDS)]);
    const one: LoadSample[] = [];
    const two: [LoadSample[], LoadSample[]] = [[], []];
    const cpu: Cpu = { app: 0, postgres: 0 };
    await inTurns(2, async (k, seconds) => {
      const before = cpuNow(apps);
      if (k === 0) one.push(await load(runs[0]!, seconds));
      else {
        const [a, b] = await Promise.all([load(runs[1]!, seconds), load(runs[2]!, seconds)]);
        two[0].push(a);
        two[1].push(b);
      }
      const after = cpuNow(apps);
      cpu.app += after.app - before.app;
      cpu.postgres += after.postgres - before.postgres;
    });
    const [a, b] = two.map((samples) => checked({ ...e, name: `${e.name} (two servers)` }, samples)) as [
      LoadResult,
      LoadResult,
    ];
    const oneResult = checked(e, one);
    const requests = oneResult.requests + a.requests + b.requests;
    return {
      one: oneResult,
      two: { rps: a.rps + b.rps, requests: a.requests + b.requests, p95: combine([...two[0], ...two[1]]).p95 },
      cpuPerRequest: { appMs: (cpu.app / requests) * 1000, postgresMs: (cpu.postgres / requests) * 1000 },
    };
  } finally {
    for (const agent of agents) agent.destroy();
  }
}

type PostgresRound = {
  floor8: LoadResult;
  page8: LoadResult;
  floor32: LoadResult;
  page32: LoadResult;
  floorScaling: Scaling;
  pageScaling: Scaling;
};

export type PostgresSummary = { failed: number; results: Record<string, unknown> };

/**
 * What a larger deployment would give, from the CPU seconds per request measured here (a = app
 * server processes, p = PostgreSQL), assuming CPU is what runs out (this machine's disk and
 * network are not the limit for these read pages):
 * - one N-core machine running both: every request costs a + p core-seconds, so it serves
 *   N / (a + p) requests a second;
 * - app servers on their own N-core hosts (an app server is a cluster using every core) and
 *   PostgreSQL on another N-core host: k hosts serve min(k · N / a, N / p) — each host adds
 *   N / a until PostgreSQL's share saturates at N / p, i.e. at k = a / p hosts; two hosts give
 *   min(2N / a, N / p) / min(N / a, N / p) times one.
 * The load generator's CPU is left out of a and p; on this 2-core machine it shares the cores
 * with both, which is why two servers here cannot gain over one.
 */
export function project(cores: number, appMs: number, postgresMs: number) {
  const [a, p] = [appMs / 1000, postgresMs / 1000];
  const hosts = (k: number) => Math.min((k * cores) / a, cores / p);
  return {
    cores,
    oneMachine: cores / (a + p),
    perAppHost: cores / a,
    postgresCap: cores / p,
    appHostsUntilPostgresSaturates: a / p,
    twoHostsOverOne: hosts(2) / hosts(1),
  };
}

export async function runPostgresBench(options: {
  fixtureFile: string;
  floor: Target;
  targets: Target[];
  viewers: Record<string, string>;
}): Promise<PostgresSummary> {
  const adminUrl = execFileSync(CLUSTER, ["start", String(CLUSTER_PORT)], { encoding: "utf8" }).trim();
  const apps: ChildProcess[] = [];
  const rounds: Array<Record<string, PostgresRound>> = [];
  try {
    const databaseUrl = await loadFixture(adminUrl, options.fixtureFile);
    const list = await sessionsIn(databaseUrl, Object.values(options.viewers));
    const cookies = Object.fromEntries(Object.keys(options.viewers).map((k, i) => [k, list[i]!]));
    for (const port of APP_PORTS)
      apps.push(
        startApp("unused-on-postgres.db", port, {
          DATABASE_URL: databaseUrl,
          CREDENTIAL_SIGNING_KEY: E2E_CREDENTIAL_SIGNING_KEY,
        }),
      );
    for (const [i, port] of APP_PORTS.entries()) await waitFor(`http://127.0.0.1:${port}/healthz`, apps[i]!);
    const at = (t: Target, server = 0): Endpoint => ({
      name: `${t.name} (postgres)`,
      url: `http://127.0.0.1:${APP_PORTS[server]}${t.path}`,
      headers: { Cookie: cookies[t.as]! },
    });
    const urls = (t: Target) => [at(t, 0).url, at(t, 1).url] as [string, string];

    for (let round = 0; round < ROUNDS; round++) {
      const results: Record<string, PostgresRound> = {};
      for (const target of options.targets) {
        const [floor8, page8] = await measureInTurns([at(options.floor), at(target)], 8);
        const [floor32, page32] = await measureInTurns([at(options.floor), at(target)], 32);
        const floorScaling = await measureScaling(at(options.floor), urls(options.floor), apps);
        const pageScaling = await measureScaling(at(target), urls(target), apps);
        results[target.name] = {
          floor8: floor8!,
          page8: page8!,
          floor32: floor32!,
          page32: page32!,
          floorScaling,
          pageScaling,
        };
      }
      rounds.push(results);
      console.log(`postgres: round ${round + 1} of ${ROUNDS} done`);
    }
  } finally {
    for (const app of apps) app.kill("SIGTERM");
    await Promise.all(apps.map((app) => (app.exitCode === null ? new Promise((r) => app.once("exit", r)) : null)));
    execFileSync(CLUSTER, ["stop", String(CLUSTER_PORT)], { stdio: "ignore" });
  }
  return report(options.floor, options.targets, rounds);
}

function report(floor: Target, targets: Target[], rounds: Array<Record<string, PostgresRound>>): PostgresSummary {
  let failed = 0;
  const pages: Array<Record<string, unknown>> = [];
  console.log(
    `\nPostgreSQL (${ROUNDS} round(s) of ${SECONDS} s per measurement after ${WARMUP_SECONDS} s warm-up; one app server unless said; medians over rounds)\n`,
  );
  console.log(
    "page                       audience   req/s@32  vs floor (rounds)     target  p95@8 ms  vs floor p95  target    2 servers  vs floor  2/1 servers (rounds)  CPU ms/req app + pg",
  );
  const all = rounds.flatMap((r) => Object.values(r));
  const floorScaling = all.map((x) => x.floorScaling.two.rps / x.floorScaling.one.rps);
  console.log(
    `${floor.name.padEnd(34)}  ${fmt(median(all.map((x) => x.floor32.rps)), 0)}   100 %                         ${fmt(median(all.map((x) => x.floor8.p95)))}                         ${fmt(median(all.map((x) => x.floorScaling.two.rps)), 0)}     100 %  ${`${median(floorScaling).toFixed(2)}×`.padStart(6)} ${rs(floorScaling)} ${cpuText(all.map((x) => x.floorScaling))}`,
  );
  for (const target of targets) {
    const per = rounds.map((r) => r[target.name]!);
    const throughput = per.map((x) => x.page32.rps / x.floor32.rps);
    const p95 = per.map((x) => x.page8.p95 / x.floor8.p95);
    const twoServers = per.map((x) => x.pageScaling.two.rps / x.floorScaling.two.rps);
    const scaling = per.map((x) => x.pageScaling.two.rps / x.pageScaling.one.rps);
    const m = {
      throughput: median(throughput),
      p95: median(p95),
      twoServers: median(twoServers),
      scaling: median(scaling),
    };
    const ok = { throughput: m.throughput >= THROUGHPUT_TARGET[target.audience], p95: m.p95 <= P95_TARGET };
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
        fmt(median(per.map((x) => x.pageScaling.two.rps)), 0),
        `   ${pct(m.twoServers).padStart(5)}`,
        ` ${`${m.scaling.toFixed(2)}×`.padStart(6)} ${rs(scaling)}`,
        cpuText(per.map((x) => x.pageScaling)),
      ].join(" "),
    );
    pages.push({
      page: target.name,
      audience: target.audience,
      ratios: m,
      throughput,
      p95,
      twoServers,
      scaling,
      rounds: per,
    });
  }

  // The projection from every measured request together (floor and pages alike).
  const scalings = all.flatMap((x) => [x.floorScaling, x.pageScaling]);
  const appMs = median(scalings.map((s) => s.cpuPerRequest.appMs));
  const postgresMs = median(scalings.map((s) => s.cpuPerRequest.postgresMs));
  const overall = median(all.map((x) => x.pageScaling.two.rps / x.pageScaling.one.rps));
  const projections = PROJECTED_CORES.map((n) => project(n, appMs, postgresMs));
  console.log(
    `\nScaling on this machine (${os.availableParallelism()} cores, load generator included): two app servers give ${overall.toFixed(2)}× one server's throughput (median over pages).`,
  );
  console.log(
    `Projection from CPU per request (app ${appMs.toFixed(2)} ms + PostgreSQL ${postgresMs.toFixed(2)} ms; formulas in postgres.ts): ` +
      projections
        .map(
          (p) =>
            `${p.cores} cores: one machine ≈ ${Math.round(p.oneMachine)} req/s; app hosts of ${p.cores} cores add ≈ ${Math.round(p.perAppHost)} req/s each ` +
            `until PostgreSQL on ${p.cores} cores saturates at ≈ ${Math.round(p.postgresCap)} req/s (${p.appHostsUntilPostgresSaturates.toFixed(1)} hosts; two hosts ${p.twoHostsOverOne.toFixed(2)}× one)`,
        )
        .join("; "),
  );
  return {
    failed,
    results: {
      pages,
      scalingTwoOverOne: overall,
      cpuPerRequestMs: { app: appMs, postgres: postgresMs },
      projections,
    },
  };
}

function cpuText(scalings: Scaling[]): string {
  const app = median(scalings.map((s) => s.cpuPerRequest.appMs));
  const postgres = median(scalings.map((s) => s.cpuPerRequest.postgresMs));
  return `${app.toFixed(2).padStart(6)} + ${postgres.toFixed(2)}`;
}
