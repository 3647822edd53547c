import { describe, expect, it } from "vitest";
import type { Database } from "~/db.server";
import { fiscalYearOf, todayInTokyo } from "~/lib/dates";
import { makeCohort, makeCourse } from "~/testing/catalog";
import { createTestDb, makeUser } from "~/testing/db";
import { makeActivePlacement } from "~/testing/logbook";
import {
  makeApprovedEntry,
  makeCertificate,
  makeDeliverable,
  makeSubmittedEntry,
  moveEngagementTo,
} from "~/testing/reports";
import { seedDemo } from "../../../db/seed/demo";
import { fiscalYearReport, ojtReportFor, reportFor, reportYears, type FiscalYearReport } from "./report.server";

// Reconciliation (issue 15): every figure of the report equals the same figure computed from
// the underlying rows, listed without GROUP BY and counted here in TypeScript — on built data
// (with entries on both sides of 31 March) and on the demo data.

function tally<K>(keys: K[]): Map<K, number> {
  const m = new Map<K, number>();
  for (const k of keys) m.set(k, (m.get(k) ?? 0) + 1);
  return m;
}
function sumBy<T, K>(rows: T[], key: (r: T) => K, value: (r: T) => number): Map<K, number> {
  const m = new Map<K, number>();
  for (const r of rows) m.set(key(r), (m.get(key(r)) ?? 0) + value(r));
  return m;
}
function nonZero<K>(m: Map<K, number>): Map<K, number> {
  return new Map([...m].filter(([, v]) => v !== 0));
}

