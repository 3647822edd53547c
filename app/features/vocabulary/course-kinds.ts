import { formatNumber } from "~/lib/numbers";

// Enumerations of the catalog with their Japanese labels (the one place the labels live).

export const COURSE_KINDS = ["basic_municipal", "case_training", "follow_up", "skill", "other"] as const;
export type CourseKind = (typeof COURSE_KINDS)[number];

export const COURSE_KIND_LABELS: Record<CourseKind, string> = {
  basic_municipal: "自治体ビジネス基礎研修",
  case_training: "ケース研修",
  follow_up: "フォローアップ研修",
  skill: "スキル研修",
  other: "その他",
};

export const COURSE_FORMATS = ["classroom", "live_online", "distance"] as const;
export type CourseFormat = (typeof COURSE_FORMATS)[number];

export const COURSE_FORMAT_LABELS: Record<CourseFormat, string> = {
  classroom: "集合",
  live_online: "オンライン（ライブ）",
  distance: "通信",
};

/** Hours of training that earn one 実践力ポイント: classroom or live online 2 h, distance 4 h. */
export const HOURS_PER_POINT: Record<CourseFormat, number> = {
  classroom: 2,
  live_online: 2,
  distance: 4,
};

/** The default 実践力ポイント of a course: whole points only, rounded down. */
export function defaultPoints(totalHours: number, format: CourseFormat): number {
  if (!Number.isFinite(totalHours) || totalHours <= 0) return 0;
  // Work in tenths of an hour so 0.1-hour steps do not suffer from binary fractions.
  return Math.floor(Math.round(totalHours * 10) / (HOURS_PER_POINT[format] * 10));
}

/** Points a renewal of the ITC certificate needs in the previous fiscal year. */
export const RENEWAL_POINTS = 10;

export const INSTRUCTOR_ROLE_LABELS = { lecturer: "講師", sub_lecturer: "サブ講師" } as const;

export const ONLINE = "online";

export function formatYen(n: number): string {
  return n === 0 ? "無料" : `${formatNumber(n)}円`;
}

export function formatHours(h: number): string {
  return `${Number.isInteger(h) ? h : h.toFixed(1)}時間`;
}
