// Attendance marks of a session with their Japanese labels.

export const ATTENDANCE_STATUSES = ["present", "late", "left_early", "absent", "excused"] as const;
export type AttendanceStatus = (typeof ATTENDANCE_STATUSES)[number];

export const ATTENDANCE_LABELS: Record<AttendanceStatus, string> = {
  present: "出席",
  late: "遅刻",
  left_early: "早退",
  absent: "欠席",
  excused: "公欠",
};

/** Marks that count as having attended the session (for completion). */
export const ATTENDED: readonly AttendanceStatus[] = ["present", "late", "left_early"];