/** Compares each figure of the report with the sums of the plain lists; returns the report. */
async function reconcile(db: Database, fy: number): Promise<FiscalYearReport> {
  const report = await fiscalYearReport(db, fy);
  const inYear = (date: string) => fiscalYearOf(date) === fy;

  // Enrolments: every enrolment of the year's cohorts, counted per course and status.
  const enrollments = (
    await db
      .selectFrom("enrollments as e")
      .innerJoin("cohorts as c", "c.id", "e.cohort_id")
      .select(["c.course_id", "c.fiscal_year", "e.status", "e.completed_at"])
      .execute()
  ).filter((e) => e.fiscal_year === fy);
  for (const status of ["enrolled", "pending", "waitlisted", "cancelled"] as const) {
    const listed = tally(enrollments.filter((e) => e.status === status).map((e) => e.course_id));
    const reported = nonZero(new Map(report.enrollments.courses.map((c) => [c.courseId, c[status]])));
    expect(reported, `enrolments ${status}`).toEqual(listed);
  }
  expect(report.enrollments.total.applications).toBe(enrollments.length);
  expect(report.enrollments.kinds.reduce((s, k) => s + k.applications, 0)).toBe(enrollments.length);
  expect(report.enrollments.total.completed).toBe(enrollments.filter((e) => e.completed_at !== null).length);
  expect(report.completions.courses).toBe(report.enrollments.total.completed);

  // Certificates of the year by programme and status.
  const certificates = (
    await db.selectFrom("certificates").select(["programme_id", "fiscal_year", "status"]).execute()
  ).filter((c) => c.fiscal_year === fy);
  expect(report.certificates.total).toBe(certificates.length);
  for (const status of ["valid", "suspended", "revoked"] as const) {
    const listed = tally(certificates.filter((c) => c.status === status).map((c) => c.programme_id));
    const reported = nonZero(new Map(report.certificates.programmes.map((p) => [p.programmeId, p[status]])));
    expect(reported, `certificates ${status}`).toEqual(listed);
  }

  // Placements that ran in the year, per municipality and per prefecture.
  const placements = (
    await db
      .selectFrom("ojt_placements as p")
      .innerJoin("engagements as g", "g.id", "p.engagement_id")
      .select([
        "p.status",
        "p.outcome",
        "p.start_date",
        "p.end_date",
        "p.ended_at",
        "p.trainee_id",
        "g.municipality_code",
        "g.prefecture_code",
      ])
      .execute()
  ).filter(
    (p) =>
      (p.status === "active" || p.status === "ended") &&
      fiscalYearOf(p.start_date) <= fy &&
      fiscalYearOf(p.end_date) >= fy,
  );
  expect(report.placements.total.placements).toBe(placements.length);
  expect(new Map(report.placements.prefectures.map((p) => [p.code, p.placements]))).toEqual(
    tally(placements.map((p) => p.prefecture_code)),
  );
  expect(new Map(report.placements.municipalities.map((m) => [m.code, m.placements]))).toEqual(
    tally(placements.map((p) => p.municipality_code)),
  );
  expect(report.placements.prefectures.reduce((s, p) => s + p.placements, 0)).toBe(placements.length);
  for (const p of [...report.placements.prefectures, ...report.placements.municipalities, report.placements.total])
    expect(p.active + p.completed + p.discontinued + p.endedOther).toBe(p.placements);
  expect(report.placements.total.active).toBe(placements.filter((p) => p.status === "active").length);
  expect(report.placements.total.completed).toBe(placements.filter((p) => p.outcome === "completed").length);
  expect(report.placements.trainees).toBe(new Set(placements.map((p) => p.trainee_id)).size);
  const completedInYear = (
    await db.selectFrom("ojt_placements").select(["status", "outcome", "ended_at"]).execute()
  ).filter((p) => p.status === "ended" && p.outcome === "completed" && p.ended_at && inYear(p.ended_at));
  expect(report.completions.ojt).toBe(completedInYear.length);

  // Approved hours of the year per task kind, PGL phase and MIC role.
  const entries = (
    await db
      .selectFrom("ojt_log_entries")
      .select(["id", "status", "work_date", "minutes", "task_kind_id", "pgl_phase_id", "mic_role_id"])
      .execute()
  ).filter((e) => e.status === "approved" && inYear(e.work_date));
  const totalMinutes = entries.reduce((s, e) => s + e.minutes, 0);
  expect(report.hours.totalMinutes).toBe(totalMinutes);
  expect(report.hours.entries).toBe(entries.length);
  const dims = [
    ["taskKinds", (e: (typeof entries)[number]) => e.task_kind_id],
    ["phases", (e: (typeof entries)[number]) => e.pgl_phase_id],
    ["roles", (e: (typeof entries)[number]) => e.mic_role_id],
  ] as const;
  for (const [dim, key] of dims) {
    const rows = report.hours[dim];
    expect(nonZero(new Map(rows.map((r) => [r.id, r.minutes]))), `minutes per ${dim}`).toEqual(
      sumBy(entries, key, (e) => e.minutes),
    );
    expect(nonZero(new Map(rows.map((r) => [r.id, r.entries]))), `entries per ${dim}`).toEqual(tally(entries.map(key)));
    expect(
      rows.reduce((s, r) => s + r.minutes, 0),
      `${dim} sum to the total`,
    ).toBe(totalMinutes);
  }

  // Deliverables of the year's approved entries.
  const approvedIds = new Set(entries.map((e) => e.id));
  const deliverables = (await db.selectFrom("ojt_deliverables").select(["entry_id", "media_type"]).execute()).filter(
    (d) => approvedIds.has(d.entry_id),
  );
  expect(report.deliverables.total).toBe(deliverables.length);
  expect(report.deliverables.byTaskKind.reduce((s, r) => s + r.count, 0)).toBe(deliverables.length);
  expect(report.deliverables.byType.reduce((s, r) => s + r.count, 0)).toBe(deliverables.length);
  return report;
}

