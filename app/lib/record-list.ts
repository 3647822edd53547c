import { z } from "zod";
import { ConflictError } from "./errors";

// The pure half of the list component (ui/record-list.tsx): the name search field of a list,
// the LIKE pattern it becomes (list-search.server.ts), the links that keep the current filters (export, clear), and
// the "all matching" scope of a bulk action. Decision 0041.

/** A search longer than this is cut here: no name or municipality is nearly this long. */
export const LIST_SEARCH_MAX = 100;

// Control and format characters (NUL, the direction overrides, zero-width joiners) and lone
// surrogate halves never belong in a name; PostgreSQL refuses NUL in a text parameter.
const CONTROL_RE = /[\p{Cc}\p{Cf}\p{Cs}]/gu;

/**
 * What a list's search box sends, made safe to keep in the URL and to search by: NFKC
 * (full-width ＡＢＣ and half-width ｶﾅ fold), no control characters, runs of whitespace
 * (the ideographic space too) as one space, and at most LIST_SEARCH_MAX characters (cut
 * by code point, so a surrogate pair is never split). Anything that is not a string is "".
 */
export function listSearchText(raw: unknown): string {
  if (typeof raw !== "string") return "";
  const cleaned = raw.normalize("NFKC").replace(/\s+/gu, " ").replace(CONTROL_RE, "").trim();
  return [...cleaned].slice(0, LIST_SEARCH_MAX).join("").trim();
}

/** The `q` field of a list's query string or of a bulk form: never fails, see listSearchText. */
export const listSearchParam = z.unknown().optional().transform(listSearchText);

// Query-string fields that belong to one visit, not to the filter.
const NOT_FILTERS = ["page", "notice", "sampled"];

/**
 * A link to `path` with the filters of the current query string (`search`, e.g.
 * location.search) but not its page or notice: the export links (the file holds every
 * matching row, not one page) and the search form's target.
 */
export function withFilters(path: string, search: string, changes: Record<string, string | null> = {}): string {
  const params = new URLSearchParams(search);
  for (const key of NOT_FILTERS) params.delete(key);
  for (const [key, value] of Object.entries(changes)) {
    if (value === null || value === "") params.delete(key);
    else params.set(key, value);
  }
  const qs = params.toString();
  return qs ? `${path}?${qs}` : path;
}

/**
 * The scope of a bulk action. "page" (the default): the rows whose boxes were ticked.
 * "matching": every row the search `q` matches, found again at the server; `expected` is
 * the count the page showed, so a list that changed in between is refused, not acted on.
 */
export const BulkScopeSchema = z.object({
  scope: z.enum(["page", "matching"], { error: "選択の範囲が正しくありません。" }).default("page"),
  q: listSearchParam,
  expected: z.coerce
    .number({ error: "件数が正しくありません。画面を更新してください。" })
    .int("件数が正しくありません。画面を更新してください。")
    .min(0, "件数が正しくありません。画面を更新してください。")
    .max(1_000_000, "件数が正しくありません。画面を更新してください。")
    .optional(),
});

export type BulkScope = z.output<typeof BulkScopeSchema>;

/** True when a bulk form asks for every matching row. */
export function isMatchingScope(form: FormData): boolean {
  return form.get("scope") === "matching";
}

/**
 * The fields of the scope alone (scope, q, expected), to parse with BulkScopeSchema: the
 * rows' boxes ticked beside "all matching" are not part of it (and would read as a field
 * sent twice).
 */
export function scopeFields(form: FormData): FormData {
  const fields = new FormData();
  for (const key of ["scope", "q", "expected"]) for (const value of form.getAll(key)) fields.append(key, value);
  return fields;
}

/**
 * The server's own count of the matching rows must be the count the page showed; otherwise
 * the list changed since it was shown (a new entry, another approval) and nothing is done.
 */
export function requireExpectedCount(expected: number | undefined, actual: number): void {
  if (expected === undefined)
    throw new ConflictError("対象の件数が送られていません。画面を更新してからもう一度お試しください。");
  if (actual === 0) throw new ConflictError("条件に一致するものがありません。画面を更新してください。");
  if (expected !== actual)
    throw new ConflictError(
      `表示したときは${expected}件でしたが、いまは${actual}件が一致します。画面を更新して、対象を確かめてからもう一度お試しください。何も変更していません。`,
    );
}
