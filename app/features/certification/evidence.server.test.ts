import { beforeAll, describe, expect, it } from "vitest";
import type { Database } from "~/db.server";
import { finalRecommendationOf } from "~/features/assessment/evaluations.server";
import { quizPassed } from "~/features/assessment/quiz.server";
import { approvedSummaryOfPlacement } from "~/features/logbook/progress.server";
import { createTestDb } from "~/testing/db";
import { BASIC_PROGRAMME_ID, basicCourseCandidate, OJT_PROGRAMME_ID, ojtCandidate } from "~/testing/certification";
import { candidatesOf, programmeById, type Programme } from "./evidence.server";

let db: Database;
let ojt: Programme;
let basic: Programme;
const placements: number[] = [];
const enrollments: { enrollmentId: number; userId: string; courseId: number }[] = [];

beforeAll(async () => {
  db = await createTestDb();
  ojt = (await programmeById(db, OJT_PROGRAMME_ID))!;
  basic = (await programmeById(db, BASIC_PROGRAMME_ID))!;
  const shapes = [
    {},
    { hours: 38, kinds: 2, phases: 1, pendingMinutes: 120 },
    { hours: 5, kinds: 1, phases: 0, ended: null, recommendation: null },
    { hours: 45, kinds: 4, phases: 3, recommendation: "not_yet" as const, ended: "discontinued" as const },
  ];
  for (const shape of shapes) placements.push((await ojtCandidate(db, shape)).id);
  for (const shape of [{}, { quizPassed: false }, { completed: false, feeYen: 30000, paid: false }]) {
    const c = await basicCourseCandidate(db, shape);
    enrollments.push({ enrollmentId: c.enrollmentId, userId: c.trainee.id, courseId: c.courseId });
  }
});

describe("candidatesOf (set-based) agrees with the single-candidate readers", () => {
  it("placements: approved minutes, kinds, phases and the final recommendation", async () => {
    const candidates = await candidatesOf(db, ojt);
    expect(candidates.map((c) => c.subjectId)).toEqual(placements);
    for (const c of candidates) {
      const summary = await approvedSummaryOfPlacement(db, c.subjectId);
      const final = await finalRecommendationOf(db, c.subjectId);
      if (c.facts.subject !== "placement") throw new Error("expected a placement");
      expect(c.facts.approvedMinutes).toBe(summary.approvedMinutes);
      expect(c.facts.taskKindCount).toBe(summary.taskKindIds.length);
      expect(c.facts.pglPhaseCount).toBe(summary.pglPhaseIds.length);
      expect(c.facts.recommendation).toBe(final?.recommendation ?? null);
      expect(c.facts.basicCourseCompleted).toBe(true);
    }
    const second = candidates[1]!.facts;
    expect(second).toMatchObject({ approvedMinutes: 38 * 60, taskKindCount: 2, pglPhaseCount: 1 });
  });

  it("enrolments: completion, fee and the understanding check", async () => {
    const candidates = await candidatesOf(db, basic);
    const ours = candidates.filter((c) => enrollments.some((e) => e.enrollmentId === c.subjectId));
    expect(ours).toHaveLength(3);
    for (const e of enrollments) {
      const c = ours.find((x) => x.subjectId === e.enrollmentId)!;
      if (c.facts.subject !== "enrollment") throw new Error("expected an enrolment");
      const row = await db
        .selectFrom("enrollments")
        .select(["completed_at", "fee_yen", "paid_at"])
        .where("id", "=", e.enrollmentId)
        .executeTakeFirstOrThrow();
      expect(c.facts.completedAt).toBe(row.completed_at);
      expect(c.facts.paidAt).toBe(row.paid_at);
      expect(c.facts.feeYen).toBe(row.fee_yen);
      expect(c.facts.quizPassed).toBe(await quizPassed(db, e.courseId, e.userId));
    }
  });

  it("reads the facts of many candidates with a constant number of queries", async () => {
    let queries = 0;
    const counting = db.withPlugin({
      transformQuery: (args) => {
        queries++;
        return args.node;
      },
      transformResult: async (args) => args.result,
    });
    await candidatesOf(counting, ojt);
    const few = queries;
    for (let i = 0; i < 3; i++) await ojtCandidate(db, { hours: 10 });
    queries = 0;
    await candidatesOf(counting, ojt);
    expect(queries).toBe(few);
    // Subqueries pass through the plugin too; the point is that the count does not grow.
    expect(few).toBeLessThanOrEqual(12);
  });

  it("filters by subject, by trainer and by fiscal year", async () => {
    const one = await candidatesOf(db, ojt, { subjectIds: [placements[1]!] });
    expect(one.map((c) => c.subjectId)).toEqual([placements[1]]);
    const trainerId = one[0]!.trainerId!;
    expect((await candidatesOf(db, ojt, { trainerId })).map((c) => c.subjectId)).toEqual([placements[1]]);
    expect(await candidatesOf(db, ojt, { fiscalYear: 2001 })).toEqual([]);
  });
});
