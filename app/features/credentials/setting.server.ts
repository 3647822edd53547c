import { env } from "~/env.server";
import { publicOrigin } from "~/lib/public-origin.server";
import { loadSigningKey, type SigningKey } from "./signing-key.server";

// What signing needs besides the database: the association's key (read once per process; the
// server checked or created it before any process started, see startup.server.ts) and the
// public origin the credentials' URLs start with.

export type CredentialSetting = { key: SigningKey; origin: string };

let key: SigningKey | undefined;

export function credentialSigningKey(): SigningKey {
  key ??= loadSigningKey(env()).key;
  return key;
}

export function credentialSetting(request: Request): CredentialSetting {
  return { key: credentialSigningKey(), origin: publicOrigin(request) };
}
