// Helpers for the account journeys: accounts written straight into the e2e server's database
// with a real password, and the links that the outbox would e-mail, read from it.
import { hashPassword } from "../app/features/auth/password.server";
import { createUser } from "../app/features/auth/users.server";
import type { Role } from "../app/features/auth/roles";
import { issueToken, type TokenPurpose } from "../app/features/auth/tokens.server";
import { e2eDb } from "./support/fixtures";
import { uniqueHex } from "./support/unique";

export function uniqueEmail(prefix: string): string {
  return `${prefix}-${uniqueHex()}@example.test`;
}

/** A confirmed account that signs in with `password` through the form. */
export async function createAccount(email: string, password: string, roles: Role[] = ["trainee"], name = "試験 花子") {
  const passwordHash = await hashPassword(password);
  return createUser(
    e2eDb(),
    {
      email,
      password,
      passwordHash,
      name,
      nameKana: "しけん はなこ",
      prefectureCode: "06",
      organization: "",
      itcNumber: null,
      roles,
    },
    null,
  );
}

/**
 * A working link of the given purpose for an address. The e-mailed link's token leaves the
 * database once the outbox has sent it (every few seconds), so the journey checks that the
 * e-mail was queued and then issues a fresh link the same way, which replaces the e-mailed
 * one (the unit tests open the e-mailed link itself).
 */
export async function accountLink(email: string, kind: string, purpose: TokenPurpose): Promise<string> {
  const find = () =>
    e2eDb()
      .selectFrom("notifications")
      .innerJoin("users", "users.id", "notifications.user_id")
      .select(["notifications.user_id"])
      .where("users.email", "=", email)
      .where("notifications.kind", "=", kind)
      .executeTakeFirst();
  // Some account mails are queued by the server's outbox worker a beat later (a forgot-password
  // request, decision 0029): wait for it, up to a few beats of the worker.
  let mail = await find();
  for (let waited = 0; !mail && waited < 20_000; waited += 250) {
    await new Promise((resolve) => setTimeout(resolve, 250));
    mail = await find();
  }
  if (!mail) throw new Error(`no ${kind} e-mail for ${email}`);
  return `/account/link/${await issueToken(e2eDb(), { userId: mail.user_id, purpose })}`;
}

export async function userId(email: string): Promise<string> {
  const row = await e2eDb().selectFrom("users").select("id").where("email", "=", email).executeTakeFirstOrThrow();
  return row.id;
}
