import { transaction, type Database } from "~/db.server";
import { audit } from "~/features/audit/audit.server";
import { notify } from "~/features/notifications/outbox.server";
import { counterLock, takeNextNumber, NO_FISCAL_YEAR } from "~/features/numbering/counters.server";
import { fiscalYearOf, todayInTokyo } from "~/lib/dates";
import { isStaff, type Actor } from "~/features/auth/actor";
import { ConflictError, DomainError, ForbiddenError, NotFoundError } from "~/lib/errors";
import { certificateNumber } from "./certificate-number";
import { describeCriterion, evaluate } from "./criteria";
import { criteriaOf } from "./criteria.server";
import { candidatesOf, programmeById, type Candidate } from "./evidence.server";

// Certifying, declining, and the later life of a certificate (suspend, reinstate, revoke).
// Every decision is re-evaluated on the server inside its transaction: a forged form for
// someone who does not meet the criteria writes nothing.

function isUniqueViolation(error: unknown): boolean {
  if (error instanceof DomainError || !(error instanceof Error)) return false;
  const code = (error as { code?: unknown }).code;
  return code === "23505" || code === "SQLITE_CONSTRAINT_UNIQUE" || /UNIQUE|duplicate key/.test(error.message);
}

const ALREADY = "他の職員が同時に同じ人を認定しました。画面を更新して確認してください。";

/** Certification belongs to staff (事務局): each command refuses anyone else itself. */
function requireCertifyingStaff(actor: Actor): string {
  if (!isStaff(actor)) throw new ForbiddenError("修了の認定と修了証の管理は事務局が行います。");
  return actor.id;
}

/**
 * Certifies the given candidates of a programme in one transaction: each gets the next serial
 * of the issue date's fiscal year, a number with a random part, the next bit of the status
 * list, and frozen snapshots of its printed facts, the criteria and the evidence. All or none.
 */
export async function certifyCandidates(
  db: Database,
  programmeId: number,
  subjectIds: readonly number[],
  actor: Actor,
  today: string = todayInTokyo(),
): Promise<{ certificateIds: number[] }> {
  const staffId = requireCertifyingStaff(actor);
  try {
    // Issuers take turns on the certificate counters (PostgreSQL: an advisory lock before the
    // transaction; SQLite already has one writer at a time).
    return await transaction(db, { locks: [counterLock("certificate")] }, async (trx) => {
      const programme = await programmeById(trx, programmeId);
      if (!programme) throw new NotFoundError("認定プログラムが見つかりません。");
      if (!programme.active) throw new ConflictError("このプログラムは現在認定を行っていません。");
      const ids = [...new Set(subjectIds)].sort((a, b) => a - b);
      if (ids.length === 0) throw new ConflictError("認定する人を1人以上選択してください。");
      const criteria = await criteriaOf(trx, programmeId);
      if (criteria.length === 0)
        throw new ConflictError("このプログラムには認定の条件がありません。先に条件を設定してください。");
      const candidates = await candidatesOf(trx, programme, { subjectIds: ids });
      if (candidates.length !== ids.length)
        throw new ConflictError("このプログラムの対象ではない受講またはOJTが選ばれています。画面を更新してください。");
      const evaluated = candidates.map((c) => ({ candidate: c, evaluation: evaluate(c.facts, criteria) }));
      for (const { candidate, evaluation } of evaluated) {
        if (candidate.certificate) throw new ConflictError(`${candidate.holderName}さんは既に認定されています。`);
        const missing = evaluation.results.find((r) => !r.met);
        if (missing)
          throw new ConflictError(
            `${candidate.holderName}さんは条件「${missing.label}」を満たしていないため認定できません（${missing.evidence}）。`,
          );
      }
      const fiscalYear = fiscalYearOf(today);
      const now = new Date().toISOString();
      const criteriaSnapshot = JSON.stringify(criteria.map((c) => ({ ...c, label: describeCriterion(c) })));
      const certificateIds: number[] = [];
      for (const { candidate, evaluation } of evaluated) {
        const serial = await takeNextNumber(trx, "certificate", fiscalYear);
        const statusListIndex = (await takeNextNumber(trx, "status_list", NO_FISCAL_YEAR)) - 1;
        const number = certificateNumber(fiscalYear, serial);
        const row = await trx
          .insertInto("certificates")
          .values({
            programme_id: programme.id,
            subject_id: candidate.subjectId,
            holder_id: candidate.holderId,
            fiscal_year: fiscalYear,
            serial,
            number,
            holder_name: candidate.holderName,
            programme_name: programme.name,
            certificate_title: programme.certificate_title,
            printed_facts: JSON.stringify(candidate.printed),
            issued_on: today,
            issued_at: now,
            issued_by: staffId,
            criteria_snapshot: criteriaSnapshot,
            evidence_snapshot: JSON.stringify({
              facts: candidate.facts,
              results: evaluation.results.map(({ kind, label, met, evidence }) => ({ kind, label, met, evidence })),
            }),
            status_list_index: statusListIndex,
          })
          .returning("id")
          .executeTakeFirstOrThrow();
        certificateIds.push(row.id);
        await audit(trx, {
          actorId: staffId,
          action: "certificate.issue",
          entityType: "certificate",
          entityId: row.id,
          details: { number, programmeId: programme.id, subjectId: candidate.subjectId, holderId: candidate.holderId },
        });
        await notify(trx, {
          userId: candidate.holderId,
          kind: "certificate.issued",
          title: `「${programme.certificate_title}」が発行されました`,
          body: `修了証番号 ${number}。修了証のPDFとデジタル証明書を「修了証」のページから受け取れます。`,
          link: "/my/certificates",
        });
      }
      return { certificateIds };
    });
  } catch (error) {
    // UNIQUE (programme_id, subject_id): another server certified the same person first.
    if (isUniqueViolation(error)) throw new ConflictError(ALREADY);
    throw error;
  }
}

