import { describe, expect, it } from "vitest";
import { contentSecurityPolicy, isSameOriginRequest, securityHeaders } from "./http-security";

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
});

describe("securityHeaders", () => {
  it("sets a nonce-based CSP that forbids framing, and HSTS only in production", () => {
    expect(contentSecurityPolicy("abc")).toContain("script-src 'self' 'nonce-abc'");
    expect(contentSecurityPolicy("abc")).toContain("frame-ancestors 'none'");
    expect(securityHeaders({ nonce: "n", production: true })["Strict-Transport-Security"]).toMatch(/max-age=\d+/);
    expect(securityHeaders({ nonce: "n", production: false })["Strict-Transport-Security"]).toBeUndefined();
  });
});
