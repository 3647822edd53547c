import { execFileSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { crc32 } from "node:zlib";
import { unzipSync } from "fflate";
import { getDocument } from "pdfjs-dist/legacy/build/pdf.mjs";
import { describe, expect, it } from "vitest";
import { makeCertificate } from "~/testing/certificates";
import { createTestDb, makeUser } from "~/testing/db";
import { makeActivePlacement } from "~/testing/logbook";
import { CertificateSelectionSchema } from "./documents.schema";
import {
  certificatePdfForViewer,
  certificatesZip,
  UNICODE_PATH_EXTRA_ID,
  verifyCertificate,
  zipEntryName,
} from "./documents.server";

const ORIGIN = "https://training.example.jp";

async function pdfText(bytes: Uint8Array): Promise<string> {
  const pdf = await getDocument({ data: bytes.slice(), isEvalSupported: false }).promise;
  const content = await (await pdf.getPage(1)).getTextContent();
  await pdf.destroy();
  return content.items.map((i) => ("str" in i ? i.str : "")).join("");
}

type CentralEntry = { madeBy: number; flags: number; externalAttrs: number; name: Buffer; extra: Map<number, Buffer> };

/** The central directory of a ZIP, read from its bytes (APPNOTE 4.3.12 and 4.3.16). */
function centralDirectory(zip: Uint8Array): CentralEntry[] {
  const b = Buffer.from(zip);
  const eocd = b.lastIndexOf(Buffer.from([0x50, 0x4b, 0x05, 0x06]));
  if (eocd < 0) throw new Error("no end of central directory");
  const count = b.readUInt16LE(eocd + 10);
  let at = b.readUInt32LE(eocd + 16);
  const entries: CentralEntry[] = [];
  for (let i = 0; i < count; i++) {
    if (b.readUInt32LE(at) !== 0x02014b50) throw new Error(`no central header at ${at}`);
    const nameLength = b.readUInt16LE(at + 28);
    const extraLength = b.readUInt16LE(at + 30);
    const commentLength = b.readUInt16LE(at + 32);
    const name = b.subarray(at + 46, at + 46 + nameLength);
    const extra = new Map<number, Buffer>();
    for (let e = at + 46 + nameLength; e < at + 46 + nameLength + extraLength;) {
      const size = b.readUInt16LE(e + 2);
      extra.set(b.readUInt16LE(e), b.subarray(e + 4, e + 4 + size));
      e += 4 + size;
    }
    entries.push({
      madeBy: b.readUInt16LE(at + 4),
      flags: b.readUInt16LE(at + 8),
      externalAttrs: b.readUInt32LE(at + 38),
      name,
      extra,
    });
    at += 46 + nameLength + extraLength + commentLength;
  }
  return entries;
}

function hasUnzip(): boolean {
  try {
    execFileSync("unzip", ["-v"], { stdio: "ignore" });
    return true;
  } catch {
    return false;
  }
}

async function readAll(stream: ReadableStream<Uint8Array>): Promise<Uint8Array> {
  return new Uint8Array(await new Response(stream).arrayBuffer());
}

describe("certificate documents", async () => {
  const db = await createTestDb();
  const { trainer, trainee, placementId } = await makeActivePlacement(db);
  const ojt = await makeCertificate(db, {
    programme: "ojt",
    holderId: trainee.id,
    holderName: "田中 トレーニー",
    subjectId: placementId,
  });
  const other = await makeCertificate(db, { holderName: "鈴木 一郎" });
  const staff = await makeUser(db, ["staff"]);
  const outsider = await makeUser(db, ["trainee"]);
  const otherTrainer = await makeUser(db, ["trainer"]);

  it("gives the PDF to its holder, staff and the holder's OJT trainer, and says 'not found' to anyone else", async () => {
    const mine = await certificatePdfForViewer(db, ojt.id, { id: trainee.id, roles: ["trainee"] }, ORIGIN);
    expect(mine.fileName).toBe(`修了証_${ojt.number}.pdf`);
    expect(await pdfText(mine.bytes)).toContain(ojt.number);
    await expect(certificatePdfForViewer(db, ojt.id, { id: staff.id, roles: ["staff"] }, ORIGIN)).resolves.toBeTruthy();
    await expect(
      certificatePdfForViewer(db, ojt.id, { id: trainer.id, roles: ["trainer"] }, ORIGIN),
    ).resolves.toBeTruthy();

    const refusals = [
      [ojt.id, { id: outsider.id, roles: ["trainee"] }],
      [ojt.id, { id: otherTrainer.id, roles: ["trainer"] }],
      // The trainer of 田中's placement is nobody's trainer for 鈴木.
      [other.id, { id: trainer.id, roles: ["trainer"] }],
      [other.id, { id: trainee.id, roles: ["trainee"] }],
      [999_999, { id: staff.id, roles: ["staff"] }],
    ] as const;
    for (const [id, viewer] of refusals) {
      await expect(certificatePdfForViewer(db, id, viewer, ORIGIN)).rejects.toMatchObject({
        status: 404,
        message: "修了証が見つかりません。",
      });
    }
  });

  it("gives a trainer only the certificates of placements he supervised, not every certificate of a past trainee (issue 21)", async () => {
    // 山田 trains 田中 (the placement above). A certificate of 田中 that stems from another
    // placement (木村's), and a course certificate, are not 山田's to read.
    const later = await makeActivePlacement(db, { names: { trainer: "木村 トレーナー", trainee: "別 トレーニー" } });
    const laterOjt = await makeCertificate(db, {
      programme: "ojt",
      holderId: trainee.id,
      holderName: "田中 トレーニー",
      subjectId: later.placementId,
    });
    // A course certificate whose enrolment id happens to equal 山田's placement id.
    const course = await makeCertificate(db, {
      holderId: trainee.id,
      holderName: "田中 トレーニー",
      subjectId: placementId,
    });
    const yamada = { id: trainer.id, roles: ["trainer"] } as const;
    for (const id of [laterOjt.id, course.id]) {
      await expect(certificatePdfForViewer(db, id, yamada, ORIGIN)).rejects.toMatchObject({ status: 404 });
    }
    await expect(certificatePdfForViewer(db, ojt.id, yamada, ORIGIN)).resolves.toBeTruthy();
    await expect(
      certificatePdfForViewer(db, laterOjt.id, { id: trainee.id, roles: ["trainee"] }, ORIGIN),
    ).resolves.toBeTruthy();
  });

  it("zips a selection, one PDF per certificate named by number and holder", async () => {
    const zip = await certificatesZip(db, [ojt.id, other.id], ORIGIN);
    expect(zip.count).toBe(2);
    const entries = unzipSync(await readAll(zip.stream));
    expect(Object.keys(entries).sort()).toEqual(
      [`${ojt.number}_田中トレーニー.pdf`, `${other.number}_鈴木一郎.pdf`].sort(),
    );
    const text = await pdfText(entries[`${other.number}_鈴木一郎.pdf`]!);
    expect(text.replace(/\s/g, "")).toContain("鈴木一郎殿");
    expect(zipEntryName({ number: "N-1", holder_name: 'a/b\\c:"d' })).toBe("N-1_abcd.pdf");
  });

  it("names the ZIP's entries so that Info-ZIP, Explorer and Archive Utility read the Japanese", async () => {
    const bytes = await readAll((await certificatesZip(db, [ojt.id, other.id], ORIGIN)).stream);
    const entries = centralDirectory(bytes);
    expect(entries).toHaveLength(2);
    for (const entry of entries) {
      const name = entry.name.toString("utf8");
      expect(name).toMatch(/_(田中トレーニー|鈴木一郎)\.pdf$/);
      // Made by Unix (high byte 3), a regular rw-r--r-- file, the UTF-8 flag (bit 11).
      expect(entry.madeBy >> 8).toBe(3);
      expect(entry.externalAttrs >>> 16).toBe(0o100644);
      expect(entry.flags & 0x0800).toBe(0x0800);
      // Info-ZIP Unicode Path: version 1, CRC-32 of the header's name, the name in UTF-8.
      const unicodePath = entry.extra.get(UNICODE_PATH_EXTRA_ID);
      expect(unicodePath).toBeDefined();
      expect(unicodePath![0]).toBe(1);
      expect(unicodePath!.readUInt32LE(1)).toBe(crc32(entry.name));
      expect(unicodePath!.subarray(5).toString("utf8")).toBe(name);
    }
  });

  it.skipIf(!hasUnzip())("lists the Japanese names with Info-ZIP's unzip", async () => {
    const bytes = await readAll((await certificatesZip(db, [ojt.id, other.id], ORIGIN)).stream);
    const dir = mkdtempSync(join(tmpdir(), "certificates-zip-"));
    try {
      writeFileSync(join(dir, "c.zip"), bytes);
      const listing = execFileSync("unzip", ["-l", join(dir, "c.zip")], {
        encoding: "utf8",
        env: { ...process.env, LANG: "C.UTF-8", LC_ALL: "C.UTF-8" },
      });
      expect(listing).toContain(`${ojt.number}_田中トレーニー.pdf`);
      expect(listing).toContain(`${other.number}_鈴木一郎.pdf`);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it("refuses a selection with an unknown certificate before anything is streamed", async () => {
    await expect(certificatesZip(db, [ojt.id, 987_654], ORIGIN)).rejects.toMatchObject({ status: 404 });
  });

  it("validates the selection: 1 to 500 ids, Japanese messages", () => {
    expect(CertificateSelectionSchema.safeParse({ ids: ["3", "1", "3"] }).data).toEqual({ ids: [3, 1] });
    const empty = CertificateSelectionSchema.safeParse({ ids: [] });
    expect(empty.error?.issues[0]?.message).toBe("ダウンロードする修了証を1件以上選んでください。");
    const many = CertificateSelectionSchema.safeParse({ ids: Array.from({ length: 501 }, (_, i) => String(i + 1)) });
    expect(many.error?.issues[0]?.message).toBe("一度にダウンロードできるのは500件までです。");
    for (const bad of ["0", "-1", "1.5", "abc", "１", "99999999999999999"]) {
      expect(CertificateSelectionSchema.safeParse({ ids: [bad] }).error?.issues[0]?.message, bad).toBe(
        "修了証の指定が正しくありません。",
      );
    }
  });

  it("finds a number typed or linked in lower case", async () => {
    const result = await verifyCertificate(db, other.number.toLowerCase());
    expect(result.found && result.certificate.number).toBe(other.number);
    const mixed = await verifyCertificate(db, `  ${other.number.slice(0, 12)}${other.number.slice(12).toLowerCase()}`);
    expect(mixed.found && mixed.certificate.number).toBe(other.number);
  });

  it("verifies a number publicly: the printed facts and the status, no other personal data", async () => {
    const result = await verifyCertificate(db, ` ${ojt.number} `);
    expect(result.found).toBe(true);
    if (!result.found) return;
    expect(result.certificate).toMatchObject({
      number: ojt.number,
      holderName: "田中 トレーニー",
      programmeName: "自治体OJT",
      certificateTitle: "自治体OJT 修了証",
      status: "valid",
      statusLabel: "有効",
      statusChangedWareki: null,
      publicReason: null,
      issuerName: "特定非営利活動法人ITコーディネータ協会",
    });
    const published = JSON.stringify(result);
    expect(published).not.toContain(trainee.id);
    expect(published).not.toContain(trainee.email);
    expect(published).not.toContain("@");
  });

  it("shows revocation with its date, and the reason only when staff published it", async () => {
    const revoked = await makeCertificate(db, {
      status: "revoked",
      statusReason: "受講記録に誤りがあったため",
      statusReasonPublic: true,
      issuedAt: "2027-03-31T16:00:00.000Z",
    });
    const suspended = await makeCertificate(db, { status: "suspended", statusReason: "内部の確認中（非公開）" });
    const r = await verifyCertificate(db, revoked.number);
    expect(r.found && r.certificate).toMatchObject({
      statusLabel: "失効",
      publicReason: "受講記録に誤りがあったため",
      statusChangedWareki: "令和9年4月1日",
      statusChangedWestern: "2027年4月1日",
    });
    const s = await verifyCertificate(db, suspended.number);
    expect(s.found && s.certificate).toMatchObject({ statusLabel: "一時停止中", publicReason: null });
    expect(JSON.stringify(s)).not.toContain("内部の確認中");
  });

  it("says an unknown or malformed number is not found, whatever it contains", async () => {
    for (const bad of ["ITC-2099-99999-FFFFFF", "", "修了証", "x".repeat(5000), "' OR 1=1 --", "%E0%A4%A"]) {
      expect(await verifyCertificate(db, bad)).toEqual({
        found: false,
        message: "この番号の修了証は見つかりません。番号をお確かめください。",
      });
    }
  });
});
