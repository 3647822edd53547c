import { z } from "zod";
import { addDays, isIsoDate, todayInTokyo } from "~/lib/dates";
import { PREFECTURES } from "~/lib/local-gov-code";
import {
  MUNICIPALITY_SIZES,
  OJT_THEMES,
  PLACEMENT_OUTCOMES,
  PREREQUISITE_RULES,
  TRAVEL_RANGES,
} from "~/features/vocabulary/ojt-kinds";
import { dateField, integerField, optionalMultilineText, requiredMultilineText, requiredText } from "~/lib/schema";
import { choiceParam, pageParam, prefectureParam, searchTextParam } from "~/lib/list-query";

const prefectureCodes = PREFECTURES.map((p) => p.code) as [string, ...string[]];

const isoDate = dateField;
const text = (label: string, max: number, min = 1) => requiredMultilineText(label, max, { min });

export const ApplicationSchema = z
  .object({
    preferredPrefectures: z
      .array(z.enum(prefectureCodes, { error: "都道府県の値が正しくありません。" }), {
        error: "希望する都道府県を1つ以上選択してください。",
      })
      .min(1, "希望する都道府県を1つ以上選択してください。")
      .max(10, "希望する都道府県は10件までにしてください。"),
    travelRange: z.enum(TRAVEL_RANGES, { error: "移動できる範囲を選択してください。" }),
    themes: z
      .array(z.enum(OJT_THEMES, { error: "テーマの値が正しくありません。" }), {
        error: "経験したいテーマを1つ以上選択してください。",
      })
      .min(1, "経験したいテーマを1つ以上選択してください。"),
    preferredSize: z.enum(MUNICIPALITY_SIZES, { error: "希望する自治体の規模を選択してください。" }),
    daysPerMonth: integerField("月あたりの活動可能日数", {
      min: 1,
      max: 20,
      rangeMessage: "月あたりの活動可能日数は1〜20日で入力してください。",
    }),
    availableFrom: isoDate("活動できる期間の開始日"),
    availableTo: isoDate("活動できる期間の終了日"),
    backgroundIndustry: requiredText("これまでの業種・職種", 100),
    backgroundSkills: text("得意な分野・スキル", 1000),
    municipalExperience: optionalMultilineText("自治体業務の経験", 1000),
    motivation: text("志望動機", 2000, 20),
    acceptsSelfPaid: z
      .boolean({ error: "OJTの経費（交通費・宿泊費など）が全額自己負担であることへの同意が必要です。" })
      .refine((v) => v === true, "OJTの経費（交通費・宿泊費など）が全額自己負担であることへの同意が必要です。"),
  })
  .superRefine((v, ctx) => {
    if (!isIsoDate(v.availableFrom) || !isIsoDate(v.availableTo)) return;
    if (v.availableTo < v.availableFrom) {
      ctx.addIssue({ code: "custom", path: ["availableTo"], message: "終了日は開始日以降の日付にしてください。" });
    } else if (v.availableTo < todayInTokyo()) {
      ctx.addIssue({ code: "custom", path: ["availableTo"], message: "終了日が過去の日付です。" });
    } else if (v.availableTo > addDays(v.availableFrom, 366 * 2)) {
      ctx.addIssue({ code: "custom", path: ["availableTo"], message: "活動できる期間は2年以内で入力してください。" });
    }
  });
export type ApplicationInput = z.infer<typeof ApplicationSchema>;

export const ProposalSchema = z
  .object({
    engagementId: z.coerce
      .number({ error: "提案する案件を選択してください。" })
      .int("提案する案件を選択してください。")
      .positive("提案する案件を選択してください。"),
    startDate: isoDate("開始日"),
    endDate: isoDate("終了予定日"),
    note: optionalMultilineText("トレーナーへのメッセージ", 1000),
    overrideReason: optionalMultilineText("理由", 500).transform((s) => (s ? s : null)),
    /** Staff confirm a proposal to a trainer with whom this application was declined before. */
    reproposeDeclined: z.boolean().optional().default(false),
  })
  .superRefine((v, ctx) => {
    if (isIsoDate(v.startDate) && isIsoDate(v.endDate) && v.endDate < v.startDate) {
      ctx.addIssue({ code: "custom", path: ["endDate"], message: "終了予定日は開始日以降にしてください。" });
    }
  });
export type ProposalInput = z.infer<typeof ProposalSchema>;

/** A placement's plan: the goals agreed at the start and the contacts, written at acceptance and kept up to date. */
const planFields = {
  goals: text("OJTの目標", 2000, 5),
  contacts: optionalMultilineText("連絡先", 1000),
};

export const AcceptSchema = z.object({ intent: z.literal("accept"), ...planFields });

export const ReasonSchema = z.object({
  intent: z.enum(["decline", "trainee-decline", "cancel"]),
  reason: text("理由", 1000, 2),
});

/** Staff end an active placement with its outcome; a discontinued one needs its reason. */
export const EndSchema = z
  .object({
    intent: z.literal("end"),
    outcome: z.enum(PLACEMENT_OUTCOMES, { error: "終了の区分（修了・中止）を選んでください。" }),
    reason: optionalMultilineText("理由・所見", 1000),
  })
  .superRefine((v, ctx) => {
    if (v.outcome === "discontinued" && v.reason.length < 2)
      ctx.addIssue({ code: "custom", path: ["reason"], message: "中止とする場合は、その理由を入力してください。" });
  });
export type EndInput = z.infer<typeof EndSchema>;

export const ConfirmSchema = z.object({
  intent: z.literal("confirm"),
  acknowledgeConfidentiality: z
    .boolean({ error: "守秘義務に関する注意事項を確認し、チェックを入れてください。" })
    .refine((v) => v === true, "守秘義務に関する注意事項を確認し、チェックを入れてください。"),
});

export const PlanSchema = z.object({ intent: z.literal("plan"), ...planFields });

export const PrerequisiteSettingsSchema = z.object({
  courseIds: z
    .array(z.coerce.number().int().positive(), { error: "OJT申込に必要な研修を1つ以上選択してください。" })
    .min(1, "OJT申込に必要な研修を1つ以上選択してください。"),
  rule: z.enum(PREREQUISITE_RULES, { error: "条件の種類を選択してください。" }),
});

export const BoardFilterSchema = z.object({
  view: z.enum(["applications", "engagements"]).catch("applications"),
  prefecture: prefectureParam,
  theme: choiceParam(OJT_THEMES),
  proposal: choiceParam(["none", "pending"]),
  q: searchTextParam,
  page: pageParam,
});
export type BoardFilter = z.infer<typeof BoardFilterSchema>;

/** Parses the board's query string; an unusable value falls back to its default. */
export function parseBoardFilter(params: Record<string, string>): BoardFilter {
  return BoardFilterSchema.parse(params);
}
