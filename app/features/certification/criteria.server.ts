import { transaction, type Database } from "~/db.server";
import { audit } from "~/features/audit/audit.server";
import { isStaff, type Actor } from "~/features/auth/actor";
import { ConflictError, ForbiddenError, NotFoundError } from "~/lib/errors";
import {
  CRITERION_KINDS_OF,
  CRITERION_LABELS,
  CRITERION_PARAM_NAME,
  CRITERION_PARAMS,
  parseCriterion,
  type Criterion,
  type CriterionKind,
} from "./criteria";
import { programmeById } from "./evidence.server";

/** A programme's criteria in their order. */
export async function criteriaOf(db: Database, programmeId: number): Promise<Criterion[]> {
  const rows = await db
    .selectFrom("certification_criteria")
    .select(["kind", "params"])
    .where("programme_id", "=", programmeId)
    .orderBy("position")
    .orderBy("id")
    .execute();
  return rows.map((r) => parseCriterion(r.kind, JSON.parse(r.params)));
}

/** The edit form's input: the chosen kinds and, per kind that takes one, its parameter as typed. */
export type CriteriaInput = { kinds: string[]; params: Partial<Record<CriterionKind, string | undefined>> };

/**
 * Replaces a programme's criteria in one transaction (audited with before and after). Only the
 * kinds of the programme's subject; at least one, so nobody is certified on no rule at all.
 * Issued certificates keep their own snapshots and are not touched.
 */
export async function replaceCriteria(db: Database, programmeId: number, input: CriteriaInput, actor: Actor) {
  if (!isStaff(actor)) throw new ForbiddenError("認定基準を変更できるのは事務局です。");
  const staffId = actor.id;
  return transaction(db, async (trx) => {
    const programme = await programmeById(trx, programmeId);
    if (!programme) throw new NotFoundError("認定プログラムが見つかりません。");
    const allowed = CRITERION_KINDS_OF[programme.subject];
    const kinds = [...new Set(input.kinds)];
    if (kinds.length === 0) throw new ConflictError("条件を1つ以上選んでください。", "kinds");
    const criteria: Criterion[] = [];
    // In the order of the kinds' list, so the certificate's snapshot reads the same way each time.
    for (const kind of allowed) {
      if (!kinds.includes(kind)) continue;
      const paramName = CRITERION_PARAM_NAME[kind];
      const raw = paramName ? { [paramName]: input.params[kind] ?? "" } : {};
      const parsed = CRITERION_PARAMS[kind].safeParse(raw);
      if (!parsed.success)
        throw new ConflictError(
          `${CRITERION_LABELS[kind]}：${parsed.error.issues[0]?.message ?? "値が正しくありません。"}`,
          kind,
        );
      criteria.push({ kind, params: parsed.data } as Criterion);
    }
    const unknown = kinds.filter((k) => !(allowed as readonly string[]).includes(k));
    if (unknown.length > 0) throw new ConflictError("このプログラムでは使えない条件が含まれています。", "kinds");
    const before = await criteriaOf(trx, programmeId);
    const now = new Date().toISOString();
    await trx.deleteFrom("certification_criteria").where("programme_id", "=", programmeId).execute();
    await trx
      .insertInto("certification_criteria")
      .values(
        criteria.map((c, position) => ({
          programme_id: programmeId,
          kind: c.kind,
          params: JSON.stringify(c.params),
          position,
          created_at: now,
        })),
      )
      .execute();
    await trx
      .updateTable("certification_programmes")
      .set({ updated_by: staffId, updated_at: now })
      .where("id", "=", programmeId)
      .execute();
    await audit(trx, {
      actorId: staffId,
      action: "certification.criteria.replace",
      entityType: "certification_programme",
      entityId: programmeId,
      details: { before, after: criteria },
    });
    return criteria;
  });
}
