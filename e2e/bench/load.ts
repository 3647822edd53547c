import http from "node:http";

export type LoadResult = {
  connections: number;
  requests: number;
  errors: number;
  non2xx: number;
  seconds: number;
  rps: number;
  p50: number;
  p95: number;
  p99: number;
  bytes: number;
};

/**
 * A closed-loop load generator: `connections` keep-alive connections, each sending the next
 * request as soon as the previous answer is read, for `seconds`. Latencies are kept exactly
 * (no histogram buckets) so p95 is a true percentile.
 */
export async function runLoad(options: {
  url: string;
  connections: number;
  seconds: number;
  headers?: Record<string, string>;
  /** Keep-alive connections to reuse across calls (the caller destroys it); fresh ones by default. */
  agent?: http.Agent;
}): Promise<LoadSample> {
  const url = new URL(options.url);
  const agent = options.agent ?? new http.Agent({ keepAlive: true, maxSockets: options.connections });
  const latencies: number[] = [];
  let errors = 0;
  let non2xx = 0;
  let bytes = 0;
  const started = performance.now();
  const deadline = started + options.seconds * 1000;

  const once = () =>
    new Promise<void>((resolve) => {
      const t0 = performance.now();
      const req = http.request(
        {
          host: url.hostname,
          port: url.port,
          path: url.pathname + url.search,
          method: "GET",
          agent,
          headers: options.headers,
        },
        (res) => {
          res.on("data", (chunk: Buffer) => {
            bytes += chunk.length;
          });
          res.on("end", () => {
            latencies.push(performance.now() - t0);
            if (res.statusCode! < 200 || res.statusCode! >= 300) non2xx++;
            resolve();
          });
        },
      );
      req.on("error", () => {
        errors++;
        resolve();
      });
      req.end();
    });

  await Promise.all(
    Array.from({ length: options.connections }, async () => {
      while (performance.now() < deadline) await once();
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  if (!options.agent) agent.destroy();
  return { connections: options.connections, errors, non2xx, seconds, bytes, latencies };
}

/** One stretch of load: the raw latencies, to be combined with other stretches. */
export type LoadSample = Omit<LoadResult, "requests" | "rps" | "p50" | "p95" | "p99"> & { latencies: number[] };

/** Several stretches of load on one URL as one result: requests over time, exact percentiles. */
export function combine(samples: LoadSample[]): LoadResult {
  const latencies = samples.flatMap((s) => s.latencies).sort((a, b) => a - b);
  const seconds = samples.reduce((sum, s) => sum + s.seconds, 0);
  const pct = (p: number) => latencies[Math.min(latencies.length - 1, Math.floor((p / 100) * latencies.length))] ?? NaN;
  return {
    connections: samples[0]?.connections ?? 0,
    requests: latencies.length,
    errors: samples.reduce((sum, s) => sum + s.errors, 0),
    non2xx: samples.reduce((sum, s) => sum + s.non2xx, 0),
    seconds,
    rps: latencies.length / seconds,
    p50: pct(50),
    p95: pct(95),
    p99: pct(99),
    bytes: samples.reduce((sum, s) => sum + s.bytes, 0),
  };
}
