import type { Selectable } from "kysely";
import type { OjtLogEntries, OjtPlacements } from "../../../db/types";
import { rowLock, transaction, type Database } from "~/db.server";
import { audit, auditTrail } from "~/features/audit/audit.server";
import { hasRole } from "~/features/auth/roles";
import { notify } from "~/features/notifications/outbox.server";
import type { Actor } from "~/features/auth/actor";
import { getPlacementForViewer } from "~/features/ojt/placements.server";
import { requirePlacementAction, requirePlacementActor } from "~/features/ojt/placement-permissions";
import { formatDateJa, todayInTokyo } from "~/lib/dates";
import { ConflictError, ForbiddenError, NotFoundError } from "~/lib/errors";
import { pageCount, pageOffset } from "~/lib/list-query";
import { containsPattern, likeEscaped } from "~/lib/list-search.server";
import { requireExpectedCount } from "~/lib/record-list";
import { activeChoices } from "./reference-data.server";
import { entryFingerprint, type EntryContent, type EntrySignatures } from "./fingerprint";
import { entryWriter } from "~/features/vocabulary/verified-entries";
import { ENTRY_FIELD_LABELS, formatMinutes, type EntryStatus } from "./labels";
import type { EntryInput, NewEntryInput } from "./logbook.schema";
import { ACTION_REFUSALS, allowedEntryActions, type EntryAction, type PairRole } from "./sign-off";

const STALE_ENTRY = "この記録の状態は既に変わっています。画面を更新して確認してください。";

/** Who wrote the entry's current content (the author, or whoever last corrected it). */
const writerOf = (entry: EntryRow) => entry.written_by ?? entry.author_id;

const shown = (field: string, value: unknown) => {
  if (value === null || value === undefined || value === "") return "（なし）";
  if (field === "minutes") return formatMinutes(Number(value));
  if (field.endsWith("Id")) return `番号${String(value)}`;
  const text = String(value);
  return text.length > 40 ? `${text.slice(0, 40)}…` : text;
};

/**
 * A sign-off binds to the revision it was shown (decision 0027). A stale form is a 409 that
 * says what changed since (from the audit rows of the edits), and nothing is signed.
 */
async function requireSeenRevision(trx: Database, entry: EntryRow, seen: number | undefined) {
  if (seen === undefined || seen === entry.revision) return;
  const rows = await trx
    .selectFrom("audit_log")
    .select("details")
    .where("entity_type", "=", ENTITY)
    .where("entity_id", "=", String(entry.id))
    .where("action", "in", ["ojt_log_entry.edited", "ojt_log_entry.resubmitted", "ojt_log_entry.corrected"])
    .orderBy("id")
    .execute();
  const changed = new Map<string, [unknown, unknown]>();
  for (const row of rows) {
    const d = JSON.parse(row.details) as { revision?: number; changes?: Record<string, [unknown, unknown]> };
    if ((d.revision ?? 0) <= seen) continue;
    for (const [field, [before, after]] of Object.entries(d.changes ?? {}))
      changed.set(field, [changed.get(field)?.[0] ?? before, after]);
  }
  const list = [...changed.entries()]
    .filter(([, [before, after]]) => before !== after)
    .map(
      ([field, [before, after]]) =>
        `${ENTRY_FIELD_LABELS[field] ?? field}：${shown(field, before)} → ${shown(field, after)}`,
    );
  throw new ConflictError(
    `この記録は、画面を開いた後に変更されています${list.length ? `（${list.join("、")}）` : ""}。` +
      "何も承認・変更していません。変更後の内容を確認してから、もう一度操作してください。",
  );
}

/** A write guarded by status and version changed exactly one row, or someone was first. */
function requireOneChanged(result: { numUpdatedRows: bigint }) {
  if (Number(result.numUpdatedRows) !== 1) throw new ConflictError(STALE_ENTRY);
}

// Log entries of an OJT placement and their sign-off. Every change runs in one transaction
// with its audit row and the notification of whoever must act next.

type EntryRow = Selectable<OjtLogEntries>;
type PlacementRow = Selectable<OjtPlacements>;

const ENTITY = "ojt_log_entry";

async function loadPlacement(trx: Database, id: number): Promise<PlacementRow> {
  const p = await trx.selectFrom("ojt_placements").selectAll().where("id", "=", id).executeTakeFirst();
  if (!p) throw new NotFoundError("OJTが見つかりません。");
  return p;
}

async function loadEntry(trx: Database, id: number): Promise<{ entry: EntryRow; placement: PlacementRow }> {
  const entry = await trx.selectFrom("ojt_log_entries").selectAll().where("id", "=", id).executeTakeFirst();
  if (!entry) throw new NotFoundError("OJTの記録が見つかりません。");
  return { entry, placement: await loadPlacement(trx, entry.placement_id) };
}

/** The actor's part in this placement: trainer, trainee, staff (read only), or none. */
export function pairRole(p: Pick<PlacementRow, "trainer_id" | "trainee_id">, viewer: Actor): PairRole | null {
  if (p.trainer_id === viewer.id) return "trainer";
  if (p.trainee_id === viewer.id) return "trainee";
  if (hasRole(viewer, "staff", "admin")) return "staff";
  return null;
}

