import { sql, type RawBuilder, type SqlBool } from "kysely";

// The four-eyes rule (decision 0027), said once for every reader of OJT hours: an entry counts
// as verified only when it is approved by someone other than the person who wrote its current
// content (`written_by`; the author for rows written before the rule). The placement page, the
// certification queue and the reports all filter with this predicate.

/** `status = 'approved'` and approved by someone other than its writer, on table `alias`. */
export function verifiedEntry(alias?: string): RawBuilder<SqlBool> {
  const c = (column: string) => sql.ref(alias ? `${alias}.${column}` : column);
  return sql<SqlBool>`(${c("status")} = 'approved' and ${c("approved_by")} <> coalesce(${c("written_by")}, ${c("author_id")}))`;
}

/** The writer of an entry's current content, for rules that compare it with an actor. */
export function entryWriter(alias?: string): RawBuilder<string> {
  const c = (column: string) => sql.ref(alias ? `${alias}.${column}` : column);
  return sql<string>`coalesce(${c("written_by")}, ${c("author_id")})`;
}
