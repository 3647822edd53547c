import cluster from "node:cluster";
import crypto from "node:crypto";
import os from "node:os";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { createRequestHandler } from "@remix-run/express";
import { data, type ServerBuild } from "@remix-run/node";
import express from "express";
import { env } from "./env.server";
import { refuseToStartWithDemoPasswords } from "./features/auth/startup-check.server";
import { startOutboxWorker } from "./features/notifications/outbox.server";
import { isDomainError } from "./lib/errors";
import { isSameOriginRequest, securityHeaders } from "./lib/http-security";
import { log } from "./lib/log.server";

// The production server: static files, security headers, the Origin check, and Remix.
// Started by `npm run serve` (tsx), after `remix build` and the migrations.

const config = env();
const production = config.NODE_ENV === "production";
const processes = config.WEB_CONCURRENCY ?? Math.min(os.availableParallelism(), 4);

// Node renders one page at a time per process; a cluster of processes uses every core. They
// share the port and the SQLite file (WAL: concurrent readers, writers take turns with
// BEGIN IMMEDIATE and the busy timeout). The outbox is delivered by exactly one of them.
if (cluster.isPrimary) await refuseToStartWithDemoPasswords(); // a public install without demo accounts (0007)
if (cluster.isPrimary && processes > 1) runPrimary(processes);
else await runWorker({ slot: Number(process.env.SERVER_SLOT ?? 0) });

function runPrimary(count: number) {
  let stopping = false;
  const started = new Map<number, number>();
  const fork = (slot: number) => {
    const worker = cluster.fork({ SERVER_SLOT: String(slot) });
    started.set(slot, Date.now());
    worker.on("exit", (code, signal) => {
      if (stopping) return;
      log.error("server process exited; starting another", { slot, code, signal });
      // A process that dies right after starting would only die again: stop instead of looping.
      if (Date.now() - (started.get(slot) ?? 0) < 5000) {
        log.error("server process failed at start-up; stopping");
        process.exit(1);
      }
      fork(slot);
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

async function runWorker({ slot }: { slot: number }) {
  const buildPath = path.resolve(process.env.REMIX_BUILD_PATH ?? "build/index.js");
  const build = withDomainErrors((await import(pathToFileURL(buildPath).href)) as ServerBuild);

  const app = express();
  app.disable("x-powered-by");
  app.set("trust proxy", config.TRUST_PROXY);

  // Fingerprinted assets never change; everything else in public/ may. Only paths that can
  // be files reach the file system (a page request would otherwise cost a failed stat).
  app.use("/build", express.static("public/build", { immutable: true, maxAge: "1y", index: false }));
  const publicFiles = express.static("public", { maxAge: "1h", index: false });
  app.use((req, res, next) => (/^\/[^/]+\.[a-z0-9]+$/i.test(req.path) ? publicFiles(req, res, next) : next()));

  app.use((req, res, next) => {
    const nonce = crypto.randomBytes(16).toString("base64");
    res.locals.cspNonce = nonce;
    res.set(securityHeaders({ nonce, production }));
    const sameOrigin = isSameOriginRequest({
      method: req.method,
      origin: req.get("origin"),
      referer: req.get("referer"),
      host: req.get("host"),
      protocol: req.protocol,
      allowedOrigins: config.APP_ORIGIN ? [new URL(config.APP_ORIGIN).origin] : [],
    });
    if (!sameOrigin) {
      res.status(403).type("text/plain; charset=utf-8").send("他のサイトからの送信は受け付けられません。");
      return;
    }
    next();
  });

  app.all(
    "*",
    createRequestHandler({
      build,
      mode: production ? "production" : "development",
      getLoadContext: (req, res) => ({ clientIp: req.ip ?? "unknown", cspNonce: String(res.locals.cspNonce) }),
    }),
  );

  const server = app.listen(config.PORT, config.HOST, () => {
    if (slot === 0)
      log.info(
        `ITC研修ポータル: http://localhost:${config.PORT}/ (database ${config.DATABASE_PATH}, ${processes} process(es))`,
      );
  });
  const stopOutbox = slot === 0 ? startOutboxWorker() : () => {};

  function shutdown(signal: string) {
    if (slot === 0) log.info(`${signal}: shutting down`);
    stopOutbox();
    server.close(() => process.exit(0));
    setTimeout(() => process.exit(0), 5000).unref();
  }
  process.on("SIGTERM", () => shutdown("SIGTERM"));
  process.on("SIGINT", () => shutdown("SIGINT"));
}

/**
 * The one place where typed domain errors become HTTP statuses: every loader and action of
 * the build is wrapped so that a NotFoundError, ForbiddenError, ConflictError, ... thrown by a
 * domain function renders the shared Japanese error page with its status instead of a 500.
 */
function withDomainErrors(original: ServerBuild): ServerBuild {
  const wrap =
    <A extends unknown[], R>(fn: (...args: A) => R) =>
    async (...args: A) => {
      try {
        return await fn(...args);
      } catch (error) {
        if (isDomainError(error)) throw data({ message: error.message }, { status: error.status });
        throw error;
      }
    };
  const routes: ServerBuild["routes"] = {};
  for (const [id, route] of Object.entries(original.routes)) {
    if (!route) continue;
    const { loader, action } = route.module;
    routes[id] = {
      ...route,
      module: {
        ...route.module,
        ...(loader ? { loader: wrap(loader) } : {}),
        ...(action ? { action: wrap(action) } : {}),
      },
    };
  }
  return { ...original, routes };
}
