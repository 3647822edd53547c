import http from "node:http";
import { combine, runLoad, type LoadResult, type LoadSample } from "./load";

// What the page benchmarks share (run.ts on SQLite, postgres.ts on PostgreSQL): the run's
// settings, the targets, and measuring endpoints in turns with the floor page.

export const SECONDS = Number(process.env.BENCH_SECONDS ?? 5);
export const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
export const WARMUP_SECONDS = 1.5;
// Each measurement is split into slices of about a second, alternating with the floor's.
export const SLICES = Math.max(1, Math.round(SECONDS));

/** Who opens a page: trainees and the public (≥ 50 % of the floor) or staff and trainers at work (≥ 30 %). */
export type Audience = "public" | "work";
export type Target = { name: string; path: string; as: string; audience: Audience };
export const THROUGHPUT_TARGET: Record<Audience, number> = { public: 0.5, work: 0.3 };
export const P95_TARGET = 3; // × the floor's p95 at 8 connections

export type Endpoint = { name: string; url: string; headers: Record<string, string>; agent?: http.Agent };

export function checked(e: Endpoint, samples: LoadSample[]): LoadResult {
  const result = combine(samples);
  if (result.errors || result.non2xx)
    throw new Error(`${e.name}: ${result.errors} errors, ${result.non2xx} non-2xx responses`);
  return result;
}

/** One endpoint alone (the bare reference). */
export async function measure(e: Endpoint, connections: number): Promise<LoadResult> {
  await runLoad({ url: e.url, connections, seconds: WARMUP_SECONDS, headers: e.headers });
  return checked(e, [await runLoad({ url: e.url, connections, seconds: SECONDS, headers: e.headers })]);
}

/**
 * Several endpoints in turns of about a second (a b c, c b a, a b c, …), so that all of them
 * see the same moments of this shared machine, whose speed drifts within seconds; each one's
 * slices are then combined into one result. Each keeps its connections open from warm-up to
 * the last slice: opening 32 new ones every second would measure connection set-up.
 */
export async function measureInTurns(endpoints: Endpoint[], connections: number): Promise<LoadResult[]> {
  const kept = endpoints.map((e) => ({ ...e, agent: new http.Agent({ keepAlive: true, maxSockets: connections }) }));
  try {
    for (const e of kept)
      await runLoad({ url: e.url, connections, seconds: WARMUP_SECONDS, headers: e.headers, agent: e.agent });
    const samples = kept.map(() => [] as LoadSample[]);
    await inTurns(kept.length, async (k, seconds) => {
      const e = kept[k]!;
      samples[k]!.push(await runLoad({ url: e.url, connections, seconds, headers: e.headers, agent: e.agent }));
    });
    return kept.map((e, k) => checked(e, samples[k]!));
  } finally {
    for (const e of kept) e.agent.destroy();
  }
}

/** Runs `count` measurements in alternating turns (0 1 2, 2 1 0, …) of SECONDS / SLICES each. */
export async function inTurns(count: number, turn: (k: number, seconds: number) => Promise<void>): Promise<void> {
  const slice = SECONDS / SLICES;
  for (let i = 0; i < SLICES; i++) {
    const order = Array.from({ length: count }, (_, k) => k);
    if (i % 2) order.reverse();
    for (const k of order) await turn(k, slice);
  }
}

export const fmt = (n: number, digits = 1) => n.toFixed(digits).padStart(8);
export const pct = (x: number) => `${Math.round(x * 100)} %`;
export const median = (xs: number[]) => {
  const sorted = [...xs].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
};
/** Per-round ratios as whole percentages: "(52/48/50)". */
export const rs = (xs: number[]) => `(${xs.map((x) => Math.round(x * 100)).join("/")})`.padEnd(14);
