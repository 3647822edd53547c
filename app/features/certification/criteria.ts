import { z } from "zod";

// The criteria of a certification programme as data (issue 15): each criterion is a kind and
// its parameters, stored as rows in certification_criteria and evaluated by the server
// against a candidate's facts. Pure, so the queue, the certification and the tests agree.

export const ENROLLMENT_CRITERION_KINDS = ["course_completed", "fee_paid", "quiz_passed"] as const;
export const PLACEMENT_CRITERION_KINDS = [
  "basic_course_completed",
  "placement_completed",
  "approved_hours_at_least",
  "task_kinds_at_least",
  "pgl_phases_at_least",
  "final_recommendation",
] as const;
export type EnrollmentCriterionKind = (typeof ENROLLMENT_CRITERION_KINDS)[number];
export type PlacementCriterionKind = (typeof PLACEMENT_CRITERION_KINDS)[number];
export type CriterionKind = EnrollmentCriterionKind | PlacementCriterionKind;
export type ProgrammeSubject = "enrollment" | "placement";

export const CRITERION_KINDS_OF: Record<ProgrammeSubject, readonly CriterionKind[]> = {
  enrollment: ENROLLMENT_CRITERION_KINDS,
  placement: PLACEMENT_CRITERION_KINDS,
};

/** Japanese labels of the criterion kinds (the one place they live). */
export const CRITERION_LABELS: Record<CriterionKind, string> = {
  course_completed: "研修の修了（出席・受講アンケート・受講料）",
  fee_paid: "受講料の入金確認",
  quiz_passed: "理解度確認テストの合格",
  basic_course_completed: "自治体ビジネス基礎研修の修了",
  placement_completed: "OJTの修了（終了済み・結果「修了」）",
  approved_hours_at_least: "承認済みの活動時間",
  task_kinds_at_least: "経験した業務の種類",
  pgl_phases_at_least: "経験したPGLフェーズ",
  final_recommendation: "最終評価で修了を推薦",
};

export const SUBJECT_LABELS: Record<ProgrammeSubject, string> = {
  enrollment: "研修の受講",
  placement: "OJT",
};

const none = z.object({}).strict();
const hours = z
  .object({
    hours: z.coerce
      .number({ error: "時間数を数字で入力してください。" })
      .int("時間数は整数で入力してください。")
      .min(1, "時間数は1以上にしてください。")
      .max(2000, "時間数は2000以下にしてください。"),
  })
  .strict();
const count = z
  .object({
    count: z.coerce
      .number({ error: "数を数字で入力してください。" })
      .int("数は整数で入力してください。")
      .min(1, "数は1以上にしてください。")
      .max(50, "数は50以下にしてください。"),
  })
  .strict();

/** The parameters each kind takes. */
export const CRITERION_PARAMS = {
  course_completed: none,
  fee_paid: none,
  quiz_passed: none,
  basic_course_completed: none,
  placement_completed: none,
  approved_hours_at_least: hours,
  task_kinds_at_least: count,
  pgl_phases_at_least: count,
  final_recommendation: none,
} as const satisfies Record<CriterionKind, z.ZodType>;

/** The name of the kind's parameter, if it takes one (for the edit form). */
export const CRITERION_PARAM_NAME: Partial<Record<CriterionKind, "hours" | "count">> = {
  approved_hours_at_least: "hours",
  task_kinds_at_least: "count",
  pgl_phases_at_least: "count",
};

export type Criterion =
  | { kind: "approved_hours_at_least"; params: { hours: number } }
  | { kind: "task_kinds_at_least" | "pgl_phases_at_least"; params: { count: number } }
  | {
      kind: Exclude<CriterionKind, "approved_hours_at_least" | "task_kinds_at_least" | "pgl_phases_at_least">;
      params: Record<string, never>;
    };

export function isCriterionKind(kind: string): kind is CriterionKind {
  return (Object.keys(CRITERION_LABELS) as string[]).includes(kind);
}

/** A stored row to a criterion; throws on a kind or parameters the server does not know. */
export function parseCriterion(kind: string, params: unknown): Criterion {
  if (!isCriterionKind(kind)) throw new Error(`Unknown criterion kind: ${kind}`);
  return { kind, params: CRITERION_PARAMS[kind].parse(params) } as Criterion;
}

