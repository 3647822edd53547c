import type { Session, User } from "lucia";
import { lucia } from "./lucia.server";

export type SessionLookup = { session: Session | null; user: User | null };

const NOBODY: SessionLookup = { session: null, user: null };

/**
 * The session of one request. The server makes one for every request and hands it to the
 * loaders and actions in Remix's load context (`context.session`): the first loader that asks
 * reads the session from the database, the others of the same request share that read. It
 * never outlives its request, so two requests never share a user, whatever their cookies.
 */
export class RequestSession {
  #lookup: Promise<SessionLookup> | undefined;
  #refreshed: Session | null = null;

  constructor(readonly sessionId: string | null) {}

  /** The session and its user, read once (a request without a session cookie reads nothing). */
  read(): Promise<SessionLookup> {
    this.#lookup ??= this.sessionId ? this.#validate(this.sessionId) : Promise.resolve(NOBODY);
    return this.#lookup;
  }

  async #validate(sessionId: string): Promise<SessionLookup> {
    const result = await lucia().validateSession(sessionId);
    if (result.session?.fresh) this.#refreshed = result.session;
    return result;
  }

  /**
   * Called after an action: the action may have ended the session or changed its user (a
   * password change, a sign-out), so the loaders that render the page after it read again.
   */
  forget(): void {
    this.#lookup = undefined;
  }

  /**
   * The Set-Cookie value for a session Lucia extended while this request read it (sliding
   * expiry), or null. The server adds it to the response unless the response sets the
   * session cookie itself (sign-in, sign-out).
   */
  refreshedCookie(): string | null {
    return this.#refreshed ? lucia().createSessionCookie(this.#refreshed.id).serialize() : null;
  }
}

/** One per request, from its Cookie header. */
export function requestSession(cookieHeader: string | undefined): RequestSession {
  return new RequestSession(lucia().readSessionCookie(cookieHeader ?? ""));
}
