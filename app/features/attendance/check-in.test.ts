import { describe, expect, it } from "vitest";
import {
  checkInStatus,
  checkInWindow,
  codeStepAt,
  CODE_STEP_SECONDS,
  DEFAULT_CHECK_IN_RULES,
  secondsUntilNextCode,
  windowState,
} from "./check-in";

const session = { date: "2026-12-01", start_time: "10:00", end_time: "12:00" };

describe("check-in window", () => {
  const window = checkInWindow(session, DEFAULT_CHECK_IN_RULES);

  it("opens 30 minutes before the start in Tokyo time and closes at the end", () => {
    // 10:00 in Tokyo is 01:00 UTC.
    expect(window.opensAt.toISOString()).toBe("2026-12-01T00:30:00.000Z");
    expect(window.closesAt.toISOString()).toBe("2026-12-01T03:00:00.000Z");
    expect(windowState(window, new Date("2026-12-01T00:29:59Z"))).toBe("before");
    expect(windowState(window, new Date("2026-12-01T00:30:00Z"))).toBe("open");
    expect(windowState(window, new Date("2026-12-01T02:59:59Z"))).toBe("open");
    expect(windowState(window, new Date("2026-12-01T03:00:00Z"))).toBe("closed");
  });

  it("marks late from the threshold after the start", () => {
    expect(checkInStatus(window, new Date("2026-12-01T01:09:59Z"))).toBe("present");
    expect(checkInStatus(window, new Date("2026-12-01T01:10:00Z"))).toBe("late");
  });

  it("uses the course's own rules", () => {
    const own = checkInWindow(session, { opensMinutesBefore: 0, closesMinutesAfterEnd: 15, lateAfterMinutes: 0 });
    expect(windowState(own, new Date("2026-12-01T00:59:00Z"))).toBe("before");
    expect(windowState(own, new Date("2026-12-01T03:14:00Z"))).toBe("open");
    expect(checkInStatus(own, new Date("2026-12-01T01:00:00Z"))).toBe("late");
  });
});

describe("code steps", () => {
  it("change every step and say how long the current one lives", () => {
    const t = new Date(Date.UTC(2026, 11, 1, 1, 0, 0));
    const step = codeStepAt(t);
    expect(codeStepAt(new Date(t.getTime() + CODE_STEP_SECONDS * 1000))).toBe(step + 1);
    expect(secondsUntilNextCode(new Date(step * CODE_STEP_SECONDS * 1000))).toBe(CODE_STEP_SECONDS);
    expect(secondsUntilNextCode(new Date(step * CODE_STEP_SECONDS * 1000 + 14_500))).toBe(1);
  });
});
