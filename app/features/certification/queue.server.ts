import type { Database } from "~/db.server";
import { auditTrail } from "~/features/audit/audit.server";
import { NotFoundError } from "~/lib/errors";
import { pageCount, pageOffset } from "~/lib/list-query";
import { certificateById, certificatesOfHolder } from "./records.server";
import { evaluate, type Evaluation } from "./criteria";
import { criteriaOf } from "./criteria.server";
import { candidatesOf, listProgrammes, programmeById, type Candidate } from "./evidence.server";
import type { QueueShow, QueueState } from "./labels";

// The certification queue: every candidate of a programme with each criterion met or missing,
// computed from the set-based evidence (evidence.server.ts), sorted by how close a candidate is.

export const QUEUE_PAGE_SIZE = 50;

export type QueueRow = Candidate & { evaluation: Evaluation; state: QueueState; earlier?: number };

/**
 * One row per person for a course programme (decision 0034): a trainee who took the course
 * again appears once, with the latest enrolment (latest cohort start, then the newest id) and
 * the number of earlier ones (再受講). Placements are not folded: two OJT placements are two
 * engagements, each certified on its own.
 */
export function latestPerHolder<T extends Pick<Candidate, "holderId" | "subjectId" | "startsOn">>(
  rows: readonly T[],
): (T & { earlier: number })[] {
  const byHolder = new Map<string, { row: T; count: number }>();
  for (const row of rows) {
    const seen = byHolder.get(row.holderId);
    if (!seen) {
      byHolder.set(row.holderId, { row, count: 1 });
      continue;
    }
    seen.count += 1;
    const a = row.startsOn ?? "";
    const b = seen.row.startsOn ?? "";
    if (a > b || (a === b && row.subjectId > seen.row.subjectId)) seen.row = row;
  }
  return [...byHolder.values()].map(({ row, count }) => ({ ...row, earlier: count - 1 }));
}

function stateOf(c: Candidate, e: Evaluation): QueueState {
  if (c.certificate) return "issued";
  if (c.decision) return e.allMet ? "ready" : "declined";
  return e.allMet ? "ready" : "waiting";
}

const ORDER: Record<QueueState, number> = { ready: 0, waiting: 1, declined: 2, issued: 3 };

/** Closest first (ready ones on top), then by name and id so the order is stable. */
export function compareQueueRows(a: QueueRow, b: QueueRow): number {
  return (
    ORDER[a.state] - ORDER[b.state] ||
    b.evaluation.closeness - a.evaluation.closeness ||
    a.holderName.localeCompare(b.holderName, "ja") ||
    a.subjectId - b.subjectId
  );
}

export type QueueQuery = {
  programmeId: number | null;
  cohortId: number | null;
  fiscalYear: number | null;
  show: QueueShow;
  page: number;
};

export async function certificationQueue(db: Database, query: QueueQuery) {
  const programmes = await listProgrammes(db);
  const programme = programmes.find((p) => p.id === query.programmeId) ?? programmes[0];
  if (!programme) throw new NotFoundError("認定プログラムがありません。");
  const [criteria, candidates, cohorts] = await Promise.all([
    criteriaOf(db, programme.id),
    candidatesOf(db, programme, {
      cohortId: programme.subject === "enrollment" ? query.cohortId : null,
      fiscalYear: query.fiscalYear,
    }),
    programme.subject === "enrollment"
      ? db
          .selectFrom("cohorts as c")
          .innerJoin("courses as co", "co.id", "c.course_id")
          .select(["c.id", "c.name", "co.title"])
          .where("co.kind", "=", programme.course_kind ?? "")
          .orderBy("c.fiscal_year", "desc")
          .orderBy("c.id", "desc")
          .limit(200)
          .execute()
      : Promise.resolve([]),
  ]);
  const all = (programme.subject === "enrollment" ? latestPerHolder(candidates) : candidates).map((c): QueueRow => {
    const evaluation = evaluate(c.facts, criteria);
    return { ...c, evaluation, state: stateOf(c, evaluation) };
  });
  const counts: Record<QueueState, number> = { ready: 0, waiting: 0, declined: 0, issued: 0 };
  for (const r of all) counts[r.state]++;
  const shown = all.filter((r) =>
    query.show === "all" ? true : query.show === "issued" ? r.state === "issued" : r.state !== "issued",
  );
  shown.sort(compareQueueRows);
  const pages = pageCount(shown.length, QUEUE_PAGE_SIZE);
  const page = Math.min(query.page, pages);
  const offset = pageOffset(page, QUEUE_PAGE_SIZE);
  return {
    programmes,
    programme,
    criteria,
    cohorts: cohorts.map((c) => ({ id: c.id, label: `${c.title}・${c.name}` })),
    rows: shown.slice(offset, offset + QUEUE_PAGE_SIZE),
    total: shown.length,
    counts,
    page,
    pageCount: pages,
  };
}