function requirePair(p: PlacementRow, actor: Actor): "trainer" | "trainee" {
  const role = pairRole(p, actor);
  if (role === "trainer" || role === "trainee") return role;
  if (role === "staff") throw new ForbiddenError("OJTの記録を書き、承認するのは担当トレーナーとトレーニーです。");
  throw new ForbiddenError("このOJTの記録を扱えるのは、担当トレーナー・トレーニー本人・事務局です。");
}

function requireAction(entry: EntryRow, role: PairRole, actorId: string, action: EntryAction) {
  const allowed = allowedEntryActions(
    { status: entry.status as EntryStatus, authorId: writerOf(entry) },
    {
      id: actorId,
      role,
    },
  );
  if (allowed.includes(action)) return;
  // A wrong person is refused (403); the right person at the wrong moment gets a conflict (409).
  // The four-eyes rule: approve and return belong to the member of the pair who did not write it.
  const author = writerOf(entry) === actorId;
  const rightPerson =
    action === "approve" || action === "return" ? !author : action === "resubmit" || action === "edit" ? author : true;
  if (!rightPerson) throw new ForbiddenError(ACTION_REFUSALS[action]);
  if (entry.status === "approved")
    throw new ConflictError("承認済みの記録は変更できません。訂正する場合は、理由を添えて「訂正」してください。");
  throw new ConflictError(STALE_ENTRY);
}

function requireOpenPlacement(p: PlacementRow) {
  if (p.status !== "active" && p.status !== "ended")
    throw new ConflictError("このOJTは実施中ではないため、記録を変更できません。");
}

/** The date must fall within the placement's period and not in the future (Tokyo). */
function checkWorkDate(p: PlacementRow, workDate: string) {
  if (workDate > todayInTokyo()) throw new ConflictError("実施日に未来の日付は指定できません。", "workDate");
  if (workDate < p.start_date || workDate > p.end_date)
    throw new ConflictError(
      `実施日はOJTの期間（${formatDateJa(p.start_date)}〜${formatDateJa(p.end_date)}）の中で指定してください。`,
      "workDate",
    );
}

/** Choices must exist and be active, except the ones the entry already carries. */
async function checkChoices(trx: Database, input: EntryInput, keep: Partial<EntryRow> = {}) {
  const check = async (
    table: "ojt_task_kinds" | "pgl_phases" | "mic_roles",
    id: number | null,
    kept: number | null | undefined,
    field: string,
    label: string,
  ) => {
    if (id === null) return;
    const row = await trx.selectFrom(table).select(["id", "active"]).where("id", "=", id).executeTakeFirst();
    if (!row || (row.active !== 1 && id !== kept)) throw new ConflictError(`${label}を選択し直してください。`, field);
  };
  await check("ojt_task_kinds", input.taskKindId, keep.task_kind_id, "taskKindId", "作業の種類");
  await check("pgl_phases", input.pglPhaseId, keep.pgl_phase_id, "pglPhaseId", "PGLのフェーズ");
  await check("mic_roles", input.micRoleId, keep.mic_role_id, "micRoleId", "MICスキル標準の役割");
}

/** The entry's columns from a form; only the trainer writes the trainer's feedback. */
function columnsOf(input: EntryInput, role: "trainer" | "trainee", current?: EntryRow) {
  return {
    work_date: input.workDate,
    start_time: input.startTime,
    end_time: input.endTime,
    minutes: input.minutes,
    task_kind_id: input.taskKindId,
    pgl_phase_id: input.pglPhaseId,
    mic_role_id: input.micRoleId,
    department: input.department,
    activity: input.activity,
    contribution: input.contribution,
    reflection: input.reflection,
    trainer_feedback: role === "trainer" ? input.trainerFeedback : (current?.trainer_feedback ?? ""),
  };
}

const COLUMN_FIELDS: Record<string, string> = {
  work_date: "workDate",
  start_time: "startTime",
  end_time: "endTime",
  minutes: "minutes",
  task_kind_id: "taskKindId",
  pgl_phase_id: "pglPhaseId",
  mic_role_id: "micRoleId",
  department: "department",
  activity: "activity",
  contribution: "contribution",
  reflection: "reflection",
  trainer_feedback: "trainerFeedback",
};

/** What changed, for the audit log: { field: [before, after] }. */
function changesOf(before: EntryRow, after: ReturnType<typeof columnsOf>) {
  const changes: Record<string, [unknown, unknown]> = {};
  for (const [column, value] of Object.entries(after)) {
    const old = before[column as keyof EntryRow];
    if (old !== value) changes[COLUMN_FIELDS[column] ?? column] = [old, value];
  }
  return changes;
}

async function names(trx: Database, p: PlacementRow) {
  const row = await trx
    .selectFrom("engagements")
    .innerJoin("municipalities", "municipalities.code", "engagements.municipality_code")
    .select(["municipalities.name as municipality"])
    .where("engagements.id", "=", p.engagement_id)
    .executeTakeFirstOrThrow();
  const people = await trx
    .selectFrom("users")
    .select(["id", "name"])
    .where("id", "in", [p.trainee_id, p.trainer_id])
    .orderBy("id")
    .execute();
  const nameOf = (id: string) => people.find((u) => u.id === id)?.name ?? "";
  return { municipality: row.municipality, trainee: nameOf(p.trainee_id), trainer: nameOf(p.trainer_id) };
}

