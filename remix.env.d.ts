/// <reference types="@remix-run/dev" />
/// <reference types="@remix-run/node" />

declare module "@remix-run/node" {
  interface Future {
    v3_singleFetch: true;
  }
  /** Filled by app/server.ts for every request. */
  interface AppLoadContext {
    clientIp: string;
    cspNonce: string;
    /** The server's decisions about this request (refusal, body limit), read by the action wrapper. */
    guard: import("./app/lib/request-handler.server").RequestGuard;
    /** This request's session and signed-in user, read once when first asked (requireUser & co.). */
    session: import("./app/features/auth/request-session.server").RequestSession;
  }
}

export {};
