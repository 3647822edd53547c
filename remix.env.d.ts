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
  }
}

export {};
