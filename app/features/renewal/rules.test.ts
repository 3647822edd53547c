import { describe, expect, it } from "vitest";
import {
  activityPoints,
  describePointRule,
  evaluateRenewal,
  isClassroomFollowUp,
  renewalFeeYen,
  renewalOrdinal,
  type RenewalFacts,
} from "./rules";

const perHours = (hours_per_point: number, max_points: number | null = null) =>
  ({ rule: "per_hours", hours_per_point, points_per_activity: null, max_points }) as const;
const perActivity = (points_per_activity: number, max_points: number | null = null) =>
  ({ rule: "per_activity", hours_per_point: null, points_per_activity, max_points }) as const;

describe("activityPoints", () => {
  it("counts whole points per hours, rounded down, without binary-fraction surprises", () => {
    expect(activityPoints(perHours(2), 3.9)).toBe(1);
    expect(activityPoints(perHours(2), 4)).toBe(2);
    expect(activityPoints(perHours(0.5), 1.5)).toBe(3);
    expect(activityPoints(perHours(10), 9.5)).toBe(0);
  });
  it("caps one activity at the kind's maximum", () => {
    expect(activityPoints(perHours(1, 5), 12)).toBe(5);
    expect(activityPoints(perActivity(3, 2), 1)).toBe(2);
    expect(activityPoints(perActivity(3), 100)).toBe(3);
  });
  it("says the rule in Japanese", () => {
    expect(describePointRule(perHours(2, 5))).toBe("2時間ごとに1ポイント（1件5ポイントまで）");
    expect(describePointRule(perHours(1.5))).toBe("1.5時間ごとに1ポイント");
    expect(describePointRule(perActivity(3))).toBe("1件3ポイント");
  });
});

describe("renewal ordinal and fee", () => {
  it("counts the first renewal from the fiscal year of certification", () => {
    // Certified in FY2024 (October 2024): the points of FY2024 are for the first renewal.
    expect(renewalOrdinal("2024-10-01", 2024)).toBe(1);
    expect(renewalOrdinal("2024-10-01", 2026)).toBe(3);
    // Certified in March 2025 is still FY2024.
    expect(renewalOrdinal("2025-03-31", 2024)).toBe(1);
    expect(renewalOrdinal("2025-04-01", 2024)).toBeNull();
    expect(renewalOrdinal(null, 2026)).toBeNull();
  });
  it("charges no fee at the first renewal", () => {
    expect(renewalFeeYen(1)).toBe(0);
    expect(renewalFeeYen(2)).toBe(22_000);
  });
});

const facts = (over: Partial<RenewalFacts> = {}): RenewalFacts => ({
  fiscalYear: 2026,
  certifiedOn: "2025-06-01",
  coursePoints: 0,
  activityPoints: 0,
  pendingPoints: 0,
  surveySubmitted: false,
  feePaid: false,
  followUps: [],
  ...over,
});

describe("evaluateRenewal", () => {
  it("adds course and approved activity points; pending ones do not count", () => {
    const r = evaluateRenewal(facts({ coursePoints: 6, activityPoints: 3, pendingPoints: 4 }));
    expect(r.points).toBe(9);
    expect(r.pointsShort).toBe(1);
    const points = r.conditions.find((c) => c.key === "points")!;
    expect(points.met).toBe(false);
    expect(points.missing).toBe("あと1ポイント必要です。");
    expect(points.detail).toContain("確認待ち4ポイント");
  });
  it("is ready at the second renewal with points, survey and fee", () => {
    const r = evaluateRenewal(facts({ coursePoints: 10, surveySubmitted: true, feePaid: true }));
    expect(r.ordinal).toBe(2);
    expect(r.feeYen).toBe(22_000);
    expect(r.conditions.map((c) => c.key)).toEqual(["points", "survey", "fee"]);
    expect(r.ready).toBe(true);
  });
  it("asks no fee at the first renewal", () => {
    const r = evaluateRenewal(facts({ certifiedOn: "2026-05-01", coursePoints: 10, surveySubmitted: true }));
    expect(r.ordinal).toBe(1);
    expect(r.conditions.some((c) => c.key === "fee")).toBe(false);
    expect(r.ready).toBe(true);
  });
  it("asks for three follow-up courses, two in a classroom, by the third renewal", () => {
    const base = { certifiedOn: "2024-04-01", coursePoints: 12, surveySubmitted: true, feePaid: true };
    const distance = { format: "distance", total_hours: 6 } as const;
    const classroom = { format: "classroom", total_hours: 6 } as const;
    const shortLive = { format: "live_online", total_hours: 3 } as const;
    let r = evaluateRenewal(facts({ ...base, followUps: [distance, distance, classroom] }));
    expect(r.ordinal).toBe(3);
    expect(r.followUpsNeeded).toEqual({ courses: 1, classroom: 1 });
    expect(r.ready).toBe(false);
    r = evaluateRenewal(facts({ ...base, followUps: [distance, shortLive, classroom] }));
    expect(isClassroomFollowUp(shortLive)).toBe(false);
    expect(r.followUpsNeeded).toEqual({ courses: 1, classroom: 1 });
    r = evaluateRenewal(
      facts({ ...base, followUps: [distance, { format: "live_online", total_hours: 6 }, classroom] }),
    );
    expect(r.followUpsNeeded).toEqual({ courses: 0, classroom: 0 });
    expect(r.ready).toBe(true);
    // Before the third renewal the rule is not asked yet.
    expect(evaluateRenewal(facts({ ...base, certifiedOn: "2025-04-01" })).followUpsNeeded).toBeNull();
  });
});
