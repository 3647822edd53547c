// Enrollment states with their Japanese labels (attendance marks: attendance-statuses.ts).

export const ENROLLMENT_STATUSES = ["pending", "enrolled", "waitlisted", "cancelled"] as const;
export type EnrollmentStatus = (typeof ENROLLMENT_STATUSES)[number];

export const ENROLLMENT_STATUS_LABELS: Record<EnrollmentStatus, string> = {
  pending: "承認待ち",
  enrolled: "受講確定",
  waitlisted: "キャンセル待ち",
  cancelled: "キャンセル",
};

/** States that hold a seat of the cohort's capacity. */
export const SEAT_HOLDING: readonly EnrollmentStatus[] = ["pending", "enrolled"];
/** States of a live application (not cancelled). */
export const ACTIVE: readonly EnrollmentStatus[] = ["pending", "enrolled", "waitlisted"];

export const CANCEL_REASON_LABELS = {
  self: "本人による取消",
  staff: "事務局による取消",
  moved: "別の開催回へ移動",
} as const;
