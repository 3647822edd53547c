import type { Database } from "~/db.server";
import { verifiedEntry } from "~/features/vocabulary/verified-entries";
import { COURSE_KINDS, COURSE_KIND_LABELS, type CourseKind } from "~/features/vocabulary/course-kinds";
import { getIssuer } from "~/features/issuer/issuer.server";
import { fiscalYearOf, todayInTokyo } from "~/lib/dates";
import { prefectureName } from "~/lib/local-gov-code";
import { fiscalYearBounds, fiscalYearsBetween, parseFiscalYearParam, type FiscalYearBounds } from "./fiscal-year";
import { CERTIFICATE_STATUS_LABELS, DELIVERABLE_TYPE_LABELS, REPORT_LABELS, deliverableType } from "./labels";

// The staff's fiscal-year report (issue 15, "Reports"): a handful of GROUP BY queries, one per
// table, whose rows are folded into the figures in TypeScript. What counts in a fiscal year
// (decision 0023):
// - enrolments and course completions: by the cohort's fiscal year (cohorts.fiscal_year);
// - certificates: by certificates.fiscal_year (the year of issue);
// - OJT placements: those that ran (active or ended) with a period overlapping the year, so a
//   placement across 31 March counts in both years;
// - OJT completions: placements ended as completed with ended_at inside the year (Tokyo);
// - hours and deliverables: approved log entries whose work_date is inside the year.
// Fiscal-year bounds are computed here (fiscalYearBounds), never with SQL date functions.

const n = (v: unknown) => Number(v ?? 0);

export type CourseEnrollmentRow = {
  courseId: number;
  code: string;
  title: string;
  kind: string;
  kindLabel: string;
  applications: number;
  enrolled: number;
  pending: number;
  waitlisted: number;
  cancelled: number;
  completed: number;
};
export type EnrollmentCounts = Omit<CourseEnrollmentRow, "courseId" | "code" | "title" | "kind" | "kindLabel">;
export type KindEnrollmentRow = EnrollmentCounts & { kind: string; label: string };

export type CertificateRow = {
  programmeId: number;
  name: string;
  valid: number;
  suspended: number;
  revoked: number;
  total: number;
};

export type PlacementCounts = {
  placements: number;
  active: number;
  completed: number;
  discontinued: number;
  /** Ended without an outcome recorded (placements ended before outcomes existed). */
  endedOther: number;
};
export type MunicipalityPlacementRow = PlacementCounts & {
  code: string;
  name: string;
  prefectureCode: string;
  prefectureName: string;
};
export type PrefecturePlacementRow = PlacementCounts & { code: string; name: string; municipalities: number };

export type HoursRow = {
  /** The reference row's id; null for entries without a phase or role ("未設定"). */
  id: number | null;
  code: string;
  label: string;
  minutes: number;
  entries: number;
};

export type DeliverableRow = { key: string; label: string; count: number };

export type FiscalYearReport = {
  fiscalYear: number;
  bounds: FiscalYearBounds;
  enrollments: { courses: CourseEnrollmentRow[]; kinds: KindEnrollmentRow[]; total: EnrollmentCounts };
  completions: { courses: number; ojt: number };
  certificates: { programmes: CertificateRow[]; total: number };
  placements: {
    municipalities: MunicipalityPlacementRow[];
    prefectures: PrefecturePlacementRow[];
    total: PlacementCounts;
    trainees: number;
  };
  hours: {
    taskKinds: HoursRow[];
    phases: HoursRow[];
    roles: HoursRow[];
    totalMinutes: number;
    entries: number;
  };
  deliverables: { byTaskKind: DeliverableRow[]; byType: DeliverableRow[]; total: number };
};

function emptyEnrollmentCounts(): EnrollmentCounts {
  return { applications: 0, enrolled: 0, pending: 0, waitlisted: 0, cancelled: 0, completed: 0 };
}

function addCounts<T extends Record<string, number>>(into: T, from: T): void {
  for (const k of Object.keys(into) as (keyof T)[]) (into[k] as number) += from[k] as number;
}