export type SnapshotResult = { kind: string; label: string; met: boolean; evidence: string };

/** A certificate for staff: its facts, snapshots and audit trail. */
export async function certificateForStaff(db: Database, id: number) {
  const record = await certificateById(db, id);
  if (!record) throw new NotFoundError("修了証が見つかりません。");
  const [snapshots, trail] = await Promise.all([
    db
      .selectFrom("certificates")
      .leftJoin("users as issuer", "issuer.id", "certificates.issued_by")
      .select(["criteria_snapshot", "evidence_snapshot", "issuer.name as issued_by_name"])
      .where("certificates.id", "=", id)
      .executeTakeFirstOrThrow(),
    auditTrail(db, "certificate", id),
  ]);
  const criteria = JSON.parse(snapshots.criteria_snapshot) as { kind: string; label: string }[];
  const evidence = JSON.parse(snapshots.evidence_snapshot) as { results?: SnapshotResult[] };
  return {
    certificate: record,
    issuedByName: snapshots.issued_by_name,
    criteria: criteria.map((c) => c.label),
    evidence: evidence.results ?? [],
    trail: trail.map((t) => ({
      id: t.id,
      action: t.action,
      actorName: t.actor_name,
      createdAt: t.created_at,
      reason: ((JSON.parse(t.details) as { reason?: string | null }).reason ?? null) as string | null,
    })),
  };
}

/** The trainee's page: own certificates, and decisions that declined them (with the reason). */
export async function myCertification(db: Database, userId: string) {
  const [certificates, declined] = await Promise.all([
    certificatesOfHolder(db, userId),
    db
      .selectFrom("certification_decisions as d")
      .innerJoin("certification_programmes as p", "p.id", "d.programme_id")
      .leftJoin("certificates as c", (join) =>
        join.onRef("c.programme_id", "=", "d.programme_id").onRef("c.subject_id", "=", "d.subject_id"),
      )
      .select(["d.id", "d.reason", "d.decided_at", "p.name as programme_name"])
      .where("d.holder_id", "=", userId)
      .where("c.id", "is", null)
      .orderBy("d.id", "desc")
      .execute(),
  ]);
  return { certificates, declined };
}

/**
 * The trainer's page: the placements they train (active or ended), with the OJT programmes'
 * criteria evaluated and any certificate. Only their own trainees: the filter is in the query.
 */
export async function trainerOutcomes(db: Database, trainerId: string) {
  const programmes = (await listProgrammes(db)).filter((p) => p.subject === "placement");
  return Promise.all(
    programmes.map(async (programme) => {
      const [criteria, candidates] = await Promise.all([
        criteriaOf(db, programme.id),
        candidatesOf(db, programme, { trainerId }),
      ]);
      const rows = candidates.map((c): QueueRow => {
        const evaluation = evaluate(c.facts, criteria);
        return { ...c, evaluation, state: stateOf(c, evaluation) };
      });
      rows.sort(compareQueueRows);
      return { programme, rows };
    }),
  );
}

export { programmeById };
