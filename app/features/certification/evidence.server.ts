import type { SelectQueryBuilder } from "kysely";
import { verifiedEntry } from "~/features/vocabulary/verified-entries";
import type { Database } from "~/db.server";
import type { DB } from "../../../db/types";
import { fiscalYearRange } from "~/lib/dates";
import type { CandidateFacts, ProgrammeSubject } from "./criteria";

// The facts of MANY candidates of a programme, read with a constant number of set-based
// queries (one for the candidates with their own columns, then one GROUP BY per kind of
// evidence over the candidates' sub-query), never one query per candidate. The single-candidate
// readers of other features (approvedSummaryOfPlacement, finalRecommendationOf, quizPassed,
// the stored enrolment completion) must agree with it: evidence.server.test.ts compares them.

export type Programme = {
  id: number;
  code: string;
  name: string;
  certificate_title: string;
  subject: ProgrammeSubject;
  course_kind: string | null;
  active: boolean;
};

export type CandidateFilter = {
  cohortId?: number | null;
  fiscalYear?: number | null;
  /** Only these subjects (enrolment or placement ids): for certifying a selection. */
  subjectIds?: readonly number[] | null;
  /** Only placements this trainer trains (the trainer's outcomes page). */
  trainerId?: string | null;
  /** Only this holder's subjects. */
  holderId?: string | null;
};

export type Candidate = {
  subjectId: number;
  holderId: string;
  holderName: string;
  /** The facts printed on the certificate besides the name. */
  printed: Record<string, string>;
  /** What the queue shows under the name: cohort, or municipality and engagement. */
  context: string;
  cohortId: number | null;
  /** The first day of the cohort or placement: which of a holder's subjects is the latest. */
  startsOn: string | null;
  trainerId: string | null;
  facts: CandidateFacts;
  certificate: { id: number; number: string; status: string; issuedOn: string } | null;
  decision: { id: number; reason: string; decidedAt: string } | null;
};

/** The basic municipal course: the kind whose completion the OJT programme asks for. */
export const BASIC_COURSE_KIND = "basic_municipal";

export async function programmeById(db: Database, id: number): Promise<Programme | null> {
  const row = await db
    .selectFrom("certification_programmes")
    .select(["id", "code", "name", "certificate_title", "subject", "course_kind", "active"])
    .where("id", "=", id)
    .executeTakeFirst();
  return row ? { ...row, subject: row.subject as ProgrammeSubject, active: Number(row.active) === 1 } : null;
}

export async function listProgrammes(db: Database): Promise<Programme[]> {
  const rows = await db
    .selectFrom("certification_programmes")
    .select(["id", "code", "name", "certificate_title", "subject", "course_kind", "active"])
    .orderBy("id")
    .execute();
  return rows.map((row) => ({ ...row, subject: row.subject as ProgrammeSubject, active: Number(row.active) === 1 }));
}

function enrollmentBase(db: Database, programme: Programme, filter: CandidateFilter) {
  let q = db
    .selectFrom("enrollments as e")
    .innerJoin("cohorts as c", "c.id", "e.cohort_id")
    .innerJoin("courses as co", "co.id", "c.course_id")
    .where("co.kind", "=", programme.course_kind ?? "")
    .where("e.status", "=", "enrolled");
  if (filter.cohortId != null) q = q.where("c.id", "=", filter.cohortId);
  if (filter.fiscalYear != null) q = q.where("c.fiscal_year", "=", filter.fiscalYear);
  if (filter.subjectIds) q = q.where("e.id", "in", filter.subjectIds.length ? [...filter.subjectIds] : [-1]);
  if (filter.holderId != null) q = q.where("e.user_id", "=", filter.holderId);
  // Enrolments have no trainer of their own: a trainer filter leaves none.
  if (filter.trainerId != null) q = q.where("e.id", "=", -1);
  return q;
}

