import http from "node:http";
import https from "node:https";
import { gzipSync } from "node:zlib";
import { afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { entryStatus, independentVerifier, statusBit, type StatusEntry } from "~/testing/credential-verifier";
import { createTestDb, makeUser } from "~/testing/db";
import { makeIssuedCertificate } from "~/testing/credentials";
import { documentLoaderFor } from "./document-loader.server";
import { achievementDocument, credentialForDownload, signedStatusList } from "./credentials.server";
import { generateSigningKeyText, parseSigningKey } from "./signing-key.server";
import type { CredentialSetting } from "./setting.server";

// The credential as a wallet or a verifier would check it: with an INDEPENDENT verifier
// (app/testing/credential-verifier.ts: the packages alone, its own document loader with the
// bundled contexts and did:key resolved from the identifier itself), never the issuing code's.

const ORIGIN = "https://training.example.jp";
const setting: CredentialSetting = { key: parseSigningKey(generateSigningKeyText()), origin: ORIGIN };
const db = await createTestDb();

const verifier = independentVerifier();

/** Status lists "fetched" by the verifier: the app's signed lists, verified, then decoded. */
async function checkStatus({ credential }: { credential: Record<string, unknown> }) {
  return { verified: (await statusesOf(credential)).every((status) => status === "valid") };
}

/** Each status entry's status, read from the app's signed list (verified first). */
async function statusesOf(credential: Record<string, unknown>): Promise<string[]> {
  const entries = ([] as StatusEntry[]).concat(credential.credentialStatus as StatusEntry | StatusEntry[]);
  const statuses: string[] = [];
  for (const entry of entries) {
    const list = await signedStatusList(db, entry.statusPurpose as "message" | "revocation" | "suspension", setting);
    if (!(await verify(list, false)).verified) throw new Error("status list not verified");
    statuses.push(entryStatus(list, entry));
  }
  return statuses;
}

function verify(credential: object, withStatus = true) {
  return verifier.verify(credential, withStatus ? checkStatus : undefined);
}

/** The bit, decoded by the test's own code; the list holds at least 131,072 entries. */
function bitOf(list: { credentialSubject: { encodedList: string } }, index: number): boolean {
  return statusBit(list, index);
}

async function setStatus(id: number, status: "valid" | "suspended" | "revoked") {
  await db
    .updateTable("certificates")
    .set({ status, status_reason: status === "valid" ? null : "テストのため" })
    .where("id", "=", id)
    .execute();
}

async function statusListIndexOf(id: number): Promise<number> {
  const row = await db
    .selectFrom("certificates")
    .select("status_list_index")
    .where("id", "=", id)
    .executeTakeFirstOrThrow();
  return Number(row.status_list_index);
}

const networkCalls: string[] = [];
beforeAll(() => {
  // The machine is offline anyway; this makes any attempt to go online fail the test loudly.
  vi.spyOn(globalThis, "fetch").mockImplementation(async (input) => {
    networkCalls.push(String(input));
    throw new Error("no network in credential tests");
  });
  for (const module of [http, https])
    vi.spyOn(module, "request").mockImplementation(((url: unknown) => {
      networkCalls.push(String(url));
      throw new Error("no network in credential tests");
    }) as typeof http.request);
});
afterEach(() => {
  expect(networkCalls).toEqual([]);
  expect(verifier.unknownUrls).toEqual([]);
});

describe("the Open Badges 3.0 credential of a certificate", () => {
  it("is signed so that an independent verifier accepts it, with the holder's Japanese name intact", async () => {
    const holderName = "髙橋 𠮷子";
    const cert = await makeIssuedCertificate(db, { holderName });
    const holder = { id: cert.holderId, roles: ["trainee" as const] };
    const { credential, fileName } = await credentialForDownload(db, cert.id, holder, setting);

    const result = await verify(credential);
    expect(result.error).toBeUndefined();
    expect(result.verified).toBe(true);

    // As the holder's file: UTF-8 bytes that decode to the very name in the database.
    const bytes = Buffer.from(JSON.stringify(credential, null, 2), "utf8");
    expect(bytes.includes(Buffer.from(holderName, "utf8"))).toBe(true);
    const stored = await db
      .selectFrom("certificates")
      .select("holder_name")
      .where("id", "=", cert.id)
      .executeTakeFirstOrThrow();
    const reread = JSON.parse(new TextDecoder("utf-8", { fatal: true }).decode(bytes));
    expect(reread.credentialSubject.name).toBe(stored.holder_name);
    expect(reread.credentialSubject.name).toBe(holderName);
    expect((await verify(reread)).verified).toBe(true);
    expect(fileName).toMatch(/^デジタル証明書_自治体ビジネス基礎研修 修了証_T2026-\d+\.json$/);
  });

  it("uses the VC Data Model 2.0 context with Open Badges 3.0, never the VC 1.1 context", async () => {
    const cert = await makeIssuedCertificate(db);
    const { credential } = await credentialForDownload(db, cert.id, { id: cert.staffId, roles: ["staff"] }, setting);
    expect(credential["@context"]).toEqual([
      "https://www.w3.org/ns/credentials/v2",
      "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json",
    ]);
    const text = JSON.stringify(credential);
    expect(text).not.toContain("2018/credentials");
    expect(text).not.toContain("issuanceDate");
    expect(credential.type).toEqual(["VerifiableCredential", "OpenBadgeCredential"]);
    expect(credential.validFrom).toBe("2026-11-30T03:04:05.678Z");
    expect(credential.issuer).toEqual({
      id: setting.key.did,
      type: ["Profile"],
      name: "特定非営利活動法人ITコーディネータ協会",
      url: ORIGIN,
    });
    expect(credential.proof).toHaveLength(1);
    expect(credential.proof[0]).toMatchObject({
      type: "DataIntegrityProof",
      cryptosuite: "eddsa-rdfc-2022",
      proofPurpose: "assertionMethod",
    });
    expect(credential.credentialSubject.achievement).toMatchObject({
      id: `${ORIGIN}/credentials/achievements/basic_municipal`,
      name: "自治体ビジネス基礎研修",
    });
    expect(credential.credentialSubject.achievement.criteria.narrative).toContain("承認済みの活動時間が40時間以上");
    const index = (
      await db
        .selectFrom("certificates")
        .select("status_list_index")
        .where("id", "=", cert.id)
        .executeTakeFirstOrThrow()
    ).status_list_index;
    // One entry (OB 3.0: credentialStatus 0..1), two bits: valid, suspended, revoked.
    const messageIndex = 1_048_576 + index;
    expect(credential.credentialStatus).toEqual({
      id: `${ORIGIN}/credentials/status/message#${messageIndex}`,
      type: "BitstringStatusListEntry",
      statusPurpose: "message",
      statusListIndex: String(messageIndex),
      statusListCredential: `${ORIGIN}/credentials/status/message`,
      statusSize: 2,
      statusMessage: [
        { status: "0x0", message: "valid" },
        { status: "0x1", message: "suspended" },
        { status: "0x2", message: "revoked" },
        { status: "0x3", message: "unused" },
      ],
    });
    // The issuing side resolves nothing but its bundled contexts and its own key either.
    await expect(documentLoaderFor(setting.key)("https://www.w3.org/2018/credentials/v1")).rejects.toThrow(/not found/);
  });

  it("fails verification when a copy is tampered with (another name, another date)", async () => {
    const cert = await makeIssuedCertificate(db, { holderName: "佐藤 花子" });
    const { credential } = await credentialForDownload(db, cert.id, { id: cert.holderId, roles: ["trainee"] }, setting);
    const otherName = structuredClone(credential);
    otherName.credentialSubject.name = "佐藤 花男";
    const otherDate = structuredClone(credential);
    otherDate.validFrom = "2025-11-30T03:04:05.678Z";
    const otherIdentifier = structuredClone(credential);
    otherIdentifier.credentialSubject.identifier[0]!.identityHash = "佐藤 花男";
    for (const forged of [otherName, otherDate, otherIdentifier]) {
      const result = await verify(forged);
      expect(result.verified).toBe(false);
      expect(String(result.error?.errors?.[0]?.message ?? result.error?.message)).toMatch(/Invalid signature/);
    }
    expect((await verify(credential)).verified).toBe(true);
  });

  it("is given to the holder and staff only; a revoked certificate is not signed again", async () => {
    const cert = await makeIssuedCertificate(db);
    const other = await makeUser(db, ["trainee"]);
    const trainer = await makeUser(db, ["trainer"]);
    await expect(
      credentialForDownload(db, cert.id, { id: other.id, roles: ["trainee"] }, setting),
    ).rejects.toMatchObject({
      status: 403,
      message: "このデジタル証明書を受け取れるのは、証明書の本人と事務局だけです。",
    });
    await expect(
      credentialForDownload(db, cert.id, { id: trainer.id, roles: ["trainer"] }, setting),
    ).rejects.toMatchObject({
      status: 403,
    });
    await expect(
      credentialForDownload(db, 999_999_999, { id: cert.holderId, roles: ["trainee"] }, setting),
    ).rejects.toMatchObject({
      status: 404,
      message: "証明書が見つかりません。",
    });
    const revoked = await makeIssuedCertificate(db, { status: "revoked" });
    await expect(
      credentialForDownload(db, revoked.id, { id: revoked.holderId, roles: ["trainee"] }, setting),
    ).rejects.toMatchObject({
      status: 409,
    });
  });
});

describe("the status lists", () => {
  it("say valid, suspended or revoked in the credential's one two-bit entry, and undo a suspension", async () => {
    const cert = await makeIssuedCertificate(db);
    const neighbour = await makeIssuedCertificate(db);
    const { credential } = await credentialForDownload(db, cert.id, { id: cert.holderId, roles: ["trainee"] }, setting);
    const { credential: neighbours } = await credentialForDownload(
      db,
      neighbour.id,
      { id: neighbour.holderId, roles: ["trainee"] },
      setting,
    );
    expect((await verify(credential)).verified).toBe(true);
    expect(await statusesOf(credential)).toEqual(["valid"]);

    const before = await signedStatusList(db, "message", setting);
    expect((await verify(before, false)).verified).toBe(true);
    expect(before).toMatchObject({
      "@context": ["https://www.w3.org/ns/credentials/v2"],
      id: `${ORIGIN}/credentials/status/message`,
      type: ["VerifiableCredential", "BitstringStatusListCredential"],
      issuer: setting.key.did,
      credentialSubject: { type: "BitstringStatusList", statusPurpose: "message" },
    });

    await setStatus(cert.id, "suspended");
    expect(await statusesOf(credential)).toEqual(["suspended"]);
    expect((await verify(credential)).verified).toBe(false);
    expect(await statusesOf(neighbours)).toEqual(["valid"]);

    await setStatus(cert.id, "valid");
    expect(await statusesOf(credential)).toEqual(["valid"]);
    expect((await verify(credential)).verified).toBe(true);

    await setStatus(cert.id, "revoked");
    expect(await statusesOf(credential)).toEqual(["revoked"]);
    const afterRevocation = await verify(credential);
    expect(afterRevocation.verified).toBe(false);
    expect(afterRevocation.statusResult?.verified).toBe(false);
    expect(await statusesOf(neighbours)).toEqual(["valid"]);
  });

  it("keep marking the two-entry credentials downloaded before in the revocation and suspension lists", async () => {
    const cert = await makeIssuedCertificate(db);
    const index = await statusListIndexOf(cert.id);
    // A copy downloaded before decision 0028: two one-bit entries at status_list_index.
    const earlier = ["revocation", "suspension"].map((purpose) => ({
      statusPurpose: purpose,
      statusListIndex: String(index),
    }));
    const statuses = () => statusesOf({ credentialStatus: earlier });
    expect(await statuses()).toEqual(["valid", "valid"]);

    await setStatus(cert.id, "revoked");
    expect(await statuses()).toEqual(["revocation", "valid"]);
    const revocation = await signedStatusList(db, "revocation", setting);
    expect(bitOf(revocation, index)).toBe(true);
    expect(bitOf(revocation, index - 1)).toBe(false);
    expect(bitOf(revocation, index + 1)).toBe(false);

    await setStatus(cert.id, "suspended");
    expect(await statuses()).toEqual(["valid", "suspension"]);
    await setStatus(cert.id, "valid");
    expect(await statuses()).toEqual(["valid", "valid"]);
  });

  it("cannot be altered without the signature failing", async () => {
    const list = await signedStatusList(db, "revocation", setting);
    const forged = structuredClone(list);
    // An all-zero list: every revocation undone.
    forged.credentialSubject.encodedList = "u" + gzipSync(new Uint8Array(16_384)).toString("base64url");
    expect((await verify(forged, false)).verified).toBe(false);
  });
});

describe("the achievement a credential names", () => {
  it("is published at its id with the programme's current criteria, and unknown programmes are a 404", async () => {
    const cert = await makeIssuedCertificate(db, { programmeId: 2 });
    const { credential } = await credentialForDownload(db, cert.id, { id: cert.holderId, roles: ["trainee"] }, setting);
    const document = await achievementDocument(db, "ojt", setting);
    expect(document.id).toBe(credential.credentialSubject.achievement.id);
    expect(document.id).toBe(`${ORIGIN}/credentials/achievements/ojt`);
    expect(document).toMatchObject({ type: ["Achievement"], name: "自治体OJT" });
    expect(document.criteria.narrative).toContain("承認済みの活動時間が40時間以上であること");
    expect(document.criteria.narrative).toContain("経験したPGLフェーズが2種類以上であること");
    await expect(achievementDocument(db, "nothing", setting)).rejects.toMatchObject({ status: 404 });
  });
});