async function enrollmentsOf(db: Database, fy: number) {
  const rows = await db
    .selectFrom("enrollments as e")
    .innerJoin("cohorts as c", "c.id", "e.cohort_id")
    .innerJoin("courses as k", "k.id", "c.course_id")
    .where("c.fiscal_year", "=", fy)
    .groupBy(["k.id", "k.code", "k.title", "k.kind"])
    .select((eb) => {
      const when = (status: string) => eb.fn.sum<number>(eb.case().when("e.status", "=", status).then(1).else(0).end());
      return [
        "k.id",
        "k.code",
        "k.title",
        "k.kind",
        eb.fn.countAll<number>().as("applications"),
        when("enrolled").as("enrolled"),
        when("pending").as("pending"),
        when("waitlisted").as("waitlisted"),
        when("cancelled").as("cancelled"),
        eb.fn.count<number>("e.completed_at").as("completed"),
      ];
    })
    .orderBy("k.code")
    .orderBy("k.id")
    .execute();
  const courses: CourseEnrollmentRow[] = rows.map((r) => ({
    courseId: r.id,
    code: r.code,
    title: r.title,
    kind: r.kind,
    kindLabel: COURSE_KIND_LABELS[r.kind as CourseKind] ?? r.kind,
    applications: n(r.applications),
    enrolled: n(r.enrolled),
    pending: n(r.pending),
    waitlisted: n(r.waitlisted),
    cancelled: n(r.cancelled),
    completed: n(r.completed),
  }));
  const total = emptyEnrollmentCounts();
  const kinds: KindEnrollmentRow[] = [];
  for (const kind of COURSE_KINDS) {
    const ofKind = courses.filter((c) => c.kind === kind);
    if (ofKind.length === 0) continue;
    const counts = emptyEnrollmentCounts();
    for (const c of ofKind) addCounts(counts, pick(c));
    kinds.push({ kind, label: COURSE_KIND_LABELS[kind], ...counts });
    addCounts(total, counts);
  }
  return { courses, kinds, total };
}

function pick(c: CourseEnrollmentRow): EnrollmentCounts {
  const { applications, enrolled, pending, waitlisted, cancelled, completed } = c;
  return { applications, enrolled, pending, waitlisted, cancelled, completed };
}

async function ojtCompletionsOf(db: Database, b: FiscalYearBounds): Promise<number> {
  const row = await db
    .selectFrom("ojt_placements")
    .where("status", "=", "ended")
    .where("outcome", "=", "completed")
    .where("ended_at", ">=", b.from)
    .where("ended_at", "<", b.until)
    .select((eb) => eb.fn.countAll<number>().as("n"))
    .executeTakeFirst();
  return n(row?.n);
}

async function certificatesOf(db: Database, fy: number) {
  const rows = await db
    .selectFrom("certificates as x")
    .innerJoin("certification_programmes as p", "p.id", "x.programme_id")
    .where("x.fiscal_year", "=", fy)
    .groupBy(["p.id", "p.name", "x.status"])
    .select((eb) => ["p.id", "p.name", "x.status", eb.fn.countAll<number>().as("n")])
    .orderBy("p.id")
    .orderBy("x.status")
    .execute();
  const byProgramme = new Map<number, CertificateRow>();
  for (const r of rows) {
    const row = byProgramme.get(r.id) ?? {
      programmeId: r.id,
      name: r.name,
      valid: 0,
      suspended: 0,
      revoked: 0,
      total: 0,
    };
    if (r.status in CERTIFICATE_STATUS_LABELS) row[r.status as keyof typeof CERTIFICATE_STATUS_LABELS] += n(r.n);
    row.total += n(r.n);
    byProgramme.set(r.id, row);
  }
  const programmes = [...byProgramme.values()];
  return { programmes, total: programmes.reduce((s, p) => s + p.total, 0) };
}

function emptyPlacementCounts(): PlacementCounts {
  return { placements: 0, active: 0, completed: 0, discontinued: 0, endedOther: 0 };
}

function addPlacementCounts(into: PlacementCounts, from: PlacementCounts): void {
  into.placements += from.placements;
  into.active += from.active;
  into.completed += from.completed;
  into.discontinued += from.discontinued;
  into.endedOther += from.endedOther;
}

/** Placements that ran in the year: active or ended, with a period overlapping it. */
function placementsInYear(db: Database, b: FiscalYearBounds) {
  return db
    .selectFrom("ojt_placements as p")
    .where("p.status", "in", ["active", "ended"])
    .where("p.start_date", "<=", b.end)
    .where("p.end_date", ">=", b.start);
}

