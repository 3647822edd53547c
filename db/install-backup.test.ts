import { spawn } from "node:child_process";
import fs from "node:fs";
import { createRequire } from "node:module";
import os from "node:os";
import path from "node:path";
import SQLite from "better-sqlite3";
import { sql } from "kysely";
import { afterAll, describe, expect, it } from "vitest";
import { openDatabase, type Database } from "../app/db.server";
import { credentialForDownload } from "../app/features/credentials/credentials.server";
import {
  generateSigningKeyText,
  loadSigningKey,
  parseSigningKey,
} from "../app/features/credentials/signing-key.server";
import {
  openDeliverable,
  receiveDeliverableFile,
  recordDeliverable,
} from "../app/features/logbook/deliverables.server";
import { databaseStorage } from "../app/features/storage/database-storage.server";
import { folderStorage } from "../app/features/storage/folder-storage.server";
import type { FileStorage } from "../app/features/storage/storage";
import { independentVerifier } from "../app/testing/credential-verifier";
import { makeIssuedCertificate } from "../app/testing/credentials";
import { makeUser } from "../app/testing/db";
import { makeEntry, makePlacement } from "../app/testing/logbook-files";
import { copyTemplateDatabase, testDatabaseUrl, urlOfDatabase } from "../app/testing/postgres";
import { backupInstall, restoreInstall, type InstallLayout } from "./install-backup";
import { migrateToLatest } from "./migrate";

// The backup of a whole install (issue 22 item 16): `npm run db:backup` and `npm run
// db:restore` as an operator runs them (the scripts, in their own processes), while the
// install keeps taking uploads and writes. After a restore on another machine, a deliverable
// uploaded before the backup downloads byte for byte, and a credential issued before verifies
// against the issuer key of the restored install.

const dir = fs.mkdtempSync(path.join(os.tmpdir(), "itc-install-backup-"));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

const ORIGIN = "https://training.example.jp";
const NOW = new Date("2026-12-07T05:00:00.000Z");
const tsx = path.resolve("node_modules/.bin/tsx");

