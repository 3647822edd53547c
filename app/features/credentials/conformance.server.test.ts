import http from "node:http";
import https from "node:https";
import { readFileSync } from "node:fs";
import path from "node:path";
import { Ajv2019 } from "ajv/dist/2019.js";
import addFormats from "ajv-formats";
import { verifyCredential } from "@digitalcredentials/verifier-core";
import { afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { createTestDb } from "~/testing/db";
import { makeIssuedCertificate } from "~/testing/credentials";
import { credentialForDownload, signedStatusList } from "./credentials.server";
import { STATUS_PURPOSES, statusListUrl } from "./open-badge";
import { generateSigningKeyText, parseSigningKey } from "./signing-key.server";
import type { CredentialSetting } from "./setting.server";

// The credential against what others check: the Open Badges 3.0 JSON Schema that 1EdTech
// publishes (bundled, app/testing/ob30/SOURCE.md), and the Digital Credentials Consortium's
// verifier-core, the verifier of its Learner Credential Wallet, run as a wallet runs it. Offline:
// the only "network" is a fetch that answers the app's own status lists (and the bundled schema,
// which verifier-core asks for at its published address); any other request fails the test.

const ORIGIN = "https://training.example.jp";
const setting: CredentialSetting = { key: parseSigningKey(generateSigningKeyText()), origin: ORIGIN };
const db = await createTestDb();

const SCHEMA_PATH = path.resolve(import.meta.dirname, "../../testing/ob30/ob_v3p0_achievementcredential_schema.json");
const schema = JSON.parse(readFileSync(SCHEMA_PATH, "utf8")) as Record<string, unknown>;
/** The address verifier-core fetches the schema from (its OBV3_SCHEMA_V2_ACHIEVEMENT). */
const PUBLISHED_SCHEMA_URL =
  "https://purl.imsglobal.org/spec/ob/v3p0/schema/json/ob_v3p0_achievementcredential_schema.json";

const answered: string[] = [];
const refused: string[] = [];
beforeAll(() => {
  vi.spyOn(globalThis, "fetch").mockImplementation(async (input) => {
    const url = typeof input === "string" ? input : input instanceof URL ? input.href : input.url;
    const purpose = STATUS_PURPOSES.find((p) => statusListUrl(ORIGIN, p) === url);
    if (purpose) {
      answered.push(url);
      return json(await signedStatusList(db, purpose, setting));
    }
    if (url === PUBLISHED_SCHEMA_URL) {
      answered.push(url);
      return json(schema);
    }
    refused.push(url);
    throw new Error(`offline: ${url}`);
  });
  for (const module of [http, https])
    vi.spyOn(module, "request").mockImplementation(((url: unknown) => {
      refused.push(String(url));
      throw new Error("offline");
    }) as typeof http.request);
});
afterEach(() => {
  expect(refused).toEqual([]);
  answered.length = 0;
});

function json(body: unknown): Response {
  return new Response(JSON.stringify(body), { headers: { "Content-Type": "application/json" } });
}

async function downloaded() {
  const cert = await makeIssuedCertificate(db);
  const { credential } = await credentialForDownload(db, cert.id, { id: cert.holderId, roles: ["trainee"] }, setting);
  return { cert, credential };
}

async function setStatus(id: number, status: "valid" | "suspended" | "revoked") {
  await db
    .updateTable("certificates")
    .set({ status, status_reason: status === "valid" ? null : "テストのため" })
    .where("id", "=", id)
    .execute();
}

describe("the Open Badges 3.0 JSON Schema (1EdTech, achievementcredential)", () => {
  it("accepts the issued credential, with its single credentialStatus", async () => {
    const ajv = new Ajv2019({ allErrors: true, strict: false });
    addFormats.default(ajv);
    const validate = ajv.compile(schema);
    const { credential } = await downloaded();
    const valid = validate(credential);
    expect(validate.errors ?? []).toEqual([]);
    expect(valid).toBe(true);
    // The schema's rule this keeps: an array of two entries is refused.
    const twoEntries = { ...credential, credentialStatus: [credential.credentialStatus, credential.credentialStatus] };
    expect(validate(twoEntries)).toBe(false);
    expect(validate.errors?.map((e) => e.instancePath)).toContain("/credentialStatus");
  });
});

type VerifierLog = { id: string; valid?: boolean; error?: unknown }[];

async function walletCheck(credential: object) {
  const result = (await verifyCredential({ credential: credential as never, knownDIDRegistries: [] })) as {
    errors?: unknown[];
    log?: VerifierLog;
    additionalInformation?: { id: string; results: { result: { valid: boolean } }[] }[];
  };
  const step = (id: string) => result.log?.find((entry) => entry.id === id);
  return { result, step };
}

describe("@digitalcredentials/verifier-core, offline as a wallet", () => {
  it("finds the signature valid, the credential unexpired, the status valid and the schema met", async () => {
    const { credential } = await downloaded();
    const { result, step } = await walletCheck(credential);
    expect(result.errors).toBeUndefined();
    expect(step("valid_signature")).toMatchObject({ valid: true });
    expect(step("expiration")).toMatchObject({ valid: true });
    expect(step("message_status")).toMatchObject({ valid: true });
    // No registry given: it can only say the issuer is in none (a wallet's own registries decide).
    expect(step("registered_issuer")).toMatchObject({ valid: false, uncheckedRegistries: [] });
    expect(result.additionalInformation?.[0]?.results[0]?.result.valid).toBe(true);
    // It fetched the credential's one status list, and nothing else but the bundled schema.
    expect([...new Set(answered)].sort()).toEqual([PUBLISHED_SCHEMA_URL, statusListUrl(ORIGIN, "message")].sort());
  });

  it("reports a suspended and a revoked certificate as not valid (it reads one bit), and a reinstated one as valid", async () => {
    const { cert, credential } = await downloaded();
    const other = await downloaded();
    await setStatus(cert.id, "suspended");
    expect((await walletCheck(credential)).step("message_status")).toMatchObject({ valid: false });
    expect((await walletCheck(other.credential)).step("message_status")).toMatchObject({ valid: true });
    await setStatus(cert.id, "valid");
    expect((await walletCheck(credential)).step("message_status")).toMatchObject({ valid: true });
    await setStatus(cert.id, "revoked");
    const revoked = await walletCheck(credential);
    expect(revoked.step("valid_signature")).toMatchObject({ valid: true });
    expect(revoked.step("message_status")).toMatchObject({ valid: false });
    expect((await walletCheck(other.credential)).step("message_status")).toMatchObject({ valid: true });
  });
});
