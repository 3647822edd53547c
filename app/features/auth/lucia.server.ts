// @internal to auth/: other areas go through session.server.ts.
import { sql } from "kysely";
import { Lucia, TimeSpan, type Adapter, type DatabaseSession, type DatabaseUser } from "lucia";
import { cookiesAreSecure, env } from "~/env.server";
import { db as appDb, type Database } from "~/db.server";
import { preparedQuery } from "~/lib/prepared-query.server";
import { isRole, type Role } from "./roles";

// Lucia v3 is deprecated upstream; it is used only in this folder so that it can be replaced
// by plain session code without touching the rest of the app (docs/decisions/0002).

// One query per request: the session, its user and the user's roles (compiled once: every
// signed-in request runs it).
const sessionAndUser = preparedQuery((db: Database, a: { sessionId: string }) =>
  db
    .selectFrom("sessions")
    .innerJoin("users", "users.id", "sessions.user_id")
    .select((eb) => [
      "sessions.id as session_id",
      "sessions.expires_at",
      "users.id as user_id",
      "users.email",
      "users.name",
      eb
        .selectFrom("user_roles")
        .select((e) => e.fn<string>("string_agg", ["role", sql.lit(",")]).as("roles"))
        .whereRef("user_roles.user_id", "=", "users.id")
        .as("roles"),
    ])
    .where("sessions.id", "=", a.sessionId)
    // A deactivated user's sessions are deleted; this keeps any that slipped through inert.
    .where("users.deactivated_at", "is", null),
);

/** Lucia adapter over our own Kysely instance: one data layer, no extra driver. */
class KyselyAdapter implements Adapter {
  constructor(private readonly db: Database) {}

  async getSessionAndUser(sessionId: string): Promise<[DatabaseSession | null, DatabaseUser | null]> {
    const row = await sessionAndUser.executeTakeFirst(this.db, { sessionId });
    if (!row) return [null, null];
    return [
      { id: row.session_id, userId: row.user_id, expiresAt: new Date(row.expires_at * 1000), attributes: {} },
      {
        id: row.user_id,
        attributes: { email: row.email, name: row.name, roles: row.roles ?? "" },
      },
    ];
  }

  async getUserSessions(userId: string): Promise<DatabaseSession[]> {
    const rows = await this.db.selectFrom("sessions").selectAll().where("user_id", "=", userId).execute();
    return rows.map((r) => ({ id: r.id, userId: r.user_id, expiresAt: new Date(r.expires_at * 1000), attributes: {} }));
  }

  async setSession(session: DatabaseSession): Promise<void> {
    await this.db
      .insertInto("sessions")
      .values({ id: session.id, user_id: session.userId, expires_at: toSeconds(session.expiresAt) })
      .execute();
  }

  async updateSessionExpiration(sessionId: string, expiresAt: Date): Promise<void> {
    await this.db
      .updateTable("sessions")
      .set({ expires_at: toSeconds(expiresAt) })
      .where("id", "=", sessionId)
      .execute();
  }

  async deleteSession(sessionId: string): Promise<void> {
    await this.db.deleteFrom("sessions").where("id", "=", sessionId).execute();
  }

  async deleteUserSessions(userId: string): Promise<void> {
    await this.db.deleteFrom("sessions").where("user_id", "=", userId).execute();
  }

  async deleteExpiredSessions(): Promise<void> {
    await this.db.deleteFrom("sessions").where("expires_at", "<=", toSeconds(new Date())).execute();
  }
}

function toSeconds(date: Date): number {
  return Math.floor(date.getTime() / 1000);
}

export function createLucia(db: Database, options: { secure: boolean; idleHours: number }) {
  return new Lucia(new KyselyAdapter(db), {
    // Sliding expiry: Lucia extends a session used in the second half of its life, so an
    // idle session ends after at most `idleHours`.
    sessionExpiresIn: new TimeSpan(options.idleHours * 60, "m"),
    sessionCookie: {
      name: "itc_session",
      expires: false,
      attributes: { secure: options.secure, sameSite: "lax", path: "/" },
    },
    getUserAttributes: (attributes) => ({
      email: attributes.email,
      name: attributes.name,
      roles: attributes.roles.split(",").filter(isRole) as Role[],
    }),
  });
}

type AppLucia = ReturnType<typeof createLucia>;
let instance: AppLucia | undefined;

export function lucia(): AppLucia {
  instance ??= createLucia(appDb(), { secure: cookiesAreSecure(), idleHours: env().SESSION_IDLE_HOURS });
  return instance;
}

declare module "lucia" {
  interface Register {
    Lucia: AppLucia;
    DatabaseUserAttributes: { email: string; name: string; roles: string };
  }
}
