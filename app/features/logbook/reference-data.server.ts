import { randomBytes } from "node:crypto";
import { transaction, type Database } from "~/db.server";
import { audit } from "~/features/audit/audit.server";
import { ConflictError, NotFoundError } from "~/lib/errors";
import { REFERENCE_KIND_LABELS, type PglProcess, type ReferenceKind } from "./labels";

// The reference data of the logbook — task kinds, PGL phases, MIC roles — kept by staff. A
// row that entries use is never deleted: it is deactivated, so it leaves the choices of a new
// entry but still labels the old ones.

const TABLES = {
  taskKinds: "ojt_task_kinds",
  pglPhases: "pgl_phases",
  micRoles: "mic_roles",
} as const;
// The three tables share their columns (pgl_phases adds `process`); one name for the typing.
type AnyTable = "mic_roles";
const tableOf = (kind: ReferenceKind) => TABLES[kind] as AnyTable;
const USAGE_COLUMN = { taskKinds: "task_kind_id", pglPhases: "pgl_phase_id", micRoles: "mic_role_id" } as const;

export type ReferenceItem = {
  id: number;
  code: string;
  label: string;
  process: PglProcess | null;
  sortOrder: number;
  active: boolean;
  entryCount: number;
};

async function listKind(db: Database, kind: ReferenceKind): Promise<ReferenceItem[]> {
  const usage = USAGE_COLUMN[kind];
  const rows = await db
    .selectFrom(`${tableOf(kind)} as r`)
    .select((eb) => [
      "r.id",
      "r.code",
      "r.label",
      "r.sort_order",
      "r.active",
      eb
        .selectFrom("ojt_log_entries as e")
        .select((e) => e.fn.countAll<number>().as("n"))
        .whereRef(`e.${usage}`, "=", "r.id")
        .as("entry_count"),
    ])
    .orderBy("r.sort_order")
    .orderBy("r.id")
    .execute();
  const processes =
    kind === "pglPhases"
      ? new Map((await db.selectFrom("pgl_phases").select(["id", "process"]).execute()).map((p) => [p.id, p.process]))
      : null;
  return rows.map((r) => ({
    id: r.id,
    code: r.code,
    label: r.label,
    process: (processes?.get(r.id) as PglProcess | undefined) ?? null,
    sortOrder: r.sort_order,
    active: r.active === 1,
    entryCount: Number(r.entry_count ?? 0),
  }));
}

/** Every row of the three lists, in their order, with how many entries use each. */
export async function listReferenceData(db: Database) {
  const [taskKinds, pglPhases, micRoles] = await Promise.all([
    listKind(db, "taskKinds"),
    listKind(db, "pglPhases"),
    listKind(db, "micRoles"),
  ]);
  return { taskKinds, pglPhases, micRoles };
}

export type Choice = { id: number; label: string };

/** The choices of a new entry: active rows only, in staff's order. */
export async function activeChoices(db: Database) {
  const load = (kind: ReferenceKind) =>
    db
      .selectFrom(tableOf(kind))
      .select(["id", "label"])
      .where("active", "=", 1)
      .orderBy("sort_order")
      .orderBy("id")
      .execute();
  const [taskKinds, pglPhases, micRoles] = await Promise.all([load("taskKinds"), load("pglPhases"), load("micRoles")]);
  return { taskKinds, pglPhases, micRoles };
}

async function loadItem(trx: Database, kind: ReferenceKind, id: number) {
  const row = await trx.selectFrom(tableOf(kind)).selectAll().where("id", "=", id).executeTakeFirst();
  if (!row) throw new NotFoundError(`${REFERENCE_KIND_LABELS[kind]}が見つかりません。`);
  return row;
}

async function labelTaken(trx: Database, kind: ReferenceKind, label: string, exceptId: number | null) {
  let q = trx.selectFrom(tableOf(kind)).select("id").where("label", "=", label);
  if (exceptId !== null) q = q.where("id", "<>", exceptId);
  if (await q.executeTakeFirst()) throw new ConflictError("同じ名前の項目が既にあります。", "label");
}

