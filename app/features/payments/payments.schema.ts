import { z } from "zod";
import { ACCOUNT_TYPES, DUE_BASES } from "./kinds";

const required = (label: string, max: number) =>
  z
    .string({ error: `${label}を入力してください。` })
    .transform((s) => s.normalize("NFKC").trim())
    .pipe(z.string().min(1, `${label}を入力してください。`).max(max, `${label}は${max}文字以内で入力してください。`));

// Katakana as banks print the account holder (全銀 characters): NFKC turns half-width ｶﾅ
// into full-width, so both are accepted and stored full-width.
const HOLDER_RE = /^[\u30A1-\u30F6\u30FC\u30FBA-Z0-9 ()（）.,\-/・]+$/u;

/** The bank account trainees pay course fees into, set by staff on /staff/payment-settings. */
export const PaymentSettingsSchema = z.object({
  bankName: required("金融機関名", 40),
  branchName: required("支店名", 40),
  accountType: z.enum(ACCOUNT_TYPES, { error: "口座種別を選んでください。" }),
  accountNumber: z
    .string({ error: "口座番号を入力してください。" })
    .transform((s) => s.normalize("NFKC").replace(/[\s-]/g, ""))
    .pipe(z.string().regex(/^[0-9]{1,7}$/, "口座番号は7桁以内の数字で入力してください。"))
    // Banks write account numbers with 7 digits: "12345" is "0012345".
    .transform((s) => s.padStart(7, "0")),
  accountHolderKana: z
    .string({ error: "口座名義（カナ）を入力してください。" })
    .transform((s) => s.normalize("NFKC").trim().replace(/\s+/g, " ").toUpperCase())
    .pipe(
      z
        .string()
        .min(1, "口座名義（カナ）を入力してください。")
        .max(60, "口座名義（カナ）は60文字以内で入力してください。")
        .regex(
          HOLDER_RE,
          "口座名義はカタカナで入力してください（例：イツパンシヤダンホウジン アイテイーシーキヨウカイ）。",
        ),
    ),
  dueBasis: z.enum(DUE_BASES, { error: "お支払い期限の基準を選んでください。" }),
  dueDays: z
    .string({ error: "お支払い期限の日数を入力してください。" })
    .transform((s) => s.normalize("NFKC").trim())
    .pipe(z.string().regex(/^[0-9]{1,2}$/, "お支払い期限の日数は0〜90の数字で入力してください。"))
    .transform(Number)
    .pipe(z.number().max(90, "お支払い期限の日数は0〜90の数字で入力してください。")),
  note: z
    .string()
    .optional()
    .transform((s) => (s ?? "").trim())
    .pipe(z.string().max(500, "補足は500文字以内で入力してください。")),
});
export type PaymentSettingsInput = z.output<typeof PaymentSettingsSchema>;
