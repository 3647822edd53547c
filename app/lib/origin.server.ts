import { env } from "~/env.server";

/**
 * The origin printed into links that leave the page (QR codes, certificates, credentials):
 * APP_ORIGIN when set (behind a proxy the request's own URL may be an internal name), else the
 * request's origin.
 */
export function publicOrigin(request: Request): string {
  const configured = env().APP_ORIGIN;
  return configured ? new URL(configured).origin : new URL(request.url).origin;
}
