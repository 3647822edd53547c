import type { Database } from "~/db.server";
import { likelyDuplicates, type DuplicateFacts } from "./duplicates";

/**
 * The likely duplicates of a page of entries, in any status (an entry already approved is the
 * one a second copy most likely repeats). One query for the page, whatever its length.
 */
export type DuplicateEntry = DuplicateFacts & { status: string };

export async function duplicatesOf(
  db: Database,
  listed: readonly DuplicateFacts[],
): Promise<Map<number, DuplicateEntry[]>> {
  if (listed.length === 0) return new Map();
  const candidates = await db
    .selectFrom("ojt_log_entries")
    .select(["id", "placement_id", "work_date", "task_kind_id", "minutes", "status"])
    .where("placement_id", "in", [...new Set(listed.map((e) => e.placement_id))])
    .where("work_date", "in", [...new Set(listed.map((e) => e.work_date))])
    .execute();
  return likelyDuplicates(listed, candidates);
}
