import { tokyoDateTimeToInstant } from "~/lib/dates";

// The rules of QR self check-in, without the database (issue 16, decision 0024).

export type CheckInRules = {
  opensMinutesBefore: number;
  closesMinutesAfterEnd: number;
  lateAfterMinutes: number;
};

/** A course without its own rules: opens 30 minutes before, closes at the end, late after 10. */
export const DEFAULT_CHECK_IN_RULES: CheckInRules = {
  opensMinutesBefore: 30,
  closesMinutesAfterEnd: 0,
  lateAfterMinutes: 10,
};

/** The QR code changes every this many seconds… */
export const CODE_STEP_SECONDS = 15;
/**
 * …and the code of the step before is still accepted, for a scan at the very end of a step and
 * for a phone whose request arrives a little late. So a code lives 15–30 seconds: long enough to
 * scan in the room, too short for a photo sent to someone who is not there.
 */
export const ACCEPTED_PAST_STEPS = 1;

/** The time-step number of an instant (server time: the screen's clock is never trusted). */
export function codeStepAt(now: Date): number {
  return Math.floor(now.getTime() / 1000 / CODE_STEP_SECONDS);
}

/** Seconds until the code shown at `now` is replaced. */
export function secondsUntilNextCode(now: Date): number {
  const ms = now.getTime() % (CODE_STEP_SECONDS * 1000);
  return Math.max(1, Math.ceil((CODE_STEP_SECONDS * 1000 - ms) / 1000));
}

export type SessionTimes = { date: string; start_time: string; end_time: string };

export type CheckInWindow = { opensAt: Date; closesAt: Date; lateFrom: Date };

export function checkInWindow(session: SessionTimes, rules: CheckInRules): CheckInWindow {
  const start = tokyoDateTimeToInstant(session.date, session.start_time);
  const end = tokyoDateTimeToInstant(session.date, session.end_time);
  const minutes = (n: number) => n * 60_000;
  return {
    opensAt: new Date(start.getTime() - minutes(rules.opensMinutesBefore)),
    closesAt: new Date(end.getTime() + minutes(rules.closesMinutesAfterEnd)),
    lateFrom: new Date(start.getTime() + minutes(rules.lateAfterMinutes)),
  };
}

export type WindowState = "before" | "open" | "closed";

export function windowState(window: CheckInWindow, now: Date): WindowState {
  if (now < window.opensAt) return "before";
  if (now >= window.closesAt) return "closed";
  return "open";
}

/** The mark a check-in at `now` gives. */
export function checkInStatus(window: CheckInWindow, now: Date): "present" | "late" {
  return now >= window.lateFrom ? "late" : "present";
}
