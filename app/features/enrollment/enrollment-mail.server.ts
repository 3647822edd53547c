import type { Database } from "~/db.server";
import { feeEmailText } from "~/features/payments/instructions";
import { getPaymentSettings } from "~/features/payments/settings.server";
import { formatDateJa } from "~/lib/dates";
import { prefectureName } from "~/lib/local-gov-code";

export type EnrollmentMailFacts = {
  status: "enrolled" | "pending" | "waitlisted";
  feeYen: number;
  enrolledAt: string | null;
  firstSessionDate: string | null;
  lastSessionDate: string | null;
  sessionCount: number;
  prefectureCode: string | null;
  venue: string;
  cancellationDeadline: string;
};

/**
 * The facts a trainee needs after applying, for the body of the confirmation e-mail: dates,
 * place, cancellation deadline, and the fee with how and by when to pay it (the bank account
 * staff set on /staff/payment-settings).
 */
export async function enrollmentMailDetails(trx: Database, f: EnrollmentMailFacts): Promise<string> {
  const settings = f.feeYen > 0 && f.status !== "waitlisted" ? await getPaymentSettings(trx) : null;
  const dates =
    f.firstSessionDate && f.lastSessionDate
      ? f.firstSessionDate === f.lastSessionDate
        ? formatDateJa(f.firstSessionDate)
        : `${formatDateJa(f.firstSessionDate)}〜${formatDateJa(f.lastSessionDate)}（全${f.sessionCount}日）`
      : "未定";
  return [
    `日程：${dates}`,
    `会場：${f.prefectureCode ? `${prefectureName(f.prefectureCode) ?? ""} ${f.venue}` : "オンライン"}`,
    `キャンセル期限：${formatDateJa(f.cancellationDeadline)}`,
    feeEmailText(settings, f),
  ].join("\n");
}
