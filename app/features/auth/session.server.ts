import { redirect, type AppLoadContext } from "@remix-run/node";
import type { User } from "lucia";
import { ForbiddenError } from "~/lib/errors";
import { actorOf, type Actor } from "./actor";
import { lucia } from "./lucia.server";
import type { Role } from "./roles";

export type SessionUser = User;

/** What requireUser & co. need of a loader's or action's arguments. */
export type RequestArgs = { request: Request; context: AppLoadContext };

/**
 * The signed-in user of a request, or null: read from the request's own session in the load
 * context (`RequestSession`), once per request however many loaders ask.
 */
export async function optionalUser({ context }: RequestArgs): Promise<SessionUser | null> {
  return (await context.session.read()).user;
}

/**
 * Only a path on this site is accepted as a return address (no open redirect). The answer is
 * the URL parser's own serialisation: percent-encoded (a raw 自治体 or U+3000 in a Location
 * header cannot be sent and was a 500) and with dot segments resolved, checked again after.
 */
export function safeRedirectPath(to: FormDataEntryValue | string | null | undefined, fallback = "/dashboard"): string {
  if (typeof to !== "string" || !to.startsWith("/") || to.startsWith("//") || to.startsWith("/\\")) return fallback;
  if (/[\u0000-\u001f\u007f]/.test(to)) return fallback;
  const base = "http://this.invalid";
  let url: URL;
  try {
    url = new URL(to, base);
  } catch {
    return fallback;
  }
  const path = url.pathname + url.search + url.hash;
  if (url.origin !== base || !path.startsWith("/") || path.startsWith("//")) return fallback;
  return path;
}

export async function requireUser(args: RequestArgs): Promise<SessionUser> {
  const user = await optionalUser(args);
  if (!user) {
    const url = new URL(args.request.url);
    const returnTo = safeRedirectPath(url.pathname + url.search, "/dashboard");
    throw redirect(`/login?redirectTo=${encodeURIComponent(returnTo)}`);
  }
  return user;
}

/** The user must hold at least one of the roles; otherwise the request ends in a 403 page. */
export async function requireRole(args: RequestArgs, ...roles: Role[]): Promise<SessionUser> {
  const user = await requireUser(args);
  if (!roles.some((r) => user.roles.includes(r))) throw new ForbiddenError();
  return user;
}

/**
 * The signed-in user as the `Actor` that domain commands take (decision 0031); with roles,
 * the user must hold one of them (as `requireRole`). The command still checks its own rule.
 */
export async function requireActor(args: RequestArgs, ...roles: Role[]): Promise<Actor> {
  return actorOf(roles.length ? await requireRole(args, ...roles) : await requireUser(args));
}

/** Starts a fresh session (a new id every sign-in) and returns its Set-Cookie value. */
export async function startSession(userId: string): Promise<string> {
  const session = await lucia().createSession(userId, {});
  return lucia().createSessionCookie(session.id).serialize();
}

export async function endSession({ context }: RequestArgs): Promise<string> {
  const { sessionId } = context.session;
  if (sessionId) await lucia().invalidateSession(sessionId);
  return lucia().createBlankSessionCookie().serialize();
}
