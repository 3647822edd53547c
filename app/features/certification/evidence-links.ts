import type { CriterionKind, ProgrammeSubject } from "./criteria";

// Where staff check each criterion's evidence from the certification queue: the record the
// fact was read from, at the section that shows it. Null where no staff page shows it yet.

type Subject = { subjectId: number; cohortId: number | null };

export function evidenceHref(subject: ProgrammeSubject, kind: CriterionKind, s: Subject): string | null {
  if (subject === "enrollment") {
    if (s.cohortId === null) return null;
    const enrollment = `/staff/cohorts/${s.cohortId}/enrollments/${s.subjectId}`;
    switch (kind) {
      case "course_completed":
        return `${enrollment}#attendance-heading`;
      case "fee_paid":
        return `${enrollment}#status-heading`;
      default:
        return null;
    }
  }
  const placement = `/placements/${s.subjectId}`;
  switch (kind) {
    case "placement_completed":
      return `${placement}#history`;
    case "approved_hours_at_least":
    case "task_kinds_at_least":
    case "pgl_phases_at_least":
      return `${placement}#plan-actual`;
    case "final_recommendation":
      return `${placement}/assessment`;
    default:
      return null;
  }
}
