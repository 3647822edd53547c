import cluster from "node:cluster";
import crypto from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { data, type ActionFunctionArgs, type ServerBuild } from "@remix-run/node";
import express, { type NextFunction, type Request as ExpressRequest, type Response as ExpressResponse } from "express";
import type * as Application from "./process.server";
import type { DatabaseHealth, RequestGuard } from "./process.server";

// The production server: static files, security headers, the Origin check, and Remix.
// `npm run build:server` compiles this file (with the db scripts) into
// build/server/app/server.js (esbuild) and `npm run serve` runs that with plain node. It imports the application only through the Remix build
// (`app/process.server.ts`, re-exported by entry.server.tsx), so a process holds one module
// graph: one environment, one logger, one database connection.

const buildPath = path.resolve(process.env.REMIX_BUILD_PATH ?? "build/index.js");
const remixBuild = (await import(pathToFileURL(buildPath).href)) as ServerBuild;
const {
  ALLOWED_METHODS,
  HTTP_MESSAGES,
  bodyLimitFor,
  checkDatabase,
  compressedResponses,
  createRequestHandler,
  databaseLocation,
  describeDatabaseLocation,
  db,
  env,
  fileStorage,
  hasBody,
  isAllowedMethod,
  isDomainError,
  isFormContentType,
  isPostgresUrl,
  isSameOriginRequest,
  log,
  logbookPeriodicJob,
  refusalPage,
  remindersPeriodicJob,
  openDatabase,
  passwordResetJob,
  precompressedAssets,
  prepareCredentialSigningKey,
  refuseToStartWithDemoPasswords,
  requestSession,
  securityHeaders,
  startOutboxWorker,
  unavailableError,
} = (remixBuild.entry.module as unknown as { application: typeof Application }).application;

const config = env();
const production = config.NODE_ENV === "production";
const processes = config.WEB_CONCURRENCY ?? Math.min(os.availableParallelism(), 4);

// Node renders one page at a time per process; a cluster of processes uses every core. They
// share the port and the SQLite file (WAL: concurrent readers, writers take turns with
// BEGIN IMMEDIATE and the busy timeout). The outbox is delivered by exactly one of them.
if (cluster.isPrimary) await refuseUnusableDatabase(databaseLocation(config));
// A public install (https APP_ORIGIN) must not serve accounts with the demo password (0007).
if (cluster.isPrimary) await refuseToStartWithDemoPasswords();
// The key that signs the credentials: required with DATABASE_URL, else created on first start (0021).
if (cluster.isPrimary) prepareCredentialSigningKey();
if (cluster.isPrimary && processes > 1) runPrimary(processes);
else await runWorker({ slot: Number(process.env.SERVER_SLOT ?? 0) });

/** An unmigrated or read-only database is refused with one line, before any process serves. */
async function refuseUnusableDatabase(file: string) {
  let health: DatabaseHealth;
  if (!isPostgresUrl(file) && !fs.existsSync(file)) health = { ok: false, reason: "missing (run npm run db:setup)" };
  else
    try {
      const db = openDatabase(file);
      health = await checkDatabase(db);
      await db.destroy();
    } catch (error) {
      health = { ok: false, reason: `cannot be opened: ${error instanceof Error ? error.message : String(error)}` };
    }
  if (health.ok) return;
  process.stderr.write(
    `ITC研修ポータル: not starting: database ${describeDatabaseLocation(config)}: ${health.reason}\n`,
  );
  process.exit(1);
}

function runPrimary(count: number) {
  let stopping = false;
  // Whether any process has ever become ready: before that, a crash means the install is broken.
  let serviceUp = false;
  const fork = (slot: number, attempt = 0) => {
    const worker = cluster.fork({ SERVER_SLOT: String(slot) });
    let readyAt: number | undefined;
    worker.on("listening", () => {
      readyAt = Date.now();
      serviceUp = true;
    });
    worker.on("exit", (code, signal) => {
      if (stopping) return;
      // A process that never came up, before the service ever did, would only fail again.
      if (!serviceUp) {
        log.error("server process failed at start-up; stopping", { slot, code, signal });
        process.exit(1);
      }
      // The others keep serving. Replacements back off while they keep failing; a process
      // that served for a while starts its replacement's count afresh.
      const next = readyAt && Date.now() - readyAt > RESTART_RESET_MS ? 0 : attempt + 1;
      const delay = restartDelay(next);
      log.error("server process exited; starting another", { slot, code, signal, restartInMs: delay });
      setTimeout(() => !stopping && fork(slot, next), delay);
    });
  };
  for (let slot = 0; slot < count; slot++) fork(slot);
  const shutdown = (signal: NodeJS.Signals) => {
    stopping = true;
    for (const worker of Object.values(cluster.workers ?? {})) worker?.process.kill(signal);
    setTimeout(() => process.exit(0), 5000).unref();
    cluster.on("exit", () => {
      if (Object.keys(cluster.workers ?? {}).length === 0) process.exit(0);
    });
  };
  process.on("SIGTERM", () => shutdown("SIGTERM"));
  process.on("SIGINT", () => shutdown("SIGINT"));
}

