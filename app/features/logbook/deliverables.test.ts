import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Database } from "~/db.server";
import { folderStorage } from "~/features/storage/folder-storage.server";
import { createTestDb, makeUser } from "~/testing/db";
import { makeEntry, makePlacement } from "~/testing/logbook-files";
import { DELIVERABLE_MESSAGES as M, MAX_DELIVERABLE_BYTES } from "./deliverable-rules";
import {
  assertCanAddDeliverable,
  deleteDeliverable,
  DeliverableRefusedError,
  openDeliverable,
  receiveDeliverableFile,
  recordDeliverable,
} from "./deliverables.server";

const root = fs.mkdtempSync(path.join(os.tmpdir(), "itc-deliverables-"));
afterAll(() => fs.rmSync(root, { recursive: true, force: true }));
const storage = folderStorage(root);

/** Every file in the storage folder, temporary ones included. */
const filesOnDisk = (dir = root): string[] =>
  fs
    .readdirSync(dir, { withFileTypes: true })
    .flatMap((e) => (e.isDirectory() ? filesOnDisk(path.join(dir, e.name)) : [path.join(dir, e.name)]));

async function* body(...parts: Uint8Array[]) {
  for (const p of parts) yield p;
}
const PDF = Buffer.concat([Buffer.from("%PDF-1.7\n"), Buffer.alloc(5000, 0x20), Buffer.from("%%EOF\n")]);

let db: Database;
let p: Awaited<ReturnType<typeof makePlacement>>;
let entryId: number;
let staff: { id: string };
const as = (u: { id: string }, roles: ("trainee" | "trainer" | "staff")[]) => ({ id: u.id, roles });
const rowCount = async () =>
  Number(
    (
      await db
        .selectFrom("ojt_deliverables")
        .select((eb) => eb.fn.countAll().as("n"))
        .executeTakeFirstOrThrow()
    ).n,
  );

beforeAll(async () => {
  db = await createTestDb();
  p = await makePlacement(db);
  entryId = await makeEntry(db, p);
  staff = await makeUser(db, ["staff"]);
});

async function upload(
  viewer: { id: string; roles: ("trainee" | "trainer" | "staff")[] },
  data: AsyncIterable<Uint8Array>,
  name = "議事録.pdf",
) {
  await assertCanAddDeliverable(db, { placementId: p.placementId, entryId, viewer });
  const file = await receiveDeliverableFile(storage, { fileName: name, body: data });
  return recordDeliverable(db, storage, { placementId: p.placementId, entryId, viewer, file });
}

