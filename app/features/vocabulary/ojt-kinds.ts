// Vocabulary of OJT: task kinds (themes), travel ranges, municipality sizes, statuses.
// Values are English (stored, CHECK-constrained in migration 03); labels are Japanese.

/** OJT task kinds, from the articles on municipal OJT (see the domain brief). */
export const OJT_THEMES = [
  "consultation",
  "spec_review",
  "procurement",
  "planning",
  "dx_plan",
  "staff_training",
  "budget",
] as const;
export type OjtTheme = (typeof OJT_THEMES)[number];

export const OJT_THEME_LABELS: Record<OjtTheme, string> = {
  consultation: "職員向け相談会への同席・助言",
  spec_review: "仕様書・見積書・契約書のチェック",
  procurement: "調達支援",
  planning: "計画策定支援",
  dx_plan: "DX推進計画書の策定",
  staff_training: "職員研修（DX・セキュリティ・RPA/AI）",
  budget: "予算業務（当初予算・補正予算）",
};

/** Short labels for badges and the matching board. */
export const OJT_THEME_SHORT_LABELS: Record<OjtTheme, string> = {
  consultation: "相談会",
  spec_review: "仕様書・見積",
  procurement: "調達",
  planning: "計画",
  dx_plan: "DX計画",
  staff_training: "職員研修",
  budget: "予算",
};

export function themeBit(theme: OjtTheme): number {
  return 1 << OJT_THEMES.indexOf(theme);
}

export function themesToMask(themes: readonly OjtTheme[]): number {
  return themes.reduce((mask, t) => mask | themeBit(t), 0);
}

export function maskToThemes(mask: number): OjtTheme[] {
  return OJT_THEMES.filter((t) => (mask & themeBit(t)) !== 0);
}

export function isOjtTheme(value: string): value is OjtTheme {
  return (OJT_THEMES as readonly string[]).includes(value);
}

export const TRAVEL_RANGES = ["prefecture", "region", "nationwide"] as const;
export type TravelRange = (typeof TRAVEL_RANGES)[number];
export const TRAVEL_RANGE_LABELS: Record<TravelRange, string> = {
  prefecture: "希望する都道府県内のみ",
  region: "同じ地方の近隣都道府県まで",
  nationwide: "全国どこでも（交通費は自己負担）",
};

export const MUNICIPALITY_SIZES = ["any", "large", "medium", "small"] as const;
export type MunicipalitySize = (typeof MUNICIPALITY_SIZES)[number];
export const MUNICIPALITY_SIZE_LABELS: Record<MunicipalitySize, string> = {
  any: "こだわらない",
  large: "大規模（政令指定都市・中核市、人口20万人以上）",
  medium: "中規模（一般市・特別区、人口5万〜20万人）",
  small: "小規模（町村、人口5万人未満）",
};

export const APPLICATION_STATUSES = ["open", "matched", "withdrawn"] as const;
export type ApplicationStatus = (typeof APPLICATION_STATUSES)[number];
export const APPLICATION_STATUS_LABELS: Record<ApplicationStatus, string> = {
  open: "受付中（マッチング待ち）",
  matched: "マッチング済み",
  withdrawn: "取り下げ",
};

export const PLACEMENT_STATUSES = ["proposed", "accepted", "active", "declined", "cancelled", "ended"] as const;
export type PlacementStatus = (typeof PLACEMENT_STATUSES)[number];
export const PLACEMENT_STATUS_LABELS: Record<PlacementStatus, string> = {
  proposed: "トレーナー回答待ち",
  accepted: "トレーニー確認待ち",
  active: "OJT実施中",
  declined: "辞退",
  cancelled: "取消",
  ended: "終了",
};
/** How an ended placement ended (migration 08: ojt_placements.outcome). */
export const PLACEMENT_OUTCOMES = ["completed", "discontinued"] as const;
export type PlacementOutcome = (typeof PLACEMENT_OUTCOMES)[number];
export const PLACEMENT_OUTCOME_LABELS: Record<PlacementOutcome, string> = {
  completed: "修了",
  discontinued: "中止",
};
/** The status as a list or a dashboard shows it: an ended placement by its outcome. */
export function placementStatusLabel(status: PlacementStatus, outcome: string | null | undefined): string {
  if (status === "ended" && outcome && (PLACEMENT_OUTCOMES as readonly string[]).includes(outcome))
    return `終了（${PLACEMENT_OUTCOME_LABELS[outcome as PlacementOutcome]}）`;
  return PLACEMENT_STATUS_LABELS[status];
}

/** How each step reads in a placement's history. */
export const PLACEMENT_EVENT_LABELS: Record<PlacementStatus, string> = {
  proposed: "事務局が受入を提案",
  accepted: "トレーナーが受入を承諾",
  active: "トレーニーが参加を確定（OJT開始）",
  declined: "辞退",
  cancelled: "提案を取消",
  ended: "OJT終了",
};

export const PREREQUISITE_RULES = ["all", "any"] as const;
export type PrerequisiteRule = (typeof PREREQUISITE_RULES)[number];
export const PREREQUISITE_RULE_LABELS: Record<PrerequisiteRule, string> = {
  all: "指定したすべての研修の修了が必要",
  any: "指定した研修のいずれか1つの修了で可",
};