/** What the label says with its parameter: "承認済みの活動時間 40時間以上". */
export function describeCriterion(c: Criterion): string {
  switch (c.kind) {
    case "approved_hours_at_least":
      return `${CRITERION_LABELS[c.kind]} ${c.params.hours}時間以上`;
    case "task_kinds_at_least":
    case "pgl_phases_at_least":
      return `${CRITERION_LABELS[c.kind]} ${c.params.count}種類以上`;
    default:
      return CRITERION_LABELS[c.kind];
  }
}

export type EnrollmentFacts = {
  subject: "enrollment";
  completedAt: string | null;
  feeYen: number;
  paidAt: string | null;
  quizPassed: boolean;
};

export type PlacementFacts = {
  subject: "placement";
  basicCourseCompleted: boolean;
  placementStatus: string;
  outcome: string | null;
  approvedMinutes: number;
  taskKindCount: number;
  pglPhaseCount: number;
  recommendation: "recommend" | "not_yet" | null;
};

export type CandidateFacts = EnrollmentFacts | PlacementFacts;

export type CriterionResult = {
  kind: CriterionKind;
  label: string;
  met: boolean;
  /** The evidence in words staff can read: "承認済み時間 38 / 40 時間". */
  evidence: string;
  /** How far along, 0..1 (1 when met). */
  progress: number;
};

export type Evaluation = {
  results: CriterionResult[];
  allMet: boolean;
  /** 0..1, the mean progress over the criteria: the queue sorts by it. */
  closeness: number;
};

function formatHours(minutes: number): string {
  const h = Math.floor((minutes / 60) * 10) / 10;
  return Number.isInteger(h) ? String(h) : h.toFixed(1);
}

function ratio(actual: number, required: number) {
  return required <= 0 ? 1 : Math.max(0, Math.min(1, actual / required));
}

function evaluateOne(f: CandidateFacts, c: Criterion): Omit<CriterionResult, "kind" | "label"> {
  const flag = (met: boolean, yes: string, no: string) => ({ met, evidence: met ? yes : no, progress: met ? 1 : 0 });
  if (f.subject === "enrollment") {
    switch (c.kind) {
      case "course_completed":
        return flag(f.completedAt !== null, "修了済み", "未修了");
      case "fee_paid":
        return f.feeYen === 0
          ? flag(true, "受講料なし", "")
          : flag(f.paidAt !== null, "入金確認済み", `未入金（${f.feeYen.toLocaleString("ja-JP")}円）`);
      case "quiz_passed":
        return flag(f.quizPassed, "合格", "未合格");
      default:
        return flag(false, "", "この受講には当てはまらない条件です");
    }
  }
  switch (c.kind) {
    case "basic_course_completed":
      return flag(f.basicCourseCompleted, "修了済み", "未修了");
    case "placement_completed": {
      const met = f.placementStatus === "ended" && f.outcome === "completed";
      const no = f.placementStatus === "ended" ? "終了（修了以外）" : "実施中";
      return flag(met, "修了で終了", no);
    }
    case "approved_hours_at_least": {
      const required = c.params.hours * 60;
      const met = f.approvedMinutes >= required;
      return {
        met,
        evidence: `承認済み時間 ${formatHours(f.approvedMinutes)} / ${c.params.hours} 時間`,
        progress: ratio(f.approvedMinutes, required),
      };
    }
    case "task_kinds_at_least":
      return {
        met: f.taskKindCount >= c.params.count,
        evidence: `経験した業務の種類 ${f.taskKindCount} / ${c.params.count}`,
        progress: ratio(f.taskKindCount, c.params.count),
      };
    case "pgl_phases_at_least":
      return {
        met: f.pglPhaseCount >= c.params.count,
        evidence: `経験したPGLフェーズ ${f.pglPhaseCount} / ${c.params.count}`,
        progress: ratio(f.pglPhaseCount, c.params.count),
      };
    case "final_recommendation":
      return flag(
        f.recommendation === "recommend",
        "修了を推薦",
        f.recommendation === "not_yet" ? "推薦なし（まだ早い）" : "最終評価が未提出",
      );
    default:
      return flag(false, "", "このOJTには当てはまらない条件です");
  }
}

/** Each criterion met or missing with its evidence, and how close the candidate is overall. */
export function evaluate(facts: CandidateFacts, criteria: readonly Criterion[]): Evaluation {
  const results = criteria.map((c) => ({ kind: c.kind, label: describeCriterion(c), ...evaluateOne(facts, c) }));
  const closeness = results.length === 0 ? 1 : results.reduce((s, r) => s + r.progress, 0) / results.length;
  return { results, allMet: results.every((r) => r.met), closeness };
}