const entryLink = (p: { id: number }, entryId: number) => `/placements/${p.id}/log/${entryId}`;

/**
 * The trainee or the trainer of an active placement logs a task (the rule `logEntry` of
 * placement-permissions.ts, which the placement page's button reads). `input` null means the
 * form did not validate: the command still refuses a wrong person (403) before the route
 * shows the form's errors, and writes nothing. A draft sent twice with the
 * same `clientKey` (an offline save retried, a double tap) is stored once: the second call
 * returns the first entry. The unique index (author_id, client_key) settles simultaneous
 * requests: the loser's insert does nothing and it reads the winner's row.
 */
type CreatedEntry = { id: number; duplicate: boolean; role?: "trainer" | "trainee" };
export async function createEntry(
  db: Database,
  placementId: number,
  actor: Actor,
  input: NewEntryInput,
): Promise<CreatedEntry>;
export async function createEntry(
  db: Database,
  placementId: number,
  actor: Actor,
  input: NewEntryInput | null,
): Promise<CreatedEntry | null>;
export async function createEntry(
  db: Database,
  placementId: number,
  actor: Actor,
  input: NewEntryInput | null,
): Promise<CreatedEntry | null> {
  // Writers of one placement (its trainee and trainer, a retried offline save) take turns on
  // its lock instead of colliding in SERIALIZABLE and retrying (decision 0029).
  return transaction(db, { locks: [rowLock("ojt_placements", placementId)] }, async (trx) => {
    const p = await loadPlacement(trx, placementId);
    requirePlacementActor(actor, p, "logEntry");
    if (!input) return null;
    const role = requirePair(p, actor);
    const existing = async () => {
      if (!input.clientKey) return undefined;
      return trx
        .selectFrom("ojt_log_entries")
        .select(["id", "placement_id"])
        .where("author_id", "=", actor.id)
        .where("client_key", "=", input.clientKey)
        .executeTakeFirst();
    };
    const before = await existing();
    if (before) return sameDraft(before, placementId);
    requirePlacementAction(actor, p, "logEntry");
    checkWorkDate(p, input.workDate);
    await checkChoices(trx, input);
    const now = new Date().toISOString();
    const inserted = await trx
      .insertInto("ojt_log_entries")
      .values({
        placement_id: p.id,
        author_id: actor.id,
        written_by: actor.id,
        client_key: input.clientKey ?? null,
        status: "submitted",
        version: 1,
        ...columnsOf(input, role),
        submitted_at: now,
        created_at: now,
        updated_at: now,
      })
      .onConflict((oc) => oc.columns(["author_id", "client_key"]).where("client_key", "is not", null).doNothing())
      .returning("id")
      .executeTakeFirst();
    if (!inserted) {
      const winner = await existing();
      if (!winner) throw new ConflictError("記録を保存できませんでした。もう一度お試しください。");
      return sameDraft(winner, placementId);
    }
    await audit(trx, {
      actorId: actor.id,
      action: "ojt_log_entry.created",
      entityType: ENTITY,
      entityId: inserted.id,
      details: { placementId: p.id, workDate: input.workDate, minutes: input.minutes, role },
    });
    const n = await names(trx, p);
    // Four eyes: the other member of the pair signs the entry off.
    await notify(
      trx,
      role === "trainee"
        ? {
            userId: p.trainer_id,
            kind: "ojt_log_entry.submitted",
            title: "OJTの記録が提出されました",
            body: `${n.trainee}さんが${n.municipality}でのOJTの記録（${formatDateJa(input.workDate)}）を提出しました。内容を確認し、承認または差戻ししてください。`,
            link: entryLink(p, inserted.id),
          }
        : {
            userId: p.trainee_id,
            kind: "ojt_log_entry.submitted",
            title: "トレーナーがOJTの記録を書きました",
            body: `${n.trainer}さんが${n.municipality}でのOJTの記録（${formatDateJa(input.workDate)}）を書きました。内容を確認し、確認または差戻ししてください。`,
            link: entryLink(p, inserted.id),
          },
    );
    return { id: inserted.id, duplicate: false, role };
  });
}

function sameDraft(row: { id: number; placement_id: number }, placementId: number) {
  if (row.placement_id !== placementId)
    throw new ConflictError("この下書きは別のOJTの記録として保存済みです。画面を開き直してください。");
  return { id: row.id, duplicate: true };
}

/**
 * Edits an entry that is not yet approved: the author while it waits for approval, the
 * trainee when it was returned (which resubmits it to the trainer).
 */