describe("the fiscal-year report on built data", async () => {
  const db = await createTestDb();
  const staff = await makeUser(db, ["staff"]);

  // Courses: a basic course with a FY2026 cohort, a skill course with FY2026 and FY2027 cohorts.
  const basic = await makeCourse(db, staff.id, { kind: "basic_municipal" });
  const skill = await makeCourse(db, staff.id, { kind: "skill" });
  const basic26 = await makeCohort(db, staff.id, basic.id);
  const skill26 = await makeCohort(db, staff.id, skill.id);
  const skill27 = await makeCohort(db, staff.id, skill.id);
  await db.updateTable("cohorts").set({ fiscal_year: 2026 }).where("id", "in", [basic26.id, skill26.id]).execute();
  await db.updateTable("cohorts").set({ fiscal_year: 2027 }).where("id", "=", skill27.id).execute();
  let seq = 0;
  const enroll = async (cohortId: number, status: string, completed = false) => {
    const user = await makeUser(db, ["trainee"]);
    const at = "2026-06-01T01:00:00.000Z";
    seq += 1;
    await db
      .insertInto("enrollments")
      .values({
        cohort_id: cohortId,
        user_id: user.id,
        status,
        queue_seq: seq,
        requested_at: at,
        completed_at: completed ? at : null,
        cancelled_at: status === "cancelled" ? at : null,
        created_at: at,
        updated_at: at,
      })
      .execute();
  };
  await enroll(basic26.id, "enrolled", true);
  await enroll(basic26.id, "enrolled", true);
  await enroll(basic26.id, "enrolled");
  await enroll(basic26.id, "cancelled");
  await enroll(skill26.id, "enrolled", true);
  await enroll(skill26.id, "waitlisted");
  await enroll(skill27.id, "pending");

  // Placements: one in Yamagata across 31 March; one in Gifu in FY2026 that ended completed;
  // one in Settsu in FY2027 only; one proposed (never ran).
  const across = await makeActivePlacement(db, { startDate: "2027-01-10", endDate: "2027-06-30" });
  const gifu = await makeActivePlacement(db, { startDate: "2026-05-01", endDate: "2026-10-31" });
  await moveEngagementTo(db, gifu.engagementId, "gifu");
  await db
    .updateTable("ojt_placements")
    .set({ status: "ended", outcome: "completed", ended_at: "2026-10-31T06:00:00.000Z" })
    .where("id", "=", gifu.placementId)
    .execute();
  const settsu = await makeActivePlacement(db, { startDate: "2027-04-01", endDate: "2027-09-30" });
  await moveEngagementTo(db, settsu.engagementId, "settsu");
  await makeActivePlacement(db, { status: "proposed", startDate: "2026-12-01", endDate: "2027-02-28" });

  // Entries on both sides of the boundary: 31 March is FY2026, 1 April FY2027.
  const lastDay = await makeApprovedEntry(db, across, {
    workDate: "2027-03-31",
    minutes: 45,
    taskKind: "consultation",
    phase: "communication",
    role: "producer",
  });
  const firstDay = await makeApprovedEntry(db, across, {
    workDate: "2027-04-01",
    minutes: 30,
    taskKind: "consultation",
    phase: "communication",
  });
  const spec = await makeApprovedEntry(db, gifu, {
    workDate: "2026-06-15",
    minutes: 120,
    taskKind: "spec_review",
    phase: "it_procurement",
    role: "project_manager",
  });
  await makeApprovedEntry(db, gifu, { workDate: "2026-04-01", minutes: 90, taskKind: "dx_plan" });
  await makeApprovedEntry(db, settsu, {
    workDate: "2027-05-10",
    minutes: 60,
    taskKind: "staff_training",
    role: "engineer",
  });
  // Waiting for approval: not counted.
  await makeSubmittedEntry(db, across, { workDate: "2027-03-30", minutes: 600 });
  await makeDeliverable(db, spec, gifu.trainee.id, "application/pdf");
  await makeDeliverable(db, spec, gifu.trainee.id, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");
  await makeDeliverable(db, lastDay, across.trainee.id, "image/png");
  await makeDeliverable(db, firstDay, across.trainee.id, "application/pdf");

  // Certificates: two of FY2026 (one revoked), one of FY2027.
  await makeCertificate(db, { programmeId: 1, holderId: gifu.trainee.id, issuedBy: staff.id, fiscalYear: 2026 });
  await makeCertificate(db, {
    programmeId: 2,
    holderId: gifu.trainee.id,
    issuedBy: staff.id,
    fiscalYear: 2026,
    status: "revoked",
  });
  await makeCertificate(db, { programmeId: 2, holderId: across.trainee.id, issuedBy: staff.id, fiscalYear: 2027 });

  it("FY2026: every figure equals the sums of the lists, with 31 March inside the year", async () => {
    const r = await reconcile(db, 2026);
    expect(r.hours.totalMinutes).toBe(45 + 120 + 90);
    expect(r.hours.taskKinds.find((k) => k.code === "consultation")?.minutes).toBe(45);
    expect(r.hours.phases.find((k) => k.id === null)?.minutes).toBe(90);
    expect(r.placements.total).toMatchObject({ placements: 2, active: 1, completed: 1 });
    expect(r.placements.prefectures.map((p) => [p.name, p.placements])).toEqual([
      ["山形県", 1],
      ["岐阜県", 1],
    ]);
    expect(r.enrollments.kinds.map((k) => [k.kind, k.enrolled, k.cancelled, k.completed])).toEqual([
      ["basic_municipal", 3, 1, 2],
      ["skill", 1, 0, 1],
    ]);
    expect(r.completions).toEqual({ courses: 3, ojt: 1 });
    expect(r.certificates.programmes.map((p) => [p.programmeId, p.valid, p.revoked])).toEqual([
      [1, 1, 0],
      [2, 0, 1],
    ]);
    expect(r.deliverables.total).toBe(3);
  });

  it("FY2027: 1 April opens the next year", async () => {
    const r = await reconcile(db, 2027);
    expect(r.hours.totalMinutes).toBe(30 + 60);
    expect(r.hours.taskKinds.find((k) => k.code === "consultation")?.minutes).toBe(30);
    expect(r.placements.prefectures.map((p) => [p.name, p.placements])).toEqual([
      ["山形県", 1],
      ["大阪府", 1],
    ]);
    expect(r.enrollments.total).toMatchObject({ applications: 1, pending: 1 });
    expect(r.certificates.total).toBe(1);
    expect(r.deliverables.total).toBe(1);
  });

  it("a year without data is all zeros", async () => {
    const r = await reconcile(db, 2015);
    expect(r.hours.totalMinutes).toBe(0);
    expect(r.placements.prefectures).toEqual([]);
    expect(r.enrollments.courses).toEqual([]);
  });

  it("offers the years that have data and the current one, newest first", async () => {
    const years = await reportYears(db, new Date("2026-11-30T03:00:00Z"));
    expect(years).toEqual([2027, 2026]);
    expect(years).not.toContain(2015);
  });
});

describe("a report page's request", async () => {
  const db = await createTestDb();
  const now = new Date("2026-11-30T03:00:00Z");

  it("refuses a bad year with a Japanese message and defaults to the current one", async () => {
    const bad = await reportFor(db, "20x6", now);
    expect(bad).toMatchObject({ ok: false, error: expect.stringContaining("年度の指定が正しくありません") });
    const current = await reportFor(db, null, now);
    expect(current.ok && current.report.fiscalYear).toBe(2026);
  });

  it("offers the asked year in the picker even without data, and names the issuer", async () => {
    const r = await ojtReportFor(db, "2019", now);
    expect(r.ok && r.report.fiscalYear).toBe(2019);
    expect(r.years).toEqual([2026, 2019]);
    expect(r.issuerName).toBe("特定非営利活動法人ITコーディネータ協会");
    expect(r.today).toBe("2026-11-30");
  });
});

describe("the fiscal-year report on the demo data", async () => {
  const db = await createTestDb();
  await seedDemo(db);

  it("the totals equal the direct counts", async () => {
    const fy = fiscalYearOf(todayInTokyo());
    const r = await reconcile(db, fy);
    // The demo has approved hours and running placements this year: the check is not empty.
    expect(r.hours.entries).toBeGreaterThan(0);
    expect(r.placements.total.placements).toBeGreaterThan(0);
    expect(r.enrollments.total.applications).toBeGreaterThan(0);
  });
});