function placementBase(db: Database, filter: CandidateFilter) {
  let q = db.selectFrom("ojt_placements as p").where("p.status", "in", ["active", "ended"]);
  if (filter.fiscalYear != null) {
    const { start, end } = fiscalYearRange(filter.fiscalYear);
    q = q.where("p.end_date", ">=", start).where("p.end_date", "<=", end);
  }
  if (filter.subjectIds) q = q.where("p.id", "in", filter.subjectIds.length ? [...filter.subjectIds] : [-1]);
  if (filter.trainerId != null) q = q.where("p.trainer_id", "=", filter.trainerId);
  if (filter.holderId != null) q = q.where("p.trainee_id", "=", filter.holderId);
  // Placements belong to no cohort: a cohort filter leaves none.
  if (filter.cohortId != null) q = q.where("p.id", "=", -1);
  return q;
}

type IdQuery = SelectQueryBuilder<DB, any, { id: number }>;

async function issuedAndDeclined(db: Database, programmeId: number, subquery: IdQuery) {
  const [certificates, decisions] = await Promise.all([
    db
      .selectFrom("certificates")
      .select(["id", "subject_id", "number", "status", "issued_on"])
      .where("programme_id", "=", programmeId)
      .where("subject_id", "in", subquery)
      .execute(),
    db
      .selectFrom("certification_decisions")
      .select(["id", "subject_id", "reason", "decided_at"])
      .where("programme_id", "=", programmeId)
      .where("subject_id", "in", subquery)
      .orderBy("id")
      .execute(),
  ]);
  const certificateOf = new Map(
    certificates.map((c) => [c.subject_id, { id: c.id, number: c.number, status: c.status, issuedOn: c.issued_on }]),
  );
  const decisionOf = new Map<number, Candidate["decision"]>();
  // Ordered by id: the latest decision wins.
  for (const d of decisions) decisionOf.set(d.subject_id, { id: d.id, reason: d.reason, decidedAt: d.decided_at });
  return { certificateOf, decisionOf };
}

/** Every candidate of a programme (matching the filter) with the facts the criteria need. */
export async function candidatesOf(
  db: Database,
  programme: Programme,
  filter: CandidateFilter = {},
): Promise<Candidate[]> {
  return programme.subject === "enrollment"
    ? enrollmentCandidates(db, programme, filter)
    : placementCandidates(db, programme, filter);
}

async function enrollmentCandidates(db: Database, programme: Programme, filter: CandidateFilter) {
  const rows = await enrollmentBase(db, programme, filter)
    .innerJoin("users as u", "u.id", "e.user_id")
    .select((eb) => [
      "e.id",
      "e.user_id",
      "u.name",
      "e.completed_at",
      "e.fee_yen",
      "e.paid_at",
      "c.id as cohort_id",
      "c.name as cohort_name",
      "c.first_session_date",
      "c.last_session_date",
      "co.title as course_title",
      eb
        .case()
        .when(
          eb.exists(
            eb
              .selectFrom("quiz_attempts as qa")
              .innerJoin("course_quizzes as cq", "cq.id", "qa.quiz_id")
              .select("qa.id")
              .whereRef("cq.course_id", "=", "co.id")
              .whereRef("qa.user_id", "=", "e.user_id")
              .where("qa.passed", "=", 1),
          ),
        )
        .then(1)
        .else(0)
        .end()
        .as("quiz_passed"),
    ])
    .orderBy("e.id")
    .execute();
  const ids = enrollmentBase(db, programme, filter).select("e.id");
  const { certificateOf, decisionOf } = await issuedAndDeclined(db, programme.id, ids);
  return rows.map((r): Candidate => ({
    subjectId: r.id,
    holderId: r.user_id,
    holderName: r.name,
    printed: {
      course: r.course_title,
      cohort: r.cohort_name,
      period: period(r.first_session_date, r.last_session_date),
    },
    context: `${r.course_title}・${r.cohort_name}`,
    cohortId: r.cohort_id,
    startsOn: r.first_session_date,
    trainerId: null,
    facts: {
      subject: "enrollment",
      completedAt: r.completed_at,
      feeYen: Number(r.fee_yen),
      paidAt: r.paid_at,
      quizPassed: Number(r.quiz_passed) === 1,
    },
    certificate: certificateOf.get(r.id) ?? null,
    decision: decisionOf.get(r.id) ?? null,
  }));
}

