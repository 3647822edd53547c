import { z } from "zod";
import { OJT_THEMES } from "~/features/vocabulary/ojt-kinds";
import { CONTRACT_TYPES, ENGAGEMENT_STATUSES } from "~/features/vocabulary/engagement-kinds";
import { choiceParam, pageParam, prefectureParam, searchTextParam } from "~/lib/list-query";

const fiscalYear = (label: string) =>
  z.coerce
    .number({ error: `${label}を選択してください。` })
    .int(`${label}を選択してください。`)
    .min(2000, `${label}を選択してください。`)
    .max(2100, `${label}を選択してください。`);

export const EngagementSchema = z
  .object({
    municipality: z
      .string({ error: "自治体を入力してください。" })
      .trim()
      .min(1, "自治体を入力してください。")
      .max(40, "自治体は地方公共団体コード（6桁）または団体名で入力してください。"),
    title: z
      .string({ error: "案件名を入力してください。" })
      .trim()
      .min(1, "案件名を入力してください。")
      .max(100, "案件名は100文字以内で入力してください。"),
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
    contractingOrganization: z
      .string({ error: "契約主体を入力してください。" })
      .trim()
      .min(1, "契約主体を入力してください。")
      .max(100, "契約主体は100文字以内で入力してください。"),
    contractType: z.enum(CONTRACT_TYPES, { error: "契約形態を選択してください。" }),
    startFiscalYear: fiscalYear("開始年度"),
    endFiscalYear: fiscalYear("終了年度"),
    description: z
      .string()
      .trim()
      .max(2000, "業務内容は2,000文字以内で入力してください。")
      .optional()
      .transform((s) => s ?? ""),
    themes: z
      .array(z.enum(OJT_THEMES, { error: "OJTテーマの値が正しくありません。" }), {
        error: "OJTで担当できるテーマを1つ以上選択してください。",
      })
      .min(1, "OJTで担当できるテーマを1つ以上選択してください。"),
    ojtSlots: z.coerce
      .number({ error: "受入枠を入力してください。" })
      .int("受入枠は整数で入力してください。")
      .min(0, "受入枠は0〜20人で入力してください。")
      .max(20, "受入枠は0〜20人で入力してください。"),
    confidentialityNote: z
      .string({ error: "守秘義務に関する注意事項を入力してください。" })
      .trim()
      .min(1, "守秘義務に関する注意事項を入力してください。")
      .max(2000, "守秘義務に関する注意事項は2,000文字以内で入力してください。"),
    status: z.enum(ENGAGEMENT_STATUSES, { error: "募集状況を選択してください。" }),
  })
  .superRefine((v, ctx) => {
    if (v.endFiscalYear < v.startFiscalYear) {
      ctx.addIssue({ code: "custom", path: ["endFiscalYear"], message: "終了年度は開始年度以降にしてください。" });
    }
    if (v.endFiscalYear - v.startFiscalYear > 10) {
      ctx.addIssue({ code: "custom", path: ["endFiscalYear"], message: "契約期間は10年度以内にしてください。" });
    }
  });
export type EngagementInput = z.infer<typeof EngagementSchema>;

export const EngagementSearchSchema = z.object({
  q: searchTextParam,
  status: choiceParam(ENGAGEMENT_STATUSES),
  prefecture: prefectureParam,
  theme: choiceParam(OJT_THEMES),
  contractType: choiceParam(CONTRACT_TYPES),
  page: pageParam,
});
export type EngagementSearch = z.infer<typeof EngagementSearchSchema>;
