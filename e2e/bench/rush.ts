import fs from "node:fs";
import http from "node:http";
import path from "node:path";
import SQLite from "better-sqlite3";
import { addDays, fiscalYearOf, todayInTokyo } from "../../app/lib/dates";
import { sessionsFor, startApp, waitFor } from "./app";

// The enrolment rush when a popular cohort opens: 1,000 distinct trainees enrol into five
// cohorts of 150 seats, arriving at 50 a second whatever the server's answers (open loop: a
// closed loop would slow its arrivals down with the server and hide the queueing). Then the
// database is checked: every seat taken exactly once, the rest waitlisted in arrival order.

const TRAINEES = 1000;
const COHORTS = 5;
const CAPACITY = 150;
const RATE = 50;

export type RushResult = {
  requests: number;
  cohorts: number;
  ratePerSecond: number;
  processes: string;
  errors: number;
  enrolled: number;
  waitlisted: number;
  p50: number;
  p95: number;
  p99: number;
  floorP95: number;
  problems: string[];
};

/** A copy of the fixture with a new course of five cohorts whose enrolment opens today. */
async function prepare(fixtureFile: string, file: string) {
  const source = new SQLite(fixtureFile, { readonly: true });
  await source.backup(file);
  source.close();
  const sqlite = new SQLite(file);
  const now = new Date().toISOString();
  const today = todayInTokyo();
  const first = addDays(today, 40);
  const courseId = 1 + ((sqlite.prepare("SELECT max(id) FROM courses").pluck().get() as number) ?? 0);
  const cohortIds: number[] = [];
  sqlite.transaction(() => {
    sqlite
      .prepare(
        `INSERT INTO courses (id, code, title, kind, description_md, format, total_hours, points, fee_yen, published, search_text, created_at, updated_at)
         VALUES (?, 'RUSH-001', '人気の研修（申込開始）', 'skill', '', 'classroom', 6, 3, 0, 1, 'rush', ?, ?)`,
      )
      .run(courseId, now, now);
    for (let k = 0; k < COHORTS; k++) {
      const info = sqlite
        .prepare(
          `INSERT INTO cohorts (course_id, name, fiscal_year, prefecture_code, venue, capacity, enrollment_opens_on, enrollment_closes_on,
             cancellation_deadline, first_session_date, last_session_date, session_count, created_at, updated_at)
           VALUES (?, ?, ?, '13', '研修会場', ?, ?, ?, ?, ?, ?, 1, ?, ?)`,
        )
        .run(
          courseId,
          `第${k + 1}回`,
          fiscalYearOf(first),
          CAPACITY,
          today,
          addDays(first, -7),
          addDays(first, -3),
          first,
          first,
          now,
          now,
        );
      const cohortId = Number(info.lastInsertRowid);
      cohortIds.push(cohortId);
      sqlite
        .prepare(
          `INSERT INTO cohort_sessions (cohort_id, date, start_time, end_time, topic) VALUES (?, ?, '10:00', '17:00', '講義')`,
        )
        .run(cohortId, first);
    }
  })();
  // Trainees who are not trainers (the fixture's first 60 ITCs are).
  const trainees = sqlite
    .prepare(
      `SELECT u.id FROM users u WHERE u.id LIKE 'itc%' AND NOT EXISTS (SELECT 1 FROM user_roles r WHERE r.user_id = u.id AND r.role = 'trainer') ORDER BY u.id LIMIT ?`,
    )
    .pluck()
    .all(TRAINEES) as string[];
  sqlite.close();
  return { courseId, cohortIds, trainees };
}

