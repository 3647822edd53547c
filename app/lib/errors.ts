// Typed domain errors. Domain functions throw these; the server (`withDomainErrors` in
// app/server.ts) maps them to HTTP responses in one place, so a route never decides a status
// code by itself.

export class DomainError extends Error {
  constructor(
    message: string,
    readonly status: number,
  ) {
    super(message);
    this.name = new.target.name;
  }
}

export function isDomainError(error: unknown): error is DomainError {
  return error instanceof DomainError;
}

export class NotFoundError extends DomainError {
  constructor(message = "見つかりませんでした。") {
    super(message, 404);
  }
}

export class ForbiddenError extends DomainError {
  constructor(message = "この操作を行う権限がありません。") {
    super(message, 403);
  }
}

/** A rule of the domain forbids this state change (full cohort, deadline passed, ...). */
export class ConflictError extends DomainError {
  constructor(
    message: string,
    /** Optional field the message belongs to, so a form can show it beside that field. */
    readonly field?: string,
  ) {
    super(message, 409);
  }
}

/** Too many attempts (sign-in rate limit). */
export class TooManyRequestsError extends DomainError {
  constructor(message: string) {
    super(message, 429);
  }
}

/**
 * The database cannot serve this request now: its connections were closed (a failover, a
 * restart) or writers kept colliding after every retry. The request may simply be sent again.
 */
export class ServiceUnavailableError extends DomainError {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, 503);
    if (options?.cause !== undefined) this.cause = options.cause;
  }
}

export const SERVICE_UNAVAILABLE_MESSAGES = {
  /** Writers kept colliding (PostgreSQL serialization failures, SQLite busy) after every retry. */
  busy: "混み合っています。もう一度お試しください",
  /** The database closed the connection (failover, restart) or cannot be reached. */
  unavailable: "データベースに接続できませんでした。しばらくしてからもう一度お試しください。",
} as const;