describe("OJT deliverables", () => {
  it("a PDF is stored, recorded with its hash and audited, and the pair and staff can open it", async () => {
    const id = await upload(as(p.trainee, ["trainee"]), body(PDF.subarray(0, 10), PDF.subarray(10)));
    const row = await db.selectFrom("ojt_deliverables").selectAll().where("id", "=", id).executeTakeFirstOrThrow();
    expect(row).toMatchObject({ file_name: "議事録.pdf", media_type: "application/pdf", size_bytes: PDF.length });
    expect(row.sha256).toMatch(/^[0-9a-f]{64}$/);
    expect(filesOnDisk()).toEqual([path.join(root, ...row.storage_key.split("/"))]);
    for (const viewer of [as(p.trainee, ["trainee"]), as(p.trainer, ["trainer"]), as(staff, ["staff"])]) {
      const opened = await openDeliverable(db, storage, id, viewer);
      expect(opened.mediaType).toBe("application/pdf");
      expect(Buffer.from(await new Response(opened.stream).arrayBuffer()).equals(PDF)).toBe(true);
    }
    const trail = await db
      .selectFrom("audit_log")
      .select("action")
      .where("action", "like", "ojt_deliverable.%")
      .execute();
    expect(trail.map((t) => t.action)).toEqual(["ojt_deliverable.added"]);
  });

  it("outsiders are refused, guessing ids included", async () => {
    const id = Number((await db.selectFrom("ojt_deliverables").select("id").executeTakeFirstOrThrow()).id);
    const otherTrainer = await makeUser(db, ["trainer"]);
    const otherTrainee = await makeUser(db, ["trainee"]);
    for (const viewer of [as(otherTrainer, ["trainer"]), as(otherTrainee, ["trainee"])]) {
      await expect(openDeliverable(db, storage, id, viewer)).rejects.toMatchObject({ status: 403 });
      await expect(assertCanAddDeliverable(db, { placementId: p.placementId, entryId, viewer })).rejects.toMatchObject({
        status: 403,
      });
    }
    await expect(openDeliverable(db, storage, id + 1000, as(staff, ["staff"]))).rejects.toMatchObject({ status: 404 });
    // Staff read but do not add.
    await expect(
      assertCanAddDeliverable(db, { placementId: p.placementId, entryId, viewer: as(staff, ["staff"]) }),
    ).rejects.toMatchObject({ status: 403 });
  });

  it("a renamed executable, an over-limit file and a cut-off upload leave no file and no row", async () => {
    const before = { files: filesOnDisk().length, rows: await rowCount() };
    const trainee = as(p.trainee, ["trainee"]);
    const mz = Buffer.concat([Buffer.from("MZ\x90\x00\x03"), Buffer.alloc(4000)]);
    await expect(upload(trainee, body(mz), "report.pdf")).rejects.toMatchObject({
      status: 415,
      message: M.executable,
    });
    let pulled = 0;
    async function* huge() {
      yield PDF.subarray(0, 16);
      for (;;) {
        pulled++;
        yield new Uint8Array(1024 * 1024);
      }
    }
    await expect(upload(trainee, huge())).rejects.toMatchObject({ status: 413, message: M.tooLarge });
    // The 20th megabyte (after the 16-byte head) passes the limit: reading stops there.
    expect(pulled).toBe(MAX_DELIVERABLE_BYTES / (1024 * 1024));
    async function* cut() {
      yield PDF.subarray(0, 3000);
      throw new Error("aborted");
    }
    await expect(upload(trainee, cut())).rejects.toThrow("aborted");
    await expect(upload(trainee, body(Buffer.from("just text, not a document")), "memo.docx")).rejects.toBeInstanceOf(
      DeliverableRefusedError,
    );
    await expect(upload(trainee, body())).rejects.toMatchObject({ status: 400, message: M.empty });
    expect({ files: filesOnDisk().length, rows: await rowCount() }).toEqual(before);
  });

  it("an approved entry takes no new file and loses none; only the uploader deletes, before approval", async () => {
    const trainee = as(p.trainee, ["trainee"]);
    const id = await upload(as(p.trainer, ["trainer"]), body(PDF), "資料.pdf");
    await expect(
      deleteDeliverable(db, storage, { placementId: p.placementId, entryId, deliverableId: id, viewer: trainee }),
    ).rejects.toMatchObject({ status: 403, message: M.notUploader });

    const approved = await makeEntry(db, p, "approved");
    await expect(
      assertCanAddDeliverable(db, { placementId: p.placementId, entryId: approved, viewer: trainee }),
    ).rejects.toMatchObject({ status: 409, message: M.locked });
    // A file received while the entry was open, recorded after it was approved: refused, file removed.
    const files = filesOnDisk().length;
    const file = await receiveDeliverableFile(storage, { fileName: "a.pdf", body: body(PDF) });
    expect(filesOnDisk().length).toBe(files + 1);
    await expect(
      recordDeliverable(db, storage, { placementId: p.placementId, entryId: approved, viewer: trainee, file }),
    ).rejects.toMatchObject({ status: 409 });
    expect(filesOnDisk().length).toBe(files);

    const key = (
      await db.selectFrom("ojt_deliverables").select("storage_key").where("id", "=", id).executeTakeFirstOrThrow()
    ).storage_key;
    await deleteDeliverable(db, storage, {
      placementId: p.placementId,
      entryId,
      deliverableId: id,
      viewer: as(p.trainer, ["trainer"]),
    });
    expect(
      await db.selectFrom("ojt_deliverables").select("id").where("id", "=", id).executeTakeFirst(),
    ).toBeUndefined();
    expect(await storage.get(key)).toBeNull();
  });
});
