import crypto from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { base58btcDecode, base58btcEncode } from "./multibase";

// The association's credential signing key (decision 0021): an Ed25519 key written as the
// `secretKeyMultibase` of an Ed25519 Multikey ("z" + base58btc of the multicodec header
// 0x8026 and the 32-byte seed; the 64-byte seed+public form is accepted too). The issuer is
// the did:key of its public key, so any verifier resolves it offline from the identifier
// itself. Kept in CREDENTIAL_SIGNING_KEY, or on the embedded SQLite default in a file beside
// the database that the first start creates.

export const SIGNING_KEY_VARIABLE = "CREDENTIAL_SIGNING_KEY";
export const SIGNING_KEY_FILE_NAME = "credential-signing-key";

const SECRET_HEADER = [0x80, 0x26]; // multicodec ed25519-priv
const PUBLIC_HEADER = [0xed, 0x01]; // multicodec ed25519-pub
const PKCS8_PREFIX = Buffer.from("302e020100300506032b657004220420", "hex");
const SPKI_PREFIX_LENGTH = 12;

export type SigningKey = {
  /** The canonical text of the secret key (32-byte seed form). */
  secretKeyMultibase: string;
  publicKeyMultibase: string;
  /** did:key:z6Mk… — the issuer of every credential signed with this key. */
  did: string;
  /** did:key:z6Mk…#z6Mk… — the verification method named in each proof. */
  verificationMethod: string;
};

export class SigningKeyError extends Error {}

/** Why a text is not a usable key, or null when it is one. */
export function signingKeyProblem(text: string): string | null {
  try {
    parseSigningKey(text);
    return null;
  } catch (error) {
    return error instanceof Error ? error.message : String(error);
  }
}

export function parseSigningKey(text: string): SigningKey {
  const trimmed = text.trim();
  const hint = "must be an Ed25519 secret key as multibase text (z…, made by `npm run credentials:key`)";
  const bytes = trimmed.startsWith("z") ? base58btcDecode(trimmed.slice(1)) : null;
  if (!bytes || bytes[0] !== SECRET_HEADER[0] || bytes[1] !== SECRET_HEADER[1]) throw new SigningKeyError(hint);
  const material = bytes.subarray(2);
  if (material.length !== 32 && material.length !== 64)
    throw new SigningKeyError(`${hint}; this one holds ${material.length} bytes instead of 32`);
  const seed = material.subarray(0, 32);
  const publicKey = publicKeyOf(seed);
  if (material.length === 64 && !Buffer.from(material.subarray(32)).equals(publicKey))
    throw new SigningKeyError(`${hint}; its public half does not belong to its secret half`);
  return keyFromSeed(seed, publicKey);
}

/** A new random key, as the text to put into CREDENTIAL_SIGNING_KEY. */
export function generateSigningKeyText(): string {
  return keyFromSeed(crypto.randomBytes(32)).secretKeyMultibase;
}

function keyFromSeed(seed: Uint8Array, publicKey: Uint8Array = publicKeyOf(seed)): SigningKey {
  const secretKeyMultibase = "z" + base58btcEncode(Uint8Array.from([...SECRET_HEADER, ...seed]));
  const publicKeyMultibase = "z" + base58btcEncode(Uint8Array.from([...PUBLIC_HEADER, ...publicKey]));
  const did = `did:key:${publicKeyMultibase}`;
  return { secretKeyMultibase, publicKeyMultibase, did, verificationMethod: `${did}#${publicKeyMultibase}` };
}

function publicKeyOf(seed: Uint8Array): Buffer {
  const secret = crypto.createPrivateKey({ key: Buffer.concat([PKCS8_PREFIX, seed]), format: "der", type: "pkcs8" });
  return crypto.createPublicKey(secret).export({ format: "der", type: "spki" }).subarray(SPKI_PREFIX_LENGTH);
}

/** Where the embedded default keeps its key: beside the SQLite file. */
export function signingKeyFile(databasePath: string): string {
  return path.join(path.dirname(path.resolve(databasePath)), SIGNING_KEY_FILE_NAME);
}

export type SigningKeySource =
  { key: SigningKey; from: "environment" } | { key: SigningKey; from: "file"; file: string; created: boolean };

/**
 * The key this install signs with: CREDENTIAL_SIGNING_KEY; else, on SQLite, the file beside
 * the database, created (mode 0600) when missing. Several app servers (DATABASE_URL) must all
 * sign with one key, which a file on one machine cannot give: there the variable is required.
 */
export function loadSigningKey(config: {
  CREDENTIAL_SIGNING_KEY?: string;
  DATABASE_URL?: string;
  DATABASE_PATH: string;
}): SigningKeySource {
  if (config.CREDENTIAL_SIGNING_KEY) {
    try {
      return { key: parseSigningKey(config.CREDENTIAL_SIGNING_KEY), from: "environment" };
    } catch (error) {
      throw new SigningKeyError(`${SIGNING_KEY_VARIABLE}: ${(error as Error).message}`);
    }
  }
  if (config.DATABASE_URL)
    throw new SigningKeyError(
      `${SIGNING_KEY_VARIABLE} is required with DATABASE_URL (every app server must sign credentials with the same key); create one with \`npm run credentials:key\``,
    );
  const file = signingKeyFile(config.DATABASE_PATH);
  let created = false;
  if (!fs.existsSync(file)) {
    fs.mkdirSync(path.dirname(file), { recursive: true });
    // Written aside, then linked into place: when two processes start at once, one key wins
    // whole and the other process reads it (a link never replaces an existing file).
    const draft = `${file}.${process.pid}.${crypto.randomBytes(4).toString("hex")}`;
    fs.writeFileSync(draft, generateSigningKeyText() + "\n", { mode: 0o600, flag: "wx" });
    try {
      fs.linkSync(draft, file);
      created = true;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
    } finally {
      fs.rmSync(draft, { force: true });
    }
  }
  try {
    return { key: parseSigningKey(fs.readFileSync(file, "utf8")), from: "file", file, created };
  } catch (error) {
    throw new SigningKeyError(`${file}: ${(error as Error).message}`);
  }
}
