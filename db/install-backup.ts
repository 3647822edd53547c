import { spawn } from "node:child_process";
import crypto from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import SQLite from "better-sqlite3";
import pg from "pg";
import { z } from "zod";
import {
  loadSigningKey,
  parseSigningKey,
  signingKeyFile,
  type SigningKey,
} from "../app/features/credentials/signing-key.server";
import { storageFolder, storageKind } from "../app/features/storage/storage.server";
import type { Env } from "../app/env.server";
import { assertNotInUse, backupDatabase, inspectDatabase } from "./backup";
import { migrations } from "./migrations";

// The backup of a whole install (issue 22 item 16, decision 0008): the database, the stored
// files (deliverables, renewal evidence) and what the credential signing key is, as ONE
// directory with a manifest. A restore checks the whole directory against the manifest before
// touching anything, stages every part beside its place, then swaps them in, undoing the swaps
// already made if one fails.
//
// The signing key: on the SQLite default (the key file beside the database) the backup carries
// the key file, so a restore brings back the same issuer. A key given in CREDENTIAL_SIGNING_KEY
// (always so on PostgreSQL) is a secret the operator keeps in the secret store: the backup
// names only its issuer, and a restore refuses unless the environment holds that very key.

export const MANIFEST_FILE = "manifest.json";
export const BACKUP_FORMAT = "itc-training-backup";
const SQLITE_FILE = "database.sqlite";
const PG_DUMP_FILE = "database.pgdump";
const KEY_FILE = "credential-signing-key";
const FILES_DIR = "files";

/** Where an install keeps what a backup must carry. */
export type InstallLayout = {
  database: { engine: "sqlite"; path: string } | { engine: "postgres"; url: string };
  /** The folder of FILE_STORAGE=folder, or null when the files live in the database. */
  filesDir: string | null;
  signingKey: { from: "environment"; key: SigningKey } | { from: "file"; file: string };
};

/** The layout of the install an environment describes (the same rules the server follows). */
export function installLayout(config: Env): InstallLayout {
  const database: InstallLayout["database"] = config.DATABASE_URL
    ? { engine: "postgres", url: config.DATABASE_URL }
    : { engine: "sqlite", path: config.DATABASE_PATH };
  const filesDir = storageKind(config, config.DATABASE_URL) === "folder" ? storageFolder(config) : null;
  if (config.CREDENTIAL_SIGNING_KEY)
    return {
      database,
      filesDir,
      signingKey: { from: "environment", key: parseSigningKey(config.CREDENTIAL_SIGNING_KEY) },
    };
  if (config.DATABASE_URL) loadSigningKey(config); // throws: the variable is required with DATABASE_URL
  return { database, filesDir, signingKey: { from: "file", file: signingKeyFile(config.DATABASE_PATH) } };
}

const RelativePath = z
  .string()
  .regex(/^[A-Za-z0-9][A-Za-z0-9_.-]{0,99}(\/[A-Za-z0-9][A-Za-z0-9_.-]{0,99}){0,6}$/, "not a plain relative path");

const ManifestSchema = z.object({
  format: z.literal(BACKUP_FORMAT),
  version: z.literal(1),
  created_at: z.string(),
  engine: z.enum(["sqlite", "postgres"]),
  /** The migrations applied in the copied database: how far its schema is. */
  schema: z.object({ migrations: z.number().int().nonnegative(), latest: z.string().nullable() }),
  database: RelativePath,
  storage: z.enum(["folder", "database"]),
  signing_key: z.object({
    source: z.enum(["file", "environment"]),
    /** did:key of the key: every credential issued before names it. */
    issuer: z.string().startsWith("did:key:"),
    /** The key file inside the backup (source "file" only). */
    file: RelativePath.nullable(),
  }),
  /** Stored files the copied database refers to that were not in the folder (already lost). */
  missing_files: z.array(z.string()),
  /** Every file of the backup but the manifest, with its size and SHA-256. */
  files: z.array(
    z.object({ path: RelativePath, size: z.number().int().nonnegative(), sha256: z.string().regex(/^[0-9a-f]{64}$/) }),
  ),
});

export type BackupManifest = z.infer<typeof ManifestSchema>;

/** A backup that cannot be restored (or taken), with the reason in one sentence. */
export class BackupRefusedError extends Error {
  override name = "BackupRefusedError";
}

const stampOf = (now: Date) => now.toISOString().replace(/[:.]/g, "-");

