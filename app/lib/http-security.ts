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
  // Behind a proxy the Host header may be the proxy's internal name: with APP_ORIGIN set, the
  // public origin is the one accepted; without it, this request's own scheme and host.
  const own = input.host ? `${input.protocol}://${input.host}` : undefined;
  const allowed = new Set(
    (input.allowedOrigins.length > 0 ? input.allowedOrigins : own ? [own] : []).map((o) => o.toLowerCase()),
  );
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

/** The methods this site answers; anything else (TRACE, PUT, OPTIONS, ...) is a 405. */
export const ALLOWED_METHODS = ["GET", "HEAD", "POST"] as const;

export function isAllowedMethod(method: string): boolean {
  return (ALLOWED_METHODS as readonly string[]).includes(method.toUpperCase());
}

/** Every form of this site is sent as one of these (plain `<Form method="post">`, or a file upload). */
export function isFormContentType(contentType: string | undefined): boolean {
  const type = contentType?.split(";")[0]?.trim().toLowerCase();
  return type === "application/x-www-form-urlencoded" || type === "multipart/form-data";
}

/** Whether a request announces a body (a length above zero, or chunked). */
export function hasBody(headers: { "content-length"?: string; "transfer-encoding"?: string }): boolean {
  if (headers["transfer-encoding"]) return true;
  return Number(headers["content-length"] ?? 0) > 0;
}

const KB = 1024;
const MB = 1024 * KB;

/**
 * The largest request body each route accepts, in one place. A body is counted while it is
 * read, so a chunked upload is stopped at the limit, not after it has been read in full.
 * Forms are small; the CSV imports allow their file (1 MB, 5 MB) plus the multipart framing.
 * An OJT deliverable (20 MB per file, checked again while it streams into storage) gets the
 * file plus 64 KB of framing; its action never holds the body in memory.
 */
export const BODY_LIMITS: readonly { path: RegExp; bytes: number }[] = [
  { path: /^\/staff\/cohorts\/[^/]+\/import(\.data)?$/, bytes: 2 * MB },
  { path: /^\/staff\/municipalities\/import(\.data)?$/, bytes: 6 * MB },
  { path: /^\/placements\/[^/]+\/log\/[^/]+\/files(\.data)?$/, bytes: 20 * MB + 64 * KB },
  // An evidence file of the renewal ledger: the same limit as a deliverable, streamed the same way.
  { path: /^\/my\/renewal\/activities\/[0-9]+(\.data)?$/, bytes: 20 * MB + 64 * KB },
];
export const DEFAULT_BODY_LIMIT = 64 * KB;

export function bodyLimitFor(pathname: string): number {
  return BODY_LIMITS.find((l) => l.path.test(pathname))?.bytes ?? DEFAULT_BODY_LIMIT;
}

/** "64 KB", "2 MB": the limit as the 413 page states it. */
export function formatBytes(bytes: number): string {
  return bytes >= MB ? `${Math.round((bytes / MB) * 10) / 10} MB` : `${Math.round(bytes / KB)} KB`;
}

export const PRIVATE_CACHE_CONTROL = "private, no-store";

/**
 * Pages for a signed-in user show personal data (at least the name in the header): neither a
 * shared cache nor the browser's back-forward store may keep them. Public pages keep whatever
 * they said; fingerprinted assets never reach this (served before Remix).
 */
export function cacheControlFor(input: {
  signedIn: boolean;
  setsCookie: boolean;
  current: string | null;
}): string | null {
  if (input.signedIn || input.setsCookie) return PRIVATE_CACHE_CONTROL;
  return input.current;
}

/** Whether the request carries the session cookie (valid or not: either way not for a shared cache). */
export function hasSessionCookie(cookieHeader: string | undefined, name: string): boolean {
  if (!cookieHeader) return false;
  return cookieHeader.split(";").some((part) => {
    const [key, value] = part.split("=");
    return key?.trim() === name && Boolean(value?.trim());
  });
}

/**
 * A Location header must be ASCII (Node refuses anything else with an exception, a 500 after
 * the work was done). Percent-encode what is not, leaving valid escapes as they are.
 */
export function asciiLocation(location: string): string {
  if (/^[\x21-\x7e]*$/.test(location)) return location;
  return location.replace(/[^\x21-\x7e]+/g, (run) => encodeURIComponent(run));
}

/** The Japanese answers of the server's own refusals. */
export const HTTP_MESSAGES = {
  methodNotAllowed: "この方法（HTTPメソッド）での送信は受け付けていません。",
  crossSite: "他のサイトからの送信は受け付けられません。ページを開き直してから、もう一度送信してください。",
  unsupportedType: "この形式の送信は受け付けていません。画面のフォームから送信してください。",
  unreadableBody: "送信内容を読み取れませんでした。画面のフォームから、もう一度送信してください。",
  tooLarge: (limit: number) =>
    `送信内容が大きすぎます（${formatBytes(limit)}まで）。内容を減らして、もう一度送信してください。`,
  serverError: "システムエラーが発生しました。時間をおいて再度お試しください。",
} as const;
