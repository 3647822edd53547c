import { z } from "zod";
import { optionalMultilineText, requiredMultilineText } from "~/lib/schema";

// Forms of certification (shared by the pages and their actions), with Japanese messages.

// NFC, newlines kept; control characters and bidi overrides refused (a reason may be published
// on /verify).
const reason = requiredMultilineText("理由", 1000);

const id = (message: string) =>
  z
    .string({ error: message })
    .regex(/^[1-9][0-9]{0,9}$/, message)
    .transform(Number);

export const CertifySchema = z.object({
  intent: z.literal("certify"),
  subjectIds: z
    .array(id("選択の値が正しくありません。"), { error: "認定する人を1人以上選択してください。" })
    .min(1, "認定する人を1人以上選択してください。")
    .max(200, "一度に認定できるのは200人までです。"),
});

export const DeclineSchema = z.object({
  intent: z.literal("decline"),
  subjectId: id("対象が正しくありません。"),
  reason,
});

export const CertificateStatusSchema = z.object({
  intent: z.enum(["suspend", "reinstate", "revoke"], { error: "操作が正しくありません。" }),
  reason: optionalMultilineText("理由", 1000),
  publish: z.boolean({ error: "理由を公開するかどうかの指定が正しくありません。" }).optional().default(false),
});

export const CriteriaFormSchema = z.object({
  kinds: z.array(z.string(), { error: "条件を1つ以上選んでください。" }).min(1, "条件を1つ以上選んでください。"),
  approved_hours_at_least: z.string().optional(),
  task_kinds_at_least: z.string().optional(),
  pgl_phases_at_least: z.string().optional(),
});