async function sha256Of(file: string): Promise<{ size: number; sha256: string }> {
  const hash = crypto.createHash("sha256");
  let size = 0;
  for await (const chunk of fs.createReadStream(file) as AsyncIterable<Buffer>) {
    hash.update(chunk);
    size += chunk.byteLength;
  }
  return { size, sha256: hash.digest("hex") };
}

/** Copies a file, hashing the bytes as they pass, and flushes the copy to disk. */
async function copyHashed(from: string, to: string, mode = 0o600): Promise<{ size: number; sha256: string }> {
  await fs.promises.mkdir(path.dirname(to), { recursive: true });
  const source = await fs.promises.open(from, "r");
  const target = await fs.promises.open(to, "wx", mode);
  const hash = crypto.createHash("sha256");
  let size = 0;
  try {
    const buffer = Buffer.alloc(256 * 1024);
    for (;;) {
      const { bytesRead } = await source.read(buffer, 0, buffer.length, null);
      if (bytesRead === 0) break;
      const chunk = buffer.subarray(0, bytesRead);
      hash.update(chunk);
      size += bytesRead;
      await target.write(chunk);
    }
    await target.sync();
  } finally {
    await source.close();
    await target.close();
  }
  return { size, sha256: hash.digest("hex") };
}

/** Relative paths of every file under dir ("/"-separated), skipping the names in `skip` at the top. */
function listFiles(dir: string, skip: string[] = []): string[] {
  if (!fs.existsSync(dir)) return [];
  const out: string[] = [];
  const walk = (rel: string) => {
    for (const entry of fs.readdirSync(path.join(dir, rel), { withFileTypes: true })) {
      const child = rel ? `${rel}/${entry.name}` : entry.name;
      if (!rel && skip.includes(entry.name)) continue;
      if (entry.isDirectory()) walk(child);
      else out.push(child);
    }
  };
  walk("");
  return out.sort();
}

function fsyncDir(dir: string) {
  const fd = fs.openSync(dir, "r");
  try {
    fs.fsyncSync(fd);
  } finally {
    fs.closeSync(fd);
  }
}

function run(command: string, args: string[]): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { stdio: ["ignore", "ignore", "pipe"] });
    let stderr = "";
    child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
    child.once("error", (error) => reject(new BackupRefusedError(`${command} could not be run: ${error.message}`)));
    child.once("exit", (code) =>
      code === 0 ? resolve() : reject(new BackupRefusedError(`${command} failed (exit ${code}): ${stderr.trim()}`)),
    );
  });
}

