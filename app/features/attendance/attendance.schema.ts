import { ATTENDANCE_STATUSES, type AttendanceStatus } from "~/features/vocabulary/attendance-statuses";
import { formBodyProblem } from "~/lib/schema";

export type AttendanceMark = { enrollmentId: number; status: AttendanceStatus };

/**
 * Reads the attendance form: one radio group "status-<enrollmentId>" per trainee, or the
 * "all-present" intent. Unmarked trainees are left as they are.
 */
export function parseAttendanceForm(
  form: FormData,
): { ok: true; intent: "save" | "all-present"; marks: AttendanceMark[] } | { ok: false; error: string } {
  // Two values for one trainee's mark would otherwise be resolved silently (last one wins).
  const problem = formBodyProblem(form);
  if (problem) return { ok: false, error: problem.message };
  const intent = form.get("intent");
  if (intent !== "save" && intent !== "all-present") return { ok: false, error: "操作が正しくありません。" };
  const marks: AttendanceMark[] = [];
  for (const [key, value] of form.entries()) {
    const m = /^status-(\d+)$/.exec(key);
    if (!m) continue;
    if (typeof value !== "string" || !(ATTENDANCE_STATUSES as readonly string[]).includes(value)) {
      return { ok: false, error: "出欠の値が正しくありません。もう一度選び直してください。" };
    }
    marks.push({ enrollmentId: Number(m[1]), status: value as AttendanceStatus });
  }
  if (intent === "save" && marks.length === 0) {
    return { ok: false, error: "出欠が1件も選ばれていません。" };
  }
  return { ok: true, intent, marks };
}
