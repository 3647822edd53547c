// Test-only builder of issued certificates, written straight to the table (certifying from the
// queue has its own tests). Numbers are taken as the real issuer takes them: the serial per
// fiscal year and the status-list bit from the gap-free counters, in the writing transaction.
import crypto from "node:crypto";
import { transaction, type Database } from "~/db.server";
import type { CertificateStatus } from "~/features/certification/records.server";
import { takeNextNumber, NO_FISCAL_YEAR } from "~/features/numbering/counters.server";
import { fiscalYearOf, tokyoDateOf } from "~/lib/dates";
import { makeUser } from "./db";

/** The programmes of migration 11. */
export const PROGRAMMES = {
  basic_municipal: { id: 1, name: "自治体ビジネス基礎研修", title: "自治体ビジネス基礎研修 修了証" },
  ojt: { id: 2, name: "自治体OJT", title: "自治体OJT 修了証" },
} as const;

let subjectSeq = 0;

export async function makeCertificate(
  db: Database,
  options: {
    programme?: keyof typeof PROGRAMMES;
    /** An existing holder; otherwise a new trainee named `holderName`. */
    holderId?: string;
    holderName?: string;
    /** The enrolment's or placement's id; a fresh made-up one by default (no foreign key). */
    subjectId?: number;
    issuedAt?: string;
    issuedBy?: string;
    printedFacts?: Record<string, string>;
    status?: CertificateStatus;
    statusReason?: string;
    statusReasonPublic?: boolean;
  } = {},
): Promise<{ id: number; number: string; holderId: string; holderName: string }> {
  const programme = PROGRAMMES[options.programme ?? "basic_municipal"];
  const holderName = options.holderName ?? "佐藤 花子";
  const holderId = options.holderId ?? (await makeUser(db, ["trainee"], { name: holderName })).id;
  const issuedBy = options.issuedBy ?? (await makeUser(db, ["staff"], { name: "事務局 担当" })).id;
  const issuedAt = options.issuedAt ?? new Date().toISOString();
  const fiscalYear = fiscalYearOf(issuedAt);
  const status = options.status ?? "valid";
  subjectSeq += 1;
  const subjectId = options.subjectId ?? 1_000_000 + subjectSeq * 97 + crypto.randomInt(90);
  return transaction(db, async (trx) => {
    const serial = await takeNextNumber(trx, "certificate", fiscalYear);
    const bit = await takeNextNumber(trx, "status_list", NO_FISCAL_YEAR);
    // Serial plus a random part, so one number does not reveal another.
    const number = `ITC-${fiscalYear}-${String(serial).padStart(5, "0")}-${crypto.randomBytes(3).toString("hex").toUpperCase()}`;
    const row = await trx
      .insertInto("certificates")
      .values({
        programme_id: programme.id,
        subject_id: subjectId,
        holder_id: holderId,
        fiscal_year: fiscalYear,
        serial,
        number,
        holder_name: holderName,
        programme_name: programme.name,
        certificate_title: programme.title,
        printed_facts: JSON.stringify(
          options.printedFacts ?? {
            講座: "自治体ビジネス基礎研修（東京）",
            開催回: "2026年度 第2回",
            時間数: "12時間",
          },
        ),
        issued_on: tokyoDateOf(issuedAt),
        issued_at: issuedAt,
        issued_by: issuedBy,
        status,
        status_reason: status === "valid" ? null : (options.statusReason ?? "事務局の判断による"),
        status_reason_public: options.statusReasonPublic ? 1 : 0,
        status_changed_at: status === "valid" ? null : issuedAt,
        status_changed_by: status === "valid" ? null : issuedBy,
        criteria_snapshot: "[]",
        evidence_snapshot: "{}",
        status_list_index: bit - 1,
      })
      .returning("id")
      .executeTakeFirstOrThrow();
    return { id: Number(row.id), number, holderId, holderName };
  });
}
