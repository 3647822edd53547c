import crypto from "node:crypto";
import { transaction, type Database } from "~/db.server";
import { audit } from "~/features/audit/audit.server";
import type { Actor } from "~/features/auth/actor";
import { getPlacementForViewer } from "~/features/ojt/placements.server";
import { StoredFileTooLargeError, type FileStorage } from "~/features/storage/storage.server";
import { ConflictError, DomainError, ForbiddenError, NotFoundError } from "~/lib/errors";
import {
  createContentSniffer,
  DELIVERABLE_MESSAGES as M,
  displayFileName,
  MAX_DELIVERABLE_BYTES,
  type DeliverableType,
} from "./deliverable-rules";

/** An upload refused for what it is (type 415, size 413, empty 400): nothing was kept. */
export class DeliverableRefusedError extends DomainError {}

/** The entry a deliverable page is about, checked against the viewer (pair or staff). */
export async function getEntryForFiles(db: Database, input: { placementId: number; entryId: number; viewer: Actor }) {
  const placement = await getPlacementForViewer(db, input.placementId, input.viewer);
  const entry = await db
    .selectFrom("ojt_log_entries")
    .innerJoin("ojt_task_kinds", "ojt_task_kinds.id", "ojt_log_entries.task_kind_id")
    .select([
      "ojt_log_entries.id",
      "ojt_log_entries.placement_id",
      "ojt_log_entries.status",
      "ojt_log_entries.work_date",
      "ojt_log_entries.minutes",
      "ojt_log_entries.department",
      "ojt_task_kinds.label as task_kind",
    ])
    .where("ojt_log_entries.id", "=", input.entryId)
    .where("ojt_log_entries.placement_id", "=", input.placementId)
    .executeTakeFirst();
  if (!entry) throw new NotFoundError(M.entryNotFound);
  const isPair = placement.trainer_id === input.viewer.id || placement.trainee_id === input.viewer.id;
  const locked = entry.status === "approved";
  return {
    placement: {
      id: placement.id,
      municipality_name: placement.municipality_name,
      trainee_name: placement.trainee_name,
      trainer_name: placement.trainer_name,
    },
    entry,
    locked,
    canAdd: isPair && !locked,
  };
}

/** Throws unless the viewer may add a file to this entry now (checked before the body is read). */
export async function assertCanAddDeliverable(
  db: Database,
  input: { placementId: number; entryId: number; viewer: Actor },
) {
  const page = await getEntryForFiles(db, input);
  if (page.locked) throw new ConflictError(M.locked);
  if (!page.canAdd) throw new ForbiddenError(M.notPair);
  return page;
}

export async function listDeliverables(db: Database, entryId: number, viewer: Actor, locked: boolean) {
  const rows = await db
    .selectFrom("ojt_deliverables")
    .innerJoin("users", "users.id", "ojt_deliverables.uploaded_by")
    .select([
      "ojt_deliverables.id",
      "ojt_deliverables.file_name",
      "ojt_deliverables.media_type",
      "ojt_deliverables.size_bytes",
      "ojt_deliverables.sha256",
      "ojt_deliverables.uploaded_by",
      "ojt_deliverables.uploaded_at",
      "users.name as uploader_name",
    ])
    .where("ojt_deliverables.entry_id", "=", entryId)
    .orderBy("ojt_deliverables.id")
    .execute();
  return rows.map((r) => ({ ...r, canDelete: !locked && r.uploaded_by === viewer.id }));
}

/** The props of DeliverablesSection for one entry (for the files page and the entry page). */
export async function deliverablesSectionData(
  db: Database,
  input: { placementId: number; entryId: number; viewer: Actor },
) {
  const page = await getEntryForFiles(db, input);
  return {
    page,
    section: {
      placementId: input.placementId,
      entryId: input.entryId,
      deliverables: await listDeliverables(db, input.entryId, input.viewer, page.locked),
      canAdd: page.canAdd,
      locked: page.locked,
    },
  };
}

export type ReceivedFile = {
  key: string;
  fileName: string;
  type: DeliverableType;
  size: number;
  sha256: string;
};

/**
 * Streams one uploaded file into storage, recognising its type from the bytes as they pass and
 * stopping at the size limit. Refused (wrong type, too large, empty) or cut off: nothing is
 * kept, and the error says why. The caller records the file with recordDeliverable, or
 * deletes it with discardReceivedFile if anything after this fails.
 */
