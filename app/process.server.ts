// What the process shell (app/server.ts: cluster, Express, static files) uses of the
// application. It reaches the shell through the Remix build (`entry.server.tsx` re-exports
// it), so each server process holds one copy of every application module: one environment,
// one logger, one database connection shared by pages and the outbox (decision 0001).

export { databaseLocation, describeDatabaseLocation, env } from "./env.server";
export { log } from "./lib/log.server";
export { db, isPostgresUrl, openDatabase, unavailableError } from "./db.server";
export { isDomainError } from "./lib/errors";
export { refusalPage } from "./lib/refusal-page";
export { startOutboxWorker } from "./features/notifications/outbox.server";
export { logbookPeriodicJob } from "./features/logbook/counterpart.server";
export { remindersPeriodicJob } from "./features/reminders/reminders.server";
export { fileStorage } from "./features/storage/storage.server";
export { checkDatabase, type DatabaseHealth } from "./lib/database-health.server";
export {
  ALLOWED_METHODS,
  HTTP_MESSAGES,
  bodyLimitFor,
  hasBody,
  isAllowedMethod,
  isFormContentType,
  isSameOriginRequest,
  securityHeaders,
} from "./lib/http-security";
export { createRequestHandler, type RequestGuard } from "./lib/request-handler.server";
export { compressedResponses, precompressedAssets } from "./lib/compression.server";
export { refuseToStartWithDemoPasswords } from "./features/auth/startup-check.server";
export { requestSession } from "./features/auth/request-session.server";
export { passwordResetJob } from "./features/auth/accounts.server";
export { prepareCredentialSigningKey } from "./features/credentials/startup.server";
