import { z } from "zod";
import { countSeatsTaken } from "~/features/vocabulary/counts.server";
import { rowLock, transaction, type Database } from "~/db.server";
import { audit } from "~/features/audit/audit.server";
import { DOCUMENT_LOCKS, issueInvoiceIfDue, issueReceiptIfDue } from "~/features/invoices/invoices.server";
import { notify } from "~/features/notifications/outbox.server";
import { CsvParseError, decodeCsvBytes, parseCsvWithHeader } from "~/lib/csv";
import { safeFilename } from "~/lib/download";
import { sheetToCsv, type Column, type Sheet } from "~/lib/spreadsheet";
import { ConflictError, NotFoundError } from "~/lib/errors";
import { prefectureName } from "~/lib/local-gov-code";
import { getFullRoster, missingPrerequisites, refuseSecondCohortOfCourse } from "./enrollment.server";
import { IMPORT_MAX_BYTES, IMPORT_MAX_ROWS } from "./import-limits";
import {
  ENROLLMENT_STATUS_LABELS,
  CANCEL_REASON_LABELS,
  type EnrollmentStatus,
} from "~/features/vocabulary/enrollment-statuses";

export { IMPORT_MAX_BYTES, IMPORT_MAX_ROWS };
const EMAIL_HEADERS = ["メールアドレス", "メール", "Eメール", "email", "e-mail"];
const PAID_HEADERS = ["入金確認", "入金済", "入金"];
const PAID_YES = ["済", "済み", "1", "はい", "yes", "true", "○", "〇"];
const PAID_NO = ["", "未", "0", "いいえ", "no", "false", "×"];

export type ImportRejection = { line: number; email: string; message: string };
export type ImportResult =
  | { ok: true; imported: number; enrolled: number; waitlisted: number; encoding: string }
  | { ok: false; fileError?: string; rejections: ImportRejection[] };

const emailSchema = z.email();

function findHeader(header: string[], candidates: string[]): string | undefined {
  const norm = (s: string) => s.normalize("NFKC").trim().toLowerCase();
  return header.find((h) => candidates.some((c) => norm(c) === norm(h)));
}

/**
 * Imports trainees into a cohort from a CSV (UTF-8 with or without BOM, or Shift_JIS). Each
 * row names a registered trainee by e-mail (and optionally 入金確認 = 済). Every row is
 * checked first; if any row is rejected the whole file is refused and nothing is written,
 * and the report says which lines and why. Otherwise all rows are placed in one transaction
 * (seats first, then the waitlist, in file order), each audited and notified.
 */
