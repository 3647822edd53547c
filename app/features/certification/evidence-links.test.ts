import { describe, expect, it } from "vitest";
import { ENROLLMENT_CRITERION_KINDS, PLACEMENT_CRITERION_KINDS } from "./criteria";
import { evidenceHref } from "./evidence-links";

describe("evidence links of the certification queue", () => {
  it("links an enrolment's attendance and payment to its page in its cohort", () => {
    const s = { subjectId: 42, cohortId: 7 };
    expect(evidenceHref("enrollment", "course_completed", s)).toBe(
      "/staff/cohorts/7/enrollments/42#attendance-heading",
    );
    expect(evidenceHref("enrollment", "fee_paid", s)).toBe("/staff/cohorts/7/enrollments/42#status-heading");
  });

  it("links a placement's hours, kinds and phases to its progress, its recommendation to the assessment", () => {
    const s = { subjectId: 5, cohortId: null };
    for (const kind of ["approved_hours_at_least", "task_kinds_at_least", "pgl_phases_at_least"] as const)
      expect(evidenceHref("placement", kind, s)).toBe("/placements/5#plan-actual");
    expect(evidenceHref("placement", "final_recommendation", s)).toBe("/placements/5/assessment");
    expect(evidenceHref("placement", "placement_completed", s)).toBe("/placements/5#history");
  });

  it("never builds a link for a subject of the other kind", () => {
    for (const kind of ENROLLMENT_CRITERION_KINDS)
      expect(evidenceHref("placement", kind, { subjectId: 1, cohortId: null }) ?? "").not.toContain("enrollments");
    for (const kind of PLACEMENT_CRITERION_KINDS)
      expect(evidenceHref("enrollment", kind, { subjectId: 1, cohortId: 2 })).toBeNull();
  });
});