async function placementsOf(db: Database, b: FiscalYearBounds) {
  const [rows, trainees] = await Promise.all([
    placementsInYear(db, b)
      .innerJoin("engagements as g", "g.id", "p.engagement_id")
      .leftJoin("municipalities as m", "m.code", "g.municipality_code")
      .groupBy(["g.municipality_code", "g.prefecture_code", "m.name"])
      .select((eb) => {
        const ended = (outcome: string) =>
          eb.fn.sum<number>(
            eb
              .case()
              .when(eb.and([eb("p.status", "=", "ended"), eb("p.outcome", "=", outcome)]))
              .then(1)
              .else(0)
              .end(),
          );
        return [
          "g.municipality_code",
          "g.prefecture_code",
          "m.name",
          eb.fn.countAll<number>().as("placements"),
          eb.fn.sum<number>(eb.case().when("p.status", "=", "active").then(1).else(0).end()).as("active"),
          ended("completed").as("completed"),
          ended("discontinued").as("discontinued"),
        ];
      })
      .orderBy("g.municipality_code")
      .execute(),
    placementsInYear(db, b)
      .select((eb) => eb.fn.count<number>("p.trainee_id").distinct().as("n"))
      .executeTakeFirst(),
  ]);
  const municipalities: MunicipalityPlacementRow[] = rows.map((r) => {
    const placements = n(r.placements);
    const active = n(r.active);
    const completed = n(r.completed);
    const discontinued = n(r.discontinued);
    return {
      code: r.municipality_code,
      name: r.name ?? r.municipality_code,
      prefectureCode: r.prefecture_code,
      prefectureName: prefectureName(r.prefecture_code) ?? r.prefecture_code,
      placements,
      active,
      completed,
      discontinued,
      endedOther: placements - active - completed - discontinued,
    };
  });
  const prefectures = new Map<string, PrefecturePlacementRow>();
  const total = emptyPlacementCounts();
  for (const m of municipalities) {
    const p = prefectures.get(m.prefectureCode) ?? {
      code: m.prefectureCode,
      name: m.prefectureName,
      municipalities: 0,
      ...emptyPlacementCounts(),
    };
    p.municipalities += 1;
    addPlacementCounts(p, m);
    prefectures.set(m.prefectureCode, p);
    addPlacementCounts(total, m);
  }
  return {
    municipalities,
    prefectures: [...prefectures.values()].sort((a, z) => a.code.localeCompare(z.code)),
    total,
    trainees: n(trainees?.n),
  };
}

/** Approved entries of the year, grouped by task kind, phase and role at once. */
async function hoursOf(db: Database, b: FiscalYearBounds) {
  const [rows, kinds, phases, roles] = await Promise.all([
    db
      .selectFrom("ojt_log_entries")
      .where(verifiedEntry())
      .where("work_date", ">=", b.start)
      .where("work_date", "<=", b.end)
      .groupBy(["task_kind_id", "pgl_phase_id", "mic_role_id"])
      .select((eb) => [
        "task_kind_id",
        "pgl_phase_id",
        "mic_role_id",
        eb.fn.sum<number>("minutes").as("minutes"),
        eb.fn.countAll<number>().as("entries"),
      ])
      .execute(),
    referenceRows(db, "ojt_task_kinds"),
    referenceRows(db, "pgl_phases"),
    referenceRows(db, "mic_roles"),
  ]);
  const fold = (refs: Reference[], idOf: (r: (typeof rows)[number]) => number | null): HoursRow[] => {
    const sums = new Map<number | null, { minutes: number; entries: number }>();
    for (const r of rows) {
      const s = sums.get(idOf(r)) ?? { minutes: 0, entries: 0 };
      s.minutes += n(r.minutes);
      s.entries += n(r.entries);
      sums.set(idOf(r), s);
    }
    // Every active row, and a retired one only when it has hours this year; then "未設定".
    const out: HoursRow[] = refs
      .filter((ref) => ref.active === 1 || sums.has(ref.id))
      .map((ref) => ({
        id: ref.id,
        code: ref.code,
        label: ref.label,
        ...(sums.get(ref.id) ?? { minutes: 0, entries: 0 }),
      }));
    const unset = sums.get(null);
    if (unset) out.push({ id: null, code: "", label: REPORT_LABELS.unset, ...unset });
    return out;
  };
  const taskKinds = fold(kinds, (r) => r.task_kind_id);
  return {
    taskKinds,
    phases: fold(phases, (r) => r.pgl_phase_id),
    roles: fold(roles, (r) => r.mic_role_id),
    totalMinutes: taskKinds.reduce((s, r) => s + r.minutes, 0),
    entries: taskKinds.reduce((s, r) => s + r.entries, 0),
  };
}

type Reference = { id: number; code: string; label: string; active: number };

function referenceRows(db: Database, table: "ojt_task_kinds" | "pgl_phases" | "mic_roles"): Promise<Reference[]> {
  return db.selectFrom(table).select(["id", "code", "label", "active"]).orderBy("sort_order").orderBy("id").execute();
}

