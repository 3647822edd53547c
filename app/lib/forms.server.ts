import type { Submission } from "@conform-to/react";
import { data } from "@remix-run/node";
import { parseWithZod } from "@conform-to/zod/v4";
import { z } from "zod";
import { DomainError } from "./errors";
import { formBodyProblem, multiValuedFields } from "./schema";

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
