import { sql } from "kysely";
import { beforeAll, describe, expect, it } from "vitest";
import { createEntry } from "~/features/logbook/entries.server";
import { SERVICE_UNAVAILABLE_MESSAGES, ServiceUnavailableError } from "~/lib/errors";
import { createTestDb, openSecondServer } from "~/testing/db";
import { entryInput, makeActivePlacement } from "~/testing/logbook";
import { transaction, type Database } from "./db.server";

// PostgreSQL closing the application's connections, as a failover or a restart does, and
// many writers at once (decision 0029). Run only on PostgreSQL (vitest.config.ts).

let db: Database;
let admin: Database;
beforeAll(async () => {
  db = await createTestDb({ poolSize: 4 });
  // The operator's session: one connection, never killed by itself.
  admin = openSecondServer(db, 1);
});

/** pg_terminate_backend for every other connection to the test database; how many it closed. */
async function terminateOthers(): Promise<number> {
  const { rows } = await sql<{ n: number }>`
    select count(pg_terminate_backend(pid)) as n from pg_stat_activity
    where datname = current_database() and pid <> pg_backend_pid()`.execute(admin);
  return rows[0]!.n;
}

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe("PostgreSQL closes the application's connections", () => {
  it("the process survives, the requests in flight get a 503, and the pool serves again", async () => {
    // Four idle connections in the pool (each emits 'error' when closed) ...
    await Promise.all(Array.from({ length: 4 }, () => sql`select pg_sleep(0.05)`.execute(db)));
    // ... then two in use: one running a query, one inside a transaction between two queries.
    let reached!: () => void;
    const inTransaction = new Promise<void>((resolve) => (reached = resolve));
    let proceed!: () => void;
    const gate = new Promise<void>((resolve) => (proceed = resolve));
    const between = transaction(db, async (trx) => {
      await sql`select 1`.execute(trx);
      reached();
      await gate;
      await sql`select 1`.execute(trx);
    }).catch((e: unknown) => e);
    await inTransaction;
    const running = transaction(db, (trx) => sql`select pg_sleep(30)`.execute(trx)).catch((e: unknown) => e);
    await pause(200);

    expect(await terminateOthers()).toBeGreaterThanOrEqual(2);
    // The 'error' events of the closed connections arrive now; unheard, they end the process.
    await pause(300);
    proceed();

    for (const outcome of [await running, await between]) {
      expect(outcome).toBeInstanceOf(ServiceUnavailableError);
      expect(outcome).toMatchObject({ status: 503, message: SERVICE_UNAVAILABLE_MESSAGES.unavailable });
    }
    // The pool drops the dead connections and opens new ones.
    const { rows } = await sql<{ one: number }>`select 1 as one`.execute(db);
    expect(rows).toEqual([{ one: 1 }]);
    const results = await Promise.all(
      Array.from({ length: 8 }, () => transaction(db, (trx) => sql<{ n: number }>`select 2 as n`.execute(trx))),
    );
    expect(results.map((r) => r.rows[0]!.n)).toEqual(Array(8).fill(2));
  });
});

describe("many writers on two servers", () => {
  it("48 simultaneous log entries on one placement from both servers: every one stored, none refused", async () => {
    const second = openSecondServer(db, 10);
    const servers = [db, second];
    const p = await makeActivePlacement(db);
    const trainee = { id: p.trainee.id, roles: ["trainee" as const] };
    const trainer = { id: p.trainer.id, roles: ["trainer" as const] };
    const input = await entryInput(db);
    const results = await Promise.allSettled(
      Array.from({ length: 48 }, (_, i) =>
        createEntry(servers[i % 2]!, p.placementId, i % 3 === 0 ? trainer : trainee, {
          ...input,
          clientKey: `failover-${String(i).padStart(2, "0")}`,
        }),
      ),
    );
    expect(results.filter((r) => r.status === "rejected").map((r) => String(r.reason))).toEqual([]);
    const stored = await db
      .selectFrom("ojt_log_entries")
      .select((eb) => eb.fn.countAll<number>().as("n"))
      .where("placement_id", "=", p.placementId)
      .executeTakeFirstOrThrow();
    expect(stored.n).toBe(48);
  }, 120_000);
});
