// Typed domain errors. Domain functions throw these; `app/ui/http.server.ts` maps them to
// HTTP responses in one place, so a route never decides a status code by itself.

// A global symbol marks domain errors, because the server (run by tsx) and the Remix build
// each hold their own copy of this module, so `instanceof` cannot cross between them.
const DOMAIN_ERROR = Symbol.for("itc.domain-error");

export class DomainError extends Error {
  readonly [DOMAIN_ERROR] = true;
  constructor(
    message: string,
    readonly status: number,
  ) {
    super(message);
    this.name = new.target.name;
  }
}

export function isDomainError(error: unknown): error is DomainError {
  return typeof error === "object" && error !== null && DOMAIN_ERROR in error;
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
