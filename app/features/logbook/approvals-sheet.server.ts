import type { Database } from "~/db.server";
import type { Column, Sheet } from "~/lib/spreadsheet";
import { listAllAwaitingApproval } from "./entries.server";

// The trainer's approvals as a file: every entry waiting for him that the list's search
// matches, in the list's order, one column model for the CSV and the .xlsx (decision 0033).

type AwaitingRow = Awaited<ReturnType<typeof listAllAwaitingApproval>>[number];

const AWAITING_COLUMNS: ReadonlyArray<Column<AwaitingRow>> = [
  { header: "記録番号", kind: "code", value: (r) => String(r.id) },
  { header: "活動日", kind: "date", value: (r) => r.work_date },
  { header: "トレーニー", kind: "text", value: (r) => r.trainee_name },
  { header: "記入者", kind: "text", value: (r) => r.author_name },
  { header: "自治体", kind: "text", value: (r) => r.municipality_name },
  { header: "作業の種類", kind: "text", value: (r) => r.task_kind },
  { header: "時間（分）", kind: "number", value: (r) => r.minutes },
  { header: "版", kind: "number", value: (r) => r.version },
  { header: "提出日時", kind: "datetime", value: (r) => r.submitted_at },
  { header: "活動内容", kind: "text", value: (r) => r.activity },
];

export async function awaitingApprovalSheet(db: Database, trainerId: string, q: string): Promise<Sheet<AwaitingRow>> {
  return {
    title: "承認待ちの記録",
    filename: "承認待ちの記録",
    asciiFilename: "approvals",
    columns: AWAITING_COLUMNS,
    rows: await listAllAwaitingApproval(db, trainerId, q),
  };
}
