import type { Submission } from "@conform-to/react";
import { data } from "@remix-run/node";
import { parseWithZod } from "@conform-to/zod/v4";
import { z } from "zod";
import { ConflictError, TooManyRequestsError } from "./errors";
import { formBodyProblem, multiValuedFields } from "./schema";

/**
 * The one rule for which domain errors a page answers itself: a refusal the person can act on
 * where they are (a rule of the domain, `ConflictError` 409; a limit, `TooManyRequestsError`
 * 429) is returned, to be shown in the form they sent. Anything else is thrown on: a missing
 * or forbidden thing (404, 403) to the server's one mapping (`withDomainErrors` in
 * app/server.ts), which renders the shared error page with its status and message; a bug to
 * the 500 page.
 */
export function refusal(error: unknown): ConflictError | TooManyRequestsError {
  if (error instanceof ConflictError || error instanceof TooManyRequestsError) return error;
  throw error;
}

/**
 * A refusal of a valid Conform submission as the form's reply: the message goes beside its
 * field when the error names one, above the form otherwise (see `refusal`).
 */
export function replyWithDomainError(
  submission: Submission<any>,
  error: unknown,
  options: { hideFields?: string[] } = {},
) {
  const refused = refusal(error);
  const field = refused instanceof ConflictError ? refused.field : undefined;
  return data(
    submission.reply({
      hideFields: options.hideFields,
      ...(field ? { fieldErrors: { [field]: [refused.message] } } : { formErrors: [refused.message] }),
    }),
    { status: refused.status },
  );
}

/**
 * A refusal as a page-level message, for the small one-button forms of a page (approve, paid,
 * enroll): `{ error, ...extra }` with the refusal's status (see `refusal`).
 */
export function replyWithRefusal<Extra extends object = object>(error: unknown, extra?: Extra) {
  const refused = refusal(error);
  return data({ error: refused.message, ...(extra as Extra) }, { status: refused.status });
}

/**
 * The reply for a submission that failed validation: HTTP 400 with the field messages, plus
 * `formErrors` for a refusal that belongs to no field (shown above the form).
 */
export function invalidSubmission(
  submission: Submission<any>,
  options: { hideFields?: string[]; formErrors?: string[] } = {},
) {
  return data(submission.reply({ hideFields: options.hideFields, formErrors: options.formErrors }), { status: 400 });
}

/**
 * Every action's form parsing: `parseWithZod` after `formBodyProblem`, with the schema's array
 * fields as the multi-valued ones. A body problem comes back as a failed submission whose
 * message sits beside the offending field, so `invalidSubmission` answers it with a 400 and
 * the form shows it, with or without JavaScript.
 */
export function parseForm<Schema extends z.ZodType>(
  formData: FormData,
  schema: Schema,
  options: { multiValued?: readonly string[] } = {},
): Submission<z.input<Schema>, string[], z.output<Schema>> {
  const problem = formBodyProblem(formData, options.multiValued ?? multiValuedFields(schema));
  if (!problem) return parseWithZod(formData, { schema }) as Submission<z.input<Schema>, string[], z.output<Schema>>;
  const refusal = z.any().superRefine((_, ctx) => {
    ctx.addIssue({ code: "custom", path: [problem.field], message: problem.message });
  });
  return parseWithZod(formData, { schema: refusal }) as Submission<z.input<Schema>, string[], z.output<Schema>>;
}