export async function updateEntry(
  db: Database,
  entryId: number,
  actor: Actor,
  input: EntryInput & { revision?: number },
): Promise<void> {
  await transaction(db, async (trx) => {
    const { entry, placement: p } = await loadEntry(trx, entryId);
    const role = requirePair(p, actor);
    const resubmit = entry.status === "returned";
    requireAction(entry, role, actor.id, resubmit ? "resubmit" : "edit");
    await requireSeenRevision(trx, entry, input.revision);
    requireOpenPlacement(p);
    checkWorkDate(p, input.workDate);
    await checkChoices(trx, input, entry);
    const columns = columnsOf(input, role, entry);
    const now = new Date().toISOString();
    const revision = entry.revision + 1;
    const updated = await trx
      .updateTable("ojt_log_entries")
      .set({
        ...columns,
        status: "submitted",
        revision,
        updated_at: now,
        ...(resubmit ? { submitted_at: now } : {}),
      })
      .where("id", "=", entry.id)
      .where("status", "=", entry.status)
      .where("version", "=", entry.version)
      .where("revision", "=", entry.revision)
      .executeTakeFirst();
    requireOneChanged(updated);
    await audit(trx, {
      actorId: actor.id,
      action: resubmit ? "ojt_log_entry.resubmitted" : "ojt_log_entry.edited",
      entityType: ENTITY,
      entityId: entry.id,
      details: { version: entry.version, revision, changes: changesOf(entry, columns) },
    });
    if (resubmit && role === "trainee") {
      const n = await names(trx, p);
      await notify(trx, {
        userId: p.trainer_id,
        kind: "ojt_log_entry.resubmitted",
        title: "差戻しした記録が再提出されました",
        body: `${n.trainee}さんが${formatDateJa(input.workDate)}の記録を修正して再提出しました。確認して承認してください。`,
        link: entryLink(p, entry.id),
      });
    }
  });
}

/** The content a signature vouches for, with the reference rows named by their stable codes. */
async function contentOf(trx: Database, entry: EntryRow): Promise<EntryContent> {
  const codes = await trx
    .selectFrom("ojt_task_kinds as k")
    .leftJoin("pgl_phases as ph", (j) => j.on("ph.id", "=", entry.pgl_phase_id ?? -1))
    .leftJoin("mic_roles as r", (j) => j.on("r.id", "=", entry.mic_role_id ?? -1))
    .select(["k.code as task_kind", "ph.code as pgl_phase", "r.code as mic_role"])
    .where("k.id", "=", entry.task_kind_id)
    .executeTakeFirstOrThrow();
  return {
    entryId: entry.id,
    placementId: entry.placement_id,
    version: entry.version,
    workDate: entry.work_date,
    startTime: entry.start_time,
    endTime: entry.end_time,
    minutes: entry.minutes,
    taskKind: codes.task_kind,
    pglPhase: codes.pgl_phase ?? null,
    micRole: codes.mic_role ?? null,
    department: entry.department,
    activity: entry.activity,
    contribution: entry.contribution,
    reflection: entry.reflection,
    trainerFeedback: entry.trainer_feedback,
    correctionReason: entry.correction_reason,
  };
}

/**
 * The signed content of an approved entry as stored now, and its fingerprint recomputed: the
 * certificate and the counterpart's confirmation (which adds its own signature) start here.
 * `matches` is false when the stored record was changed after it was signed.
 */
export async function signedEntry(
  db: Database,
  entryId: number,
  counterpart: EntrySignatures["counterpart"] = null,
): Promise<{ content: EntryContent; signatures: EntrySignatures; fingerprint: string; matches: boolean }> {
  const { entry } = await loadEntry(db, entryId);
  if (entry.status !== "approved" || !entry.approved_by || !entry.approved_at)
    throw new ConflictError("この記録はまだ承認されていません。");
  const content = await contentOf(db, entry);
  const signatures: EntrySignatures = { approval: { by: entry.approved_by, at: entry.approved_at }, counterpart };
  const fingerprint = entryFingerprint(content, signatures);
  return { content, signatures, fingerprint, matches: fingerprint === entry.fingerprint };
}

async function approveOne(
  trx: Database,
  entry: EntryRow,
  p: PlacementRow,
  actor: Actor,
  trainerFeedback: string | undefined,
  now: string,
  seenRevision: number | undefined,
) {
  const role = requirePair(p, actor);
  requireAction(entry, role, actor.id, "approve");
  await requireSeenRevision(trx, entry, seenRevision);
  requireOpenPlacement(p);
  // Only the trainer writes the trainer's feedback (a trainee confirming an entry does not).
  const feedback =
    role === "trainer" && trainerFeedback && trainerFeedback !== "" ? trainerFeedback : entry.trainer_feedback;
  const signed = { ...entry, trainer_feedback: feedback };
  const fingerprint = entryFingerprint(await contentOf(trx, signed), { approval: { by: actor.id, at: now } });
  // Guarded by status and version: two approvals (or an approval racing an edit) cannot both win.
  const updated = await trx
    .updateTable("ojt_log_entries")
    .set({
      status: "approved",
      trainer_feedback: feedback,
      approved_by: actor.id,
      approved_at: now,
      fingerprint,
      updated_at: now,
    })
    .where("id", "=", entry.id)
    .where("status", "=", "submitted")
    .where("version", "=", entry.version)
    .where("revision", "=", entry.revision)
    .executeTakeFirst();
  requireOneChanged(updated);
  await audit(trx, {
    actorId: actor.id,
    action: "ojt_log_entry.approved",
    entityType: ENTITY,
    entityId: entry.id,
    details: {
      version: entry.version,
      revision: entry.revision,
      role,
      fingerprint,
      ...(feedback !== entry.trainer_feedback
        ? { changes: { trainerFeedback: [entry.trainer_feedback, feedback] } }
        : {}),
    },
  });
  return fingerprint;
}

