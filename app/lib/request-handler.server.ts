import type { IncomingMessage } from "node:http";
import {
  createRequestHandler as createRemixHandler,
  writeReadableStreamToWritable,
  type AppLoadContext,
  type ServerBuild,
} from "@remix-run/node";
import type { NextFunction, Request as ExpressRequest, Response as ExpressResponse } from "express";
import { asciiLocation, cacheControlFor, hasSessionCookie } from "./http-security";

// The bridge from Express to Remix. It replaces @remix-run/express's createRequestHandler
// (following its code for the URL and the response) for three reasons: the request body is counted while it is read
// and stopped at the route's limit; the Origin header, already checked by the server, is not
// handed to Remix (its own check compares Origin with Host only and threw a 500 behind a proxy
// that rewrites Host, and on `Origin: null`); and responses get their Cache-Control.

export type Refusal = { status: number; message: string };

/** What the server decided about one request before Remix; read by the action wrapper. */
export type RequestGuard = {
  /** Set when the request is refused (cross-site, not a form, too large): the action never runs. */
  refusal?: Refusal;
  /** The most bytes this request's body may have. */
  bodyLimit: number;
  /** Set once the body grew past the limit while it was read. */
  bodyExceeded: boolean;
};

export const SESSION_COOKIE = "itc_session";

export function createRequestHandler(options: {
  build: ServerBuild;
  mode: string;
  getLoadContext: (req: ExpressRequest, res: ExpressResponse) => AppLoadContext;
}) {
  const handle = createRemixHandler(options.build, options.mode);
  return async (req: ExpressRequest, res: ExpressResponse, next: NextFunction) => {
    try {
      const context = options.getLoadContext(req, res);
      const guard = context.guard;
      const response = await handle(toWebRequest(req, res, guard), context);
      addRefreshedSessionCookie(response.headers, context.session?.refreshedCookie() ?? null);
      const cacheControl = cacheControlFor({
        signedIn: hasSessionCookie(req.headers.cookie, SESSION_COOKIE),
        setsCookie: response.headers.has("Set-Cookie"),
        current: response.headers.get("Cache-Control"),
      });
      if (cacheControl) response.headers.set("Cache-Control", cacheControl);
      const location = response.headers.get("Location");
      if (location) response.headers.set("Location", asciiLocation(location));
      await sendRemixResponse(res, response);
      if (!req.complete && (guard.bodyExceeded || guard.refusal)) lingerThenClose(req);
    } catch (error) {
      next(error);
    }
  };
}

/**
 * Lucia extended the session while the request read it: the browser gets the cookie again,
 * unless the response sets the session cookie itself (a sign-in or a sign-out wins).
 */
export function addRefreshedSessionCookie(headers: Headers, refreshed: string | null) {
  if (!refreshed) return;
  if (headers.getSetCookie().some((cookie) => cookie.startsWith(`${SESSION_COOKIE}=`))) return;
  headers.append("Set-Cookie", refreshed);
}

function toWebRequest(req: ExpressRequest, res: ExpressResponse, guard: RequestGuard): Request {
  // As the adapter does: the port from X-Forwarded-Host or Host; req.hostname honours "trust proxy".
  const portOf = (value: string | undefined) => Number.parseInt(value?.split(":")[1] ?? "", 10);
  const forwardedPort = portOf(req.get("X-Forwarded-Host"));
  const hostPort = portOf(req.get("host"));
  const port = Number.isSafeInteger(forwardedPort) ? forwardedPort : Number.isSafeInteger(hostPort) ? hostPort : "";
  const url = new URL(`${req.protocol}://${req.hostname}${port ? `:${port}` : ""}${req.originalUrl}`);

  const headers = new Headers();
  for (const [key, value] of Object.entries(req.headers)) {
    if (key === "origin" || value === undefined) continue;
    for (const one of Array.isArray(value) ? value : [value]) headers.append(key, one);
  }

  let controller: AbortController | null = new AbortController();
  const init: RequestInit & { duplex?: "half" } = { method: req.method, headers, signal: controller.signal };
  if (req.method !== "GET" && req.method !== "HEAD" && !guard.refusal) {
    init.body = limitedBody(req, guard.bodyLimit, () => (guard.bodyExceeded = true));
    init.duplex = "half";
  }
  res.on("finish", () => (controller = null));
  res.on("close", () => controller?.abort());
  return new Request(url.href, init);
}

/**
 * After the answer to a refused or cut-off body: the rest of it is read and dropped for at
 * most a second, so that the client, still sending, gets to read the answer (closing a socket
 * with unread data resets it, and the client may lose the 413); then the connection is cut.
 */
function lingerThenClose(req: IncomingMessage) {
  const timer = setTimeout(() => req.socket.destroy(), LINGER_MS);
  req.once("end", () => clearTimeout(timer));
  req.resume();
}

const LINGER_MS = 1000;

async function sendRemixResponse(res: ExpressResponse, response: Response) {
  res.statusMessage = response.statusText;
  res.status(response.status);
  for (const [key, value] of response.headers.entries()) res.append(key, value);
  if (response.body) await writeReadableStreamToWritable(response.body, res);
  else res.end();
}

/**
 * The request body as a web stream that reads from the socket only when pulled, and errors
 * as soon as more than `limit` bytes have arrived. The request is paused (Node then stops
 * reading the socket), not destroyed, so the 413 page can still be sent; a chunked 50 MB
 * upload costs at most a chunk past the limit.
 */
export function limitedBody(req: IncomingMessage, limit: number, onExceeded: () => void): ReadableStream<Uint8Array> {
  let received = 0;
  let finished = false;
  return new ReadableStream<Uint8Array>(
    {
      start(controller) {
        req.on("data", (chunk: Buffer) => {
          if (finished) return;
          received += chunk.length;
          if (received > limit) {
            finished = true;
            req.pause();
            onExceeded();
            controller.error(new BodyTooLargeError(limit));
            return;
          }
          controller.enqueue(new Uint8Array(chunk.buffer, chunk.byteOffset, chunk.byteLength));
          if ((controller.desiredSize ?? 0) <= 0) req.pause();
        });
        req.on("end", () => {
          if (finished) return;
          finished = true;
          controller.close();
        });
        req.on("error", (error) => {
          if (finished) return;
          finished = true;
          controller.error(error);
        });
        req.pause();
      },
      pull() {
        if (!finished) req.resume();
      },
      cancel() {
        finished = true;
        req.pause();
      },
    },
    { highWaterMark: 64 * 1024, size: (chunk) => chunk.byteLength },
  );
}

export class BodyTooLargeError extends Error {
  constructor(readonly limit: number) {
    super(`request body larger than ${limit} bytes`);
    this.name = "BodyTooLargeError";
  }
}
