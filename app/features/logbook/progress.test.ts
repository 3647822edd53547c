import { describe, expect, it } from "vitest";
import { computeProgress, daysBetween, formatHours, progressDate } from "./progress";

const kinds = (planned: number, submitted: number, approved: number) => [
  {
    taskKindId: 1,
    label: "職員相談会への同席",
    plannedMinutes: planned,
    submittedMinutes: submitted,
    approvedMinutes: approved,
  },
];

describe("plan against actual", () => {
  it("counts days inclusively", () => {
    expect(daysBetween("2026-04-01", "2026-04-01")).toBe(0);
    expect(daysBetween("2026-04-01", "2026-05-01")).toBe(30);
    expect(daysBetween("2026-02-28", "2026-03-01")).toBe(1);
  });

  it("expects the plan pro rata and forecasts at the approved pace", () => {
    // 100 days; day 25 of 100; 6000 min planned; 1200 approved → pace 48/day → 4800 forecast.
    const p = computeProgress({
      startDate: "2026-04-01",
      endDate: "2026-07-09",
      today: "2026-04-25",
      endedOn: null,
      kinds: kinds(6000, 300, 1200),
    });
    expect(p.totalDays).toBe(100);
    expect(p.elapsedDays).toBe(25);
    expect(p.phase).toBe("running");
    expect(p.rows[0]!.expectedMinutes).toBe(1500);
    expect(p.rows[0]!.forecastMinutes).toBe(4800);
    expect(p.rows[0]!.approvedPercent).toBe(20);
    // Submitted (waiting) minutes never count toward the pace or the share.
    expect(p.total.submittedMinutes).toBe(300);
    expect(p.total.approvedMinutes).toBe(1200);
  });

  it("before the start: nothing expected, no forecast", () => {
    const p = computeProgress({
      startDate: "2026-05-01",
      endDate: "2026-06-30",
      today: "2026-04-20",
      endedOn: null,
      kinds: kinds(600, 0, 0),
    });
    expect(p.phase).toBe("not_started");
    expect(p.elapsedDays).toBe(0);
    expect(p.total.expectedMinutes).toBe(0);
    expect(p.total.forecastMinutes).toBeNull();
  });

  it("after the planned end: the whole plan is expected and the forecast is the actual", () => {
    const p = computeProgress({
      startDate: "2026-04-01",
      endDate: "2026-04-10",
      today: "2026-06-01",
      endedOn: null,
      kinds: kinds(600, 0, 420),
    });
    expect(p.phase).toBe("over");
    expect(p.asOf).toBe("2026-04-10");
    expect(p.total.expectedMinutes).toBe(600);
    expect(p.total.forecastMinutes).toBe(420);
  });

  it("a placement ended early is measured up to the day it ended", () => {
    expect(progressDate({ today: "2026-06-01", endDate: "2026-09-30", endedOn: "2026-05-10" })).toBe("2026-05-10");
    const p = computeProgress({
      startDate: "2026-05-01",
      endDate: "2026-05-30",
      today: "2026-06-01",
      endedOn: "2026-05-10",
      kinds: kinds(3000, 0, 100),
    });
    expect(p.elapsedDays).toBe(10);
    expect(p.phase).toBe("over");
    expect(p.total.forecastMinutes).toBe(300);
  });

  it("a zero plan has no share and no expectation, yet hours still show", () => {
    const p = computeProgress({
      startDate: "2026-04-01",
      endDate: "2026-04-30",
      today: "2026-04-15",
      endedOn: null,
      kinds: kinds(0, 60, 120),
    });
    expect(p.total.approvedPercent).toBeNull();
    expect(p.total.expectedMinutes).toBe(0);
    expect(p.total.approvedMinutes).toBe(120);
  });

  it("no entries and no kinds: all zero", () => {
    const p = computeProgress({
      startDate: "2026-04-01",
      endDate: "2026-04-30",
      today: "2026-04-15",
      endedOn: null,
      kinds: [],
    });
    expect(p.rows).toEqual([]);
    expect(p.total).toMatchObject({ plannedMinutes: 0, approvedMinutes: 0, forecastMinutes: 0 });
  });

  it("formats hours", () => {
    expect(formatHours(90)).toBe("1.5時間");
    expect(formatHours(null)).toBe("—");
  });
});