/** The placement's trainer approves a submitted entry: it is locked and fingerprinted. */
export async function approveEntry(
  db: Database,
  entryId: number,
  actor: Actor,
  input: { trainerFeedback?: string; revision?: number } = {},
): Promise<{ fingerprint: string }> {
  return transaction(db, async (trx) => {
    const { entry, placement: p } = await loadEntry(trx, entryId);
    const fingerprint = await approveOne(
      trx,
      entry,
      p,
      actor,
      input.trainerFeedback,
      new Date().toISOString(),
      input.revision,
    );
    const n = await names(trx, p);
    const byTrainee = actor.id === p.trainee_id;
    await notify(trx, {
      userId: writerOf(entry),
      kind: "ojt_log_entry.approved",
      title: byTrainee ? "OJTの記録をトレーニーが確認しました" : "OJTの記録が承認されました",
      body: byTrainee
        ? `${n.trainee}さんが${formatDateJa(entry.work_date)}の記録を確認しました。`
        : `${n.trainer}さんが${formatDateJa(entry.work_date)}の記録を承認しました。`,
      link: entryLink(p, entry.id),
    });
    return { fingerprint };
  });
}

/**
 * The trainer approves several entries at once: all or nothing. Each entry is checked as if
 * approved alone (its placement's trainer, waiting for approval); one refusal rolls back all.
 */
export async function approveEntries(
  db: Database,
  selected: readonly (number | { id: number; revision: number })[],
  actor: Actor,
): Promise<{ approved: number }> {
  const seen = new Map<number, number | undefined>();
  for (const s of selected) {
    const [id, revision] = typeof s === "number" ? [s, undefined] : [s.id, s.revision];
    if (!seen.has(id) || revision !== undefined) seen.set(id, revision);
  }
  return transaction(db, (trx) => approveEach(trx, seen, actor));
}

/** At most this many entries are approved by one "all matching" (one transaction). */
export const APPROVE_MATCHING_MAX = 500;

/**
 * The trainer approves every entry awaiting him that the search `q` matches: the server
 * finds them again (never the browser's list), its count must be the `expected` one the
 * page showed, and each entry then goes through the same checks as a ticked one (its
 * placement's trainer, four eyes, the revision read here): all or nothing.
 */
export async function approveAllMatching(
  db: Database,
  actor: Actor,
  input: { q: string; expected?: number | undefined },
): Promise<{ approved: number }> {
  return transaction(db, async (trx) => {
    const rows = await awaitingApproval(trx, actor.id, input.q)
      .select(["e.id", "e.revision"])
      .orderBy("e.work_date")
      .orderBy("e.id")
      .execute();
    requireExpectedCount(input.expected, rows.length);
    if (rows.length > APPROVE_MATCHING_MAX)
      throw new ConflictError(
        `一度に承認できるのは${APPROVE_MATCHING_MAX}件までです。検索で対象を絞ってからもう一度お試しください。`,
      );
    return approveEach(trx, new Map(rows.map((r) => [r.id, r.revision])), actor);
  });
}

/** Approves each entry (id → revision shown) as if alone; one refusal rolls back all. */
async function approveEach(
  trx: Database,
  seen: ReadonlyMap<number, number | undefined>,
  actor: Actor,
): Promise<{ approved: number }> {
  const ids = [...seen.keys()];
  const now = new Date().toISOString();
  const byPlacement = new Map<number, { p: PlacementRow; count: number }>();
  for (const id of ids) {
    const { entry, placement: p } = await loadEntry(trx, id).catch((error: unknown) => {
      if (error instanceof NotFoundError) throw new NotFoundError(`選択した記録（番号${id}）が見つかりません。`);
      throw error;
    });
    try {
      await approveOne(trx, entry, p, actor, undefined, now, seen.get(id));
    } catch (error) {
      if (error instanceof ConflictError || error instanceof ForbiddenError) {
        const message = `${formatDateJa(entry.work_date)}の記録（番号${id}）を承認できません：${error.message} どの記録も承認していません。`;
        throw error instanceof ForbiddenError ? new ForbiddenError(message) : new ConflictError(message);
      }
      throw error;
    }
    const counted = byPlacement.get(p.id);
    byPlacement.set(p.id, { p, count: (counted?.count ?? 0) + 1 });
  }
  for (const { p, count } of byPlacement.values()) {
    const n = await names(trx, p);
    await notify(trx, {
      userId: p.trainee_id,
      kind: "ojt_log_entry.approved",
      title: "OJTの記録が承認されました",
      body: `${n.trainer}さんが${n.municipality}でのOJTの記録${count}件を承認しました。`,
      link: `/placements/${p.id}`,
    });
  }
  return { approved: ids.length };
}

