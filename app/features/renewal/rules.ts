// The ITC renewal conditions (the association's published rules, decision 0026) as plain
// functions: how a self-reported activity earns points, which renewal a fiscal year is for an
// ITC, its fee, the follow-up course rule, and what is still missing. No database here.
import { RENEWAL_POINTS } from "~/features/vocabulary/course-kinds";
import { fiscalYearOf } from "~/lib/dates";

export { RENEWAL_POINTS };
/** The renewal fee (tax included); none at the first renewal. */
export const RENEWAL_FEE_YEN = 22_000;
/** Follow-up courses needed by the third renewal, and how many of them in a classroom. */
export const FOLLOW_UP_RULE = { courses: 3, classroom: 2, byRenewal: 3, classroomHours: 6 } as const;

export type PointRule =
  | { rule: "per_hours"; hours_per_point: number; points_per_activity: null; max_points: number | null }
  | { rule: "per_activity"; hours_per_point: null; points_per_activity: number; max_points: number | null };

/** The points one activity earns under its kind's rule (whole points, rounded down, capped). */
export function activityPoints(kind: PointRule, hours: number): number {
  const raw =
    kind.rule === "per_hours"
      ? // In tenths of an hour, so 0.1-hour steps do not suffer from binary fractions.
        Math.floor(Math.round(hours * 10) / Math.round(kind.hours_per_point * 10))
      : kind.points_per_activity;
  return kind.max_points === null ? raw : Math.min(raw, kind.max_points);
}

/** The rule as a reader says it: 「2時間ごとに1ポイント（1件5ポイントまで）」. */
export function describePointRule(kind: PointRule): string {
  const base =
    kind.rule === "per_hours"
      ? `${formatDecimal(kind.hours_per_point)}時間ごとに1ポイント`
      : `1件${kind.points_per_activity}ポイント`;
  return kind.max_points === null ? base : `${base}（1件${kind.max_points}ポイントまで）`;
}

function formatDecimal(n: number): string {
  return Number.isInteger(n) ? String(n) : n.toFixed(1);
}

/**
 * Which renewal the points of fiscal year `fy` are for: the renewal in April–May after it.
 * The first renewal follows the fiscal year of certification. null: not certified by then.
 */
export function renewalOrdinal(certifiedOn: string | null, fy: number): number | null {
  if (!certifiedOn) return null;
  const n = fy - fiscalYearOf(certifiedOn) + 1;
  return n >= 1 ? n : null;
}

export function renewalFeeYen(ordinal: number): number {
  return ordinal <= 1 ? 0 : RENEWAL_FEE_YEN;
}

export type FollowUpCourse = { format: "classroom" | "live_online" | "distance"; total_hours: number };

/** A follow-up course that counts as classroom: at a venue or live online, 6 hours or more. */
export function isClassroomFollowUp(c: FollowUpCourse): boolean {
  return c.format !== "distance" && c.total_hours >= FOLLOW_UP_RULE.classroomHours;
}

export type RenewalFacts = {
  fiscalYear: number;
  certifiedOn: string | null;
  /** Credited by the association for our own courses in the fiscal year. */
  coursePoints: number;
  /** Approved self-reported activities of the fiscal year. */
  activityPoints: number;
  /** Reported and not yet approved (submitted, returned, evidence requested). */
  pendingPoints: number;
  surveySubmitted: boolean;
  feePaid: boolean;
  /** Follow-up courses completed (attended, questionnaire answered, fee paid) since certification. */
  followUps: readonly FollowUpCourse[];
};

export type PointsOfYear = { coursePoints: number; activityPoints: number };

/**
 * The one 実践力ポイント figure of a fiscal year (decision 0034): points credited for our
 * courses plus approved self-reported activities. /my/points and /my/renewal both show it.
 */
export function pointsTotal(p: PointsOfYear): number {
  return p.coursePoints + p.activityPoints;
}

/** The figure with its parts, so they visibly add up: 「研修3 + 自己申告2 = 5／10ポイント」. */
export function pointsEquation(p: PointsOfYear): string {
  return `研修${p.coursePoints} + 自己申告${p.activityPoints} = ${pointsTotal(p)}／${RENEWAL_POINTS}ポイント`;
}

export type ConditionKey = "points" | "survey" | "fee" | "follow_up";
export type Condition = { key: ConditionKey; label: string; met: boolean; detail: string; missing: string | null };

export type Readiness = {
  fiscalYear: number;
  ordinal: number | null;
  feeYen: number;
  points: number;
  pointsShort: number;
  followUpsNeeded: { courses: number; classroom: number } | null;
  conditions: Condition[];
  ready: boolean;
};

/** Every condition of the renewal after fiscal year `fy`, with what is still missing. */
export function evaluateRenewal(facts: RenewalFacts): Readiness {
  const ordinal = renewalOrdinal(facts.certifiedOn, facts.fiscalYear);
  const points = pointsTotal(facts);
  const pointsShort = Math.max(0, RENEWAL_POINTS - points);
  const feeYen = ordinal === null ? 0 : renewalFeeYen(ordinal);
  const conditions: Condition[] = [
    {
      key: "points",
      label: `実践力ポイント${RENEWAL_POINTS}ポイント以上`,
      met: pointsShort === 0,
      detail: `${points}ポイント（研修${facts.coursePoints}・自己申告${facts.activityPoints}）${
        facts.pendingPoints > 0 ? `、確認待ち${facts.pendingPoints}ポイント` : ""
      }`,
      missing: pointsShort === 0 ? null : `あと${pointsShort}ポイント必要です。`,
    },
    {
      key: "survey",
      label: "実務活動アンケートの提出",
      met: facts.surveySubmitted,
      detail: facts.surveySubmitted ? "提出済み" : "未提出",
      missing: facts.surveySubmitted ? null : "実務活動アンケートを提出してください。",
    },
  ];
  if (feeYen > 0) {
    conditions.push({
      key: "fee",
      label: `更新料${feeYen.toLocaleString("ja-JP")}円（税込）の納付`,
      met: facts.feePaid,
      detail: facts.feePaid ? "納付済み" : "未納付",
      missing: facts.feePaid ? null : "更新料を納付してください（納付は事務局が確認して記録します）。",
    });
  }
  let followUpsNeeded: Readiness["followUpsNeeded"] = null;
  if (ordinal !== null && ordinal >= FOLLOW_UP_RULE.byRenewal) {
    const done = facts.followUps.length;
    const classroom = facts.followUps.filter(isClassroomFollowUp).length;
    // Classroom courses count towards both numbers; the rest can be of any format.
    const classroomShort = Math.max(0, FOLLOW_UP_RULE.classroom - classroom);
    const coursesShort = Math.max(classroomShort, FOLLOW_UP_RULE.courses - done);
    followUpsNeeded = { courses: coursesShort, classroom: classroomShort };
    conditions.push({
      key: "follow_up",
      label: `フォローアップ研修${FOLLOW_UP_RULE.courses}講座の修了（うち集合研修${FOLLOW_UP_RULE.classroom}講座以上）`,
      met: coursesShort === 0,
      detail: `修了${done}講座（うち集合研修${classroom}講座）`,
      missing:
        coursesShort === 0
          ? null
          : `フォローアップ研修をあと${coursesShort}講座${classroomShort > 0 ? `（うち集合研修またはライブ配信${classroomShort}講座）` : ""}修了してください。`,
    });
  }
  return {
    fiscalYear: facts.fiscalYear,
    ordinal,
    feeYen,
    points,
    pointsShort,
    followUpsNeeded,
    conditions,
    ready: conditions.every((c) => c.met),
  };
}