const RESTART_RESET_MS = 60_000;

/** 0 ms for a first crash, then 1 s, 2 s, 4 s, ... at most 30 s. */
function restartDelay(attempt: number): number {
  return attempt <= 0 ? 0 : Math.min(1000 * 2 ** (attempt - 1), 30_000);
}

async function runWorker({ slot }: { slot: number }) {
  const build = withDomainErrors(remixBuild);

  const app = express();
  app.disable("x-powered-by");
  app.set("trust proxy", config.TRUST_PROXY);

  // Fingerprinted assets never change; everything else in public/ may. Only paths that can
  // be files reach the file system (a page request would otherwise cost a failed stat).
  app.use(compressedResponses());
  app.use("/build", precompressedAssets("public/build"));
  app.use("/build", express.static("public/build", { immutable: true, maxAge: "1y", index: false }));
  const publicFiles = express.static("public", { maxAge: "1h", index: false });
  app.use((req, res, next) => (/^\/[^/]+\.[a-z0-9]+$/i.test(req.path) ? publicFiles(req, res, next) : next()));

  app.use((req, res, next) => {
    const nonce = crypto.randomBytes(16).toString("base64");
    res.locals.cspNonce = nonce;
    res.set(securityHeaders({ nonce, production }));
    next();
  });
  app.use(refuseOtherMethods);
  app.use(guardRequest);

  // `use`, not `all("*")`: Express would decode the path as a parameter first and answer a
  // malformed percent-encoding (/verify/%E0%A4%A) with a 500; Remix decodes it safely.
  app.use(
    createRequestHandler({
      build,
      mode: production ? "production" : "development",
      getLoadContext: (req, res) => ({
        clientIp: req.ip ?? "unknown",
        cspNonce: String(res.locals.cspNonce),
        guard: res.locals.guard as RequestGuard,
        // Per request, never shared: loaders and actions ask it for the signed-in user.
        session: requestSession(req.headers.cookie),
      }),
    }),
  );
  app.use(serverError);

  const server = app.listen(config.PORT, config.HOST, () => {
    if (slot === 0)
      log.info(
        `ITC研修ポータル: http://localhost:${config.PORT}/ (database ${describeDatabaseLocation(config)}, ${processes} process(es))`,
      );
  });
  const stopOutbox =
    slot === 0
      ? startOutboxWorker(undefined, [
          passwordResetJob(db()),
          logbookPeriodicJob(db(), fileStorage()),
          remindersPeriodicJob(db()),
        ])
      : () => {};

  function shutdown(signal: string) {
    if (slot === 0) log.info(`${signal}: shutting down`);
    stopOutbox();
    server.close(() => process.exit(0));
    setTimeout(() => process.exit(0), 5000).unref();
  }
  process.on("SIGTERM", () => shutdown("SIGTERM"));
  process.on("SIGINT", () => shutdown("SIGINT"));
}

/** TRACE, PUT, OPTIONS, ...: this site answers GET, HEAD and POST only. */
function refuseOtherMethods(req: ExpressRequest, res: ExpressResponse, next: NextFunction) {
  if (isAllowedMethod(req.method)) return next();
  res.set("Allow", ALLOWED_METHODS.join(", "));
  sendRefusal(res, 405, HTTP_MESSAGES.methodNotAllowed);
}

/**
 * Decides, before anything is read, whether a POST may reach its action: it must come from a
 * page of this site (APP_ORIGIN behind a proxy), be a form, and announce no more than its
 * route's body limit. A refused request still goes through Remix, whose action wrapper
 * answers with the status and a Japanese message in the shape the caller expects (the error
 * page for a page request, turbo-stream for a `.data` request); its body is never read.
 */
function guardRequest(req: ExpressRequest, res: ExpressResponse, next: NextFunction) {
  const guard: RequestGuard = { bodyLimit: bodyLimitFor(req.path), bodyExceeded: false };
  res.locals.guard = guard;
  if (req.method !== "POST") return next();
  const sameOrigin = isSameOriginRequest({
    method: req.method,
    origin: req.get("origin"),
    referer: req.get("referer"),
    host: req.get("host"),
    protocol: req.protocol,
    allowedOrigins: config.APP_ORIGIN ? [new URL(config.APP_ORIGIN).origin] : [],
  });
  const length = Number(req.get("content-length") ?? 0);
  if (!sameOrigin) guard.refusal = { status: 403, message: HTTP_MESSAGES.crossSite };
  else if (hasBody(req.headers) && !isFormContentType(req.get("content-type")))
    guard.refusal = { status: 415, message: HTTP_MESSAGES.unsupportedType };
  else if (length > guard.bodyLimit) guard.refusal = { status: 413, message: HTTP_MESSAGES.tooLarge(guard.bodyLimit) };
  next();
}

