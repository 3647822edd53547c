// Japanese labels of assessment (rubric levels, evaluation kinds, recommendation, quiz) in one place.

export const LEVELS = [1, 2, 3, 4] as const;
export type Level = (typeof LEVELS)[number];
/** The four levels of every criterion; each criterion's descriptor says what the level means for it. */
export const LEVEL_LABELS: Record<Level, string> = {
  1: "レベル1：指導が必要",
  2: "レベル2：指導のもとで実践",
  3: "レベル3：自立して実践",
  4: "レベル4：他者を指導できる",
};

export const EVALUATION_KINDS = ["self", "mid", "final"] as const;
export type EvaluationKind = (typeof EVALUATION_KINDS)[number];
export const EVALUATION_KIND_LABELS: Record<EvaluationKind, string> = {
  self: "トレーニーの自己評価",
  mid: "トレーナーの中間評価",
  final: "トレーナーの最終評価",
};

export const EVALUATION_STATUS_LABELS = { draft: "下書き", submitted: "提出済み（確定）" } as const;

export const RECOMMENDATIONS = ["recommend", "not_yet"] as const;
export type Recommendation = (typeof RECOMMENDATIONS)[number];
export const RECOMMENDATION_LABELS: Record<Recommendation, string> = {
  recommend: "修了を推薦する",
  not_yet: "まだ推薦しない",
};

export const CRITERION_KIND_LABELS = {
  practical: "ITC実践力",
  mic_role: "自治体DX外部人材の役割（総務省）",
} as const;
export type CriterionKind = keyof typeof CRITERION_KIND_LABELS;
