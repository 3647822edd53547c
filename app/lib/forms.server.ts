import type { Submission } from "@conform-to/react";
import { data } from "@remix-run/node";
import { parseWithZod } from "@conform-to/zod/v4";
import { z } from "zod";
import { DomainError } from "./errors";
import { hasBrokenText } from "./schema";

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

/**
 * What is wrong with a form body before any field is validated, or null:
 * - a field sent twice that is not declared multi-valued (a checkbox group): a crafted or
 *   broken request, which the form's own "last one wins" would silently resolve;
 * - a value the body parser could not decode (invalid UTF-8 became U+FFFD, or a lone
 *   surrogate): storing it would silently lose the characters.
 * File values are skipped. Used by parseForm; call it directly for hand-parsed forms.
 */
export function formBodyProblem(
  formData: FormData,
  multiValued: readonly string[] = [],
): { field: string; message: string } | null {
  const seen = new Set<string>();
  for (const [key, value] of formData.entries()) {
    if (typeof value === "string" && hasBrokenText(value)) {
      return { field: key, message: "読み取れない文字（文字化け）が含まれています。入力し直してください。" };
    }
    if (seen.has(key) && !multiValued.includes(key)) {
      return { field: key, message: "同じ項目が2回以上送信されました。ページを読み込み直して、もう一度送信してください。" };
    }
    seen.add(key);
  }
  return null;
}

/** The names of a schema's array fields (checkbox groups, multi-selects): they may repeat in a form. */
export function multiValuedFields(schema: z.ZodType): string[] {
  const def = (schema as unknown as { _zod: { def: Record<string, any> } })._zod.def;
  switch (def.type) {
    case "object":
      return Object.entries(def.shape as Record<string, z.ZodType>)
        .filter(([, field]) => isArraySchema(field))
        .map(([name]) => name);
    case "pipe":
      return multiValuedFields(def.in);
    case "union":
    case "intersection":
      return [
        ...new Set<string>((def.options ?? [def.left, def.right]).flatMap((o: z.ZodType) => multiValuedFields(o))),
      ];
    case "optional":
    case "nullable":
    case "default":
    case "prefault":
    case "catch":
    case "readonly":
      return multiValuedFields(def.innerType);
    default:
      return [];
  }
}

function isArraySchema(schema: z.ZodType): boolean {
  const def = (schema as unknown as { _zod: { def: Record<string, any> } })._zod.def;
  if (def.type === "array") return true;
  if (def.type === "pipe") return isArraySchema(def.in) || isArraySchema(def.out);
  if (def.innerType) return isArraySchema(def.innerType);
  return false;
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
) {
  const problem = formBodyProblem(formData, options.multiValued ?? multiValuedFields(schema));
  if (!problem) return parseWithZod(formData, { schema });
  const refusal = z.any().superRefine((_, ctx) => {
    ctx.addIssue({ code: "custom", path: problem.field ? [problem.field] : [], message: problem.message });
  });
  return parseWithZod(formData, { schema: refusal }) as unknown as ReturnType<typeof parseWithZod<Schema>>;
}