export async function importRosterCsv(
  db: Database,
  input: { cohortId: number; bytes: Uint8Array; actorId: string },
): Promise<ImportResult> {
  if (input.bytes.length === 0) return { ok: false, fileError: "ファイルが空です。", rejections: [] };
  if (input.bytes.length > IMPORT_MAX_BYTES) {
    return { ok: false, fileError: "ファイルが大きすぎます（1MBまで）。", rejections: [] };
  }
  const { text, encoding } = decodeCsvBytes(input.bytes);
  let parsed: ReturnType<typeof parseCsvWithHeader>;
  try {
    parsed = parseCsvWithHeader(text);
  } catch (error) {
    if (error instanceof CsvParseError) return { ok: false, fileError: error.message, rejections: [] };
    throw error;
  }
  const emailHeader = findHeader(parsed.header, EMAIL_HEADERS);
  if (!emailHeader) {
    return {
      ok: false,
      fileError: "1行目に「メールアドレス」の列が見つかりません。見出し行を確認してください。",
      rejections: [],
    };
  }
  const paidHeader = findHeader(parsed.header, PAID_HEADERS);
  if (parsed.rows.length === 0) return { ok: false, fileError: "取り込む行がありません。", rejections: [] };
  if (parsed.rows.length > IMPORT_MAX_ROWS) {
    return { ok: false, fileError: `一度に取り込めるのは${IMPORT_MAX_ROWS}行までです。`, rejections: [] };
  }

  return transaction(
    db,
    { locks: [rowLock("cohorts", input.cohortId), ...DOCUMENT_LOCKS] },
    async (trx): Promise<ImportResult> => {
      const cohort = await trx
        .selectFrom("cohorts")
        .innerJoin("courses", "courses.id", "cohorts.course_id")
        .select([
          "cohorts.id",
          "cohorts.name",
          "cohorts.capacity",
          "cohorts.course_id",
          "courses.title as course_title",
          "courses.fee_yen",
        ])
        .where("cohorts.id", "=", input.cohortId)
        .executeTakeFirst();
      if (!cohort) throw new NotFoundError("開催回が見つかりません。");

      const rows = parsed.rows.map((r) => ({
        line: r.line,
        email: (r.values[emailHeader] ?? "").normalize("NFKC").trim().toLowerCase(),
        paidRaw: paidHeader ? (r.values[paidHeader] ?? "").normalize("NFKC").trim().toLowerCase() : "",
      }));
      const emails = [...new Set(rows.map((r) => r.email).filter(Boolean))];
      const users = new Map<string, { id: string; trainee: boolean }>();
      for (let i = 0; i < emails.length; i += 500) {
        const found = await trx
          .selectFrom("users")
          .select((eb) => [
            "users.id",
            "users.email",
            eb
              .exists(
                eb
                  .selectFrom("user_roles")
                  .select("user_id")
                  .whereRef("user_roles.user_id", "=", "users.id")
                  .where("role", "=", "trainee"),
              )
              .as("trainee"),
          ])
          .where("email", "in", emails.slice(i, i + 500))
          .execute();
        for (const u of found) users.set(u.email, { id: u.id, trainee: Boolean(u.trainee) });
      }
      const existing = new Set(
        (
          await trx
            .selectFrom("enrollments")
            .select("user_id")
            .where("cohort_id", "=", cohort.id)
            .where("status", "<>", "cancelled")
            .execute()
        ).map((e) => e.user_id),
      );

      const rejections: ImportRejection[] = [];
      const firstLine = new Map<string, number>();
      const accepted: Array<{ userId: string; paid: boolean; line: number }> = [];
      for (const r of rows) {
        const reject = (message: string) => rejections.push({ line: r.line, email: r.email, message });
        if (!r.email) {
          reject("メールアドレスが空です。");
          continue;
        }
        if (!emailSchema.safeParse(r.email).success) {
          reject("メールアドレスの形式が正しくありません。");
          continue;
        }
        const seen = firstLine.get(r.email);
        if (seen !== undefined) {
          reject(`同じメールアドレスが${seen}行目にもあります。`);
          continue;
        }
        firstLine.set(r.email, r.line);
        const paid = PAID_YES.includes(r.paidRaw);
        if (!paid && !PAID_NO.includes(r.paidRaw)) {
          reject("「入金確認」は「済」または空欄にしてください。");
          continue;
        }
        const user = users.get(r.email);
        if (!user) {
          reject("このメールアドレスの利用者は登録されていません。先に利用者登録が必要です。");
          continue;
        }
        if (!user.trainee) {
          reject("トレーニーITCとして登録されていない利用者です。");
          continue;
        }
        if (existing.has(user.id)) {
          reject("既にこの開催回に申込があります。");
          continue;
        }
        const missing = await missingPrerequisites(trx, cohort.course_id, user.id);
        if (missing.length > 0) {
          reject(`前提講座「${missing.join("」「")}」が未修了です。`);
          continue;
        }
        try {
          await refuseSecondCohortOfCourse(trx, {
            courseId: cohort.course_id,
            userId: user.id,
            exceptCohortId: cohort.id,
          });
        } catch (error) {
          if (!(error instanceof ConflictError)) throw error;
          reject(error.message);
          continue;
        }
        accepted.push({ userId: user.id, paid, line: r.line });
      }
      if (rejections.length > 0) return { ok: false, rejections };

      // Placement: the same rule as a trainee's own application, one row after another.
      const taken0 = await countSeatsTaken(trx, cohort.id);
      const { seq: seq0 } = await trx
        .selectFrom("enrollments")
        .select((eb) => eb.fn.coalesce(eb.fn.max("queue_seq"), eb.val(0)).as("seq"))
        .where("cohort_id", "=", cohort.id)
        .executeTakeFirstOrThrow();
      let taken = taken0;
      let seq = Number(seq0);
      let enrolled = 0;
      let waitlisted = 0;
      const now = new Date().toISOString();
      for (const a of accepted) {
        seq += 1;
        const status: EnrollmentStatus = taken < cohort.capacity ? "enrolled" : "waitlisted";
        if (status === "enrolled") {
          taken += 1;
          enrolled += 1;
        } else waitlisted += 1;
        const values = {
          status,
          queue_seq: seq,
          requested_at: now,
          enrolled_at: status === "enrolled" ? now : null,
          cancelled_at: null,
          cancel_reason: null,
          fee_yen: cohort.fee_yen,
          paid_at: a.paid ? now : null,
          paid_confirmed_by: a.paid ? input.actorId : null,
          questionnaire_submitted_at: null,
          completed_at: null,
          updated_at: now,
        };
        const { id } = await trx
          .insertInto("enrollments")
          .values({ ...values, cohort_id: cohort.id, user_id: a.userId, created_at: now })
          .onConflict((oc) => oc.columns(["cohort_id", "user_id"]).doUpdateSet(values))
          .returning("id")
          .executeTakeFirstOrThrow();
        await audit(trx, {
          actorId: input.actorId,
          action: status === "waitlisted" ? "enrollment.waitlist" : "enrollment.enrol",
          entityType: "enrollment",
          entityId: id,
          details: { cohortId: cohort.id, status, via: "csv_import", line: a.line, paid: a.paid },
        });
        await issueInvoiceIfDue(trx, id, input.actorId);
        await issueReceiptIfDue(trx, id, input.actorId);
        await notify(trx, {
          userId: a.userId,
          kind: `enrollment.${status}`,
          title:
            status === "enrolled"
              ? `「${cohort.course_title}」${cohort.name}の受講が確定しました`
              : `「${cohort.course_title}」${cohort.name}のキャンセル待ちに登録されました`,
          body: "事務局が申込を登録しました。マイ研修で確認してください。",
          link: "/my/training",
        });
      }
      await audit(trx, {
        actorId: input.actorId,
        action: "cohort.roster_import",
        entityType: "cohort",
        entityId: cohort.id,
        details: { rows: accepted.length, enrolled, waitlisted, encoding },
      });
      return { ok: true, imported: accepted.length, enrolled, waitlisted, encoding };
    },
  );
}

