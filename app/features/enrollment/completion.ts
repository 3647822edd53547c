// The completion rule, pure so that the trainee's page and the server agree on it.
// A course is completed when the trainee (1) attended enough sessions — the course's minimum,
// or every session by default — counting present, late and left early as attended;
// (2) submitted the post-course questionnaire; (3) had the fee confirmed (free courses: none).

export type CompletionFacts = {
  status: string;
  sessionCount: number;
  attended: number;
  minSessionsAttended: number | null;
  questionnaireSubmitted: boolean;
  feeYen: number;
  paid: boolean;
};

export type CompletionCheck = {
  requiredSessions: number;
  attendanceMet: boolean;
  questionnaireMet: boolean;
  feeMet: boolean;
  complete: boolean;
};

export function checkCompletion(f: CompletionFacts): CompletionCheck {
  const requiredSessions = Math.min(f.minSessionsAttended ?? f.sessionCount, f.sessionCount);
  const attendanceMet = f.sessionCount > 0 && f.attended >= requiredSessions;
  const questionnaireMet = f.questionnaireSubmitted;
  const feeMet = f.feeYen === 0 || f.paid;
  return {
    requiredSessions,
    attendanceMet,
    questionnaireMet,
    feeMet,
    complete: f.status === "enrolled" && attendanceMet && questionnaireMet && feeMet,
  };
}

export type CompletionOutlook = "on_track" | "at_risk" | "impossible";

/**
 * Whether the attendance minimum can still be reached, counting every session of the cohort
 * (held or not): sessions marked absent or excused are lost, the rest may still be attended.
 * 'at_risk' (one more absence makes completion impossible) is said only once a session has
 * been missed: a course that needs every session would otherwise be "at risk" from day one.
 */
export function completionOutlook(f: {
  sessionCount: number;
  requiredSessions: number;
  attended: number;
  missed: number;
}): CompletionOutlook {
  if (f.attended >= f.requiredSessions) return "on_track";
  const stillPossible = f.sessionCount - f.missed;
  if (stillPossible < f.requiredSessions) return "impossible";
  if (f.missed > 0 && stillPossible - 1 < f.requiredSessions) return "at_risk";
  return "on_track";
}
