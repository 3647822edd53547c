import { describe, expect, it } from "vitest";
import { cookiesAreSecure, databaseLocation, describeDatabaseLocation, parseEnv } from "./env.server";

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

  it("selects PostgreSQL with DATABASE_URL, validated, and never logs its password", () => {
    expect(databaseLocation(parseEnv({}))).toBe("data/app.db");
    expect(databaseLocation(parseEnv({ DATABASE_URL: "" }))).toBe("data/app.db");
    const pg = parseEnv({ DATABASE_URL: "postgres://app:s3cret@db.internal:5432/itc" });
    expect(databaseLocation(pg)).toBe("postgres://app:s3cret@db.internal:5432/itc");
    expect(describeDatabaseLocation(pg)).toBe("postgres://app:***@db.internal:5432/itc");
    expect(pg.DATABASE_POOL_SIZE).toBe(8);
    expect(() => parseEnv({ DATABASE_URL: "mysql://db/itc" })).toThrow(/DATABASE_URL/);
    expect(() => parseEnv({ DATABASE_POOL_SIZE: "0" })).toThrow(/DATABASE_POOL_SIZE/);
  });

  it("validates CREDENTIAL_SIGNING_KEY at start-up with a message that names it", () => {
    expect(() => parseEnv({ CREDENTIAL_SIGNING_KEY: "-----BEGIN PRIVATE KEY-----" })).toThrow(
      /CREDENTIAL_SIGNING_KEY: must be an Ed25519 secret key/,
    );
    expect(parseEnv({ CREDENTIAL_SIGNING_KEY: "" }).CREDENTIAL_SIGNING_KEY).toBeUndefined();
    const key = "z3u2e114ML5L8FY9bX8syZpAzXQdGmMDbQ843LZAdYPc62J9";
    expect(parseEnv({ CREDENTIAL_SIGNING_KEY: ` ${key}\n` }).CREDENTIAL_SIGNING_KEY).toBe(key);
  });
});
