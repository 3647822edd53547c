import { describe, expect, it } from "vitest";
import {
  asciiLocation,
  bodyLimitFor,
  cacheControlFor,
  contentSecurityPolicy,
  DEFAULT_BODY_LIMIT,
  hasBody,
  hasSessionCookie,
  isAllowedMethod,
  isFormContentType,
  isSameOriginRequest,
  securityHeaders,
} from "./http-security";
import { SESSION_COOKIE } from "./request-handler.server";

const base = { host: "portal.example.jp", protocol: "https", allowedOrigins: [] as string[], referer: undefined };

describe("isSameOriginRequest", () => {
  it("lets safe methods through whatever their origin", () => {
    expect(isSameOriginRequest({ ...base, method: "GET", origin: "https://evil.example" })).toBe(true);
  });

  it("accepts a POST from this site and refuses one from elsewhere", () => {
    expect(isSameOriginRequest({ ...base, method: "POST", origin: "https://portal.example.jp" })).toBe(true);
    expect(isSameOriginRequest({ ...base, method: "POST", origin: "https://evil.example" })).toBe(false);
    expect(isSameOriginRequest({ ...base, method: "POST", origin: "http://portal.example.jp" })).toBe(false);
  });

  it("falls back to the Referer, and refuses a request with neither", () => {
    expect(
      isSameOriginRequest({ ...base, method: "POST", origin: undefined, referer: "https://portal.example.jp/login" }),
    ).toBe(true);
    expect(isSameOriginRequest({ ...base, method: "POST", origin: "null", referer: "https://evil.example/x" })).toBe(
      false,
    );
    expect(isSameOriginRequest({ ...base, method: "DELETE", origin: undefined })).toBe(false);
  });

  it("accepts the configured public origin behind a proxy", () => {
    expect(
      isSameOriginRequest({
        method: "POST",
        origin: "https://training.example.jp",
        referer: undefined,
        host: "127.0.0.1:3000",
        protocol: "http",
        allowedOrigins: ["https://training.example.jp"],
      }),
    ).toBe(true);
  });

  it("with APP_ORIGIN set, accepts that origin only (the Host header may be a proxy's)", () => {
    const proxied = { method: "POST", referer: undefined, host: "app-internal:8080", protocol: "http" };
    const allowedOrigins = ["https://training.example.jp"];
    expect(isSameOriginRequest({ ...proxied, allowedOrigins, origin: "https://training.example.jp" })).toBe(true);
    expect(isSameOriginRequest({ ...proxied, allowedOrigins, origin: "http://app-internal:8080" })).toBe(false);
    expect(
      isSameOriginRequest({
        ...proxied,
        allowedOrigins,
        origin: "null",
        referer: "https://training.example.jp/login",
      }),
    ).toBe(true);
  });
});

