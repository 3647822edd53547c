import { z } from "zod";
import { NotFoundError } from "./errors";

// The one parser of ids in route parameters (and `?sessionId=`-style query values): a positive
// safe integer written in plain digits, or a 404 naming what was not found.

const NOUNS: Record<string, string> = {
  cohortId: "開催回",
  courseId: "講座",
  enrollmentId: "お申し込み",
  sessionId: "日程",
  applicationId: "OJTの申込",
};

const Id = z
  .string()
  .regex(/^[1-9][0-9]{0,15}$/)
  .transform(Number)
  .refine((n) => Number.isSafeInteger(n));

/** A positive integer id, or a NotFoundError (404) "〇〇が見つかりません。". */
export function parseId(value: string | null | undefined, noun: string): number {
  const parsed = Id.safeParse(value ?? "");
  if (!parsed.success) throw new NotFoundError(`${noun}が見つかりません。`);
  return parsed.data;
}

/** `params[name]` as an id; `noun` names the thing in the 404 (defaults by parameter name). */
export function idParam(
  params: Record<string, string | undefined>,
  name: string,
  noun = NOUNS[name] ?? "ページ",
): number {
  return parseId(params[name], noun);
}
