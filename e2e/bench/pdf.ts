import { performance } from "node:perf_hooks";
import { renderCertificatePdf } from "../../app/features/certification/certificate-pdf.server";
import type { CertificateRecord } from "../../app/features/certification/records.server";
import type { Issuer } from "../../app/features/issuer/issuer.server";

// Certificate PDFs generated per second on one process (issue 15): the renderer alone, on an
// in-memory certificate (no database: the ZIP and the download spend their time here). The
// first render is timed on its own (font files parsed, cold caches); then a warm-up, then
// `count` renders one after another. Alone: `npx tsx e2e/bench/pdf.ts` (BENCH_PDF_COUNT=…).

export type PdfBenchResult = {
  count: number;
  coldMs: number;
  msEach: number;
  p95Ms: number;
  pdfsPerSecond: number;
  bytesEach: number;
  rssDeltaMb: number;
};

const ISSUER: Issuer = {
  association_name: "特定非営利活動法人ITコーディネータ協会",
  registration_number: null,
  address: "東京都文京区本駒込二丁目28番16号",
  updated_at: "2026-11-30T00:00:00.000Z",
};

function certificate(i: number): CertificateRecord {
  const serial = i + 1;
  return {
    id: serial,
    number: `ITC-2026-${String(serial).padStart(5, "0")}-${(0xa1b2c3 + i * 7919).toString(16).toUpperCase().slice(-6)}`,
    programme_id: 2,
    programme_code: "ojt",
    subject_id: serial,
    holder_id: `user-${serial}`,
    // Names vary so each PDF embeds a different font subset, as real ones do.
    holder_name: `${["佐藤", "鈴木", "髙橋", "田中", "渡邉"][i % 5]} ${["美咲", "健太", "陽菜", "蓮", "結衣", "大翔"][i % 6]}`,
    programme_name: "自治体OJT",
    certificate_title: "自治体OJT 修了証",
    printed_facts: {
      OJT案件: "山形市 ITCアドバイザー業務委託",
      期間: "2026年6月1日〜2027年2月28日",
      承認時間: "64時間",
    },
    issued_on: "2027-04-01",
    issued_at: "2027-03-31T16:00:00.000Z",
    fiscal_year: 2027,
    serial,
    status: "valid",
    status_reason: null,
    status_reason_public: false,
    status_changed_at: null,
    status_list_index: i,
  };
}

export async function runPdfBench(
  options: { count?: number; warmup?: number; origin?: string } = {},
): Promise<PdfBenchResult> {
  const count = options.count ?? 100;
  const warmup = options.warmup ?? 5;
  const origin = options.origin ?? "https://training.example.jp";

  let start = performance.now();
  await renderCertificatePdf(certificate(0), ISSUER, origin);
  const coldMs = performance.now() - start;
  for (let i = 1; i <= warmup; i++) await renderCertificatePdf(certificate(i), ISSUER, origin);

  global.gc?.();
  const rssBefore = process.memoryUsage().rss;
  const times: number[] = [];
  let bytes = 0;
  start = performance.now();
  for (let i = 0; i < count; i++) {
    const t = performance.now();
    const pdf = await renderCertificatePdf(certificate(warmup + 1 + i), ISSUER, origin);
    times.push(performance.now() - t);
    bytes += pdf.byteLength;
  }
  const total = performance.now() - start;
  const rssDeltaMb = (process.memoryUsage().rss - rssBefore) / (1024 * 1024);
  times.sort((a, b) => a - b);
  return {
    count,
    coldMs,
    msEach: total / count,
    p95Ms: times[Math.min(times.length - 1, Math.floor(times.length * 0.95))]!,
    pdfsPerSecond: (count * 1000) / total,
    bytesEach: Math.round(bytes / count),
    rssDeltaMb,
  };
}

export function formatPdfBench(r: PdfBenchResult): string {
  return (
    `Certificate PDFs (one process, ${r.count} in a row): ${r.pdfsPerSecond.toFixed(1)} PDFs/s, ` +
    `${r.msEach.toFixed(1)} ms each (p95 ${r.p95Ms.toFixed(1)} ms), first ${r.coldMs.toFixed(0)} ms cold, ` +
    `${(r.bytesEach / 1024).toFixed(1)} kB each, RSS ${r.rssDeltaMb >= 0 ? "+" : ""}${r.rssDeltaMb.toFixed(1)} MB`
  );
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const result = await runPdfBench({ count: Number(process.env.BENCH_PDF_COUNT ?? 100) });
  console.log(formatPdfBench(result));
}