export async function receiveDeliverableFile(
  storage: FileStorage,
  input: { fileName: string; body: AsyncIterable<Uint8Array>; keyPrefix?: string },
): Promise<ReceivedFile> {
  // The renewal ledger's evidence files are received the same way, under their own prefix.
  const key = `${input.keyPrefix ?? "deliverables"}/${crypto.randomUUID()}`;
  const sniffer = createContentSniffer();
  let verdict: ReturnType<typeof sniffer.finish> | undefined;
  let seen = 0;
  async function* inspected() {
    for await (const chunk of input.body) {
      seen += chunk.byteLength;
      const refused = sniffer.update(chunk);
      if (refused && !refused.ok) throw new DeliverableRefusedError(refused.message, 415);
      yield chunk;
    }
    if (seen === 0) throw new DeliverableRefusedError(M.empty, 400);
    verdict = sniffer.finish();
    // Thrown inside the stream, so that the storage discards what it has written.
    if (!verdict.ok) throw new DeliverableRefusedError(verdict.message, 415);
  }
  let stored: { size: number; sha256: string };
  try {
    stored = await storage.put(key, inspected(), { maxBytes: MAX_DELIVERABLE_BYTES });
  } catch (error) {
    if (error instanceof StoredFileTooLargeError) throw new DeliverableRefusedError(M.tooLarge, 413);
    throw error;
  }
  if (stored.size === 0 || !verdict?.ok) {
    await storage.delete(key);
    throw new DeliverableRefusedError(M.empty, 400);
  }
  return { key, fileName: displayFileName(input.fileName, verdict.type), type: verdict.type, ...stored };
}

export async function discardReceivedFile(storage: FileStorage, file: ReceivedFile | undefined) {
  if (file) await storage.delete(file.key);
}

/**
 * Records a received file on the entry, re-checking in the transaction that the entry is still
 * open and the viewer one of the pair. If the row cannot be written, the stored file is removed.
 */
export async function recordDeliverable(
  db: Database,
  storage: FileStorage,
  input: { placementId: number; entryId: number; viewer: Actor; file: ReceivedFile },
): Promise<number> {
  try {
    return await transaction(db, async (trx) => {
      await assertCanAddDeliverable(trx, input);
      const now = new Date().toISOString();
      const row = await trx
        .insertInto("ojt_deliverables")
        .values({
          entry_id: input.entryId,
          storage_key: input.file.key,
          file_name: input.file.fileName,
          media_type: input.file.type.mediaType,
          size_bytes: input.file.size,
          sha256: input.file.sha256,
          uploaded_by: input.viewer.id,
          uploaded_at: now,
        })
        .returning("id")
        .executeTakeFirstOrThrow();
      await audit(trx, {
        actorId: input.viewer.id,
        action: "ojt_deliverable.added",
        entityType: "ojt_log_entry",
        entityId: input.entryId,
        details: {
          deliverableId: row.id,
          fileName: input.file.fileName,
          mediaType: input.file.type.mediaType,
          size: input.file.size,
          sha256: input.file.sha256,
        },
      });
      return row.id;
    });
  } catch (error) {
    await storage.delete(input.file.key);
    throw error;
  }
}

async function loadDeliverable(db: Database, deliverableId: number) {
  const row = await db
    .selectFrom("ojt_deliverables")
    .innerJoin("ojt_log_entries", "ojt_log_entries.id", "ojt_deliverables.entry_id")
    .selectAll("ojt_deliverables")
    .select(["ojt_log_entries.placement_id", "ojt_log_entries.status as entry_status"])
    .where("ojt_deliverables.id", "=", deliverableId)
    .executeTakeFirst();
  if (!row) throw new NotFoundError(M.notFound);
  return row;
}

/** The uploader removes their file while the entry is not yet approved. */
export async function deleteDeliverable(
  db: Database,
  storage: FileStorage,
  input: { placementId: number; entryId: number; deliverableId: number; viewer: Actor },
): Promise<void> {
  const key = await transaction(db, async (trx) => {
    await getPlacementForViewer(trx, input.placementId, input.viewer);
    const row = await loadDeliverable(trx, input.deliverableId);
    if (row.entry_id !== input.entryId || row.placement_id !== input.placementId) throw new NotFoundError(M.notFound);
    if (row.entry_status === "approved") throw new ConflictError(M.locked);
    if (row.uploaded_by !== input.viewer.id) throw new ForbiddenError(M.notUploader);
    await trx.deleteFrom("ojt_deliverables").where("id", "=", row.id).execute();
    await audit(trx, {
      actorId: input.viewer.id,
      action: "ojt_deliverable.deleted",
      entityType: "ojt_log_entry",
      entityId: row.entry_id,
      details: { deliverableId: row.id, fileName: row.file_name, sha256: row.sha256 },
    });
    return row.storage_key;
  });
  // After the commit: if this fails the row is gone and the bytes are an orphan, never served.
  await storage.delete(key);
}

/** A deliverable's bytes for the pair and staff; anyone else, guessing ids or not, is refused. */
export async function openDeliverable(db: Database, storage: FileStorage, deliverableId: number, viewer: Actor) {
  const row = await loadDeliverable(db, deliverableId);
  // Throws 403 for a signed-in user outside the pair (and not staff).
  await getPlacementForViewer(db, row.placement_id, viewer);
  const stream = await storage.get(row.storage_key);
  if (!stream) throw new NotFoundError(M.missingFile);
  return {
    fileName: row.file_name,
    mediaType: row.media_type,
    size: row.size_bytes,
    stream,
  };
}