/** The trainer returns a submitted entry to the trainee with a comment saying what to fix. */
export async function returnEntry(
  db: Database,
  entryId: number,
  actor: Actor,
  comment: string,
  seenRevision?: number,
): Promise<void> {
  await transaction(db, async (trx) => {
    const { entry, placement: p } = await loadEntry(trx, entryId);
    const role = requirePair(p, actor);
    requireAction(entry, role, actor.id, "return");
    await requireSeenRevision(trx, entry, seenRevision);
    requireOpenPlacement(p);
    const now = new Date().toISOString();
    const updated = await trx
      .updateTable("ojt_log_entries")
      .set({ status: "returned", return_comment: comment, updated_at: now })
      .where("id", "=", entry.id)
      .where("status", "=", "submitted")
      .where("version", "=", entry.version)
      .where("revision", "=", entry.revision)
      .executeTakeFirst();
    requireOneChanged(updated);
    await audit(trx, {
      actorId: actor.id,
      action: "ojt_log_entry.returned",
      entityType: ENTITY,
      entityId: entry.id,
      details: { version: entry.version, comment },
    });
    const n = await names(trx, p);
    const byTrainee = role === "trainee";
    await notify(trx, {
      userId: writerOf(entry),
      kind: "ojt_log_entry.returned",
      title: "OJTの記録が差戻しされました",
      body: `${byTrainee ? n.trainee : n.trainer}さんが${formatDateJa(entry.work_date)}の記録を差戻ししました。コメント：${comment}`,
      link: entryLink(p, entry.id),
    });
  });
}

/**
 * Corrects an approved (locked) entry: the approved content is kept as a readable version,
 * the entry becomes version + 1 with the reason, and waits for the trainer's approval again.
 */
export async function correctEntry(
  db: Database,
  entryId: number,
  actor: Actor,
  input: EntryInput & { reason: string; revision?: number },
): Promise<{ version: number }> {
  return transaction(db, async (trx) => {
    const { entry, placement: p } = await loadEntry(trx, entryId);
    const role = requirePair(p, actor);
    requireAction(entry, role, actor.id, "correct");
    await requireSeenRevision(trx, entry, input.revision);
    requireOpenPlacement(p);
    checkWorkDate(p, input.workDate);
    await checkChoices(trx, input, entry);
    const now = new Date().toISOString();
    const content = await contentOf(trx, entry);
    await trx
      .insertInto("ojt_log_entry_versions")
      .values({
        entry_id: entry.id,
        version: entry.version,
        content: JSON.stringify({
          content,
          signatures: { approval: { by: entry.approved_by, at: entry.approved_at } },
        }),
        fingerprint: entry.fingerprint!,
        approved_by: entry.approved_by!,
        approved_at: entry.approved_at!,
        superseded_by: actor.id,
        superseded_at: now,
        superseded_reason: input.reason,
      })
      .execute();
    const columns = columnsOf(input, role, entry);
    const version = entry.version + 1;
    const updated = await trx
      .updateTable("ojt_log_entries")
      .set({
        ...columns,
        status: "submitted",
        version,
        revision: entry.revision + 1,
        // The corrector wrote this version: the other member of the pair signs it off.
        written_by: actor.id,
        correction_reason: input.reason,
        return_comment: null,
        approved_by: null,
        approved_at: null,
        fingerprint: null,
        submitted_at: now,
        updated_at: now,
      })
      .where("id", "=", entry.id)
      .where("status", "=", "approved")
      .where("version", "=", entry.version)
      .executeTakeFirst();
    requireOneChanged(updated);
    await audit(trx, {
      actorId: actor.id,
      action: "ojt_log_entry.corrected",
      entityType: ENTITY,
      entityId: entry.id,
      details: {
        fromVersion: entry.version,
        version,
        revision: entry.revision + 1,
        reason: input.reason,
        supersededFingerprint: entry.fingerprint,
        changes: changesOf(entry, columns),
      },
    });
    const n = await names(trx, p);
    await notify(trx, {
      userId: role === "trainer" ? p.trainee_id : p.trainer_id,
      kind: "ojt_log_entry.corrected",
      title: "承認済みの記録が訂正されました",
      body:
        role === "trainer"
          ? `${n.trainer}さんが${formatDateJa(entry.work_date)}の記録を訂正しました。理由：${input.reason}`
          : `${n.trainee}さんが承認済みの${formatDateJa(entry.work_date)}の記録を訂正しました。理由：${input.reason} 確認して、もう一度承認してください。`,
      link: entryLink(p, entry.id),
    });
    return { version };
  });
}

// ---------------------------------------------------------------------------------------
// Reading

const LIST_LIMIT = 50;

/**
 * The placement's entries, newest first (the caller has already authorized the viewer with
 * getPlacementForViewer), with the count per status.
 */
