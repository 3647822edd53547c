import { QUESTIONNAIRE_QUESTIONS } from "./questionnaire-questions";

export type QuestionnaireAnswers = {
  overall_rating: number;
  content_rating: number;
  instructor_rating: number;
  usefulness_rating: number;
  good_points: string;
  improvements: string;
  submitted_at: string;
};

const COLUMN: Record<(typeof QUESTIONNAIRE_QUESTIONS)[number]["name"], keyof QuestionnaireAnswers> = {
  overallRating: "overall_rating",
  contentRating: "content_rating",
  instructorRating: "instructor_rating",
  usefulnessRating: "usefulness_rating",
};

export type RatingSummary = {
  name: (typeof QUESTIONNAIRE_QUESTIONS)[number]["name"];
  label: string;
  /** Mean of the answers, one decimal; null when nobody answered. */
  average: number | null;
  /** How many answered 1, 2, 3, 4 and 5 (index 0 is rating 1). */
  distribution: [number, number, number, number, number];
};

/**
 * A cohort's 受講アンケート in aggregate: per question the mean and how the answers spread,
 * and the free-text comments without names (instructors see this page too), newest first.
 */
export function summarizeQuestionnaire(responses: ReadonlyArray<QuestionnaireAnswers>) {
  const ratings: RatingSummary[] = QUESTIONNAIRE_QUESTIONS.map((q) => {
    const distribution: RatingSummary["distribution"] = [0, 0, 0, 0, 0];
    let sum = 0;
    for (const r of responses) {
      const v = r[COLUMN[q.name]] as number;
      distribution[v - 1]! += 1;
      sum += v;
    }
    const average = responses.length === 0 ? null : Math.round((sum / responses.length) * 10) / 10;
    return { name: q.name, label: q.label, average, distribution };
  });
  const newestFirst = [...responses].sort((a, b) => b.submitted_at.localeCompare(a.submitted_at));
  const comments = (key: "good_points" | "improvements") =>
    newestFirst.map((r) => r[key].trim()).filter((text) => text.length > 0);
  return {
    responseCount: responses.length,
    ratings,
    goodPoints: comments("good_points"),
    improvements: comments("improvements"),
  };
}

export type QuestionnaireSummary = ReturnType<typeof summarizeQuestionnaire>;
