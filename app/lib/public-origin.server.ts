import { env } from "~/env.server";

/**
 * The site's public origin for links printed or sent elsewhere (a certificate's QR code): the
 * configured APP_ORIGIN (behind a proxy the request's host may be an internal name), else this
 * request's own origin.
 */
export function publicOrigin(request: Request): string {
  const configured = env().APP_ORIGIN;
  return configured ? new URL(configured).origin : new URL(request.url).origin;
}
