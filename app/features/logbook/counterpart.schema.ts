import { z } from "zod";
import { integerField, optionalMultilineText, optionalText, requiredText } from "~/lib/schema";

const contactEmail = z
  .string({ error: "メールアドレスを入力してください。" })
  .trim()
  .min(1, "メールアドレスを入力してください。")
  .max(254, "メールアドレスが長すぎます。")
  .pipe(z.email("メールアドレスの形式が正しくありません。"))
  .transform((s) => s.toLowerCase());

/** What the counterpart states on the public page. */
export const CounterpartResponseSchema = z
  .object({
    decision: z.enum(["confirm", "decline"], { error: "「確認しました」か「確認できない」を選んでください。" }),
    responderName: requiredText("お名前", 100),
    responderDepartment: optionalText("ご所属", 100),
    declineReason: optionalMultilineText("理由", 2000),
  })
  .superRefine((v, ctx) => {
    if (v.decision === "decline" && !v.declineReason) {
      ctx.addIssue({ code: "custom", path: ["declineReason"], message: "確認できない理由を入力してください。" });
    }
  });
export type CounterpartResponse = z.infer<typeof CounterpartResponseSchema>;

/** Staff re-route a pending request to the engagement's new contact. */
export const RerouteSchema = z.object({
  counterpartName: requiredText("新しい担当者の氏名", 100),
  counterpartDepartment: optionalText("所属", 100),
  counterpartEmail: contactEmail,
});
export type RerouteInput = z.infer<typeof RerouteSchema>;

export const ReminderDaysSchema = z.object({
  counterpartReminderDays: integerField("催促までの日数", {
    min: 1,
    max: 30,
    rangeMessage: "催促までの日数は1〜30日で入力してください。",
  }),
});