async function oneCandidate(db: Database, programmeId: number, subjectId: number) {
  const programme = await programmeById(db, programmeId);
  if (!programme) throw new NotFoundError("認定プログラムが見つかりません。");
  const [candidate] = await candidatesOf(db, programme, { subjectIds: [subjectId] });
  if (!candidate) throw new NotFoundError("認定の対象が見つかりません。");
  return { programme, candidate: candidate satisfies Candidate };
}

/** Declines a candidate with a reason the candidate is shown (on /my/certificates). */
export async function declineCandidate(
  db: Database,
  programmeId: number,
  subjectId: number,
  reason: string,
  actor: Actor,
) {
  const staffId = requireCertifyingStaff(actor);
  return transaction(db, async (trx) => {
    const { programme, candidate } = await oneCandidate(trx, programmeId, subjectId);
    if (candidate.certificate) throw new ConflictError(`${candidate.holderName}さんは既に認定されています。`);
    const now = new Date().toISOString();
    const row = await trx
      .insertInto("certification_decisions")
      .values({
        programme_id: programmeId,
        subject_id: subjectId,
        holder_id: candidate.holderId,
        decision: "declined",
        reason,
        decided_by: staffId,
        decided_at: now,
      })
      .returning("id")
      .executeTakeFirstOrThrow();
    await audit(trx, {
      actorId: staffId,
      action: "certification.decline",
      entityType: "certification_decision",
      entityId: row.id,
      details: { programmeId, subjectId, holderId: candidate.holderId, reason },
    });
    await notify(trx, {
      userId: candidate.holderId,
      kind: "certification.declined",
      title: `「${programme.name}」の修了認定を見送りました`,
      body: `理由：${reason}`,
      link: "/my/certificates",
    });
    return { decisionId: row.id };
  });
}

export type StatusChange = { reason: string; publish: boolean };

const STATUS_WORDS = { suspended: "一時停止", revoked: "取り消し", valid: "再開" } as const;

async function changeStatus(
  db: Database,
  certificateId: number,
  to: "valid" | "suspended" | "revoked",
  from: readonly string[],
  change: StatusChange | null,
  staffId: string,
) {
  return transaction(db, async (trx) => {
    const cert = await trx
      .selectFrom("certificates")
      .select(["id", "status", "holder_id", "number", "certificate_title"])
      .where("id", "=", certificateId)
      .executeTakeFirst();
    if (!cert) throw new NotFoundError("修了証が見つかりません。");
    if (!from.includes(cert.status)) {
      if (cert.status === "revoked") throw new ConflictError("取り消された修了証は変更できません。");
      throw new ConflictError(
        to === "valid" ? "この修了証は一時停止されていません。" : "この修了証の状態では、この操作はできません。",
      );
    }
    if (to !== "valid" && !change?.reason) throw new ConflictError("理由を入力してください。", "reason");
    const now = new Date().toISOString();
    const updated = await trx
      .updateTable("certificates")
      .set({
        status: to,
        status_reason: to === "valid" ? null : change!.reason,
        status_reason_public: to !== "valid" && change!.publish ? 1 : 0,
        status_changed_at: now,
        status_changed_by: staffId,
      })
      .where("id", "=", certificateId)
      .where("status", "=", cert.status)
      .executeTakeFirst();
    if (Number(updated.numUpdatedRows) !== 1)
      throw new ConflictError("他の職員が同時に変更しました。画面を更新してください。");
    await audit(trx, {
      actorId: staffId,
      action: `certificate.${to === "valid" ? "reinstate" : to === "suspended" ? "suspend" : "revoke"}`,
      entityType: "certificate",
      entityId: certificateId,
      details: { from: cert.status, to, reason: change?.reason ?? null, publish: change?.publish ?? false },
    });
    await notify(trx, {
      userId: cert.holder_id,
      kind: `certificate.${to}`,
      title: `修了証（${cert.number}）を${STATUS_WORDS[to]}しました`,
      body: to === "valid" ? "修了証は再び有効です。" : `理由：${change!.reason}`,
      link: "/my/certificates",
    });
  });
}

export async function suspendCertificate(db: Database, certificateId: number, change: StatusChange, actor: Actor) {
  return changeStatus(db, certificateId, "suspended", ["valid"], change, requireCertifyingStaff(actor));
}

export async function reinstateCertificate(db: Database, certificateId: number, actor: Actor) {
  return changeStatus(db, certificateId, "valid", ["suspended"], null, requireCertifyingStaff(actor));
}

/** Revoked is final: no way back (a new certificate would need a new decision). */
export async function revokeCertificate(db: Database, certificateId: number, change: StatusChange, actor: Actor) {
  return changeStatus(db, certificateId, "revoked", ["valid", "suspended"], change, requireCertifyingStaff(actor));
}
