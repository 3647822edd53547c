import { z } from "zod";
import { integerField, optionalMultilineText, optionalText, requiredMultilineText, requiredText } from "~/lib/schema";
import { EVALUATION_KINDS, RECOMMENDATIONS } from "./labels";

/**
 * An evaluation form: a level and a comment per criterion, an overall comment and (final only)
 * the recommendation. "save" keeps a draft with gaps; "submit" requires every level and, for
 * the final evaluation, a recommendation (with a reason when it is "not yet").
 */
export const EvaluationSchema = z
  .object({
    intent: z.enum(["save", "submit"], { error: "操作の種類が正しくありません。" }),
    kind: z.enum(EVALUATION_KINDS, { error: "評価の種類が正しくありません。" }),
    scores: z
      .array(
        z.object(
          {
            criterionId: z.number({ error: "評価の観点が正しくありません。" }).int().positive(),
            level: z
              .number({ error: "レベルは1〜4から選んでください。" })
              .int("レベルは1〜4から選んでください。")
              .min(1, "レベルは1〜4から選んでください。")
              .max(4, "レベルは1〜4から選んでください。")
              .optional(),
            comment: optionalMultilineText("コメント", 2000),
          },
          // A gap in the list (a crafted "scores[99]" leaves scores[0..98] empty) answers in Japanese.
          { error: "評価の観点が正しくありません。ページを読み込み直して、もう一度送信してください。" },
        ),
      )
      .max(50, "評価の観点が多すぎます。")
      .default([]),
    overallComment: optionalMultilineText("総評", 4000),
    recommendation: z.enum(RECOMMENDATIONS, { error: "修了の推薦を選んでください。" }).optional(),
    recommendationReason: optionalMultilineText("推薦についての理由", 2000),
  })
  .superRefine((v, ctx) => {
    if (v.kind !== "final" && v.recommendation)
      ctx.addIssue({ code: "custom", path: ["recommendation"], message: "修了の推薦は最終評価でのみ記入します。" });
    if (v.intent !== "submit") return;
    v.scores.forEach((s, i) => {
      if (s.level == null)
        ctx.addIssue({
          code: "custom",
          path: ["scores", i, "level"],
          message: "提出するには、すべての観点のレベルを選んでください。",
        });
    });
    if (!v.overallComment)
      ctx.addIssue({ code: "custom", path: ["overallComment"], message: "提出するには、総評を入力してください。" });
    if (v.kind === "final" && !v.recommendation)
      ctx.addIssue({
        code: "custom",
        path: ["recommendation"],
        message: "最終評価では、修了を推薦するかどうかを選んでください。",
      });
    if (v.kind === "final" && v.recommendation === "not_yet" && !v.recommendationReason)
      ctx.addIssue({
        code: "custom",
        path: ["recommendationReason"],
        message: "まだ推薦しない場合は、その理由を入力してください。",
      });
  });
export type EvaluationInput = z.infer<typeof EvaluationSchema>;

/** Staff edit one criterion of the rubric: its label, description, the four descriptors, active. */
export const CriterionSchema = z.object({
  intent: z.literal("criterion"),
  criterionId: z.number().int().positive().optional(),
  micRoleId: z.number().int().positive().optional(),
  label: requiredText("観点の名前", 60),
  description: optionalMultilineText("説明", 500),
  descriptor1: requiredText("レベル1の説明", 300),
  descriptor2: requiredText("レベル2の説明", 300),
  descriptor3: requiredText("レベル3の説明", 300),
  descriptor4: requiredText("レベル4の説明", 300),
  active: z.boolean().optional().default(false),
});
export type CriterionInput = z.infer<typeof CriterionSchema>;

/** Staff set up a course's understanding check. */
export const QuizSettingsSchema = z.object({
  intent: z.literal("settings"),
  title: requiredText("テストの名前", 100),
  passPercent: integerField("合格点（％）", { min: 1, max: 100, rangeMessage: "合格点は1〜100％で入力してください。" }),
  maxAttempts: integerField("受験できる回数", {
    min: 1,
    max: 10,
    rangeMessage: "受験できる回数は1〜10回で入力してください。",
  }),
  /** How many of the bank's questions an attempt asks; blank = all (at most the bank: checked on save). */
  questionsPerAttempt: integerField("1回の出題数", {
    min: 1,
    max: 100,
    rangeMessage: "1回の出題数は1〜100問で入力してください（空欄なら全問）。",
  }).optional(),
  published: z.boolean().optional().default(false),
});
export type QuizSettingsInput = z.infer<typeof QuizSettingsSchema>;

/** A multiple-choice question: two to five choices, one of them correct, and the explanation. */
export const QuestionSchema = z
  .object({
    intent: z.literal("add-question"),
    prompt: requiredMultilineText("問題文", 1000),
    choices: z
      .array(optionalText("選択肢", 300), { error: "選択肢を2つ以上入力してください。" })
      .max(5, "選択肢は5つまでです。")
      .default([]),
    correct: z
      .number({ error: "正解の選択肢を選んでください。" })
      .int("正解の選択肢を選んでください。")
      .min(1, "正解の選択肢を選んでください。")
      .max(5, "正解の選択肢を選んでください。"),
    explanation: requiredMultilineText("解説", 2000),
  })
  .superRefine((v, ctx) => {
    const filled = v.choices.filter((c) => c.length > 0);
    if (filled.length < 2)
      ctx.addIssue({ code: "custom", path: ["choices"], message: "選択肢を2つ以上入力してください。" });
    if (!v.choices[v.correct - 1])
      ctx.addIssue({ code: "custom", path: ["correct"], message: "正解には、入力した選択肢を選んでください。" });
  });
export type QuestionInput = z.infer<typeof QuestionSchema>;

export const RetireQuestionSchema = z.object({
  intent: z.literal("retire-question"),
  questionId: z.number({ error: "問題が見つかりません。" }).int().positive(),
});

/** A trainee's answers: one choice per question (names answers[i].questionId / answers[i].choiceId). */
export const QuizAnswersSchema = z.object({
  answers: z
    .array(
      z.object({
        questionId: z.number({ error: "問題が正しくありません。" }).int().positive(),
        choiceId: z.number({ error: "すべての問題に回答してください。" }).int().positive(),
      }),
      { error: "すべての問題に回答してください。" },
    )
    .min(1, "すべての問題に回答してください。")
    .max(100, "回答が多すぎます。"),
});
export type QuizAnswersInput = z.infer<typeof QuizAnswersSchema>;
