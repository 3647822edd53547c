import { DataIntegrityProof } from "@digitalbazaar/data-integrity";
import * as Ed25519Multikey from "@digitalbazaar/ed25519-multikey";
import { cryptosuite } from "@digitalbazaar/eddsa-rdfc-2022-cryptosuite";
import { issue } from "@digitalbazaar/vc";
import { documentLoaderFor } from "./document-loader.server";
import type { SigningKey } from "./signing-key.server";

// Signing a credential: a Data Integrity proof with the eddsa-rdfc-2022 cryptosuite (RDF
// dataset canonicalisation, then Ed25519), the proof purpose assertionMethod.

const signers = new Map<string, Promise<Ed25519Multikey.Ed25519KeyPair>>();

function keyPair(key: SigningKey) {
  let pair = signers.get(key.did);
  if (!pair) {
    pair = Ed25519Multikey.from({
      type: "Multikey",
      id: key.verificationMethod,
      controller: key.did,
      publicKeyMultibase: key.publicKeyMultibase,
      secretKeyMultibase: key.secretKeyMultibase,
    });
    signers.set(key.did, pair);
  }
  return pair;
}

export async function signCredential<T extends object>(
  credential: T,
  key: SigningKey,
  now: Date = new Date(),
): Promise<T & { proof: Record<string, unknown> }> {
  const suite = new DataIntegrityProof({ signer: (await keyPair(key)).signer(), cryptosuite, date: now });
  // issue() adds the proof to the object it is given: sign a copy.
  const signed = await issue({
    credential: structuredClone(credential),
    suite,
    documentLoader: documentLoaderFor(key),
    now,
  });
  return signed as T & { proof: Record<string, unknown> };
}