export async function listPlacementEntries(db: Database, placementId: number, limit = LIST_LIMIT) {
  const [rows, counts] = await Promise.all([
    db
      .selectFrom("ojt_log_entries as e")
      .innerJoin("ojt_task_kinds as k", "k.id", "e.task_kind_id")
      .innerJoin("users as a", "a.id", "e.author_id")
      .select([
        "e.id",
        "e.status",
        "e.version",
        "e.work_date",
        "e.minutes",
        "e.activity",
        "k.label as task_kind",
        "a.name as author_name",
      ])
      .where("e.placement_id", "=", placementId)
      .orderBy("e.work_date", "desc")
      .orderBy("e.id", "desc")
      .limit(limit)
      .execute(),
    db
      .selectFrom("ojt_log_entries")
      .select((eb) => ["status", eb.fn.countAll<number>().as("n")])
      .where("placement_id", "=", placementId)
      .groupBy("status")
      .orderBy("status")
      .execute(),
  ]);
  const byStatus = { submitted: 0, returned: 0, approved: 0 } as Record<EntryStatus, number>;
  for (const c of counts) byStatus[c.status as EntryStatus] = Number(c.n);
  return {
    entries: rows.map((r) => ({ ...r, status: r.status as EntryStatus })),
    counts: byStatus,
    total: byStatus.submitted + byStatus.returned + byStatus.approved,
  };
}

export type PlacementEntries = Awaited<ReturnType<typeof listPlacementEntries>>;

type StoredVersion = { content: EntryContent; signatures: { approval: { by: string; at: string } } };

/**
 * One entry for a viewer: the placement's access rule first (pair and staff; 403/404), then
 * the entry must belong to that placement (404 otherwise, so ids cannot be probed across).
 */
export async function getEntryForViewer(db: Database, placementId: number, entryId: number, viewer: Actor) {
  const placement = await getPlacementForViewer(db, placementId, viewer);
  const row = await db
    .selectFrom("ojt_log_entries as e")
    .innerJoin("ojt_task_kinds as k", "k.id", "e.task_kind_id")
    .leftJoin("pgl_phases as ph", "ph.id", "e.pgl_phase_id")
    .leftJoin("mic_roles as r", "r.id", "e.mic_role_id")
    .innerJoin("users as a", "a.id", "e.author_id")
    .leftJoin("users as ap", "ap.id", "e.approved_by")
    .selectAll("e")
    .select([
      "k.label as task_kind",
      "ph.label as pgl_phase",
      "r.label as mic_role",
      "a.name as author_name",
      "ap.name as approver_name",
    ])
    .where("e.id", "=", entryId)
    .where("e.placement_id", "=", placementId)
    .executeTakeFirst();
  if (!row) throw new NotFoundError("OJTの記録が見つかりません。");
  const [versionRows, trail, labels] = await Promise.all([
    db
      .selectFrom("ojt_log_entry_versions as v")
      .innerJoin("users as ap", "ap.id", "v.approved_by")
      .innerJoin("users as sb", "sb.id", "v.superseded_by")
      .select([
        "v.version",
        "v.content",
        "v.fingerprint",
        "v.approved_at",
        "v.superseded_at",
        "v.superseded_reason",
        "ap.name as approver_name",
        "sb.name as superseded_by_name",
      ])
      .where("v.entry_id", "=", entryId)
      .orderBy("v.version", "desc")
      .execute(),
    auditTrail(db, ENTITY, entryId),
    referenceLabelsByCode(db),
  ]);
  const role = pairRole(placement, viewer) ?? "staff";
  const status = row.status as EntryStatus;
  return {
    placement: {
      id: placement.id,
      status: placement.status,
      municipality_name: placement.municipality_name,
      engagement_title: placement.engagement_title,
      trainer_name: placement.trainer_name,
      trainee_name: placement.trainee_name,
      start_date: placement.start_date,
      end_date: placement.end_date,
    },
    entry: { ...row, status },
    versions: versionRows.map((v) => {
      const stored = JSON.parse(v.content) as StoredVersion;
      const c = stored.content;
      return {
        ...v,
        content: {
          ...c,
          taskKind: labels.taskKinds.get(c.taskKind) ?? c.taskKind,
          pglPhase: c.pglPhase ? (labels.pglPhases.get(c.pglPhase) ?? c.pglPhase) : null,
          micRole: c.micRole ? (labels.micRoles.get(c.micRole) ?? c.micRole) : null,
        },
      };
    }),
    timeline: trail.map((t) => ({ ...t, details: JSON.parse(t.details) as Record<string, unknown> })),
    role,
    can: allowedEntryActions({ status, authorId: row.written_by ?? row.author_id }, { id: viewer.id, role }).filter(
      () => placement.status === "active" || placement.status === "ended",
    ),
  };
}

async function referenceLabelsByCode(db: Database) {
  const [k, p, r] = await Promise.all([
    db.selectFrom("ojt_task_kinds").select(["code", "label"]).execute(),
    db.selectFrom("pgl_phases").select(["code", "label"]).execute(),
    db.selectFrom("mic_roles").select(["code", "label"]).execute(),
  ]);
  const map = (rows: { code: string; label: string }[]) => new Map(rows.map((x) => [x.code, x.label]));
  return { taskKinds: map(k), pglPhases: map(p), micRoles: map(r) };
}

/** The task kind this author last used in this placement (preselected on the phone form). */
export async function lastTaskKindId(db: Database, placementId: number, authorId: string): Promise<number | null> {
  const row = await db
    .selectFrom("ojt_log_entries")
    .select("task_kind_id")
    .where("placement_id", "=", placementId)
    .where("author_id", "=", authorId)
    .orderBy("created_at", "desc")
    .orderBy("id", "desc")
    .limit(1)
    .executeTakeFirst();
  return row?.task_kind_id ?? null;
}

