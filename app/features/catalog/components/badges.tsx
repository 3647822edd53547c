import { ENROLLMENT_STATUS_LABELS, type EnrollmentStatus } from "~/features/vocabulary/enrollment-statuses";
import {
  COURSE_FORMAT_LABELS,
  COURSE_KIND_LABELS,
  type CourseFormat,
  type CourseKind,
} from "~/features/vocabulary/course-kinds";

export function KindBadge({ kind }: { kind: CourseKind }) {
  return <span className="badge bg-blue-100 text-blue-1100">{COURSE_KIND_LABELS[kind]}</span>;
}

export function FormatBadge({ format }: { format: CourseFormat }) {
  return <span className="badge bg-solid-gray-100 text-solid-gray-900">{COURSE_FORMAT_LABELS[format]}</span>;
}

const STATUS_TONE: Record<EnrollmentStatus, string> = {
  enrolled: "bg-green-100 text-green-1200",
  pending: "bg-yellow-100 text-yellow-1200",
  waitlisted: "bg-orange-100 text-orange-1200",
  cancelled: "bg-solid-gray-100 text-solid-gray-800",
};

export function StatusBadge({ status, position }: { status: EnrollmentStatus; position?: number | null }) {
  return (
    <span className={`badge ${STATUS_TONE[status]}`}>
      {ENROLLMENT_STATUS_LABELS[status]}
      {status === "waitlisted" && position ? `（${position}番目）` : ""}
    </span>
  );
}
