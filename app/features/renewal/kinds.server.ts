import { transaction, type Database } from "~/db.server";
import { audit } from "~/features/audit/audit.server";
import { ConflictError, NotFoundError } from "~/lib/errors";
import { RENEWAL_MESSAGES as M } from "./labels";
import type { ActivityKindInput } from "./renewal.schema";
import type { PointRule } from "./rules";

export type ActivityKind = PointRule & {
  id: number;
  name: string;
  description: string;
  active: number;
  sort_order: number;
};

const COLUMNS = [
  "id",
  "name",
  "description",
  "rule",
  "hours_per_point",
  "points_per_activity",
  "max_points",
  "active",
  "sort_order",
] as const;

/** The kinds of self-reported activity, in their display order (inactive ones too, for staff). */
export async function listActivityKinds(db: Database, options: { activeOnly?: boolean } = {}): Promise<ActivityKind[]> {
  let q = db.selectFrom("renewal_activity_kinds").select(COLUMNS);
  if (options.activeOnly) q = q.where("active", "=", 1);
  const rows = await q.orderBy("sort_order").orderBy("id").execute();
  return rows.map(asKind);
}

export async function getActivityKind(db: Database, id: number): Promise<ActivityKind> {
  const row = await db.selectFrom("renewal_activity_kinds").select(COLUMNS).where("id", "=", id).executeTakeFirst();
  if (!row) throw new NotFoundError(M.kindNotFound);
  return asKind(row);
}

function asKind(row: {
  id: number;
  name: string;
  description: string;
  rule: string;
  hours_per_point: number | null;
  points_per_activity: number | null;
  max_points: number | null;
  active: number;
  sort_order: number;
}): ActivityKind {
  const base = {
    id: row.id,
    name: row.name,
    description: row.description,
    active: row.active,
    sort_order: row.sort_order,
    max_points: row.max_points,
  };
  return row.rule === "per_hours"
    ? { ...base, rule: "per_hours", hours_per_point: Number(row.hours_per_point), points_per_activity: null }
    : { ...base, rule: "per_activity", hours_per_point: null, points_per_activity: Number(row.points_per_activity) };
}

/**
 * Creates a kind, or changes one (input.id). A changed rule applies to activities reported or
 * corrected from now on; points already computed stay as they were (staff saw them so).
 */
export async function saveActivityKind(db: Database, input: ActivityKindInput, actorId: string): Promise<number> {
  const values = {
    name: input.name,
    description: input.description,
    rule: input.rule,
    hours_per_point: input.rule === "per_hours" ? (input.hoursPerPoint ?? null) : null,
    points_per_activity: input.rule === "per_activity" ? (input.pointsPerActivity ?? null) : null,
    max_points: input.maxPoints ?? null,
    active: input.active ? 1 : 0,
    sort_order: input.sortOrder ?? 0,
    updated_by: actorId,
    updated_at: new Date().toISOString(),
  };
  return transaction(db, async (trx) => {
    const clash = await trx
      .selectFrom("renewal_activity_kinds")
      .select("id")
      .where("name", "=", input.name)
      .$if(input.id !== undefined, (q) => q.where("id", "<>", input.id!))
      .executeTakeFirst();
    if (clash) throw new ConflictError(M.kindNameTaken, "name");
    let id: number;
    if (input.id !== undefined) {
      const result = await trx
        .updateTable("renewal_activity_kinds")
        .set(values)
        .where("id", "=", input.id)
        .executeTakeFirst();
      if (Number(result.numUpdatedRows) === 0) throw new NotFoundError(M.kindNotFound);
      id = input.id;
    } else {
      id = Number(
        (await trx.insertInto("renewal_activity_kinds").values(values).returning("id").executeTakeFirstOrThrow()).id,
      );
    }
    await audit(trx, {
      actorId,
      action: input.id !== undefined ? "renewal.kind_update" : "renewal.kind_create",
      entityType: "renewal_activity_kind",
      entityId: id,
      details: { ...values, updated_by: undefined, updated_at: undefined },
    });
    return id;
  });
}
