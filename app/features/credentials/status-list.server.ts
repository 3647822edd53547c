import { gzipSync } from "node:zlib";
import type { Database } from "~/db.server";
import {
  MESSAGE_LIST_FIRST_INDEX,
  MESSAGE_STATUS_SIZE,
  MESSAGE_STATUS_VALUE,
  VC_V2_CONTEXT,
  messageListIndex,
  statusListUrl,
  type StatusPurpose,
} from "./open-badge";
import { bitstringOf, bitstringOfValues, setBit } from "./status-list";

// The status lists the credentials point to, computed from the certificates table in one query
// each, so a revocation, suspension or reinstatement shows in every list at once:
// - "message" (decision 0028): two bits per certificate at messageListIndex(), 0 valid,
//   1 suspended, 2 revoked;
// - "revocation" and "suspension" (decision 0021, credentials downloaded before): one bit at
//   status_list_index, set for a revoked, respectively a suspended, certificate.

const STATUS_OF: Record<Exclude<StatusPurpose, "message">, "revoked" | "suspended"> = {
  revocation: "revoked",
  suspension: "suspended",
};

/** How long verifiers and caches may keep a list (also the list's `ttl`). */
export const STATUS_LIST_MAX_AGE_SECONDS = 60;

export async function statusListIndexes(db: Database, purpose: Exclude<StatusPurpose, "message">): Promise<number[]> {
  const rows = await db
    .selectFrom("certificates")
    .select("status_list_index")
    .where("status", "=", STATUS_OF[purpose])
    .orderBy("status_list_index")
    .execute();
  return rows.map((r) => Number(r.status_list_index));
}

/**
 * Every certificate's index in the list, the certificates that are not valid with theirs. The
 * list covers MESSAGE_LIST_FIRST_INDEX more entries than it skips (2 × that offset), a fixed
 * size, so a credential signed after a verifier cached the list still falls inside it, and the
 * size tells nothing of how many were issued; past that, it grows to the highest certificate.
 */
async function messageEntries(db: Database) {
  const [rows, highest] = await Promise.all([
    db
      .selectFrom("certificates")
      .select(["status_list_index", "status"])
      .where("status", "in", ["revoked", "suspended"])
      .orderBy("status_list_index")
      .execute(),
    db
      .selectFrom("certificates")
      .select((eb) => eb.fn.max("status_list_index").as("highest"))
      .executeTakeFirst(),
  ]);
  return {
    notValid: rows.map((r) => ({ index: Number(r.status_list_index), status: r.status as "revoked" | "suspended" })),
    highestIndex: highest?.highest == null ? -1 : Number(highest.highest),
  };
}

/** Bits in the "message" list at the least: 2 × MESSAGE_LIST_FIRST_INDEX entries of 2 bits (512 KB). */
export const MESSAGE_LIST_MINIMUM_BITS = 2 * MESSAGE_LIST_FIRST_INDEX * MESSAGE_STATUS_SIZE;

/**
 * The "message" bitstring. Each certificate's two bits hold its value. Besides, for readers that
 * ignore statusSize and read one bit at the index, the bit AT the index is set too when the
 * certificate is not valid: it belongs to entry index / 2, below MESSAGE_LIST_FIRST_INDEX, which
 * no certificate holds, so a reader of the two bits never sees it (decision 0028).
 */
export function messageBitstring(
  certificates: readonly { index: number; status: "revoked" | "suspended" }[],
  highestIndex = -1,
) {
  const entries = certificates.map((c) => ({
    index: messageListIndex(c.index),
    value: MESSAGE_STATUS_VALUE[c.status],
  }));
  const minimumBits = Math.max(MESSAGE_LIST_MINIMUM_BITS, (messageListIndex(highestIndex) + 1) * MESSAGE_STATUS_SIZE);
  const bytes = bitstringOfValues(entries, MESSAGE_STATUS_SIZE, minimumBits);
  for (const { index } of entries) if (index < 2 * MESSAGE_LIST_FIRST_INDEX) setBit(bytes, index);
  return bytes;
}

/** The bitstring of one list as it stands now. */
export async function statusBitstring(db: Database, purpose: StatusPurpose): Promise<Uint8Array> {
  if (purpose === "message") {
    const { notValid, highestIndex } = await messageEntries(db);
    return messageBitstring(notValid, highestIndex);
  }
  return bitstringOf(await statusListIndexes(db, purpose));
}

/** GZIP, then base64url without padding, with the multibase prefix "u". */
export function encodeStatusList(bitstring: Uint8Array): string {
  return "u" + Buffer.from(gzipSync(bitstring)).toString("base64url");
}

export function statusListCredential(input: {
  purpose: StatusPurpose;
  origin: string;
  issuerDid: string;
  bitstring: Uint8Array;
  now: Date;
}) {
  const url = statusListUrl(input.origin, input.purpose);
  return {
    "@context": [VC_V2_CONTEXT],
    id: url,
    type: ["VerifiableCredential", "BitstringStatusListCredential"],
    issuer: input.issuerDid,
    validFrom: input.now.toISOString(),
    credentialSubject: {
      id: `${url}#list`,
      type: "BitstringStatusList",
      statusPurpose: input.purpose,
      encodedList: encodeStatusList(input.bitstring),
      ttl: STATUS_LIST_MAX_AGE_SECONDS * 1000,
    },
  };
}
