import { describe, expect, it } from "vitest";
import { cookiesAreSecure, parseEnv } from "./env.server";

describe("parseEnv", () => {
  it("applies defaults", () => {
    const env = parseEnv({});
    expect(env.PORT).toBe(3000);
    expect(env.DATABASE_PATH).toBe("data/app.db");
    expect(cookiesAreSecure(env)).toBe(false);
    expect(cookiesAreSecure(parseEnv({ NODE_ENV: "production" }))).toBe(true);
    expect(cookiesAreSecure(parseEnv({ NODE_ENV: "production", COOKIE_SECURE: "false" }))).toBe(false);
  });

  it("fails fast with a message that names the bad variable", () => {
    expect(() => parseEnv({ PORT: "eighty" })).toThrow(/PORT/);
    expect(() => parseEnv({ APP_ORIGIN: "not a url" })).toThrow(/APP_ORIGIN/);
  });
});
