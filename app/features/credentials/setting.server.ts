import { env } from "~/env.server";
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

/** APP_ORIGIN when set (behind a proxy the request's own URL may name an internal host). */
export function credentialSetting(request: Request): CredentialSetting {
  const origin = env().APP_ORIGIN ? new URL(env().APP_ORIGIN as string).origin : new URL(request.url).origin;
  return { key: credentialSigningKey(), origin };
}
