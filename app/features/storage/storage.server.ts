import path from "node:path";
import { db } from "~/db.server";
import { env, type Env } from "~/env.server";
import { databaseStorage } from "./database-storage.server";
import { folderStorage } from "./folder-storage.server";
import type { FileStorage } from "./storage";

export type { FileStorage } from "./storage";
export { StoredFileTooLargeError } from "./storage";

/** The folder FILE_STORAGE=folder uses: FILE_STORAGE_DIR, or `files/` beside the SQLite file. */
export function storageFolder(config: Pick<Env, "DATABASE_PATH" | "FILE_STORAGE_DIR">): string {
  const folder = path.resolve(config.FILE_STORAGE_DIR ?? path.join(path.dirname(config.DATABASE_PATH), "files"));
  // Everything under public/ is served to anyone without a check: uploads must never land there.
  const publicDir = path.resolve("public");
  if (folder === publicDir || folder.startsWith(publicDir + path.sep))
    throw new Error(`FILE_STORAGE_DIR must not be under public/ (${folder})`);
  return folder;
}

/** Which store this install uses: the database when the database is shared (PostgreSQL). */
export function storageKind(config: Pick<Env, "FILE_STORAGE">, databaseUrl: string | undefined): "folder" | "database" {
  if (config.FILE_STORAGE) return config.FILE_STORAGE;
  return databaseUrl?.startsWith("postgres") ? "database" : "folder";
}

let instance: FileStorage | undefined;

/** The application's file store. */
export function fileStorage(): FileStorage {
  if (!instance) {
    const config = env();
    instance =
      storageKind(config, process.env.DATABASE_URL) === "database"
        ? databaseStorage(db())
        : folderStorage(storageFolder(config));
  }
  return instance;
}
