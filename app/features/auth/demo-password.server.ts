import type { Database } from "~/db.server";
import type { Env } from "~/env.server";
import { verifyPassword } from "./password.server";

/** The demo data's published password (README); never acceptable on a public server. */
export const DEMO_PASSWORD = "itc-demo-2026";

/** A server with an https public origin is taken to be a production install. */
export function isPublicInstall(config: Pick<Env, "APP_ORIGIN">): boolean {
  return config.APP_ORIGIN?.startsWith("https://") ?? false;
}

export const FIRST_ADMIN_COMMAND = 'ADMIN_PASSWORD=… npm run admin:create -- --email you@example.jp --name "氏名"';

/**
 * The accounts that still open with the demo password. Checked: the demo data's addresses
 * (@example.com) and every admin and staff account; each distinct hash once (the demo shares
 * one), so that start-up stays quick on a large install.
 */
export async function accountsWithDemoPassword(db: Database): Promise<string[]> {
  const candidates = await db
    .selectFrom("users")
    .select(["email", "password_hash"])
    .where((eb) =>
      eb.or([
        eb("email", "like", "%@example.com"),
        eb.exists(
          eb
            .selectFrom("user_roles")
            .select("user_id")
            .whereRef("user_roles.user_id", "=", "users.id")
            .where("role", "in", ["admin", "staff"]),
        ),
      ]),
    )
    .where("password_hash", "!=", "")
    .orderBy("email")
    .execute();
  const verdicts = new Map<string, Promise<boolean>>();
  for (const c of candidates) {
    if (!verdicts.has(c.password_hash)) verdicts.set(c.password_hash, verifyPassword(c.password_hash, DEMO_PASSWORD));
  }
  const found: string[] = [];
  for (const c of candidates) if (await verdicts.get(c.password_hash)) found.push(c.email);
  return found;
}

/** The one-line reason a public install must not start, or null when it may. */
export async function demoPasswordRefusal(db: Database, config: Pick<Env, "APP_ORIGIN">): Promise<string | null> {
  if (!isPublicInstall(config)) return null;
  const accounts = await accountsWithDemoPassword(db);
  if (accounts.length === 0) return null;
  const shown = accounts.slice(0, 3).join(", ") + (accounts.length > 3 ? ` and ${accounts.length - 3} more` : "");
  return (
    `Refusing to start: APP_ORIGIN is https but ${accounts.length} account(s) (${shown}) still have the published demo password. ` +
    `Start from an empty database (npm run db:setup loads no demo data when APP_ORIGIN is https) and create the first admin with: ${FIRST_ADMIN_COMMAND}`
  );
}
