import { z } from "zod";
import { OJT_THEMES } from "~/features/vocabulary/ojt-kinds";
import { CONTRACT_TYPES, ENGAGEMENT_STATUSES } from "~/features/vocabulary/engagement-kinds";
import { integerField, optionalMultilineText, optionalText, requiredMultilineText, requiredText } from "~/lib/schema";
import { choiceParam, pageParam, prefectureParam, searchTextParam } from "~/lib/list-query";

// A select, but typed digits (full-width too) are read the same way.
const fiscalYear = (label: string) =>
  integerField(label, { min: 2000, max: 2100, rangeMessage: `${label}を選択してください。` });

export const EngagementSchema = z
  .object({
    municipality: requiredText("自治体", 40),
    title: requiredText("案件名", 100),
    leadTrainerId: z.string().trim().max(64).optional(),
    coTrainerEmails: z
      .string()
      .optional()
      .transform((s) =>
        (s ?? "")
          .split(/[\s,、，]+/u)
          .map((e) => e.trim().toLowerCase())
          .filter(Boolean),
      )
      .pipe(
        z
          .array(z.email("他のトレーナーのメールアドレスの形式が正しくありません。"))
          .max(10, "他のトレーナーは10人までです。"),
      ),
    contractingOrganization: requiredText("契約主体", 100),
    contractType: z.enum(CONTRACT_TYPES, { error: "契約形態を選択してください。" }),
    startFiscalYear: fiscalYear("開始年度"),
    endFiscalYear: fiscalYear("終了年度"),
    description: optionalMultilineText("業務内容", 2000),
    themes: z
      .array(z.enum(OJT_THEMES, { error: "OJTテーマの値が正しくありません。" }), {
        error: "OJTで担当できるテーマを1つ以上選択してください。",
      })
      .min(1, "OJTで担当できるテーマを1つ以上選択してください。"),
    ojtSlots: integerField("受入枠", { min: 0, max: 20, rangeMessage: "受入枠は0〜20人で入力してください。" }),
    confidentialityNote: requiredMultilineText("守秘義務に関する注意事項", 2000),
    status: z.enum(ENGAGEMENT_STATUSES, { error: "募集状況を選択してください。" }),
    // The contact at the city hall who confirms OJT entries through an e-mailed link.
    counterpartName: optionalText("自治体の担当者の氏名", 100),
    counterpartDepartment: optionalText("担当者の所属", 100),
    counterpartEmail: z
      .string()
      .trim()
      .max(254, "担当者のメールアドレスが長すぎます。")
      .optional()
      .transform((s) => (s ?? "").toLowerCase())
      // A refine, not a pipe into z.union([z.literal(""), z.email()]): Conform turns "" into
      // undefined inside a piped schema too, and the empty field would then be refused.
      .refine((s) => s === "" || z.email().safeParse(s).success, "担当者のメールアドレスの形式が正しくありません。"),
  })
  .superRefine((v, ctx) => {
    if (v.counterpartEmail && !v.counterpartName) {
      ctx.addIssue({
        code: "custom",
        path: ["counterpartName"],
        message: "担当者のメールアドレスを登録するときは、氏名も入力してください。",
      });
    }
    if (v.endFiscalYear < v.startFiscalYear) {
      ctx.addIssue({ code: "custom", path: ["endFiscalYear"], message: "終了年度は開始年度以降にしてください。" });
    }
    if (v.endFiscalYear - v.startFiscalYear > 10) {
      ctx.addIssue({ code: "custom", path: ["endFiscalYear"], message: "契約期間は10年度以内にしてください。" });
    }
  });
type CounterpartFields = "counterpartName" | "counterpartDepartment" | "counterpartEmail";
type EngagementOutput = z.infer<typeof EngagementSchema>;
/** The form always sends the counterpart fields; other callers (seed, tests) may leave them out. */
export type EngagementInput = Omit<EngagementOutput, CounterpartFields> &
  Partial<Pick<EngagementOutput, CounterpartFields>>;

export const EngagementSearchSchema = z.object({
  q: searchTextParam,
  status: choiceParam(ENGAGEMENT_STATUSES),
  prefecture: prefectureParam,
  theme: choiceParam(OJT_THEMES),
  contractType: choiceParam(CONTRACT_TYPES),
  page: pageParam,
});
export type EngagementSearch = z.infer<typeof EngagementSearchSchema>;

/** Staff's decision on a trainer's proposed counterpart contact (the proposal's time binds it to what was shown). */
export const CounterpartDecisionSchema = z
  .object({
    intent: z.enum(["accept-counterpart", "reject-counterpart"], { error: "操作を選んでください。" }),
    proposedAt: requiredText("提案の日時", 40),
    reason: optionalMultilineText("却下の理由", 1000),
  })
  .superRefine((v, ctx) => {
    if (v.intent === "reject-counterpart" && !v.reason) {
      ctx.addIssue({ code: "custom", path: ["reason"], message: "却下の理由を入力してください。" });
    }
  });
export type CounterpartDecision = z.infer<typeof CounterpartDecisionSchema>;