/** Last resort: an error outside Remix (which renders its own) gets a Japanese page, not Express's. */
function serverError(error: unknown, req: ExpressRequest, res: ExpressResponse, next: NextFunction) {
  log.error("request failed outside Remix", {
    url: req.path,
    error: error instanceof Error ? (error.stack ?? error.message) : String(error),
  });
  if (res.headersSent) return next(error);
  sendRefusal(res, 500, HTTP_MESSAGES.serverError);
}

function sendRefusal(res: ExpressResponse, status: number, message: string) {
  const req = res.req;
  const page = refusalPage({
    status,
    message,
    stylesheet: appStylesheet,
    referer: req.get("referer"),
    requestUrl: `${req.protocol}://${req.get("host") ?? "localhost"}${req.originalUrl}`,
  });
  res.status(status).type("text/html; charset=utf-8").send(page);
}

/** The app's stylesheet, as the root route links it: the small error page keeps the look. */
const appStylesheet = (() => {
  const links = remixBuild.routes.root?.module.links?.() ?? [];
  for (const link of links) {
    if ("rel" in link && link.rel === "stylesheet" && "href" in link && typeof link.href === "string") return link.href;
  }
  return undefined;
})();

/**
 * The one place where typed domain errors become HTTP statuses: every loader and action of
 * the build is wrapped so that a NotFoundError, ForbiddenError, ConflictError, ... thrown by a
 * domain function renders the shared Japanese error page with its status instead of a 500.
 * So does a database failure a second attempt may cure (unavailableError in db.server.ts).
 */
function withDomainErrors(original: ServerBuild): ServerBuild {
  const wrap =
    <A extends [{ request: Request }], R>(fn: (...args: A) => R, resource: boolean) =>
    async (...args: A) => {
      try {
        return await fn(...args);
      } catch (thrown) {
        // A lost database connection or writers that kept colliding: 503, not 500.
        const error = isDomainError(thrown) ? thrown : unavailableError(thrown);
        if (!error) throw thrown;
        // A resource route (a PDF, a CSV, a file) has no error boundary: thrown data would
        // reach the browser as "Unexpected Server Error". It gets the small Japanese page.
        if (resource) {
          const { request } = args[0];
          const page = refusalPage({
            status: error.status,
            message: error.message,
            stylesheet: appStylesheet,
            referer: request.headers.get("referer"),
            requestUrl: request.url,
          });
          throw new Response(page, {
            status: error.status,
            headers: { "Content-Type": "text/html; charset=utf-8", "Cache-Control": "no-store" },
          });
        }
        throw httpError(args[0].request, error.status, error.message);
      }
    };
  const routes: ServerBuild["routes"] = {};
  for (const [id, route] of Object.entries(original.routes)) {
    if (!route) continue;
    const { loader, action } = route.module;
    const resource = route.module.default === undefined;
    routes[id] = {
      ...route,
      module: {
        ...route.module,
        ...(loader ? { loader: wrap(loader, resource) } : {}),
        ...(action ? { action: wrap(guardedAction(action), resource) } : {}),
      },
    };
  }
  return { ...original, routes };
}

/**
 * An action runs only for a request the server let through (`guardRequest`), and every way
 * its body can fail becomes a 4xx with a Japanese message instead of a 500: a body that grew
 * past the limit while read (413, whatever the action made of the failed read), and one that
 * is not a readable form (400, where `request.formData()` would throw a TypeError).
 */
function guardedAction<R>(action: (args: ActionFunctionArgs) => R) {
  return async (args: ActionFunctionArgs) => {
    const guard = args.context.guard;
    const tooLarge = () => httpError(args.request, 413, HTTP_MESSAGES.tooLarge(guard.bodyLimit));
    if (guard?.refusal) throw httpError(args.request, guard.refusal.status, guard.refusal.message);
    const formData = args.request.formData.bind(args.request);
    args.request.formData = async () => {
      try {
        return await formData();
      } catch {
        throw guard?.bodyExceeded ? tooLarge() : httpError(args.request, 400, HTTP_MESSAGES.unreadableBody);
      }
    };
    let result: Awaited<R>;
    try {
      result = await action(args);
    } catch (error) {
      if (guard?.bodyExceeded) throw tooLarge();
      throw error;
    } finally {
      // The loaders that render the page after the action read the session afresh.
      args.context.session?.forget();
    }
    if (guard?.bodyExceeded) throw tooLarge();
    return result;
  };
}

/**
 * A 4xx with a Japanese message, as the error page and single fetch (`.data`) render it. A
 * legacy `?_data` request (Remix answers them even with single fetch on) cannot carry `data()`
 * and said "Unexpected Server Error": it gets the message as a thrown JSON response.
 */
function httpError(request: Request, status: number, message: string) {
  if (new URL(request.url).searchParams.has("_data")) return Response.json({ message }, { status });
  return data({ message }, { status });
}
