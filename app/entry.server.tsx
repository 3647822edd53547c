import { Writable } from "node:stream";
import type { AppLoadContext, EntryContext } from "@remix-run/node";
import { isRouteErrorResponse, RemixServer } from "@remix-run/react";
import { StrictMode } from "react";
import { renderToPipeableStream, renderToString } from "react-dom/server";
import { log } from "~/lib/log.server";
import { HydrationMarker } from "~/ui/hydration-marker";
import { NonceProvider } from "~/ui/nonce";

/** What the process shell (app/server.ts) uses of the application: see process.server.ts. */
export * as application from "./process.server";

const ABORT_DELAY = 5_000;
export const streamTimeout = ABORT_DELAY;

/** Remix closes the loader-data stream in the page with this script; its absence means a fallback. */
const HANDOFF_CLOSED = "window.__remixContext.streamController.close();";

/**
 * No loader of this app defers data, so a page is complete as soon as its loaders are: read the
 * loader data (Remix's turbo-stream "handoff") to the end first, then render the page in one
 * synchronous pass with `renderToString`. That costs well under half of React's streaming
 * renderer, which encodes the page into 2 KB byte chunks and pushes them through streams
 * (decision 0004). Remix's `<RemixServer>` writes the handoff through a suspending component
 * that reads `renderMeta.streamCache`; we hand it the finished text there. Should a Remix
 * upgrade change that, the page would come out without the closing script: then it is
 * rendered again with the streaming renderer, and the log says so (the e2e suite fails instead).
 */
export default async function handleRequest(
  request: Request,
  responseStatusCode: number,
  responseHeaders: Headers,
  remixContext: EntryContext,
  loadContext: AppLoadContext,
) {
  const nonce = loadContext.cspNonce;
  // The same tree as entry.client.tsx hydrates, element for element: React derives useId's ids
  // from the tree's shape, and forms whose ids differ are posted as documents (e2e/hydrated-forms).
  const page = () => (
    <StrictMode>
      <NonceProvider value={nonce}>
        <RemixServer context={remixContext} url={request.url} abortDelay={ABORT_DELAY} nonce={nonce} />
      </NonceProvider>
      <HydrationMarker />
    </StrictMode>
  );
  responseHeaders.set("Content-Type", "text/html; charset=utf-8");
  const handoff = remixContext.serverHandoffStream;
  if (handoff) {
    const text = await readText(handoff);
    // RemixServer calls getReader() on the stream, so it must be an unread one.
    remixContext.serverHandoffStream = new ReadableStream({ start: (controller) => controller.close() });
    const read = Object.assign(Promise.resolve(), { result: { done: true, value: text } });
    (remixContext as { renderMeta?: object }).renderMeta = { ...remixContext.renderMeta, streamCache: { 0: read } };
    const html = renderToString(page());
    if (html.includes(HANDOFF_CLOSED)) {
      // Bytes, not a string: a string body is first copied as a USVString (about 0.1 ms for a
      // 60 KB roster), then encoded anyway.
      return new Response(Buffer.from("<!DOCTYPE html>" + html), {
        headers: responseHeaders,
        status: responseStatusCode,
      });
    }
    const url = new URL(request.url).pathname;
    // The e2e suite sets STRICT_RENDER so that a Remix upgrade that breaks the fast path fails
    // every journey instead of slowing pages down unnoticed.
    if (process.env.STRICT_RENDER === "1") throw new Error(`renderToString did not write the loader data (${url})`);
    log.warn("renderToString did not write the loader data; rendering with the streaming renderer", { url });
    remixContext.serverHandoffStream = new ReadableStream({
      start: (controller) => {
        controller.enqueue(new TextEncoder().encode(text));
        controller.close();
      },
    });
    (remixContext as { renderMeta?: object }).renderMeta = {};
  }
  const body = await renderStreaming(page(), nonce, () => (responseStatusCode = 500));
  return new Response(body, { headers: responseHeaders, status: responseStatusCode });
}

/** The whole text of a byte stream (lighter than wrapping it in a Response). */
async function readText(stream: ReadableStream<Uint8Array>): Promise<string> {
  const reader = stream.getReader();
  const decoder = new TextDecoder();
  let text = "";
  for (;;) {
    const { done, value } = await reader.read();
    if (done) return text + decoder.decode();
    text += decoder.decode(value, { stream: true });
  }
}

/** React's streaming renderer, collected into one buffer (the fallback above). */
function renderStreaming(element: React.ReactElement, nonce: string, onError: () => void): Promise<string> {
  return new Promise<string>((resolve, reject) => {
    const chunks: Buffer[] = [];
    const sink = new Writable({
      write(chunk: Buffer, _encoding, done) {
        chunks.push(chunk);
        done();
      },
      final(done) {
        clearTimeout(timer);
        resolve(Buffer.concat(chunks).toString("utf8"));
        done();
      },
    });
    const { pipe, abort } = renderToPipeableStream(element, {
      nonce,
      onAllReady() {
        pipe(sink);
      },
      onShellError(error: unknown) {
        clearTimeout(timer);
        reject(error);
      },
      onError(error: unknown) {
        onError();
        log.error("render error", { error: String(error) });
      },
    });
    const timer = setTimeout(abort, ABORT_DELAY);
  });
}

export function handleError(error: unknown, { request }: { request: Request }) {
  if (request.signal.aborted) return;
  // Remix reports every legacy `?_data` request as an error; it is answered, only noted here.
  if (error instanceof Error && error.message.startsWith("Warning: Single fetch-enabled apps should not be making")) {
    log.warn("legacy ?_data request", { url: new URL(request.url).pathname });
    return;
  }
  // Expected 4xx outcomes (403 from requireRole, 404, domain conflicts) are not errors.
  if (isRouteErrorResponse(error) && error.status < 500) return;
  if (isDataWithStatus(error) && error.init.status! < 500) return;
  log.error("unhandled error", {
    url: new URL(request.url).pathname,
    error: error instanceof Error ? (error.stack ?? error.message) : String(error),
  });
}

function isDataWithStatus(error: unknown): error is { init: { status?: number } } {
  return (
    typeof error === "object" &&
    error !== null &&
    (error as { type?: unknown }).type === "DataWithResponseInit" &&
    typeof (error as { init?: { status?: unknown } }).init?.status === "number"
  );
}
