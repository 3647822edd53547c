import { transaction, type Database } from "~/db.server";
import { audit } from "~/features/audit/audit.server";
import { ConflictError, NotFoundError } from "~/lib/errors";
import type { CriterionInput } from "./assessment.schema";
import type { CriterionKind } from "./labels";

export type Criterion = {
  id: number;
  code: string;
  kind: CriterionKind;
  micRoleId: number | null;
  label: string;
  description: string;
  active: boolean;
  /** descriptors[0] is level 1 … descriptors[3] level 4. */
  descriptors: [string, string, string, string];
};

/** The rubric in its order (two queries whatever its size). */
export async function listRubric(db: Database, options: { includeRetired?: boolean } = {}): Promise<Criterion[]> {
  let query = db
    .selectFrom("rubric_criteria")
    .select(["id", "code", "kind", "mic_role_id", "label", "description", "active"])
    .orderBy("sort_order")
    .orderBy("id");
  if (!options.includeRetired) query = query.where("active", "=", 1);
  const [criteria, descriptors] = await Promise.all([
    query.execute(),
    db
      .selectFrom("rubric_level_descriptors")
      .select(["criterion_id", "level", "descriptor"])
      .orderBy("criterion_id")
      .orderBy("level")
      .execute(),
  ]);
  const byCriterion = new Map<number, string[]>();
  for (const d of descriptors) {
    const list = byCriterion.get(d.criterion_id) ?? ["", "", "", ""];
    list[d.level - 1] = d.descriptor;
    byCriterion.set(d.criterion_id, list);
  }
  return criteria.map((c) => ({
    id: c.id,
    code: c.code,
    kind: c.kind as CriterionKind,
    micRoleId: c.mic_role_id,
    label: c.label,
    description: c.description,
    active: c.active === 1,
    descriptors: (byCriterion.get(c.id) ?? ["", "", "", ""]) as Criterion["descriptors"],
  }));
}

/** The MIC roles, for a new role criterion. */
export async function micRoles(db: Database) {
  return db
    .selectFrom("mic_roles")
    .select(["id", "label"])
    .where("active", "=", 1)
    .orderBy("sort_order")
    .orderBy("id")
    .execute();
}

/**
 * Staff add or edit a criterion. Evaluations already submitted keep the wording they were
 * submitted with (their snapshot), so an edit only affects evaluations still to be written.
 */
export async function saveCriterion(db: Database, input: CriterionInput, staffId: string): Promise<{ id: number }> {
  return transaction(db, async (trx) => {
    const now = new Date().toISOString();
    const descriptors = [input.descriptor1, input.descriptor2, input.descriptor3, input.descriptor4];
    let id: number;
    let before: unknown = null;
    if (input.criterionId) {
      const existing = await trx
        .selectFrom("rubric_criteria")
        .selectAll()
        .where("id", "=", input.criterionId)
        .executeTakeFirst();
      if (!existing) throw new NotFoundError("評価の観点が見つかりません。");
      const dup = await trx
        .selectFrom("rubric_criteria")
        .select("id")
        .where("label", "=", input.label)
        .where("id", "<>", existing.id)
        .executeTakeFirst();
      if (dup) throw new ConflictError("同じ名前の観点が既にあります。", "label");
      before = { label: existing.label, description: existing.description, active: existing.active };
      await trx
        .updateTable("rubric_criteria")
        .set({ label: input.label, description: input.description, active: input.active ? 1 : 0, updated_at: now })
        .where("id", "=", existing.id)
        .execute();
      id = existing.id;
      await trx.deleteFrom("rubric_level_descriptors").where("criterion_id", "=", id).execute();
    } else {
      const dup = await trx
        .selectFrom("rubric_criteria")
        .select("id")
        .where("label", "=", input.label)
        .executeTakeFirst();
      if (dup) throw new ConflictError("同じ名前の観点が既にあります。", "label");
      if (input.micRoleId) {
        const role = await trx
          .selectFrom("mic_roles")
          .select("id")
          .where("id", "=", input.micRoleId)
          .executeTakeFirst();
        if (!role) throw new ConflictError("MICの役割が見つかりません。", "micRoleId");
      }
      const last = await trx
        .selectFrom("rubric_criteria")
        .select((eb) => eb.fn.max<number>("sort_order").as("max"))
        .executeTakeFirstOrThrow();
      const row = await trx
        .insertInto("rubric_criteria")
        .values({
          code: `c${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}`,
          kind: input.micRoleId ? "mic_role" : "practical",
          mic_role_id: input.micRoleId ?? null,
          label: input.label,
          description: input.description,
          sort_order: Number(last.max ?? 0) + 10,
          active: 1,
          created_at: now,
          updated_at: now,
        })
        .returning("id")
        .executeTakeFirstOrThrow();
      id = row.id;
    }
    await trx
      .insertInto("rubric_level_descriptors")
      .values(descriptors.map((descriptor, i) => ({ criterion_id: id, level: i + 1, descriptor })))
      .execute();
    await audit(trx, {
      actorId: staffId,
      action: input.criterionId ? "rubric.criterion_update" : "rubric.criterion_add",
      entityType: "rubric_criterion",
      entityId: id,
      details: {
        before,
        after: { label: input.label, description: input.description, active: input.active, descriptors },
      },
    });
    return { id };
  });
}
