import crypto from "node:crypto";
import { transaction, type Database } from "~/db.server";
import { assertStorageKey, StoredFileTooLargeError, type FileStorage, type PutResult } from "./storage";

/** Bytes per row: small enough to hold one in memory per reader, large enough to be few rows. */
export const CHUNK_BYTES = 256 * 1024;

/**
 * Files in the database (stored_files + stored_file_chunks, BLOB/bytea), for installs where
 * several app servers share one PostgreSQL: whatever one server stored, every other reads,
 * with nothing else to install or back up. A put writes its chunks under a keyless row in
 * state 'writing' (each chunk its own short transaction: a slow upload never holds a lock),
 * then one transaction replaces any file under the key and names the new one. A failed put
 * deletes its row (the chunks cascade); a crash leaves a 'writing' row for sweepIncomplete.
 */
export function databaseStorage(db: Database): FileStorage {
  const completeFile = (key: string) =>
    db
      .selectFrom("stored_files")
      .select(["id", "size_bytes"])
      .where("storage_key", "=", key)
      .where("state", "=", "complete")
      .executeTakeFirst();

  return {
    async put(key, body, options = {}): Promise<PutResult> {
      assertStorageKey(key);
      const file = await transaction(db, (trx) =>
        trx
          .insertInto("stored_files")
          .values({ storage_key: null, state: "writing", size_bytes: 0, created_at: new Date().toISOString() })
          .returning("id")
          .executeTakeFirstOrThrow(),
      );
      const hash = crypto.createHash("sha256");
      let size = 0;
      let seq = 0;
      let pending: Buffer[] = [];
      let pendingBytes = 0;
      const flush = async () => {
        if (pendingBytes === 0) return;
        const data = Buffer.concat(pending, pendingBytes);
        pending = [];
        pendingBytes = 0;
        const chunkSeq = seq++;
        await transaction(db, (trx) =>
          trx.insertInto("stored_file_chunks").values({ file_id: file.id, seq: chunkSeq, data }).execute(),
        );
      };
      try {
        for await (const chunk of body) {
          size += chunk.byteLength;
          if (options.maxBytes !== undefined && size > options.maxBytes)
            throw new StoredFileTooLargeError(options.maxBytes);
          hash.update(chunk);
          pending.push(Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength));
          pendingBytes += chunk.byteLength;
          if (pendingBytes >= CHUNK_BYTES) await flush();
        }
        await flush();
        await transaction(db, async (trx) => {
          await trx.deleteFrom("stored_files").where("storage_key", "=", key).execute();
          await trx
            .updateTable("stored_files")
            .set({ storage_key: key, state: "complete", size_bytes: size })
            .where("id", "=", file.id)
            .execute();
        });
      } catch (error) {
        await transaction(db, (trx) => trx.deleteFrom("stored_files").where("id", "=", file.id).execute());
        throw error;
      }
      return { size, sha256: hash.digest("hex") };
    },

    async get(key) {
      assertStorageKey(key);
      const file = await completeFile(key);
      if (!file) return null;
      let seq = 0;
      // One chunk per pull: a download holds one chunk in memory, whatever the file's size.
      return new ReadableStream<Uint8Array>({
        async pull(controller) {
          const row = await db
            .selectFrom("stored_file_chunks")
            .select("data")
            .where("file_id", "=", file.id)
            .where("seq", "=", seq)
            .executeTakeFirst();
          seq++;
          if (!row) controller.close();
          else controller.enqueue(new Uint8Array(row.data.buffer, row.data.byteOffset, row.data.byteLength));
        },
      });
    },

    async delete(key) {
      assertStorageKey(key);
      await transaction(db, (trx) => trx.deleteFrom("stored_files").where("storage_key", "=", key).execute());
    },

    async sweepIncomplete(before) {
      const result = await transaction(db, (trx) =>
        trx
          .deleteFrom("stored_files")
          .where("state", "=", "writing")
          .where("created_at", "<", before.toISOString())
          .executeTakeFirst(),
      );
      return Number(result.numDeletedRows);
    },
  };
}
