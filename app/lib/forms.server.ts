import type { Submission } from "@conform-to/react";
import { data } from "@remix-run/node";
import { DomainError } from "./errors";

/**
 * Turns a domain error raised by a valid submission into the form's reply: the message goes
 * beside its field when the error names one, above the form otherwise. Other errors rethrow.
 */
export function replyWithDomainError(
  submission: Submission<any>,
  error: unknown,
  options: { hideFields?: string[] } = {},
) {
  if (!(error instanceof DomainError)) throw error;
  const field = "field" in error && typeof error.field === "string" ? error.field : undefined;
  return data(
    submission.reply({
      hideFields: options.hideFields,
      ...(field ? { fieldErrors: { [field]: [error.message] } } : { formErrors: [error.message] }),
    }),
    { status: error.status },
  );
}

/** The reply for a submission that failed validation: HTTP 400 with the field messages. */
export function invalidSubmission(submission: Submission<any>, options: { hideFields?: string[] } = {}) {
  return data(submission.reply({ hideFields: options.hideFields }), { status: 400 });
}
