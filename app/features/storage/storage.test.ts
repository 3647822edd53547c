import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { createTestDb } from "~/testing/db";
import { databaseStorage, CHUNK_BYTES } from "./database-storage.server";
import { folderStorage } from "./folder-storage.server";
import { StoredFileTooLargeError, type FileStorage } from "./storage";
import { storageFolder, storageKind } from "./storage.server";
import crypto from "node:crypto";

// The contract of the file-storage interface, run against each implementation.

async function* chunks(...parts: (string | Uint8Array)[]) {
  for (const p of parts) yield typeof p === "string" ? new TextEncoder().encode(p) : p;
}

async function* failingAfter(bytes: Uint8Array) {
  yield bytes;
  throw new Error("connection reset");
}

async function readAll(stream: ReadableStream<Uint8Array> | null): Promise<Buffer | null> {
  if (!stream) return null;
  const parts: Buffer[] = [];
  const reader = stream.getReader();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    parts.push(Buffer.from(value));
  }
  return Buffer.concat(parts);
}

const folder = fs.mkdtempSync(path.join(os.tmpdir(), "itc-storage-"));
afterAll(() => fs.rmSync(folder, { recursive: true, force: true }));

/** What each implementation holds besides complete files: nothing, after any failed put. */
type Case = {
  name: string;
  make: () => Promise<{ storage: FileStorage; leftovers: () => Promise<number>; reopen: () => FileStorage }>;
};

const cases: Case[] = [
  {
    name: "folder",
    make: async () => {
      const root = fs.mkdtempSync(path.join(folder, "root-"));
      const countFiles = (dir: string): number =>
        fs.existsSync(dir)
          ? fs
              .readdirSync(dir, { withFileTypes: true })
              .reduce((n, e) => n + (e.isDirectory() ? countFiles(path.join(dir, e.name)) : 1), 0)
          : 0;
      return {
        storage: folderStorage(root),
        leftovers: async () => countFiles(root),
        reopen: () => folderStorage(root),
      };
    },
  },
  {
    name: "database",
    make: async () => {
      const db = await createTestDb();
      return {
        storage: databaseStorage(db),
        reopen: () => databaseStorage(db),
        leftovers: async () => {
          const files = await db
            .selectFrom("stored_files")
            .select((eb) => eb.fn.countAll().as("n"))
            .executeTakeFirst();
          const parts = await db
            .selectFrom("stored_file_chunks")
            .select((eb) => eb.fn.countAll().as("n"))
            .executeTakeFirst();
          return Number(files?.n ?? 0) + Number(parts?.n ?? 0);
        },
      };
    },
  },
];

for (const c of cases) {
  describe(`file storage contract: ${c.name}`, () => {
    it("stores, reads back, replaces and deletes a file", async () => {
      const { storage, leftovers } = await c.make();
      const result = await storage.put("deliverables/a1", chunks("こんにちは", "、成果物"));
      const expected = Buffer.from("こんにちは、成果物");
      expect(result).toEqual({
        size: expected.length,
        sha256: crypto.createHash("sha256").update(expected).digest("hex"),
      });
      expect(await readAll(await storage.get("deliverables/a1"))).toEqual(expected);

      await storage.put("deliverables/a1", chunks("v2"));
      expect((await readAll(await storage.get("deliverables/a1")))?.toString()).toBe("v2");

      await storage.delete("deliverables/a1");
      expect(await storage.get("deliverables/a1")).toBeNull();
      await storage.delete("deliverables/a1"); // nothing stored: not an error
      expect(await leftovers()).toBe(0);
    });

    it("keeps a file larger than one chunk byte for byte", async () => {
      const { storage } = await c.make();
      const big = crypto.randomBytes(CHUNK_BYTES * 2 + 1234);
      const parts = [big.subarray(0, 70_000), big.subarray(70_000, 600_000), big.subarray(600_000)];
      const result = await storage.put("big/one", chunks(...parts));
      expect(result.size).toBe(big.length);
      expect((await readAll(await storage.get("big/one")))!.equals(big)).toBe(true);
    });

    it("a body that fails part-way leaves nothing, and an older file under the key stays", async () => {
      const { storage, leftovers } = await c.make();
      await expect(storage.put("x/cut", failingAfter(new Uint8Array(300_000)))).rejects.toThrow("connection reset");
      expect(await storage.get("x/cut")).toBeNull();
      expect(await leftovers()).toBe(0);

      await storage.put("x/kept", chunks("old"));
      const before = await leftovers();
      await expect(storage.put("x/kept", failingAfter(new Uint8Array(10)))).rejects.toThrow();
      expect((await readAll(await storage.get("x/kept")))?.toString()).toBe("old");
      expect(await leftovers()).toBe(before);
    });

    it("stops at maxBytes while reading and keeps nothing", async () => {
      const { storage, leftovers } = await c.make();
      let pulled = 0;
      async function* endless() {
        for (;;) {
          pulled++;
          yield new Uint8Array(64 * 1024);
        }
      }
      await expect(storage.put("x/large", endless(), { maxBytes: 1024 * 1024 })).rejects.toBeInstanceOf(
        StoredFileTooLargeError,
      );
      expect(pulled).toBe(17); // 16 chunks fit; the 17th is one too many and nothing more is read
      expect(await storage.get("x/large")).toBeNull();
      expect(await leftovers()).toBe(0);
      // Exactly the limit is accepted.
      await storage.put("x/exact", chunks(new Uint8Array(1024)), { maxBytes: 1024 });
      expect((await readAll(await storage.get("x/exact")))?.length).toBe(1024);
    });

    it("refuses keys that are not safe relative paths", async () => {
      const { storage } = await c.make();
      for (const key of ["../escape", "/abs", "a/../b", ".hidden", "a//b", "", "a\\b", "ü"]) {
        await expect(storage.put(key, chunks("x"))).rejects.toThrow("invalid storage key");
      }
    });

    it("a second instance (another app server) reads what the first stored", async () => {
      const first = await c.make();
      await first.storage.put("shared/one", chunks("from server A"));
      const second = first.reopen();
      expect((await readAll(await second.get("shared/one")))?.toString()).toBe("from server A");
    });
  });
}

describe("file storage configuration", () => {
  it("defaults to a folder beside the SQLite file, and never under public/", () => {
    expect(storageFolder({ DATABASE_PATH: "data/app.db", FILE_STORAGE_DIR: undefined })).toBe(
      path.resolve("data/files"),
    );
    expect(() => storageFolder({ DATABASE_PATH: "data/app.db", FILE_STORAGE_DIR: "public/uploads" })).toThrow(
      "must not be under public/",
    );
    expect(storageKind({ FILE_STORAGE: undefined }, undefined)).toBe("folder");
    expect(storageKind({ FILE_STORAGE: undefined }, "postgres://app@localhost/itc")).toBe("database");
    expect(storageKind({ FILE_STORAGE: "folder" }, "postgres://app@localhost/itc")).toBe("folder");
  });
});
