import { generateSigningKeyText, parseSigningKey } from "../../app/features/credentials/signing-key.server";

// `npm run credentials:key`: prints a new credential signing key for CREDENTIAL_SIGNING_KEY
// (decision 0021), and the issuer (did:key) it gives. `npm run credentials:key -- <key>` prints
// the issuer of an existing key instead (to check a backup or a server's setting).
const given = process.argv[2];
const text = given ?? generateSigningKeyText();
const key = parseSigningKey(text);
if (!given) console.log(`CREDENTIAL_SIGNING_KEY=${key.secretKeyMultibase}`);
console.log(`# issuer: ${key.did}`);
