import { z } from "zod";
import {
  isBlankText,
  normalizeTime,
  optionalMultilineText,
  optionalText,
  requiredMultilineText,
  requiredText,
  dateField,
} from "~/lib/schema";
import { PGL_PROCESSES, REFERENCE_KINDS } from "./labels";
import { minutesBetween } from "./sign-off";

// The logbook's forms, shared by the page and the action.

const idChoice = (message: string) =>
  z
    .string({ error: message })
    .regex(/^[1-9][0-9]{0,9}$/, message)
    .transform(Number);
const optionalIdChoice = (message: string) =>
  z
    .string()
    .optional()
    .transform((raw, ctx) => {
      if (raw === undefined || isBlankText(raw)) return null;
      if (!/^[1-9][0-9]{0,9}$/.test(raw)) {
        ctx.addIssue({ code: "custom", message, continue: true });
        return z.NEVER;
      }
      return Number(raw);
    });
const optionalTime = (label: string) =>
  z
    .string()
    .optional()
    .transform((raw, ctx) => {
      if (raw === undefined || isBlankText(raw)) return null;
      const s = normalizeTime(raw);
      if (/^([01][0-9]|2[0-3]):[0-5][0-9]$/.test(s)) return s;
      ctx.addIssue({
        code: "custom",
        message: `${label}は正しい時刻で入力してください（例：10:00）。`,
        continue: true,
      });
      return z.NEVER;
    });
const optionalDuration = z
  .string()
  .optional()
  .transform((raw, ctx) => {
    if (raw === undefined || isBlankText(raw)) return null;
    // Digits only: Number() would also take "1e3", "0x10" or " 60 " as minutes.
    const digits = raw.normalize("NFKC");
    const n = /^[0-9]{1,4}$/.test(digits) ? Number(digits) : NaN;
    if (Number.isInteger(n) && n >= 1 && n <= 1440) return n;
    ctx.addIssue({ code: "custom", message: "時間は1分から24時間の範囲で選択してください。", continue: true });
    return z.NEVER;
  });

/** The idempotency key of a draft: made by the page when the form is first shown. */
export const ClientKey = z
  .string()
  .regex(/^[A-Za-z0-9_-]{8,64}$/, "送信の識別子が正しくありません。画面を開き直してください。");

const entryFields = {
  workDate: dateField("実施日"),
  startTime: optionalTime("開始時刻"),
  endTime: optionalTime("終了時刻"),
  duration: optionalDuration,
  taskKindId: idChoice("作業の種類を選択してください。"),
  pglPhaseId: optionalIdChoice("PGLのフェーズの値が正しくありません。"),
  micRoleId: optionalIdChoice("MICスキル標準の役割の値が正しくありません。"),
  department: optionalText("担当部署", 100),
  activity: optionalMultilineText("実施内容", 4000),
  contribution: optionalMultilineText("トレーニーの貢献", 4000),
  reflection: optionalMultilineText("トレーニーの振り返り", 4000),
  trainerFeedback: optionalMultilineText("トレーナーのフィードバック", 4000),
};

type RawEntry = {
  startTime: string | null;
  endTime: string | null;
  duration: number | null;
};

/** Start and end times, or a duration, become `minutes` (times win when both are given). */
function withMinutes<T extends RawEntry>(v: T, ctx: z.RefinementCtx) {
  let minutes: number | null = null;
  if (v.startTime && v.endTime) {
    minutes = minutesBetween(v.startTime, v.endTime);
    if (minutes === null) {
      ctx.addIssue({ code: "custom", path: ["endTime"], message: "終了時刻は開始時刻より後にしてください。" });
      return z.NEVER;
    }
  } else if (v.startTime || v.endTime) {
    if (v.duration === null) {
      ctx.addIssue({
        code: "custom",
        path: [v.startTime ? "endTime" : "startTime"],
        message: "開始時刻と終了時刻の両方を入力するか、時間を選択してください。",
      });
      return z.NEVER;
    }
    minutes = v.duration;
  } else if (v.duration !== null) {
    minutes = v.duration;
  } else {
    ctx.addIssue({
      code: "custom",
      path: ["duration"],
      message: "時間を選択するか、開始時刻と終了時刻を入力してください。",
    });
    return z.NEVER;
  }
  const { duration: _duration, ...rest } = v;
  return { ...rest, minutes };
}

export const EntrySchema = z.object(entryFields).transform(withMinutes);
export type EntryInput = z.output<typeof EntrySchema>;

export const NewEntrySchema = z.object({ ...entryFields, clientKey: ClientKey.optional() }).transform(withMinutes);
export type NewEntryInput = z.output<typeof NewEntrySchema>;

/**
 * The revision of the entry a form was shown (decision 0027): a sign-off binds to what was
 * seen, so a form without it, or with another, is refused.
 */
const SeenRevision = z.coerce
  .number({ error: "記録の版が分かりません。画面を更新してから、もう一度操作してください。" })
  .int("記録の版が分かりません。画面を更新してから、もう一度操作してください。")
  .min(1, "記録の版が分かりません。画面を更新してから、もう一度操作してください。");

export const EditEntrySchema = z
  .object({ intent: z.literal("edit"), revision: SeenRevision, ...entryFields })
  .transform(withMinutes);

export const CorrectEntrySchema = z
  .object({
    intent: z.literal("correct"),
    revision: SeenRevision,
    ...entryFields,
    reason: requiredMultilineText("訂正の理由", 2000),
  })
  .transform(withMinutes);

export const ApproveSchema = z.object({
  intent: z.literal("approve"),
  revision: SeenRevision,
  trainerFeedback: optionalMultilineText("トレーナーのフィードバック", 4000),
});

export const ReturnSchema = z.object({
  intent: z.literal("return"),
  revision: SeenRevision,
  comment: requiredMultilineText("差戻しのコメント", 2000),
});

export const BulkApproveSchema = z.object({
  entryIds: z
    .array(
      z
        .string()
        // "<entry id>:<revision shown>": each entry is approved only as it was listed.
        .regex(/^[1-9][0-9]{0,9}:[1-9][0-9]{0,9}$/, "選択の値が正しくありません。画面を更新してください。")
        .transform((v) => {
          const [id, revision] = v.split(":").map(Number);
          return { id: id!, revision: revision! };
        }),
      {
        error: "承認する記録を1件以上選択してください。",
      },
    )
    .min(1, "承認する記録を1件以上選択してください。")
    .max(100, "一度に承認できるのは100件までです。"),
});

export const ReferenceKindSchema = z.enum(REFERENCE_KINDS, { error: "一覧の種類が正しくありません。" });

export const ReferenceAddSchema = z.object({
  intent: z.literal("add"),
  kind: ReferenceKindSchema,
  label: requiredText("名前", 60),
  process: z.enum(PGL_PROCESSES, { error: "プロセスの値が正しくありません。" }).optional(),
});
export const ReferenceRenameSchema = z.object({
  intent: z.literal("rename"),
  kind: ReferenceKindSchema,
  id: idChoice("項目が見つかりません。"),
  label: requiredText("名前", 60),
});
export const ReferenceMoveSchema = z.object({
  intent: z.enum(["up", "down"]),
  kind: ReferenceKindSchema,
  id: idChoice("項目が見つかりません。"),
});
export const ReferenceActiveSchema = z.object({
  intent: z.enum(["deactivate", "activate"]),
  kind: ReferenceKindSchema,
  id: idChoice("項目が見つかりません。"),
});