async function deliverablesOf(db: Database, b: FiscalYearBounds) {
  const [rows, kinds] = await Promise.all([
    db
      .selectFrom("ojt_deliverables as d")
      .innerJoin("ojt_log_entries as e", "e.id", "d.entry_id")
      .where(verifiedEntry("e"))
      .where("e.work_date", ">=", b.start)
      .where("e.work_date", "<=", b.end)
      .groupBy(["e.task_kind_id", "d.media_type"])
      .select((eb) => ["e.task_kind_id", "d.media_type", eb.fn.countAll<number>().as("n")])
      .execute(),
    referenceRows(db, "ojt_task_kinds"),
  ]);
  const byKind = new Map<number, number>();
  const byType = new Map<string, number>();
  for (const r of rows) {
    byKind.set(r.task_kind_id, (byKind.get(r.task_kind_id) ?? 0) + n(r.n));
    const t = deliverableType(r.media_type);
    byType.set(t, (byType.get(t) ?? 0) + n(r.n));
  }
  return {
    byTaskKind: kinds
      .filter((k) => byKind.has(k.id))
      .map((k) => ({ key: k.code, label: k.label, count: byKind.get(k.id)! })),
    byType: Object.entries(DELIVERABLE_TYPE_LABELS)
      .filter(([key]) => byType.has(key))
      .map(([key, label]) => ({ key, label, count: byType.get(key)! })),
    total: [...byKind.values()].reduce((s, c) => s + c, 0),
  };
}

/** Every figure of one fiscal year's report. */
export async function fiscalYearReport(db: Database, fiscalYear: number): Promise<FiscalYearReport> {
  const bounds = fiscalYearBounds(fiscalYear);
  const [enrollments, ojtCompleted, certificates, placements, hours, deliverables] = await Promise.all([
    enrollmentsOf(db, fiscalYear),
    ojtCompletionsOf(db, bounds),
    certificatesOf(db, fiscalYear),
    placementsOf(db, bounds),
    hoursOf(db, bounds),
    deliverablesOf(db, bounds),
  ]);
  return {
    fiscalYear,
    bounds,
    enrollments,
    completions: { courses: enrollments.total.completed, ojt: ojtCompleted },
    certificates,
    placements,
    hours,
    deliverables,
  };
}

/**
 * The fiscal years with data, newest first, always with the current one: cohorts' and
 * certificates' years, and the years spanned by placements, approved entries and completions.
 */
export async function reportYears(db: Database, now: Date = new Date()): Promise<number[]> {
  const [cohortYears, certificateYears, placements, entries, completions] = await Promise.all([
    db.selectFrom("cohorts").select("fiscal_year").distinct().execute(),
    db.selectFrom("certificates").select("fiscal_year").distinct().execute(),
    db
      .selectFrom("ojt_placements")
      .where("status", "in", ["active", "ended"])
      .select((eb) => [eb.fn.min<string>("start_date").as("first"), eb.fn.max<string>("end_date").as("last")])
      .executeTakeFirst(),
    db
      .selectFrom("ojt_log_entries")
      .where(verifiedEntry())
      .select((eb) => [eb.fn.min<string>("work_date").as("first"), eb.fn.max<string>("work_date").as("last")])
      .executeTakeFirst(),
    db
      .selectFrom("ojt_placements")
      .where("ended_at", "is not", null)
      .select((eb) => [eb.fn.min<string>("ended_at").as("first"), eb.fn.max<string>("ended_at").as("last")])
      .executeTakeFirst(),
  ]);
  const years = new Set<number>([fiscalYearOf(now)]);
  for (const r of [...cohortYears, ...certificateYears]) years.add(Number(r.fiscal_year));
  for (const span of [placements, entries, completions])
    for (const y of fiscalYearsBetween(span?.first ?? null, span?.last ?? null)) years.add(y);
  return [...years].filter((y) => y >= 2000 && y <= 2200).sort((a, z) => z - a);
}

export type ReportRequest =
  { ok: true; years: number[]; report: FiscalYearReport } | { ok: false; years: number[]; error: string };

/** A report page's data for `?fy=` (null: the current fiscal year); a bad year is refused. */
export async function reportFor(db: Database, fyParam: string | null, now: Date = new Date()): Promise<ReportRequest> {
  const parsed = parseFiscalYearParam(fyParam, now);
  const years = await reportYears(db, now);
  if (!parsed.ok) return { ok: false, years, error: REPORT_LABELS.badFiscalYear };
  const report = await fiscalYearReport(db, parsed.fiscalYear);
  return {
    ok: true,
    years: years.includes(parsed.fiscalYear) ? years : [...years, parsed.fiscalYear].sort((a, z) => z - a),
    report,
  };
}

/** The printable OJT report's data: the report, and the association that issues it. */
export async function ojtReportFor(db: Database, fyParam: string | null, now: Date = new Date()) {
  const [request, issuer] = await Promise.all([reportFor(db, fyParam, now), getIssuer(db)]);
  return { ...request, issuerName: issuer.association_name, today: todayInTokyo(now) };
}