/** Staff add a row at the end of its list. */
export async function addReferenceItem(
  db: Database,
  kind: ReferenceKind,
  input: { label: string; process?: PglProcess | null },
  actorId: string,
): Promise<{ id: number }> {
  return transaction(db, async (trx) => {
    await labelTaken(trx, kind, input.label, null);
    if (kind === "pglPhases" && !input.process) throw new ConflictError("プロセスを選択してください。", "process");
    const last = await trx
      .selectFrom(tableOf(kind))
      .select("sort_order")
      .orderBy("sort_order", "desc")
      .orderBy("id", "desc")
      .executeTakeFirst();
    const now = new Date().toISOString();
    // A stable code that never changes with the label (fingerprints name rows by code).
    const code = `custom_${randomBytes(6).toString("hex")}`;
    const values = {
      code,
      label: input.label,
      sort_order: (last?.sort_order ?? 0) + 10,
      active: 1,
      created_at: now,
      updated_at: now,
    };
    const row =
      kind === "pglPhases"
        ? await trx
            .insertInto("pgl_phases")
            .values({ ...values, process: input.process! })
            .returning("id")
            .executeTakeFirstOrThrow()
        : await trx.insertInto(tableOf(kind)).values(values).returning("id").executeTakeFirstOrThrow();
    await audit(trx, {
      actorId,
      action: "logbook_reference.added",
      entityType: TABLES[kind],
      entityId: row.id,
      details: { label: input.label, code, ...(input.process ? { process: input.process } : {}) },
    });
    return { id: row.id };
  });
}

export async function renameReferenceItem(
  db: Database,
  kind: ReferenceKind,
  id: number,
  label: string,
  actorId: string,
): Promise<void> {
  await transaction(db, async (trx) => {
    const row = await loadItem(trx, kind, id);
    if (row.label === label) return;
    await labelTaken(trx, kind, label, id);
    await trx
      .updateTable(tableOf(kind))
      .set({ label, updated_at: new Date().toISOString() })
      .where("id", "=", id)
      .execute();
    await audit(trx, {
      actorId,
      action: "logbook_reference.renamed",
      entityType: TABLES[kind],
      entityId: id,
      details: { from: row.label, to: label },
    });
  });
}

/** Moves a row one place up or down its list (the order of every new-entry choice). */
export async function moveReferenceItem(
  db: Database,
  kind: ReferenceKind,
  id: number,
  direction: "up" | "down",
  actorId: string,
): Promise<void> {
  await transaction(db, async (trx) => {
    await loadItem(trx, kind, id);
    const rows = await trx
      .selectFrom(tableOf(kind))
      .select(["id", "sort_order"])
      .orderBy("sort_order")
      .orderBy("id")
      .execute();
    const at = rows.findIndex((r) => r.id === id);
    const to = direction === "up" ? at - 1 : at + 1;
    if (to < 0 || to >= rows.length) return;
    [rows[at], rows[to]] = [rows[to]!, rows[at]!];
    const now = new Date().toISOString();
    // Renumber the whole list: ties in sort_order would otherwise make the swap a no-op.
    for (const [i, r] of rows.entries()) {
      const order = (i + 1) * 10;
      if (r.sort_order !== order)
        await trx
          .updateTable(tableOf(kind))
          .set({ sort_order: order, updated_at: now })
          .where("id", "=", r.id)
          .execute();
    }
    await audit(trx, {
      actorId,
      action: "logbook_reference.moved",
      entityType: TABLES[kind],
      entityId: id,
      details: { direction },
    });
  });
}

/** Deactivates (or brings back) a row; entries that use it keep their label. */
export async function setReferenceItemActive(
  db: Database,
  kind: ReferenceKind,
  id: number,
  active: boolean,
  actorId: string,
): Promise<void> {
  await transaction(db, async (trx) => {
    const row = await loadItem(trx, kind, id);
    if ((row.active === 1) === active) return;
    if (!active && kind === "taskKinds") {
      const others = await trx
        .selectFrom("ojt_task_kinds")
        .select((eb) => eb.fn.countAll<number>().as("n"))
        .where("active", "=", 1)
        .where("id", "<>", id)
        .executeTakeFirstOrThrow();
      if (Number(others.n) === 0) throw new ConflictError("作業の種類は少なくとも1つ有効にしておく必要があります。");
    }
    await trx
      .updateTable(tableOf(kind))
      .set({ active: active ? 1 : 0, updated_at: new Date().toISOString() })
      .where("id", "=", id)
      .execute();
    await audit(trx, {
      actorId,
      action: active ? "logbook_reference.activated" : "logbook_reference.deactivated",
      entityType: TABLES[kind],
      entityId: id,
      details: { label: row.label },
    });
  });
}