describe("request refusals", () => {
  it("answers GET, HEAD and POST only", () => {
    expect(["GET", "head", "POST"].every(isAllowedMethod)).toBe(true);
    expect(["TRACE", "PUT", "DELETE", "OPTIONS", "PATCH"].some(isAllowedMethod)).toBe(false);
  });

  it("takes form bodies only", () => {
    expect(isFormContentType("application/x-www-form-urlencoded;charset=UTF-8")).toBe(true);
    expect(isFormContentType("multipart/form-data; boundary=x")).toBe(true);
    expect(isFormContentType("application/json")).toBe(false);
    expect(isFormContentType("text/plain")).toBe(false);
    expect(isFormContentType(undefined)).toBe(false);
    expect(hasBody({ "content-length": "0" })).toBe(false);
    expect(hasBody({})).toBe(false);
    expect(hasBody({ "content-length": "3" })).toBe(true);
    expect(hasBody({ "transfer-encoding": "chunked" })).toBe(true);
  });

  it("limits bodies per route: forms small, the imports their file and framing", () => {
    expect(bodyLimitFor("/login")).toBe(DEFAULT_BODY_LIMIT);
    expect(DEFAULT_BODY_LIMIT).toBe(64 * 1024);
    expect(bodyLimitFor("/staff/cohorts/12/import")).toBe(2 * 1024 * 1024);
    expect(bodyLimitFor("/staff/cohorts/12/import.data")).toBe(2 * 1024 * 1024);
    expect(bodyLimitFor("/staff/municipalities/import")).toBe(6 * 1024 * 1024);
    expect(bodyLimitFor("/staff/cohorts/12/import/x")).toBe(DEFAULT_BODY_LIMIT);
    // An OJT deliverable: the 20 MB file and its framing, on the upload route only.
    expect(bodyLimitFor("/placements/3/log/41/files")).toBe(20 * 1024 * 1024 + 64 * 1024);
    expect(bodyLimitFor("/placements/3/log/41/files.data")).toBe(20 * 1024 * 1024 + 64 * 1024);
    expect(bodyLimitFor("/placements/3/log/41")).toBe(DEFAULT_BODY_LIMIT);
    // A renewal evidence file: the same, on the activity's page only (not the new-activity form).
    expect(bodyLimitFor("/my/renewal/activities/7")).toBe(20 * 1024 * 1024 + 64 * 1024);
    expect(bodyLimitFor("/my/renewal/activities/7.data")).toBe(20 * 1024 * 1024 + 64 * 1024);
    expect(bodyLimitFor("/my/renewal/activities/new")).toBe(DEFAULT_BODY_LIMIT);
    expect(bodyLimitFor("/my/renewal/activities/7/evidence")).toBe(DEFAULT_BODY_LIMIT);
  });
});

describe("caching and headers of responses", () => {
  it("keeps responses to a signed-in browser, or ones that set a cookie, out of every cache", () => {
    expect(cacheControlFor({ signedIn: true, setsCookie: false, current: null })).toBe("private, no-store");
    expect(cacheControlFor({ signedIn: true, setsCookie: false, current: "public, max-age=60" })).toBe(
      "private, no-store",
    );
    expect(cacheControlFor({ signedIn: false, setsCookie: true, current: null })).toBe("private, no-store");
    expect(cacheControlFor({ signedIn: false, setsCookie: false, current: "public, max-age=60" })).toBe(
      "public, max-age=60",
    );
    expect(cacheControlFor({ signedIn: false, setsCookie: false, current: null })).toBeNull();
  });

  // That Lucia names its cookie SESSION_COOKIE is checked in features/auth/session.test.ts.
  it("recognises the session cookie", () => {
    expect(hasSessionCookie(`a=1; ${SESSION_COOKIE}=abc`, SESSION_COOKIE)).toBe(true);
    expect(hasSessionCookie(`${SESSION_COOKIE}=`, SESSION_COOKIE)).toBe(false);
    expect(hasSessionCookie("other_session=abc", SESSION_COOKIE)).toBe(false);
    expect(hasSessionCookie(undefined, SESSION_COOKIE)).toBe(false);
  });

  it("percent-encodes a non-ASCII Location, leaving escapes as they are", () => {
    expect(asciiLocation("/courses?q=%E8%87%AA")).toBe("/courses?q=%E8%87%AA");
    expect(asciiLocation("/courses?q=é x")).toBe("/courses?q=%C3%A9%20x");
  });
});

describe("securityHeaders", () => {
  it("sets a nonce-based CSP that forbids framing, and HSTS only in production", () => {
    expect(contentSecurityPolicy("abc")).toContain("script-src 'self' 'nonce-abc'");
    expect(contentSecurityPolicy("abc")).toContain("frame-ancestors 'none'");
    expect(securityHeaders({ nonce: "n", production: true })["Strict-Transport-Security"]).toMatch(/max-age=\d+/);
    expect(securityHeaders({ nonce: "n", production: false })["Strict-Transport-Security"]).toBeUndefined();
  });
});
