import { z } from "zod";

// Query-string fields of list pages (search, filters, page). A link or a hand-edited URL may
// carry anything: an unusable value falls back to "no filter" (or page 1) on its own, so one
// bad field neither fails the page nor drops the rest of the search.

export const searchTextParam = z.string().trim().max(100).catch("");
export const pageParam = z.coerce.number().int().min(1).max(10000).catch(1);
/** A prefecture code ("01"–"47"), or "" for all prefectures. */
export const prefectureParam = z
  .string()
  .regex(/^([0-4][0-9])?$/)
  .catch("");

/** One of `values`, or "" for all. */
export function choiceParam<const T extends string>(values: readonly T[]): z.ZodType<"" | T, unknown> {
  // zod cannot type an enum over a generic list; the cast states what the schema guarantees.
  return z.enum(["", ...values] as [string, ...string[]]).catch("") as z.ZodType<"" | T, unknown>;
}

/** How many pages a list of `total` rows has; an empty list still has its one (empty) page. */
export function pageCount(total: number, pageSize: number): number {
  return Math.max(1, Math.ceil(total / pageSize));
}

/** Rows before the first one of a 1-based page. */
export function pageOffset(page: number, pageSize: number): number {
  return (page - 1) * pageSize;
}
