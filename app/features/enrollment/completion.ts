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
