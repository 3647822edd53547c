import { z } from "zod";
import { optionalText, requiredText } from "~/lib/schema";
import { normalizeRegistrationNumber, registrationNumberProblem } from "./registration-number";

const REGISTRATION_MESSAGES = {
  format: "登録番号は「T」と13桁の数字で入力してください（例：T1234567890123）。",
  check_digit: "登録番号が正しくありません（法人番号のチェックデジットが一致しません）。番号をご確認ください。",
} as const;

/** The issuer settings staff keep on /staff/issuer-settings. */
export const IssuerSettingsSchema = z.object({
  // Stored as typed, in NFC (decision 0009): NFKC would turn （デモ） into (デモ) and so change
  // what every later certificate prints. Only the registration number, a code, is NFKC.
  associationName: requiredText("団体名", 200),
  address: optionalText("所在地", 200),
  // Empty keeps the number unset; full-width digits and a lowercase t are accepted.
  registrationNumber: z
    .string({ error: "登録番号の値が正しくありません。" })
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