function period(start: string | null, end: string | null): string {
  if (!start) return "";
  return end && end !== start ? `${start}〜${end}` : start;
}

async function placementCandidates(db: Database, programme: Programme, filter: CandidateFilter) {
  const ids = placementBase(db, filter).select("p.id");
  const [rows, sums, finals, issued] = await Promise.all([
    placementBase(db, filter)
      .innerJoin("users as u", "u.id", "p.trainee_id")
      .innerJoin("engagements as g", "g.id", "p.engagement_id")
      .leftJoin("municipalities as m", "m.code", "g.municipality_code")
      .select((eb) => [
        "p.id",
        "p.trainee_id",
        "p.trainer_id",
        "u.name",
        "p.status",
        "p.outcome",
        "p.start_date",
        "p.end_date",
        "g.title as engagement_title",
        "m.name as municipality_name",
        eb
          .case()
          .when(
            eb.exists(
              eb
                .selectFrom("enrollments as be")
                .innerJoin("cohorts as bc", "bc.id", "be.cohort_id")
                .innerJoin("courses as bco", "bco.id", "bc.course_id")
                .select("be.id")
                .whereRef("be.user_id", "=", "p.trainee_id")
                .where("bco.kind", "=", BASIC_COURSE_KIND)
                .where("be.completed_at", "is not", null),
            ),
          )
          .then(1)
          .else(0)
          .end()
          .as("basic_completed"),
      ])
      .orderBy("p.id")
      .execute(),
    db
      .selectFrom("ojt_log_entries")
      .select((eb) => [
        "placement_id",
        eb.fn.sum<number>("minutes").as("minutes"),
        eb.fn.count<number>("task_kind_id").distinct().as("task_kinds"),
        eb.fn.count<number>("pgl_phase_id").distinct().as("pgl_phases"),
      ])
      // Verified hours only: approved by someone other than the entry's writer (decision 0027).
      .where(verifiedEntry())
      .where("placement_id", "in", ids)
      .groupBy("placement_id")
      .execute(),
    db
      .selectFrom("ojt_evaluations")
      .select(["placement_id", "recommendation"])
      .where("kind", "=", "final")
      .where("status", "=", "submitted")
      .where("placement_id", "in", ids)
      .execute(),
    issuedAndDeclined(db, programme.id, ids),
  ]);
  const sumOf = new Map(sums.map((s) => [s.placement_id, s]));
  const finalOf = new Map(finals.map((f) => [f.placement_id, f.recommendation]));
  return rows.map((r): Candidate => {
    const s = sumOf.get(r.id);
    const recommendation = finalOf.get(r.id) ?? null;
    const municipality = r.municipality_name ?? "";
    return {
      subjectId: r.id,
      holderId: r.trainee_id,
      holderName: r.name,
      printed: { municipality, engagement: r.engagement_title, period: period(r.start_date, r.end_date) },
      context: `${municipality}・${r.engagement_title}`,
      cohortId: null,
      startsOn: r.start_date,
      trainerId: r.trainer_id,
      facts: {
        subject: "placement",
        basicCourseCompleted: Number(r.basic_completed) === 1,
        placementStatus: r.status,
        outcome: r.outcome,
        approvedMinutes: Number(s?.minutes ?? 0),
        taskKindCount: Number(s?.task_kinds ?? 0),
        pglPhaseCount: Number(s?.pgl_phases ?? 0),
        recommendation: recommendation === "recommend" || recommendation === "not_yet" ? recommendation : null,
      },
      certificate: issued.certificateOf.get(r.id) ?? null,
      decision: issued.decisionOf.get(r.id) ?? null,
    };
  });
}