type RosterRow = Awaited<ReturnType<typeof getFullRoster>>[number];

const ROSTER_COLUMNS: ReadonlyArray<Column<RosterRow>> = [
  { header: "受付番号", kind: "number", value: (r) => r.queue_seq },
  { header: "氏名", kind: "text", value: (r) => r.name },
  { header: "ふりがな", kind: "text", value: (r) => r.name_kana },
  { header: "メールアドレス", kind: "text", value: (r) => r.email },
  { header: "所属", kind: "text", value: (r) => r.organization },
  { header: "都道府県", kind: "text", value: (r) => prefectureName(r.prefecture_code) ?? "" },
  { header: "ITC認定番号", kind: "code", value: (r) => r.itc_number ?? "" },
  {
    header: "状態",
    kind: "text",
    value: (r) =>
      r.status === "cancelled" && r.cancel_reason
        ? `${ENROLLMENT_STATUS_LABELS.cancelled}（${CANCEL_REASON_LABELS[r.cancel_reason as keyof typeof CANCEL_REASON_LABELS]}）`
        : ENROLLMENT_STATUS_LABELS[r.status],
  },
  { header: "キャンセル待ち順", kind: "number", value: (r) => (r.status === "waitlisted" ? r.position : null) },
  { header: "申込日時", kind: "datetime", value: (r) => r.requested_at },
  { header: "出席日数", kind: "number", value: (r) => r.attended ?? 0 },
  { header: "アンケート", kind: "text", value: (r) => (r.questionnaire_submitted_at ? "回答済" : "未回答") },
  { header: "受講料（円）", kind: "number", value: (r) => r.fee_yen },
  { header: "入金確認", kind: "text", value: (r) => (r.fee_yen === 0 ? "不要" : r.paid_at ? "済" : "未") },
  { header: "修了", kind: "text", value: (r) => (r.completed_at ? "修了" : "") },
];

/** The roster as a sheet, for its CSV and its .xlsx (decision 0033). */
export async function rosterSheet(
  db: Database,
  cohort: { id: number; course_title: string; name: string },
  filter: { status?: EnrollmentStatus | ""; q?: string } = {},
): Promise<Sheet<RosterRow>> {
  const cohortId = cohort.id;
  return {
    title: "名簿",
    filename: safeFilename(`名簿_${cohort.course_title}_${cohort.name}`),
    asciiFilename: `roster-${cohortId}`,
    columns: ROSTER_COLUMNS,
    rows: await getFullRoster(db, cohortId, filter),
  };
}

/** The roster as CSV with a BOM, so Japanese Excel opens it without mojibake. */
export async function rosterCsv(
  db: Database,
  cohort: { id: number; course_title: string; name: string },
): Promise<string> {
  return sheetToCsv(await rosterSheet(db, cohort));
}
