import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import * as Ed25519Multikey from "@digitalbazaar/ed25519-multikey";
import { afterAll, describe, expect, it } from "vitest";
import { base58btcDecode, base58btcEncode } from "./multibase";
import {
  generateSigningKeyText,
  loadSigningKey,
  parseSigningKey,
  signingKeyFile,
  signingKeyProblem,
} from "./signing-key.server";

const dirs: string[] = [];
function freshFolder() {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "itc-key-"));
  dirs.push(dir);
  return dir;
}
afterAll(() => dirs.forEach((d) => fs.rmSync(d, { recursive: true, force: true })));

describe("the credential signing key", () => {
  it("is an Ed25519 Multikey secret whose did:key is the one the Multikey library derives", async () => {
    const text = generateSigningKeyText();
    expect(text).toMatch(/^z3u2[1-9A-HJ-NP-Za-km-z]{44}$/);
    const key = parseSigningKey(text);
    const seed = base58btcDecode(text.slice(1))!.subarray(2);
    expect(key.did).toBe(`did:key:${key.publicKeyMultibase}`);
    expect(key.did).toMatch(/^did:key:z6Mk/);
    expect(key.verificationMethod).toBe(`${key.did}#${key.publicKeyMultibase}`);
    // The Multikey library, given the same seed, derives the same public key; its 64-byte
    // secret form (seed and public key) names the same key.
    const pair = await Ed25519Multikey.generate({ seed });
    const exported = (await pair.export({ publicKey: true, secretKey: true })) as {
      publicKeyMultibase: string;
      secretKeyMultibase: string;
    };
    expect(exported.publicKeyMultibase).toBe(key.publicKeyMultibase);
    expect(parseSigningKey(exported.secretKeyMultibase)).toEqual(key);
  });

  it("refuses a text that is not such a key, saying what it must be", () => {
    for (const bad of [
      "",
      "secret",
      "z0OIl",
      "z" + base58btcEncode(new Uint8Array(34)),
      generateSigningKeyText().slice(0, -3),
    ])
      expect(signingKeyProblem(bad)).toMatch(/must be an Ed25519 secret key as multibase text/);
    expect(signingKeyProblem(generateSigningKeyText())).toBeNull();
  });

  it("is required with DATABASE_URL: the server refuses to start without it, naming the variable", () => {
    expect(() => loadSigningKey({ DATABASE_URL: "postgres://app@db/itc", DATABASE_PATH: "data/app.db" })).toThrow(
      /CREDENTIAL_SIGNING_KEY is required with DATABASE_URL/,
    );
    const text = generateSigningKeyText();
    const source = loadSigningKey({
      DATABASE_URL: "postgres://app@db/itc",
      DATABASE_PATH: "data/app.db",
      CREDENTIAL_SIGNING_KEY: text,
    });
    expect(source).toEqual({ key: parseSigningKey(text), from: "environment" });
  });

  it("is created on SQLite in a fresh data folder beside the database, readable by its owner only, once", () => {
    const dir = path.join(freshFolder(), "data");
    const config = { DATABASE_PATH: path.join(dir, "app.db") };
    const first = loadSigningKey(config);
    expect(first).toMatchObject({ from: "file", file: path.join(dir, "credential-signing-key"), created: true });
    expect(signingKeyFile(config.DATABASE_PATH)).toBe(path.join(dir, "credential-signing-key"));
    expect(fs.statSync(path.join(dir, "credential-signing-key")).mode & 0o777).toBe(0o600);
    expect(fs.readdirSync(dir)).toEqual(["credential-signing-key"]);
    const second = loadSigningKey(config);
    expect(second).toMatchObject({ from: "file", created: false });
    expect(second.key).toEqual(first.key);
  });

  it("names the file when the stored key is damaged", () => {
    const dir = freshFolder();
    fs.writeFileSync(path.join(dir, "credential-signing-key"), "not a key\n");
    expect(() => loadSigningKey({ DATABASE_PATH: path.join(dir, "app.db") })).toThrow(
      /credential-signing-key: must be/,
    );
  });
});

describe("base58btc", () => {
  it("round-trips bytes, leading zeros included", () => {
    for (const bytes of [new Uint8Array([]), new Uint8Array([0, 0, 1, 2]), new Uint8Array([255, 254, 0, 7])])
      expect(base58btcDecode(base58btcEncode(bytes))).toEqual(bytes);
    expect(base58btcEncode(new TextEncoder().encode("hello world"))).toBe("StV1DL6CwTryKyV");
    expect(base58btcDecode("0OIl")).toBeNull();
  });
});
