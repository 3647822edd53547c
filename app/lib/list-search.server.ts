import { sql, type RawBuilder } from "kysely";
import { escapeLikePattern, normalizeForSearch } from "./text";

// The SQL half of a list's name search (lib/record-list.ts has the field itself).

/**
 * The LIKE pattern of a search: folded as the stored `search_text` columns are
 * (normalizeForSearch: NFKC, case, katakana → hiragana), wildcards % and _ escaped; null for
 * an empty search. Use with `likeEscaped`.
 */
export function containsPattern(q: string): string | null {
  const folded = normalizeForSearch(q);
  return folded === "" ? null : `%${escapeLikePattern(folded)}%`;
}

/** The right-hand side of `column like …` for a pattern from containsPattern (both engines). */
export function likeEscaped(pattern: string): RawBuilder<string> {
  return sql<string>`${pattern} escape '\\'`;
}
