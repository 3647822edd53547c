import { spawn, type ChildProcess } from "node:child_process";
import crypto from "node:crypto";
import path from "node:path";
import SQLite from "better-sqlite3";
import { openDatabase, transaction } from "../../app/db.server";

// What the benchmark scripts share: starting the production server on a fixture, waiting for
// it, and signing people in by writing sessions straight into the fixture.

export const root = path.resolve(import.meta.dirname, "../..");

export function startApp(dbFile: string, port: number, extraEnv: Record<string, string> = {}): ChildProcess {
  return spawn(process.execPath, ["build/server/app/server.js"], {
    cwd: root,
    env: {
      ...process.env,
      NODE_ENV: "production",
      PORT: String(port),
      HOST: "127.0.0.1",
      DATABASE_PATH: dbFile,
      COOKIE_SECURE: "false",
      LOG_LEVEL: "warn",
      ...extraEnv,
    },
    stdio: ["ignore", "ignore", "inherit"],
  });
}

export async function waitFor(url: string, child: ChildProcess) {
  // Up to two minutes: a server starting on a busy shared machine can take a while.
  for (let i = 0; i < 1200; i++) {
    if (child.exitCode !== null) throw new Error(`server exited with ${child.exitCode}`);
    try {
      if ((await fetch(url)).ok) return;
    } catch {
      /* not up yet */
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`timed out waiting for ${url}`);
}

/** Session cookies written straight into a fixture, one per user id, in order. */
export function sessionsFor(dbFile: string, userIds: string[]): string[] {
  const sqlite = new SQLite(dbFile);
  const insert = sqlite.prepare("INSERT INTO sessions (id, user_id, expires_at) VALUES (?, ?, ?)");
  const cookies = sqlite.transaction(() =>
    userIds.map((userId) => {
      const id = crypto.randomBytes(20).toString("hex");
      insert.run(id, userId, Math.floor(Date.now() / 1000) + 86400);
      return `itc_session=${id}`;
    }),
  )();
  sqlite.close();
  return cookies;
}

/** Session cookies written through Kysely into any database (a SQLite file or a PostgreSQL URL). */
export async function sessionsIn(location: string, userIds: string[]): Promise<string[]> {
  const db = openDatabase(location, { poolSize: 1 });
  try {
    const rows = userIds.map((userId) => ({
      id: crypto.randomBytes(20).toString("hex"),
      user_id: userId,
      expires_at: Math.floor(Date.now() / 1000) + 86400,
    }));
    await transaction(db, (trx) => trx.insertInto("sessions").values(rows).execute());
    return rows.map((r) => `itc_session=${r.id}`);
  } finally {
    await db.destroy();
  }
}
