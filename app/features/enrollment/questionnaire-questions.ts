// The questionnaire's questions and rating labels: shown by the form and the summaries (in the
// browser too), and used by the schema. No zod here, so pages showing them stay light.

export const QUESTIONNAIRE_QUESTIONS = [
  { name: "overallRating", label: "研修全体の満足度" },
  { name: "contentRating", label: "内容の分かりやすさ" },
  { name: "instructorRating", label: "講師の説明" },
  { name: "usefulnessRating", label: "今後の業務への役立ち度" },
] as const;

export const RATING_LABELS: Record<number, string> = {
  5: "5 とても良い",
  4: "4 良い",
  3: "3 普通",
  2: "2 あまり良くない",
  1: "1 良くない",
};
