// HTTP hardening shared by the server: pure functions, unit-tested.

export function contentSecurityPolicy(nonce: string): string {
  return [
    "default-src 'self'",
    `script-src 'self' 'nonce-${nonce}'`,
    "style-src 'self'",
    "img-src 'self' data:",
    "font-src 'self'",
    "connect-src 'self'",
    "form-action 'self'",
    "frame-ancestors 'none'",
    "base-uri 'self'",
    "object-src 'none'",
  ].join("; ");
}

export function securityHeaders(options: { nonce: string; production: boolean }): Record<string, string> {
  const headers: Record<string, string> = {
    "Content-Security-Policy": contentSecurityPolicy(options.nonce),
    "X-Frame-Options": "DENY",
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "strict-origin-when-cross-origin",
    "Permissions-Policy": "camera=(), microphone=(), geolocation=(), payment=()",
    "Cross-Origin-Opener-Policy": "same-origin",
  };
  if (options.production) headers["Strict-Transport-Security"] = "max-age=31536000; includeSubDomains";
  return headers;
}

const SAFE_METHODS = new Set(["GET", "HEAD", "OPTIONS"]);

/**
 * Cross-site request forgery guard: a state-changing request must come from a page of this
 * site. Browsers send Origin on every POST; Referer is the fallback; a request with neither
 * is refused.
 */
export function isSameOriginRequest(input: {
  method: string;
  origin: string | undefined;
  referer: string | undefined;
  host: string | undefined;
  protocol: string;
  allowedOrigins: readonly string[];
}): boolean {
  if (SAFE_METHODS.has(input.method.toUpperCase())) return true;
  const own = input.host ? `${input.protocol}://${input.host}` : undefined;
  const allowed = new Set([...input.allowedOrigins, ...(own ? [own] : [])].map((o) => o.toLowerCase()));
  let claimed = input.origin;
  if (!claimed || claimed === "null") {
    if (!input.referer) return false;
    try {
      claimed = new URL(input.referer).origin;
    } catch {
      return false;
    }
  }
  return allowed.has(claimed.toLowerCase());
}
