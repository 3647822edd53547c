import { z } from "zod";
import { normalizeRegistrationNumber, registrationNumberProblem } from "./registration-number";

const REGISTRATION_MESSAGES = {
  format: "登録番号は「T」と13桁の数字で入力してください（例：T1234567890123）。",
  check_digit: "登録番号が正しくありません（法人番号のチェックデジットが一致しません）。番号をご確認ください。",
} as const;

/** The issuer settings staff keep on /staff/issuer-settings. */
export const IssuerSettingsSchema = z.object({
  associationName: z
    .string({ error: "団体名を入力してください。" })
    .transform((s) => s.normalize("NFKC").trim())
    .pipe(z.string().min(1, "団体名を入力してください。").max(200, "団体名は200文字以内で入力してください。")),
  address: z
    .string()
    .optional()
    .transform((s) => (s ?? "").normalize("NFKC").trim())
    .pipe(z.string().max(200, "所在地は200文字以内で入力してください。")),
  // Empty keeps the number unset; full-width digits and a lowercase t are accepted.
  registrationNumber: z
    .string()
    .optional()
    .transform((s) => normalizeRegistrationNumber(s ?? ""))
    .superRefine((s, ctx) => {
      if (s === "") return;
      const problem = registrationNumberProblem(s);
      if (problem) ctx.addIssue({ code: "custom", message: REGISTRATION_MESSAGES[problem] });
    })
    .transform((s) => (s === "" ? null : s)),
});
export type IssuerSettingsInput = z.output<typeof IssuerSettingsSchema>;
