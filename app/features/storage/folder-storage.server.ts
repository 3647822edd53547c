import crypto from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { Readable } from "node:stream";
import { assertStorageKey, StoredFileTooLargeError, type FileStorage, type PutResult } from "./storage";

/**
 * Files in a folder (the SQLite default, beside the database; never under public/). A put
 * writes a temporary file in the same folder tree and renames it into place once complete
 * and flushed, so a reader (any process of this machine) sees the whole old file or the whole
 * new one, and a crash leaves at most a temporary file that sweepIncomplete removes.
 */
export function folderStorage(root: string): FileStorage {
  const base = path.resolve(root);
  const tmpDir = path.join(base, ".tmp");
  const pathOf = (key: string) => {
    assertStorageKey(key);
    return path.join(base, ...key.split("/"));
  };

  return {
    async put(key, body, options = {}): Promise<PutResult> {
      const target = pathOf(key);
      await fs.promises.mkdir(tmpDir, { recursive: true });
      const tmp = path.join(tmpDir, `${crypto.randomBytes(12).toString("hex")}.part`);
      const handle = await fs.promises.open(tmp, "wx", 0o600);
      const hash = crypto.createHash("sha256");
      let size = 0;
      try {
        for await (const chunk of body) {
          size += chunk.byteLength;
          if (options.maxBytes !== undefined && size > options.maxBytes)
            throw new StoredFileTooLargeError(options.maxBytes);
          hash.update(chunk);
          await handle.write(chunk);
        }
        await handle.sync();
        await handle.close();
        await fs.promises.mkdir(path.dirname(target), { recursive: true });
        await fs.promises.rename(tmp, target);
      } catch (error) {
        await handle.close().catch(() => {});
        await fs.promises.rm(tmp, { force: true });
        throw error;
      }
      return { size, sha256: hash.digest("hex") };
    },

    async get(key) {
      let handle: fs.promises.FileHandle;
      try {
        handle = await fs.promises.open(pathOf(key), "r");
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code === "ENOENT") return null;
        throw error;
      }
      // The open handle keeps the bytes readable even if the file is replaced meanwhile.
      return Readable.toWeb(handle.createReadStream()) as ReadableStream<Uint8Array>;
    },

    async delete(key) {
      await fs.promises.rm(pathOf(key), { force: true });
    },

    async sweepIncomplete(before) {
      let names: string[];
      try {
        names = await fs.promises.readdir(tmpDir);
      } catch {
        return 0;
      }
      let removed = 0;
      for (const name of names) {
        const file = path.join(tmpDir, name);
        const stat = await fs.promises.stat(file).catch(() => null);
        if (stat && stat.mtime < before) {
          await fs.promises.rm(file, { force: true });
          removed++;
        }
      }
      return removed;
    },
  };
}
