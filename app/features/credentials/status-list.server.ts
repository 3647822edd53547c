import { gzipSync } from "node:zlib";
import type { Database } from "~/db.server";
import { VC_V2_CONTEXT, statusListUrl, type StatusPurpose } from "./open-badge";
import { bitstringOf } from "./status-list";

// The two status lists the credentials point to, computed from the certificates table in one
// query each: revoked certificates set their bit in the revocation list, suspended ones in
// the suspension list (a reinstated certificate clears it again).

const STATUS_OF: Record<StatusPurpose, "revoked" | "suspended"> = { revocation: "revoked", suspension: "suspended" };

/** How long verifiers and caches may keep a list (also the list's `ttl`). */
export const STATUS_LIST_MAX_AGE_SECONDS = 60;

export async function statusListIndexes(db: Database, purpose: StatusPurpose): Promise<number[]> {
  const rows = await db
    .selectFrom("certificates")
    .select("status_list_index")
    .where("status", "=", STATUS_OF[purpose])
    .orderBy("status_list_index")
    .execute();
  return rows.map((r) => Number(r.status_list_index));
}

/** GZIP, then base64url without padding, with the multibase prefix "u". */
export function encodeStatusList(bitstring: Uint8Array): string {
  return "u" + Buffer.from(gzipSync(bitstring)).toString("base64url");
}

export function statusListCredential(input: {
  purpose: StatusPurpose;
  origin: string;
  issuerDid: string;
  setIndexes: readonly number[];
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
      encodedList: encodeStatusList(bitstringOf(input.setIndexes)),
      ttl: STATUS_LIST_MAX_AGE_SECONDS * 1000,
    },
  };
}
