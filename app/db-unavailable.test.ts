import { sql } from "kysely";
import { beforeAll, describe, expect, it } from "vitest";
import { isPostgres, transaction, unavailableError, type Database } from "./db.server";
import { SERVICE_UNAVAILABLE_MESSAGES, ServiceUnavailableError } from "./lib/errors";
import { createTestDb } from "./testing/db";

// A database failure that a second attempt may cure ends in a 503 with a Japanese message,
// never a 500 (decision 0029). Both engines.

let db: Database;
beforeAll(async () => {
  db = await createTestDb();
});

const withCode = (message: string, code: string) => Object.assign(new Error(message), { code });

describe("transaction: conflicts that outlast the retries", () => {
  it("end in a 503 「混み合っています」 (PostgreSQL: after every retry; SQLite: busy)", async () => {
    let attempts = 0;
    const conflict = isPostgres(db)
      ? withCode("could not serialize access due to read/write dependencies among transactions", "40001")
      : withCode("database is locked", "SQLITE_BUSY");
    const result = transaction(db, async (trx) => {
      attempts++;
      await sql`select 1`.execute(trx);
      throw conflict;
    });
    const error = await result.catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ServiceUnavailableError);
    expect(error).toMatchObject({ status: 503, message: SERVICE_UNAVAILABLE_MESSAGES.busy, cause: conflict });
    // PostgreSQL ran the callback again before giving up; SQLite's busy timeout already waited.
    expect(attempts).toBe(isPostgres(db) ? 10 : 1);
  });

  it("leave every other error as it was (a bug stays a 500)", async () => {
    const bug = new TypeError("x is undefined");
    await expect(
      transaction(db, async () => {
        throw bug;
      }),
    ).rejects.toBe(bug);
  });
});

describe("unavailableError", () => {
  it("maps serialization failures, deadlocks, busy SQLite and lost connections to 503, nothing else", () => {
    const busy = SERVICE_UNAVAILABLE_MESSAGES.busy;
    const unavailable = SERVICE_UNAVAILABLE_MESSAGES.unavailable;
    expect(unavailableError(withCode("could not serialize access", "40001"))?.message).toBe(busy);
    expect(unavailableError(withCode("deadlock detected", "40P01"))?.message).toBe(busy);
    expect(unavailableError(withCode("database is locked", "SQLITE_BUSY"))?.message).toBe(busy);
    expect(unavailableError(withCode("terminating connection due to administrator command", "57P01"))?.message).toBe(
      unavailable,
    );
    expect(unavailableError(new Error("Connection terminated unexpectedly"))?.message).toBe(unavailable);
    expect(unavailableError(withCode("connect ECONNREFUSED 127.0.0.1:5432", "ECONNREFUSED"))?.status).toBe(503);
    expect(unavailableError(withCode("duplicate key value", "23505"))).toBeUndefined();
    expect(unavailableError(new TypeError("x is undefined"))).toBeUndefined();
    expect(unavailableError("a string")).toBeUndefined();
  });
});
