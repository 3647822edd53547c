// Two entries of one placement on the same day, of the same task kind and the same duration are
// likely one piece of work logged twice (a double tap offline, a copy from the phone and the
// desktop). They are flagged for the approver, never merged or refused: two real meetings of
// equal length on one day happen.

export type DuplicateFacts = {
  id: number;
  placement_id: number;
  work_date: string;
  task_kind_id: number;
  minutes: number;
};

export function duplicateKey(entry: Omit<DuplicateFacts, "id">): string {
  return `${entry.placement_id}|${entry.work_date}|${entry.task_kind_id}|${entry.minutes}`;
}

/** For each entry of `listed`, the other entries among `all` that look the same, oldest first. */
export function likelyDuplicates<T extends DuplicateFacts>(
  listed: readonly DuplicateFacts[],
  all: readonly T[],
): Map<number, T[]> {
  const byKey = new Map<string, T[]>();
  for (const entry of all) {
    const key = duplicateKey(entry);
    byKey.set(key, [...(byKey.get(key) ?? []), entry]);
  }
  const result = new Map<number, T[]>();
  for (const entry of listed) {
    const others = (byKey.get(duplicateKey(entry)) ?? []).filter((e) => e.id !== entry.id).sort((a, b) => a.id - b.id);
    if (others.length > 0) result.set(entry.id, others);
  }
  return result;
}