/** Runs one of the operator's scripts with exactly the install's environment. */
function script(name: "backup" | "restore", args: string[], environment: Record<string, string>) {
  const clean = Object.fromEntries(
    Object.entries(process.env).filter(
      ([k]) =>
        !["DATABASE_PATH", "DATABASE_URL", "CREDENTIAL_SIGNING_KEY", "FILE_STORAGE", "FILE_STORAGE_DIR"].includes(k),
    ),
  );
  return new Promise<{ code: number | null; output: string }>((resolve) => {
    const child = spawn(tsx, [`db/scripts/${name}.ts`, ...args], {
      env: { ...clean, NODE_ENV: "test", ...environment },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let output = "";
    child.stdout.on("data", (c: Buffer) => (output += c.toString()));
    child.stderr.on("data", (c: Buffer) => (output += c.toString()));
    child.once("exit", (code) => resolve({ code, output }));
  });
}

let counter = 0;
/** A small PDF whose bytes differ per call. */
function pdf(): Buffer {
  counter += 1;
  return Buffer.concat([
    Buffer.from(`%PDF-1.7\n% upload ${counter}\n`),
    Buffer.alloc(3000 + counter, 0x20),
    Buffer.from("%%EOF\n"),
  ]);
}
async function* once(bytes: Buffer) {
  yield new Uint8Array(bytes);
}

async function setUpInstall(db: Database, storage: FileStorage, key: ReturnType<typeof parseSigningKey>) {
  const p = await makePlacement(db);
  const entryId = await makeEntry(db, p);
  const staff = { id: (await makeUser(db, ["staff"])).id, roles: ["staff" as const] };
  const trainee = { id: p.trainee.id, roles: ["trainee" as const] };
  const upload = async (bytes: Buffer) => {
    const file = await receiveDeliverableFile(storage, { fileName: "議事録.pdf", body: once(bytes) });
    return recordDeliverable(db, storage, { placementId: p.placementId, entryId, viewer: trainee, file });
  };
  const before = pdf();
  const deliverableId = await upload(before);
  const cert = await makeIssuedCertificate(db);
  const { credential } = await credentialForDownload(
    db,
    cert.id,
    { id: cert.holderId, roles: ["trainee"] },
    { key, origin: ORIGIN },
    NOW,
  );
  return { staff, upload, before, deliverableId, credential, certificate: cert };
}

/** Uploads one file after another until stopped: the write load during the backup. */
function uploadLoop(upload: (bytes: Buffer) => Promise<number>) {
  let running = true;
  let done = 0;
  const loop = (async () => {
    while (running) {
      await upload(pdf());
      done += 1;
    }
  })();
  return {
    done: () => done,
    stop: async () => {
      running = false;
      await loop;
    },
  };
}

async function bytesOf(stream: ReadableStream<Uint8Array>) {
  return Buffer.from(await new Response(stream).arrayBuffer());
}

/** Every deliverable of a restored install downloads with the bytes its row describes. */
async function expectEveryDeliverableWhole(
  db: Database,
  storage: FileStorage,
  viewer: { id: string; roles: ["staff"] },
) {
  const rows = await db.selectFrom("ojt_deliverables").select(["id", "sha256", "size_bytes"]).execute();
  for (const row of rows) {
    const bytes = await bytesOf((await openDeliverable(db, storage, row.id, viewer)).stream);
    expect(bytes.length).toBe(row.size_bytes);
    expect((await import("node:crypto")).createHash("sha256").update(bytes).digest("hex")).toBe(row.sha256);
  }
  return rows.length;
}

async function expectCredentialVerifiesWith(
  credential: Record<string, unknown> & { issuer: { id: string }; proof: Record<string, unknown>[] },
  restoredKey: ReturnType<typeof parseSigningKey>,
  restoredDb: Database,
  certificate: { id: number; holderId: string },
) {
  expect(restoredKey.did).toBe(credential.issuer.id);
  expect(credential.proof[0]?.verificationMethod).toBe(restoredKey.verificationMethod);
  const verifier = independentVerifier();
  const result = await verifier.verify(credential);
  expect(result.error).toBeUndefined();
  expect(result.verified).toBe(true);
  // The restored install signs the same certificate again under the same issuer.
  const again = await credentialForDownload(
    restoredDb,
    certificate.id,
    { id: certificate.holderId, roles: ["trainee"] },
    { key: restoredKey, origin: ORIGIN },
    NOW,
  );
  expect(again.credential.issuer.id).toBe(credential.issuer.id);
  expect((await verifier.verify(again.credential)).verified).toBe(true);
}

describe("backup and restore of a whole install", () => {
  it("SQLite: while uploads and writes go on, the backup carries the files and the key; after a restore elsewhere a deliverable uploaded before downloads with the same bytes and a credential issued before verifies", async () => {
    const liveDir = path.join(dir, "sqlite-live");
    const livePath = path.join(liveDir, "app.db");
    const db = openDatabase(livePath);
    await migrateToLatest(db);
    const storage = folderStorage(path.join(liveDir, "files"));
    const key = loadSigningKey({ DATABASE_PATH: livePath }).key;
    const install = await setUpInstall(db, storage, key);

    // The server's other writes: another process inserting rows all along.
    const sqlitePath = createRequire(import.meta.url).resolve("better-sqlite3");
    const writer = spawn(
      process.execPath,
      [
        "-e",
        `const db = new (require(${JSON.stringify(sqlitePath)}))(${JSON.stringify(livePath)});
         db.pragma("busy_timeout = 5000");
         const ins = db.prepare("insert into sign_in_attempts (email, ip, succeeded, attempted_at) values ('w@example.test', '127.0.0.1', 1, 'now')");
         for (let i = 0; ; i++) { ins.run(); if (i % 20 === 0) Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 2); }`,
      ],
      { stdio: "ignore" },
    );
    const backupDir = path.join(dir, "sqlite-backup");
    let uploadsDuring: number;
    try {
      const load = uploadLoop(install.upload);
      const backup = await script("backup", [backupDir], { DATABASE_PATH: livePath });
      uploadsDuring = load.done();
      await load.stop();
      expect(backup.output).toContain("backup written");
      expect(backup.code).toBe(0);
    } finally {
      writer.kill("SIGKILL");
    }
    expect(uploadsDuring).toBeGreaterThan(0);
    await db.destroy();

    // Another machine: nothing but the backup.
    const newDir = path.join(dir, "sqlite-restored");
    const restoredPath = path.join(newDir, "app.db");
    const restore = await script("restore", [backupDir], { DATABASE_PATH: restoredPath });
    expect(restore.output).toContain("restored");
    expect(restore.code).toBe(0);

    const restored = openDatabase(restoredPath);
    const restoredStorage = folderStorage(path.join(newDir, "files"));
    const opened = await openDeliverable(restored, restoredStorage, install.deliverableId, install.staff);
    expect((await bytesOf(opened.stream)).equals(install.before)).toBe(true);
    // Consistent under load: every row the copy holds has its file, with its very bytes.
    expect(await expectEveryDeliverableWhole(restored, restoredStorage, install.staff as never)).toBeGreaterThanOrEqual(
      1,
    );

    const restoredKey = loadSigningKey({ DATABASE_PATH: restoredPath });
    expect(restoredKey).toMatchObject({ from: "file", created: false });
    await expectCredentialVerifiesWith(install.credential as never, restoredKey.key, restored, install.certificate);
    await restored.destroy();
  }, 120_000);

  it.runIf(testDatabaseUrl())(
    "PostgreSQL: the files (in the database) and the key's issuer survive a backup under load and a restore into an empty database; a wrong key is refused",
    async () => {
      const server = testDatabaseUrl()!;
      const live = await copyTemplateDatabase(server);
      const db = openDatabase(live.url, { poolSize: 4 });
      const keyText = generateSigningKeyText();
      const key = parseSigningKey(keyText);
      const install = await setUpInstall(db, databaseStorage(db), key);
      const target = `itc_restore_${process.pid}_${counter}`;
      const admin = openDatabase(server, { poolSize: 1 });
      try {
        const load = uploadLoop(install.upload);
        const backupDir = path.join(dir, "pg-backup");
        const backup = await script("backup", [backupDir], { DATABASE_URL: live.url, CREDENTIAL_SIGNING_KEY: keyText });
        const uploadsDuring = load.done();
        await load.stop();
        expect(backup.output).toContain("backup written");
        expect(backup.code).toBe(0);
        expect(uploadsDuring).toBeGreaterThan(0);
        const manifest = JSON.parse(fs.readFileSync(path.join(backupDir, "manifest.json"), "utf8"));
        expect(manifest).toMatchObject({
          engine: "postgres",
          storage: "database",
          signing_key: { source: "environment", issuer: key.did, file: null },
        });
        expect(fs.readFileSync(path.join(backupDir, "database.pgdump")).includes(Buffer.from(keyText))).toBe(false);

        await sql`CREATE DATABASE ${sql.id(target)} TEMPLATE template0 ENCODING 'UTF8' LC_COLLATE 'C' LC_CTYPE 'C'`.execute(
          admin,
        );
        const targetUrl = urlOfDatabase(server, target);
        const refused = await script("restore", [backupDir], {
          DATABASE_URL: targetUrl,
          CREDENTIAL_SIGNING_KEY: generateSigningKeyText(),
        });
        expect(refused.code).toBe(1);
        expect(refused.output).toMatch(/CREDENTIAL_SIGNING_KEY is not the key of the backup/);

        const restore = await script("restore", [backupDir], {
          DATABASE_URL: targetUrl,
          CREDENTIAL_SIGNING_KEY: keyText,
        });
        expect(restore.output).toContain("restored");
        expect(restore.code).toBe(0);
        const restored = openDatabase(targetUrl, { poolSize: 2 });
        try {
          const restoredStorage = databaseStorage(restored);
          const opened = await openDeliverable(restored, restoredStorage, install.deliverableId, install.staff);
          expect((await bytesOf(opened.stream)).equals(install.before)).toBe(true);
          expect(
            await expectEveryDeliverableWhole(restored, restoredStorage, install.staff as never),
          ).toBeGreaterThanOrEqual(1);
          await expectCredentialVerifiesWith(
            install.credential as never,
            parseSigningKey(keyText),
            restored,
            install.certificate,
          );
        } finally {
          await restored.destroy();
        }
        // A second restore into the now filled database is refused: never over live data.
        const again = await script("restore", [backupDir], {
          DATABASE_URL: targetUrl,
          CREDENTIAL_SIGNING_KEY: keyText,
        });
        expect(again.code).toBe(1);
        expect(again.output).toMatch(/not empty/);
      } finally {
        await db.destroy();
        await sql`DROP DATABASE IF EXISTS ${sql.id(target)} WITH (FORCE)`.execute(admin);
        await admin.destroy();
        await live.drop();
      }
    },
    120_000,
  );
});

describe("a restore checks the whole backup before touching anything", () => {
  /** An install on SQLite with a file, a key and a database; and what it looks like. */
  async function makeInstall(name: string) {
    const root = path.join(dir, name);
    const databasePath = path.join(root, "app.db");
    const db = openDatabase(databasePath);
    await migrateToLatest(db);
    const filesDir = path.join(root, "files");
    const storage = folderStorage(filesDir);
    const key = loadSigningKey({ DATABASE_PATH: databasePath }).key;
    const install = await setUpInstall(db, storage, key);
    await db.destroy();
    const layout: InstallLayout = {
      database: { engine: "sqlite", path: databasePath },
      filesDir,
      signingKey: { from: "file", file: path.join(root, "credential-signing-key") },
    };
    const snapshot = () => {
      const d = new SQLite(databasePath, { readonly: true });
      const rows = d.prepare("select id, storage_key, sha256 from ojt_deliverables order by id").all();
      d.close();
      return {
        entries: fs.readdirSync(root).sort(),
        rows,
        files: fs.readdirSync(path.join(filesDir, "deliverables")).sort(),
        key: fs.readFileSync(layout.signingKey.from === "file" ? layout.signingKey.file : "", "utf8"),
      };
    };
    return { root, layout, install, snapshot, key };
  }

  it("refuses a partial, incomplete, damaged or padded backup, or one whose key is not here, with a clear message, and the install is left as it was", async () => {
    const source = await makeInstall("refusal-source");
    const backupDir = path.join(dir, "refusal-backup");
    const manifest = await backupInstall(source.layout, backupDir, { now: NOW });
    expect(manifest.files.map((f) => f.path)).toEqual(
      expect.arrayContaining([
        "database.sqlite",
        "credential-signing-key",
        expect.stringMatching(/^files\/deliverables\//),
      ]),
    );
    expect(manifest).toMatchObject({
      created_at: NOW.toISOString(),
      engine: "sqlite",
      storage: "folder",
      missing_files: [],
    });

    const target = await makeInstall("refusal-target");
    const before = target.snapshot();
    const variant = (name: string, damage: (copy: string) => void) => {
      const copy = path.join(dir, `variant-${name}`);
      fs.cpSync(backupDir, copy, { recursive: true });
      damage(copy);
      return copy;
    };
    const someFile = manifest.files.find((f) => f.path.startsWith("files/"))!.path;
    const cases: [string, string, RegExp][] = [
      [
        "partial",
        variant("partial", (c) => fs.rmSync(path.join(c, "manifest.json"))),
        /incomplete: it has no manifest\.json/,
      ],
      [
        "missing",
        variant("missing", (c) => fs.rmSync(path.join(c, someFile))),
        /incomplete: files\/deliverables\/.+ is missing/,
      ],
      [
        "flipped",
        variant("flipped", (c) => {
          const f = path.join(c, someFile);
          const bytes = fs.readFileSync(f);
          bytes[20] = bytes[20]! ^ 0xff;
          fs.writeFileSync(f, bytes);
        }),
        /damaged: files\/deliverables\/.+ does not match its SHA-256/,
      ],
      [
        "truncated",
        variant("truncated", (c) => fs.truncateSync(path.join(c, "database.sqlite"), 4096)),
        /damaged: database\.sqlite has 4096 bytes/,
      ],
      [
        "padded",
        variant("padded", (c) => fs.writeFileSync(path.join(c, "files", "extra"), "x")),
        /a file its manifest does not list: files\/extra/,
      ],
      [
        "manifest",
        variant("manifest", (c) => fs.writeFileSync(path.join(c, "manifest.json"), '{"format":')),
        /manifest\.json is damaged/,
      ],
      ["unfinished", path.join(dir, "never-finished"), /not a backup directory/],
    ];
    fs.mkdirSync(path.join(dir, "never-finished.partial"));
    cases[cases.length - 1]![2] = /incomplete: only .*never-finished\.partial exists/;
    for (const [name, copy, message] of cases) {
      await expect(restoreInstall(copy, target.layout, { now: NOW }), name).rejects.toThrow(message);
      expect(target.snapshot(), name).toEqual(before);
    }

    // The key: a backup taken with CREDENTIAL_SIGNING_KEY holds only its issuer; restoring it
    // where the variable is unset, or holds another key, would change the issuer: refused.
    const envKey = parseSigningKey(generateSigningKeyText());
    const envBackup = path.join(dir, "refusal-env-backup");
    await backupInstall({ ...source.layout, signingKey: { from: "environment", key: envKey } }, envBackup, {
      now: NOW,
    });
    await expect(restoreInstall(envBackup, target.layout, { now: NOW })).rejects.toThrow(
      /signed with CREDENTIAL_SIGNING_KEY .* set CREDENTIAL_SIGNING_KEY to that key/,
    );
    const otherKey = parseSigningKey(generateSigningKeyText());
    await expect(
      restoreInstall(envBackup, { ...target.layout, signingKey: { from: "environment", key: otherKey } }, { now: NOW }),
    ).rejects.toThrow(/CREDENTIAL_SIGNING_KEY is not the key of the backup/);
    await expect(restoreInstall(backupDir, { ...target.layout, filesDir: null }, { now: NOW })).rejects.toThrow(
      /stored files are kept in the folder, this install keeps them in the database/,
    );
    expect(target.snapshot()).toEqual(before);

    // While the install's database is open (a running server): refused, nothing staged left.
    const open = openDatabase(target.layout.database.engine === "sqlite" ? target.layout.database.path : "");
    await open.selectFrom("users").select("id").execute();
    await expect(restoreInstall(backupDir, target.layout, { now: NOW })).rejects.toThrow(/in use/);
    await open.destroy();
    expect(target.snapshot()).toEqual(before);

    // The intact backup: the install becomes the source's; what it replaced is kept beside.
    const result = await restoreInstall(backupDir, target.layout, { now: NOW });
    expect(result.kept.map((k) => path.basename(k)).sort()).toEqual(
      ["app.db", "credential-signing-key", "files"].map((n) => `${n}.before-restore-2026-12-07T05-00-00-000Z`),
    );
    const after = target.snapshot();
    expect(after.key).toBe(source.snapshot().key);
    expect(after.rows).toEqual(source.snapshot().rows);
    expect(after.files).toEqual(source.snapshot().files);
    expect(after.entries.filter((e) => e.includes(".restoring-"))).toEqual([]);
  }, 60_000);
});
