import { listSearchParam } from "~/lib/record-list";
import { z } from "zod";
import { ENROLLMENT_STATUSES } from "~/features/vocabulary/enrollment-statuses";
import { choiceParam, pageParam } from "~/lib/list-query";
import { optionalMultilineText, requiredMultilineText } from "~/lib/schema";

function rating(label: string) {
  return z
    .number({ error: `「${label}」を1〜5から選んでください。` })
    .int(`「${label}」を1〜5から選んでください。`)
    .min(1, `「${label}」を1〜5から選んでください。`)
    .max(5, `「${label}」を1〜5から選んでください。`);
}

function freeText(label: string) {
  return optionalMultilineText(label, 2000);
}

// The labels live apart from the schema so that pages can show them without shipping zod.
export { QUESTIONNAIRE_QUESTIONS, RATING_LABELS } from "./questionnaire-questions";

export const QuestionnaireSchema = z.object({
  overallRating: rating("研修全体の満足度"),
  contentRating: rating("内容の分かりやすさ"),
  instructorRating: rating("講師の説明"),
  usefulnessRating: rating("今後の業務への役立ち度"),
  goodPoints: freeText("良かった点"),
  improvements: freeText("改善してほしい点"),
});
export type QuestionnaireInput = z.output<typeof QuestionnaireSchema>;

/** The trainee's enrol / cancel buttons on a course page. */
export const EnrollActionSchema = z.object({
  intent: z.enum(["enrol", "cancel"], { error: "操作が正しくありません。" }),
  cohortId: z.number({ error: "開催回を指定してください。" }).int().positive(),
  /** Sent only by the confirmation page: an application needs its facts to have been shown. */
  confirmed: z.literal("yes").optional(),
});

/**
 * The second step of an application for a course the trainee already completed, on a course
 * that allows a repeat (decision 0034): why, and an explicit confirmation.
 */
export const RepeatEnrollmentSchema = z.object({
  repeatReason: requiredMultilineText("再受講の理由", 500),
  repeatConfirmed: z.literal("yes", {
    error: "修了済みの講座をもう一度受講することを確認し、チェックを入れてください。",
  }),
});
export type RepeatEnrollment = { reason: string };

/** The confirmation page's form when the application repeats a completed course. */
export const RepeatEnrollFormSchema = RepeatEnrollmentSchema.extend({
  confirmed: z.literal("yes", { error: "申込内容の確認画面からお申し込みください。" }),
});

export const REPEAT_MESSAGES = {
  refused: (cohortName: string) =>
    `この講座は修了済みです（${cohortName}）。この講座は再受講を受け付けていないため、申し込めません。`,
  needsReason: "この講座は修了済みです。再受講するには、理由を書き、再受講の確認にチェックを入れてお申し込みください。",
} as const;

export const ENROLL_NOT_CONFIRMED_MESSAGE =
  "申込内容（受講料・日程・キャンセル期限・修了要件）の確認画面を表示してから、お申し込みください。";

/** Staff actions on one enrolment of a roster. */
/** A roster button: one form around the whole roster, each button says `approve:<id>` or `paid:<id>`. */
export const RosterOperationSchema = z
  .object({ op: z.string().regex(/^(approve|paid):[1-9][0-9]{0,15}$/, "操作が正しくありません。") })
  .transform(({ op }) => {
    const [intent, id] = op.split(":");
    return { intent: intent as "approve" | "paid", enrollmentId: Number(id) };
  });

export const StaffEnrollmentActionSchema = z.discriminatedUnion("intent", [
  z.object({ intent: z.literal("approve"), enrollmentId: z.number().int().positive() }),
  z.object({ intent: z.literal("paid"), enrollmentId: z.number().int().positive() }),
  z.object({ intent: z.literal("unpaid"), enrollmentId: z.number().int().positive() }),
  z.object({
    intent: z.literal("cancel"),
    enrollmentId: z.number().int().positive(),
    reason: optionalMultilineText("取消の理由", 500),
  }),
  z.object({
    intent: z.literal("move"),
    enrollmentId: z.number().int().positive(),
    targetCohortId: z.number({ error: "移動先の開催回を選んでください。" }).int().positive(),
  }),
]);

export const RosterQuerySchema = z.object({
  status: choiceParam(ENROLLMENT_STATUSES),
  page: pageParam,
  q: listSearchParam,
});
