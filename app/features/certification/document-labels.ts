import { formatDocumentDatesIn } from "~/lib/dates";
import type { CertificateStatus } from "./records.server";

// Japanese words of the certificate as a document and of its public verification page (issue
// 15). Pure: imported by the PDF renderer and by the page.

/** Status as the public verification page names it. */
export const PUBLIC_STATUS_LABELS: Record<CertificateStatus, string> = {
  valid: "有効",
  suspended: "一時停止中",
  revoked: "失効",
};

/** Labels of the printed facts whose keys are English identifiers; other keys print as they are. */
const FACT_LABELS: Record<string, string> = {
  course: "講座",
  course_title: "講座",
  cohort: "開催回",
  cohort_name: "開催回",
  period: "期間",
  hours: "時間数",
  total_hours: "時間数",
  engagement: "OJT案件",
  municipality: "自治体",
  trainer: "トレーナー",
  completed_on: "修了日",
};

/**
 * The printed facts as label/value pairs, in the order they were stored. Dates are stored as
 * "YYYY-MM-DD" and printed in 和暦 with the western date, as the issue date is.
 */
export function factRows(facts: Record<string, string>): Array<{ label: string; value: string }> {
  return Object.entries(facts)
    .filter(([, value]) => typeof value === "string" && value.trim() !== "")
    .map(([key, value]) => ({ label: FACT_LABELS[key] ?? key, value: formatDocumentDatesIn(value) }));
}

export const CERTIFICATE_TEXT = {
  honorific: "殿",
  // Two lines on purpose: the break falls after the programme's name, not inside a word.
  statement: (programme: string) => `あなたは「${programme}」の\n所定の課程を修了したことをここに証します。`,
  numberLabel: "修了証番号",
  issuedOnLabel: "交付日",
  verifyCaption: "この修了証の有効性は右のQRコードまたは次のURLで確認できます。",
  notFound: "この番号の修了証は見つかりません。番号をお確かめください。",
  /** The stamp across a certificate that is no longer valid, with the date it changed. */
  stamp: { revoked: "失効", suspended: "一時停止中" },
  stampDate: (status: "revoked" | "suspended", date: string) =>
    status === "revoked" ? `${date}に失効しました` : `${date}から一時停止中です`,
} as const;