async function withPg<T>(url: string, fn: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

async function pgMigrations(url: string): Promise<string[]> {
  return withPg(url, async (client) => {
    const exists = await client.query("select to_regclass('public.kysely_migration') as t");
    if (!exists.rows[0]?.t) return [];
    const rows = await client.query<{ name: string }>("select name from kysely_migration order by name");
    return rows.rows.map((r) => r.name);
  });
}

function sqliteMigrations(file: string): string[] {
  const db = new SQLite(file, { readonly: true, fileMustExist: true });
  try {
    return db.prepare("select name from kysely_migration order by name").pluck().all() as string[];
  } finally {
    db.close();
  }
}

/** The storage keys the copied database refers to (deliverables, renewal evidence). */
function referencedKeys(sqliteFile: string): string[] {
  const db = new SQLite(sqliteFile, { readonly: true, fileMustExist: true });
  try {
    const deliverables = db.prepare("select storage_key from ojt_deliverables").pluck().all() as string[];
    const evidence = db
      .prepare("select evidence_file_key from renewal_activities where evidence_file_key is not null")
      .pluck()
      .all() as string[];
    return [...deliverables, ...evidence];
  } finally {
    db.close();
  }
}

/**
 * Backs up a running install into `destination` (a directory that must not exist yet). The
 * database is copied first, as of one moment (SQLite's backup API, or pg_dump's snapshot);
 * then the stored files: files are only ever added under new keys or removed, so every file
 * the copy refers to is still there unless it was deleted meanwhile (listed as missing). The
 * directory is written as `<destination>.partial` and renamed once the manifest is in it.
 */
export async function backupInstall(
  layout: InstallLayout,
  destination: string,
  options: { now: Date },
): Promise<BackupManifest> {
  if (fs.existsSync(destination)) throw new BackupRefusedError(`${destination} already exists`);
  const partial = `${destination}.partial`;
  fs.rmSync(partial, { recursive: true, force: true });
  fs.mkdirSync(partial, { recursive: true });
  try {
    // The key first: without a stated key source there is nothing to back up credentials with.
    let signing: BackupManifest["signing_key"];
    if (layout.signingKey.from === "file") {
      const file = layout.signingKey.file;
      if (!fs.existsSync(file))
        throw new BackupRefusedError(
          `no credential signing key: ${file} does not exist and CREDENTIAL_SIGNING_KEY is not set (start the server once, or set the variable)`,
        );
      const key = parseSigningKey(fs.readFileSync(file, "utf8"));
      await copyHashed(file, path.join(partial, KEY_FILE));
      signing = { source: "file", issuer: key.did, file: KEY_FILE };
    } else {
      signing = { source: "environment", issuer: layout.signingKey.key.did, file: null };
    }

    let applied: string[];
    let databaseFile: string;
    if (layout.database.engine === "sqlite") {
      databaseFile = SQLITE_FILE;
      await backupDatabase(layout.database.path, path.join(partial, SQLITE_FILE));
      applied = sqliteMigrations(path.join(partial, SQLITE_FILE));
    } else {
      databaseFile = PG_DUMP_FILE;
      const before = await pgMigrations(layout.database.url);
      await run("pg_dump", [
        "--format=custom",
        "--no-owner",
        "--no-privileges",
        `--file=${path.join(partial, PG_DUMP_FILE)}`,
        `--dbname=${layout.database.url}`,
      ]);
      const after = await pgMigrations(layout.database.url);
      if (before.join() !== after.join())
        throw new BackupRefusedError("a migration ran while the backup was taken; take it again");
      applied = before;
    }
    if (applied.length === 0) throw new BackupRefusedError("the database is not migrated: nothing to back up");

    const missing: string[] = [];
    if (layout.filesDir) {
      const filesDir = layout.filesDir;
      for (const rel of listFiles(filesDir, [".tmp"])) {
        try {
          await copyHashed(path.join(filesDir, ...rel.split("/")), path.join(partial, FILES_DIR, ...rel.split("/")));
        } catch (error) {
          // Deleted between the listing and the copy: the database copy may still refer to it.
          if ((error as NodeJS.ErrnoException).code !== "ENOENT") throw error;
          fs.rmSync(path.join(partial, FILES_DIR, ...rel.split("/")), { force: true });
        }
      }
      if (layout.database.engine === "sqlite") {
        const copied = new Set(listFiles(path.join(partial, FILES_DIR)));
        for (const key of referencedKeys(path.join(partial, SQLITE_FILE))) if (!copied.has(key)) missing.push(key);
      }
    }

    const files: BackupManifest["files"] = [];
    for (const rel of listFiles(partial))
      files.push({ path: rel, ...(await sha256Of(path.join(partial, ...rel.split("/")))) });
    const manifest: BackupManifest = {
      format: BACKUP_FORMAT,
      version: 1,
      created_at: options.now.toISOString(),
      engine: layout.database.engine,
      schema: { migrations: applied.length, latest: applied.at(-1) ?? null },
      database: databaseFile,
      storage: layout.filesDir ? "folder" : "database",
      signing_key: signing,
      missing_files: missing,
      files,
    };
    const manifestPath = path.join(partial, MANIFEST_FILE);
    fs.writeFileSync(manifestPath, JSON.stringify(manifest, null, 2) + "\n", { mode: 0o600 });
    const fd = fs.openSync(manifestPath, "r");
    fs.fsyncSync(fd);
    fs.closeSync(fd);
    fsyncDir(partial);
    fs.renameSync(partial, destination);
    fsyncDir(path.dirname(path.resolve(destination)));
    return manifest;
  } catch (error) {
    fs.rmSync(partial, { recursive: true, force: true });
    throw error;
  }
}

/**
 * Reads and checks a backup directory: the manifest, every file it lists (present, same size,
 * same SHA-256), nothing it does not list, and on SQLite the copied database itself (intact,
 * of this application, not from a newer version). Touches nothing; throws BackupRefusedError.
 */
export async function verifyBackup(dir: string): Promise<BackupManifest & { pending: number }> {
  if (!fs.existsSync(dir) || !fs.statSync(dir).isDirectory()) {
    if (fs.existsSync(`${dir}.partial`))
      throw new BackupRefusedError(`${dir} is incomplete: only ${dir}.partial exists (the backup did not finish)`);
    throw new BackupRefusedError(`${dir} is not a backup directory (made by npm run db:backup)`);
  }
  const manifestPath = path.join(dir, MANIFEST_FILE);
  if (!fs.existsSync(manifestPath))
    throw new BackupRefusedError(`${dir} is incomplete: it has no ${MANIFEST_FILE} (a backup that did not finish?)`);
  let manifest: BackupManifest;
  try {
    manifest = ManifestSchema.parse(JSON.parse(fs.readFileSync(manifestPath, "utf8")));
  } catch (error) {
    const reason =
      error instanceof z.ZodError
        ? error.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("; ")
        : (error as Error).message;
    throw new BackupRefusedError(
      `${dir}/${MANIFEST_FILE} is damaged or not a manifest of this application (${reason})`,
    );
  }
  const listed = new Set(manifest.files.map((f) => f.path));
  for (const entry of manifest.files) {
    const file = path.join(dir, ...entry.path.split("/"));
    if (!fs.existsSync(file)) throw new BackupRefusedError(`${dir} is incomplete: ${entry.path} is missing`);
    const actual = await sha256Of(file);
    if (actual.size !== entry.size)
      throw new BackupRefusedError(
        `${dir} is damaged: ${entry.path} has ${actual.size} bytes, the manifest says ${entry.size}`,
      );
    if (actual.sha256 !== entry.sha256)
      throw new BackupRefusedError(`${dir} is damaged: ${entry.path} does not match its SHA-256 in the manifest`);
  }
  for (const rel of listFiles(dir, [MANIFEST_FILE]))
    if (!listed.has(rel)) throw new BackupRefusedError(`${dir} has a file its manifest does not list: ${rel}`);
  if (!listed.has(manifest.database)) throw new BackupRefusedError(`${dir} is incomplete: no database copy`);

  const known = Object.keys(migrations);
  if (manifest.schema.latest && !known.includes(manifest.schema.latest))
    throw new BackupRefusedError(
      `${dir} was made by a newer version of the application (migration ${manifest.schema.latest})`,
    );
  let pending = known.length - manifest.schema.migrations;
  if (manifest.engine === "sqlite") {
    const check = inspectDatabase(path.join(dir, manifest.database));
    if (!check.ok) throw new BackupRefusedError(`${dir}/${manifest.database} cannot be restored: ${check.reason}`);
    if (check.migrations !== manifest.schema.migrations)
      throw new BackupRefusedError(`${dir}/${manifest.database} does not hold the schema the manifest states`);
    pending = check.pending;
  }
  if (manifest.signing_key.source === "file") {
    if (!manifest.signing_key.file || !listed.has(manifest.signing_key.file))
      throw new BackupRefusedError(`${dir} is incomplete: its credential signing key is not in it`);
    let did: string;
    try {
      did = parseSigningKey(fs.readFileSync(path.join(dir, manifest.signing_key.file), "utf8")).did;
    } catch (error) {
      throw new BackupRefusedError(`${dir}: the credential signing key cannot be read (${(error as Error).message})`);
    }
    if (did !== manifest.signing_key.issuer)
      throw new BackupRefusedError(`${dir}: the credential signing key is not the issuer the manifest names`);
  }
  return { ...manifest, pending };
}

/** Why this install cannot take the backup as it is (engines, storage, key), or null. */
function mismatch(manifest: BackupManifest, layout: InstallLayout): string | null {
  if (manifest.engine !== layout.database.engine)
    return `the backup is of a ${manifest.engine} install; this one uses ${layout.database.engine}`;
  const storage = layout.filesDir ? "folder" : "database";
  if (manifest.storage !== storage)
    return `the backup's stored files are kept in the ${manifest.storage}, this install keeps them in the ${storage} (FILE_STORAGE)`;
  const issuer = manifest.signing_key.issuer;
  if (layout.signingKey.from === "environment") {
    if (layout.signingKey.key.did !== issuer)
      return `CREDENTIAL_SIGNING_KEY is not the key of the backup (its issuer is ${issuer}, the variable's is ${layout.signingKey.key.did}): credentials issued before would name another issuer; set the key the backed-up install used`;
  } else if (manifest.signing_key.source === "environment") {
    return `the backed-up install signed with CREDENTIAL_SIGNING_KEY (issuer ${issuer}), which a backup never holds: set CREDENTIAL_SIGNING_KEY to that key from your secret store, then restore again`;
  }
  return null;
}

export type RestoreResult = { kept: string[]; pending: number; manifest: BackupManifest };

type Swap = { staged: string; target: string; kept: string | null };

/**
 * Restores a backup directory into an install. Checks everything first (the backup against
 * its manifest, the install against the backup, and that the SQLite database is not open);
 * stages each part beside its place (`.restoring-<time>`); then swaps them in, keeping what
 * they replace as `.before-restore-<time>`. If a swap fails, the swaps already made are undone:
 * the install is either wholly the backup's or left as it was.
 *
 * On PostgreSQL the target database must be new and empty: pg_restore fills it in one
 * transaction (all or nothing), and the servers are then pointed at it.
 */
export async function restoreInstall(
  dir: string,
  layout: InstallLayout,
  options: { now: Date },
): Promise<RestoreResult> {
  const manifest = await verifyBackup(dir);
  const problem = mismatch(manifest, layout);
  if (problem) throw new BackupRefusedError(`${dir} cannot be restored here: ${problem}`);
  const stamp = stampOf(options.now);
  const staged: Swap[] = [];
  const cleanup = () => {
    for (const s of staged) fs.rmSync(s.staged, { recursive: true, force: true });
  };
  try {
    if (layout.database.engine === "sqlite") {
      const target = layout.database.path;
      if (fs.existsSync(target)) assertNotInUse(target);
      fs.mkdirSync(path.dirname(path.resolve(target)), { recursive: true });
      const incoming = `${target}.restoring-${stamp}`;
      staged.push({ staged: incoming, target, kept: null });
      const source = new SQLite(path.join(dir, manifest.database), { readonly: true, fileMustExist: true });
      try {
        await source.backup(incoming, { progress: () => 0x7fffffff });
      } finally {
        source.close();
      }
    } else {
      const url = layout.database.url;
      const tables = await withPg(url, async (client) => {
        const result = await client.query<{ n: string }>(
          "select count(*) as n from pg_tables where schemaname not in ('pg_catalog', 'information_schema')",
        );
        return Number(result.rows[0]?.n ?? 0);
      });
      if (tables > 0)
        throw new BackupRefusedError(
          `${dir} cannot be restored here: the database of DATABASE_URL is not empty (${tables} tables); create a new empty database (README) and point DATABASE_URL at it`,
        );
    }
    if (layout.filesDir) {
      const target = path.resolve(layout.filesDir);
      const incoming = `${target}.restoring-${stamp}`;
      staged.push({ staged: incoming, target, kept: null });
      fs.mkdirSync(incoming, { recursive: true });
      for (const entry of manifest.files.filter((f) => f.path.startsWith(`${FILES_DIR}/`))) {
        const rel = entry.path.slice(FILES_DIR.length + 1).split("/");
        const copy = await copyHashed(path.join(dir, ...entry.path.split("/")), path.join(incoming, ...rel));
        if (copy.sha256 !== entry.sha256) throw new BackupRefusedError(`${entry.path} changed while it was restored`);
      }
    }
    if (layout.signingKey.from === "file" && manifest.signing_key.file) {
      const target = layout.signingKey.file;
      const incoming = `${target}.restoring-${stamp}`;
      staged.push({ staged: incoming, target, kept: null });
      await copyHashed(path.join(dir, manifest.signing_key.file), incoming, 0o600);
    }

    // Everything is staged and checked. PostgreSQL: one transaction into the empty database;
    // then the renames (database, files, key), each undone if a later one fails.
    if (layout.database.engine === "postgres")
      await run("pg_restore", [
        "--single-transaction",
        "--exit-on-error",
        "--no-owner",
        "--no-privileges",
        `--dbname=${layout.database.url}`,
        path.join(dir, manifest.database),
      ]);
    const done: Swap[] = [];
    try {
      for (const swap of staged) {
        if (fs.existsSync(swap.target)) {
          swap.kept = `${swap.target}.before-restore-${stamp}`;
          fs.renameSync(swap.target, swap.kept);
        }
        done.push(swap);
        fs.renameSync(swap.staged, swap.target);
        if (layout.database.engine === "sqlite" && swap.target === layout.database.path)
          for (const suffix of ["-wal", "-shm"]) fs.rmSync(swap.target + suffix, { force: true });
      }
    } catch (error) {
      for (const swap of done.reverse()) {
        if (fs.existsSync(swap.target) && !fs.existsSync(swap.staged)) fs.renameSync(swap.target, swap.staged);
        if (swap.kept) fs.renameSync(swap.kept, swap.target);
      }
      throw error;
    }
    return { kept: staged.flatMap((s) => (s.kept ? [s.kept] : [])), pending: manifest.pending, manifest };
  } finally {
    cleanup();
  }
}
