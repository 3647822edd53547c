import { z } from "zod";
import { isSafeHttpUrl } from "~/lib/urls";
import {
  dateField,
  decimalField,
  integerField,
  optionalMultilineText,
  optionalText,
  requiredMultilineText,
  requiredText,
} from "~/lib/schema";

// Digits only: z.coerce would take "1e3" or "0x10" as an id.
const kindId = z
  .string({ error: "活動の種類を選んでください。" })
  .regex(/^[1-9][0-9]{0,9}$/, "活動の種類を選んでください。")
  .transform(Number);

/** An evidence link: http(s) only, so no javascript: link reaches a reviewer's page. */
const evidenceUrl = optionalText("証跡のURL", 500).refine((s) => s === "" || isSafeHttpUrl(s), {
  message: "証跡のURLは http:// または https:// で始まるURLを入力してください。",
});

/** What an ITC reports, and what they send again when correcting a returned one. */
export const ActivitySchema = z.object({
  kindId,
  title: requiredText("活動の名称", 200),
  organizer: optionalText("主催者・依頼元", 200),
  activityDate: dateField("活動日"),
  hours: decimalField("時間", {
    min: 0.5,
    max: 1000,
    step: { size: 0.5, message: "時間は0.5時間単位で入力してください。" },
  }),
  evidenceUrl,
});
export type ActivityInput = z.output<typeof ActivitySchema>;

export const ReviewSchema = z.discriminatedUnion(
  "intent",
  [
    z.object({ intent: z.literal("approve"), activityId: z.coerce.number().int().positive() }),
    z.object({
      intent: z.literal("return"),
      activityId: z.coerce.number().int().positive(),
      comment: requiredMultilineText("差し戻す理由", 1000),
    }),
  ],
  { error: "操作の種類が正しくありません。" },
);

export const AuditSampleSchema = z.object({
  fiscalYear: integerField("年度", { min: 2000, max: 2100 }),
  size: integerField("抽出する件数", { min: 1, max: 200 }),
  comment: requiredMultilineText("依頼文", 1000),
});

export const ActivityKindSchema = z
  .object({
    id: z.coerce.number().int().positive().optional(),
    name: requiredText("種類の名前", 60),
    description: optionalMultilineText("説明", 400),
    rule: z.enum(["per_hours", "per_activity"], { error: "ポイントの数え方を選んでください。" }),
    hoursPerPoint: decimalField("1ポイントあたりの時間", {
      min: 0.5,
      max: 100,
      step: { size: 0.5, message: "1ポイントあたりの時間は0.5時間単位で入力してください。" },
    }).optional(),
    pointsPerActivity: integerField("1件あたりのポイント", { min: 1, max: 100 }).optional(),
    maxPoints: integerField("1件の上限ポイント", { min: 1, max: 100 }).optional(),
    active: z.literal("on").optional(),
    sortOrder: integerField("表示順", { min: 0, max: 9999 }).optional(),
  })
  .superRefine((v, ctx) => {
    if (v.rule === "per_hours" && v.hoursPerPoint === undefined)
      ctx.addIssue({ code: "custom", path: ["hoursPerPoint"], message: "1ポイントあたりの時間を入力してください。" });
    if (v.rule === "per_activity" && v.pointsPerActivity === undefined)
      ctx.addIssue({ code: "custom", path: ["pointsPerActivity"], message: "1件あたりのポイントを入力してください。" });
  });
export type ActivityKindInput = z.output<typeof ActivityKindSchema>;

/** 実務活動アンケート: a short account of the ITC's practice in the fiscal year. */
export const SurveySchema = z.object({
  engagements: integerField("支援した企業・団体の数", { min: 0, max: 999 }),
  mainField: requiredText("主な活動分野", 60),
  summary: optionalMultilineText("活動の概要", 2000),
});
export type SurveyInput = z.output<typeof SurveySchema>;

export const CertifiedOnSchema = z.object({ certifiedOn: dateField("ITC認定日") });

export const FeePaymentSchema = z.object({
  fiscalYear: integerField("年度", { min: 2000, max: 2100 }),
  paidOn: dateField("納付日"),
});
