import { describe, expect, it } from "vitest";
import { certificateNumber, CERTIFICATE_NUMBER_PATTERN } from "./certificate-number";
import { CRITERION_PARAMS, evaluate, parseCriterion, type Criterion, type PlacementFacts } from "./criteria";

const OJT: Criterion[] = [
  { kind: "basic_course_completed", params: {} },
  { kind: "placement_completed", params: {} },
  { kind: "approved_hours_at_least", params: { hours: 40 } },
  { kind: "task_kinds_at_least", params: { count: 3 } },
  { kind: "pgl_phases_at_least", params: { count: 2 } },
  { kind: "final_recommendation", params: {} },
];

const done: PlacementFacts = {
  subject: "placement",
  basicCourseCompleted: true,
  placementStatus: "ended",
  outcome: "completed",
  approvedMinutes: 40 * 60,
  taskKindCount: 3,
  pglPhaseCount: 2,
  recommendation: "recommend",
};

describe("evaluate", () => {
  it("meets every criterion at exactly the thresholds", () => {
    const e = evaluate(done, OJT);
    expect(e.allMet).toBe(true);
    expect(e.closeness).toBe(1);
  });

  it("names the evidence staff read, and scores how close a candidate is", () => {
    const e = evaluate({ ...done, approvedMinutes: 38 * 60, taskKindCount: 2 }, OJT);
    expect(e.allMet).toBe(false);
    const byKind = Object.fromEntries(e.results.map((r) => [r.kind, r]));
    expect(byKind.approved_hours_at_least).toMatchObject({ met: false, evidence: "承認済み時間 38 / 40 時間" });
    expect(byKind.task_kinds_at_least).toMatchObject({ met: false, evidence: "経験した業務の種類 2 / 3" });
    expect(byKind.pgl_phases_at_least!.met).toBe(true);
    expect(e.closeness).toBeCloseTo((4 + 38 / 40 + 2 / 3) / 6);
    const further = evaluate({ ...done, approvedMinutes: 10 * 60, taskKindCount: 1 }, OJT);
    expect(further.closeness).toBeLessThan(e.closeness);
  });

  it("shows partial hours with one decimal, never rounded up to the threshold", () => {
    const e = evaluate({ ...done, approvedMinutes: 40 * 60 - 1 }, OJT);
    expect(e.results[2]!).toMatchObject({ met: false, evidence: "承認済み時間 39.9 / 40 時間" });
  });

  it("an ongoing or discontinued placement, and a missing or negative recommendation, are missing", () => {
    const ongoing = evaluate({ ...done, placementStatus: "active", outcome: null, recommendation: null }, OJT);
    expect(ongoing.results[1]!).toMatchObject({ met: false, evidence: "実施中" });
    expect(ongoing.results[5]!).toMatchObject({ met: false, evidence: "最終評価が未提出" });
    const stopped = evaluate({ ...done, outcome: "discontinued", recommendation: "not_yet" }, OJT);
    expect(stopped.results[1]!.met).toBe(false);
    expect(stopped.results[5]!.met).toBe(false);
  });

  it("an enrolment: completion, fee (a free course needs none) and the understanding check", () => {
    const criteria: Criterion[] = [
      { kind: "course_completed", params: {} },
      { kind: "fee_paid", params: {} },
      { kind: "quiz_passed", params: {} },
    ];
    const base = { subject: "enrollment" as const, completedAt: "2026-10-01T00:00:00Z", feeYen: 0, paidAt: null };
    expect(evaluate({ ...base, quizPassed: true }, criteria).allMet).toBe(true);
    const unpaid = evaluate({ ...base, feeYen: 30000, quizPassed: false }, criteria);
    expect(unpaid.results[1]!).toMatchObject({ met: false, evidence: "未入金（30,000円）" });
    expect(unpaid.results[2]!.met).toBe(false);
    expect(unpaid.closeness).toBeCloseTo(1 / 3);
  });
});

describe("criterion parameters", () => {
  it("accepts the kinds' parameters and refuses bad ones with Japanese messages", () => {
    expect(parseCriterion("approved_hours_at_least", { hours: 40 })).toEqual({
      kind: "approved_hours_at_least",
      params: { hours: 40 },
    });
    const bad = CRITERION_PARAMS.approved_hours_at_least.safeParse({ hours: 0 });
    expect(bad.success).toBe(false);
    expect(bad.error?.issues[0]?.message).toBe("時間数は1以上にしてください。");
    expect(CRITERION_PARAMS.task_kinds_at_least.safeParse({ count: 1.5 }).success).toBe(false);
    expect(CRITERION_PARAMS.fee_paid.safeParse({ hours: 3 }).success).toBe(false);
    expect(() => parseCriterion("attended_lunch", {})).toThrow();
  });
});

describe("certificateNumber", () => {
  it("is the fiscal year, the six-digit serial and eight random Crockford characters", () => {
    const n = certificateNumber(2026, 42, () => new Uint8Array([0, 1, 10, 17, 31, 32, 255, 18]));
    expect(n).toBe("2026-000042-01AHZ0ZJ");
    expect(n).toMatch(CERTIFICATE_NUMBER_PATTERN);
  });

  it("cannot be guessed from another: consecutive serials share nothing in the random part", () => {
    const numbers = Array.from({ length: 200 }, (_, i) => certificateNumber(2026, i + 1));
    for (const n of numbers) expect(n).toMatch(CERTIFICATE_NUMBER_PATTERN);
    expect(new Set(numbers.map((n) => n.slice(-8))).size).toBe(200);
    expect(() => certificateNumber(2026, 0)).toThrow();
  });
});
