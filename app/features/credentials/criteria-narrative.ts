// The achievement's criteria as one narrative in Japanese, from the criteria a certificate was
// issued on (its snapshot, so a later change of the programme's criteria does not change the
// credential of a certificate already issued). The snapshot is read leniently: a list of
// criteria (kind + params, or a label) found at the top or under "criteria".
// Note for the merge: the certification feature's criteria module (criteria as data, written
// in parallel) holds labels of the kinds too; once both are in, this should use its
// describeCriterion.

const LABELS: Record<string, (params: Record<string, unknown>) => string> = {
  course_completed: () => "研修を修了したこと（出席・受講アンケート・受講料）",
  fee_paid: () => "受講料の入金が確認されたこと",
  quiz_passed: () => "理解度確認テストに合格したこと",
  basic_course_completed: () => "自治体ビジネス基礎研修を修了していること",
  placement_completed: () => "OJTを修了したこと",
  approved_hours_at_least: (p) => `承認済みの活動時間が${String(p.hours)}時間以上であること`,
  task_kinds_at_least: (p) => `経験した業務の種類が${String(p.count)}種類以上であること`,
  pgl_phases_at_least: (p) => `経験したPGLフェーズが${String(p.count)}種類以上であること`,
  final_recommendation: () => "最終評価で修了が推薦されたこと",
};

type Item = { kind?: unknown; params?: unknown; label?: unknown; description?: unknown };

function describe(item: Item): string | null {
  const label = typeof item.kind === "string" ? LABELS[item.kind] : undefined;
  if (label) {
    const params = typeof item.params === "string" ? safeParse(item.params) : item.params;
    return label((params ?? {}) as Record<string, unknown>);
  }
  for (const text of [item.description, item.label]) if (typeof text === "string" && text.trim()) return text.trim();
  return null;
}

function safeParse(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return null;
  }
}

function itemsOf(snapshot: unknown): Item[] {
  if (Array.isArray(snapshot)) return snapshot.filter((x): x is Item => typeof x === "object" && x !== null);
  if (typeof snapshot === "object" && snapshot !== null && "criteria" in snapshot)
    return itemsOf((snapshot as { criteria: unknown }).criteria);
  return [];
}

/** The lines of the narrative, or [] when the snapshot holds no criterion this can read. */
export function criteriaLines(snapshot: unknown): string[] {
  return itemsOf(typeof snapshot === "string" ? safeParse(snapshot) : snapshot)
    .map(describe)
    .filter((line): line is string => line !== null);
}

export function criteriaNarrative(lines: readonly string[], programmeName: string): string {
  if (lines.length === 0) return `「${programmeName}」の修了基準を満たし、協会の認定を受けたこと。`;
  return `「${programmeName}」の次の修了基準をすべて満たし、協会の認定を受けたこと。\n${lines.map((l) => `- ${l}`).join("\n")}`;
}