export const APPROVALS_PAGE_SIZE = 20;

/** Entries waiting for this trainer's approval, across their placements, oldest first. */
/**
 * The entries waiting for this trainer's approval, narrowed by a search of the trainee's
 * name (ふりがな, e-mail and the rest of the user's search text) or the municipality.
 */
function awaitingApproval(db: Database, trainerId: string, q: string) {
  let base = db
    .selectFrom("ojt_log_entries as e")
    .innerJoin("ojt_placements as p", "p.id", "e.placement_id")
    .where("p.trainer_id", "=", trainerId)
    .where("e.status", "=", "submitted")
    // Four eyes: what the trainer wrote waits for the trainee, not for him.
    .where(entryWriter("e"), "<>", trainerId);
  const pattern = containsPattern(q);
  if (pattern) {
    const like = likeEscaped(pattern);
    base = base.where((eb) =>
      eb.or([
        eb.exists(
          eb
            .selectFrom("users as t")
            .select("t.id")
            .whereRef("t.id", "=", "p.trainee_id")
            .where("t.search_text", "like", like),
        ),
        eb.exists(
          eb
            .selectFrom("engagements as sg")
            .innerJoin("municipalities as sm", "sm.code", "sg.municipality_code")
            .select("sg.id")
            .whereRef("sg.id", "=", "p.engagement_id")
            .where((w) => w.or([w("sm.name", "like", like), w("sm.name_kana", "like", like)])),
        ),
      ]),
    );
  }
  return base;
}

/** Columns of an awaiting entry as the list and its export show it. */
function awaitingRows(db: Database, trainerId: string, q: string) {
  return awaitingApproval(db, trainerId, q)
    .innerJoin("engagements as g", "g.id", "p.engagement_id")
    .innerJoin("municipalities as m", "m.code", "g.municipality_code")
    .innerJoin("ojt_task_kinds as k", "k.id", "e.task_kind_id")
    .innerJoin("users as a", "a.id", "e.author_id")
    .innerJoin("users as t", "t.id", "p.trainee_id")
    .select([
      "e.id",
      "e.placement_id",
      "e.work_date",
      "e.minutes",
      "e.task_kind_id",
      "e.version",
      "e.revision",
      "e.activity",
      "e.submitted_at",
      "k.label as task_kind",
      "a.name as author_name",
      "t.name as trainee_name",
      "m.name as municipality_name",
    ])
    .orderBy("e.work_date")
    .orderBy("e.id");
}

export async function listAwaitingApproval(db: Database, trainerId: string, page: number, q = "") {
  const [{ total }, rows] = await Promise.all([
    awaitingApproval(db, trainerId, q)
      .select((eb) => eb.fn.countAll<number>().as("total"))
      .executeTakeFirstOrThrow(),
    awaitingRows(db, trainerId, q).limit(APPROVALS_PAGE_SIZE).offset(pageOffset(page, APPROVALS_PAGE_SIZE)).execute(),
  ]);
  return { entries: rows, total: Number(total), page, pageCount: pageCount(Number(total), APPROVALS_PAGE_SIZE) };
}

/** Every entry waiting for this trainer that the search matches (the CSV and .xlsx). */
export async function listAllAwaitingApproval(db: Database, trainerId: string, q = "") {
  return awaitingRows(db, trainerId, q).execute();
}

/** How many entries wait for this trainer (the count beside the navigation link). */
export async function countAwaitingApproval(db: Database, trainerId: string): Promise<number> {
  const row = await db
    .selectFrom("ojt_log_entries as e")
    .innerJoin("ojt_placements as p", "p.id", "e.placement_id")
    .select((eb) => eb.fn.countAll<number>().as("n"))
    .where("p.trainer_id", "=", trainerId)
    .where("e.status", "=", "submitted")
    .where(entryWriter("e"), "<>", trainerId)
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

/** Only the pair of an active placement logs entries (others: 403/404, not active: 409). */
async function authorizeNewEntry(db: Database, placementId: number, viewer: Actor) {
  const placement = await getPlacementForViewer(db, placementId, viewer);
  requirePlacementAction(viewer, placement, "logEntry");
  const role = pairRole(placement, viewer) as "trainer" | "trainee";
  return { placement, role };
}

/**
 * What the phone form needs: the pair's placement (access rule of placements; staff and
 * outsiders refused), the active choices, and the defaults (today, the author's last kind).
 */
export async function prepareNewEntry(db: Database, placementId: number, viewer: Actor) {
  const { placement, role } = await authorizeNewEntry(db, placementId, viewer);
  const [choices, lastKind] = await Promise.all([activeChoices(db), lastTaskKindId(db, placementId, viewer.id)]);
  const today = todayInTokyo();
  return {
    placement: {
      id: placement.id,
      municipality_name: placement.municipality_name,
      engagement_title: placement.engagement_title,
      start_date: placement.start_date,
      end_date: placement.end_date,
    },
    role,
    choices,
    defaults: {
      workDate: today < placement.end_date ? today : placement.end_date,
      taskKindId: lastKind && choices.taskKinds.some((k) => k.id === lastKind) ? lastKind : null,
    },
  };
}
