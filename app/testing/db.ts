import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll } from "vitest";
import { migrateToLatest } from "../../db/migrate";
import { openDatabase, type Database } from "../db.server";
import { copyTemplateDatabase, testDatabaseUrl } from "./postgres";
import { createUser } from "../features/auth/users.server";
import type { Role } from "../features/auth/roles";

const locations = new WeakMap<Database, string>();

/**
 * A second, independent handle on a test database (its own connections, caches and pool), as a
 * second app server would have: for tests of several servers writing at once (PostgreSQL).
 */
export function openSecondServer(db: Database, poolSize = 10): Database {
  const location = locations.get(db);
  if (!location) throw new Error("openSecondServer: not a database from createTestDb()");
  const second = openDatabase(location, { poolSize });
  afterAll(() => second.destroy());
  return second;
}

/**
 * A real database, migrated, removed after the test file: a SQLite file, or on PostgreSQL
 * (TEST_DATABASE_URL set) a copy of the template database migrated once per run.
 */
export async function createTestDb(options: { poolSize?: number } = {}): Promise<Database> {
  const serverUrl = testDatabaseUrl();
  if (serverUrl) {
    const copy = await copyTemplateDatabase(serverUrl);
    const db = openDatabase(copy.url, { poolSize: options.poolSize ?? 10 });
    locations.set(db, copy.url);
    afterAll(async () => {
      await db.destroy();
      await copy.drop();
    });
    return db;
  }
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "itc-test-"));
  const db = openDatabase(path.join(dir, "test.db"));
  locations.set(db, path.join(dir, "test.db"));
  await migrateToLatest(db);
  afterAll(async () => {
    await db.destroy();
    fs.rmSync(dir, { recursive: true, force: true });
  });
  return db;
}

let counter = 0;
// A cheap fixed hash: the tests of sign-in hash for real; everything else needs only a user.
const FAST_HASH = "$argon2id$v=19$m=19456,t=2,p=1$c29tZXNhbHRzb21lc2FsdA$ZhAqT6mxoVWydSIpTH1f2qiKHO8HikqSWZSuyQhW2bA";

export async function makeUser(
  db: Database,
  roles: Role[] = ["trainee"],
  overrides: { name?: string; prefectureCode?: string } = {},
) {
  counter += 1;
  const email = `user${counter}-${Math.random().toString(36).slice(2, 8)}@example.test`;
  const { id } = await createUser(
    db,
    {
      email,
      password: "unused-password",
      passwordHash: FAST_HASH,
      name: overrides.name ?? `利用者 ${counter}`,
      nameKana: `りようしゃ`,
      prefectureCode: overrides.prefectureCode ?? "13",
      organization: "",
      itcNumber: null,
      roles,
    },
    null,
  );
  return { id, email, roles: roles as readonly Role[] };
}