export async function runRush(options: {
  fixtureFile: string;
  tmp: string;
  port: number;
  floorP95: number;
}): Promise<RushResult> {
  const file = path.join(options.tmp, "bench-rush.db");
  for (const suffix of ["", "-wal", "-shm"]) fs.rmSync(file + suffix, { force: true });
  const { courseId, cohortIds, trainees } = await prepare(options.fixtureFile, file);
  const cookies = sessionsFor(file, trainees);
  const app = startApp(file, options.port);
  const base = `http://127.0.0.1:${options.port}`;
  const latencies: number[] = [];
  let errors = 0;
  const refusals = new Map<string, number>();
  try {
    await waitFor(`${base}/healthz`, app);
    const agent = new http.Agent({ keepAlive: true });
    const started = performance.now();
    const sends = trainees.map(
      (_, i) =>
        new Promise<void>((resolve) => {
          setTimeout(
            () => {
              const body = new URLSearchParams({
                intent: "enrol",
                cohortId: String(cohortIds[i % COHORTS]),
                confirmed: "yes",
              }).toString();
              const t0 = performance.now();
              const req = http.request(
                {
                  host: "127.0.0.1",
                  port: options.port,
                  path: `/courses/${courseId}`,
                  method: "POST",
                  agent,
                  headers: {
                    Cookie: cookies[i]!,
                    Origin: base,
                    "Content-Type": "application/x-www-form-urlencoded",
                    "Content-Length": Buffer.byteLength(body),
                  },
                },
                (res) => {
                  res.resume();
                  res.on("end", () => {
                    latencies.push(performance.now() - t0);
                    // A form POST without JavaScript ends in a redirect to the course page.
                    if (res.statusCode !== 302 && res.statusCode !== 303) {
                      errors++;
                      const key = String(res.statusCode);
                      refusals.set(key, (refusals.get(key) ?? 0) + 1);
                    }
                    resolve();
                  });
                },
              );
              req.on("error", () => {
                errors++;
                resolve();
              });
              req.end(body);
            },
            Math.max(0, started + (i * 1000) / RATE - performance.now()),
          );
        }),
    );
    await Promise.all(sends);
    agent.destroy();
  } finally {
    app.kill("SIGTERM");
    await new Promise((r) => app.once("exit", r));
  }

  // What the database says.
  const sqlite = new SQLite(file, { readonly: true });
  const problems: string[] = [];
  let enrolled = 0;
  let waitlisted = 0;
  for (const cohortId of cohortIds) {
    const rows = sqlite
      .prepare(
        `SELECT user_id, status, queue_seq, requested_at FROM enrollments WHERE cohort_id = ? ORDER BY queue_seq`,
      )
      .all(cohortId) as Array<{ user_id: string; status: string; queue_seq: number; requested_at: string }>;
    const seated = rows.filter((r) => r.status === "enrolled").length;
    const waiting = rows.filter((r) => r.status === "waitlisted");
    enrolled += seated;
    waitlisted += waiting.length;
    if (seated !== CAPACITY) problems.push(`cohort ${cohortId}: ${seated} seats taken of ${CAPACITY}`);
    if (new Set(rows.map((r) => r.user_id)).size !== rows.length) problems.push(`cohort ${cohortId}: a trainee twice`);
    // Arrival order: queue numbers follow the time each request reached the database, and
    // every seat went to someone who arrived before everyone waitlisted.
    for (let k = 1; k < rows.length; k++)
      if (rows[k]!.requested_at < rows[k - 1]!.requested_at) {
        problems.push(`cohort ${cohortId}: queue out of arrival order at ${rows[k]!.queue_seq}`);
        break;
      }
    const lastSeat = Math.max(...rows.filter((r) => r.status === "enrolled").map((r) => r.queue_seq));
    if (waiting.some((r) => r.queue_seq < lastSeat))
      problems.push(`cohort ${cohortId}: a waitlisted trainee came before a seat`);
  }
  if (enrolled + waitlisted !== TRAINEES) problems.push(`${enrolled + waitlisted} enrolments recorded of ${TRAINEES}`);
  sqlite.close();
  if (refusals.size) problems.push(`answers other than a redirect: ${JSON.stringify(Object.fromEntries(refusals))}`);

  const sorted = [...latencies].sort((a, b) => a - b);
  const q = (p: number) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? NaN;
  return {
    requests: TRAINEES,
    cohorts: COHORTS,
    ratePerSecond: RATE,
    processes: process.env.WEB_CONCURRENCY ?? "default",
    errors,
    enrolled,
    waitlisted,
    p50: q(50),
    p95: q(95),
    p99: q(99),
    floorP95: options.floorP95,
    problems,
  };
}
