import { redirect } from "@remix-run/node";
import type { User } from "lucia";
import { ForbiddenError } from "~/lib/errors";
import { lucia } from "./lucia.server";
import type { Role } from "./roles";

export type SessionUser = User;

const lookupsThisTurn = new Map<string, Promise<SessionUser | null>>();

/**
 * The signed-in user of a request, or null. Lucia extends a session used in the second half
 * of its life in the database; the cookie itself has no expiry, so it needs no refresh.
 */
export async function getSessionUser(request: Request): Promise<SessionUser | null> {
  const sessionId = lucia().readSessionCookie(request.headers.get("Cookie") ?? "");
  if (!sessionId) return null;
  // A page view runs the root loader and the page's loaders together, each asking for the
  // user: they share one lookup, for the current turn of the event loop only. Not for a
  // POST, whose action may change the session or the user before its loaders run.
  if (request.method !== "GET") return (await lucia().validateSession(sessionId)).user;
  let lookup = lookupsThisTurn.get(sessionId);
  if (!lookup) {
    lookup = lucia()
      .validateSession(sessionId)
      .then(({ user }) => user);
    lookupsThisTurn.set(sessionId, lookup);
    setImmediate(() => lookupsThisTurn.delete(sessionId));
  }
  return lookup;
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

export async function requireUser(request: Request): Promise<SessionUser> {
  const user = await getSessionUser(request);
  if (!user) {
    const url = new URL(request.url);
    const returnTo = safeRedirectPath(url.pathname + url.search, "/dashboard");
    throw redirect(`/login?redirectTo=${encodeURIComponent(returnTo)}`);
  }
  return user;
}

/** The user must hold at least one of the roles; otherwise the request ends in a 403 page. */
export async function requireRole(request: Request, ...roles: Role[]): Promise<SessionUser> {
  const user = await requireUser(request);
  if (!roles.some((r) => user.roles.includes(r))) throw new ForbiddenError();
  return user;
}

/** Starts a fresh session (a new id every sign-in) and returns its Set-Cookie value. */
export async function startSession(userId: string): Promise<string> {
  const session = await lucia().createSession(userId, {});
  return lucia().createSessionCookie(session.id).serialize();
}

export async function endSession(request: Request): Promise<string> {
  const sessionId = lucia().readSessionCookie(request.headers.get("Cookie") ?? "");
  if (sessionId) await lucia().invalidateSession(sessionId);
  return lucia().createBlankSessionCookie().serialize();
}
