import { describe, expect, it } from "vitest";
import { summarizeQuestionnaire, type QuestionnaireAnswers } from "./questionnaire-summary";

function answer(over: Partial<QuestionnaireAnswers>): QuestionnaireAnswers {
  return {
    overall_rating: 3,
    content_rating: 3,
    instructor_rating: 3,
    usefulness_rating: 3,
    good_points: "",
    improvements: "",
    submitted_at: "2026-05-20T09:00:00.000Z",
    ...over,
  };
}

describe("summarizeQuestionnaire", () => {
  it("averages each question to one decimal and counts how the answers spread", () => {
    const s = summarizeQuestionnaire([
      answer({ overall_rating: 5, content_rating: 4 }),
      answer({ overall_rating: 4, content_rating: 4 }),
      answer({ overall_rating: 4, content_rating: 1 }),
    ]);
    expect(s.responseCount).toBe(3);
    const overall = s.ratings.find((r) => r.name === "overallRating")!;
    expect(overall.label).toBe("研修全体の満足度");
    expect(overall.average).toBe(4.3);
    expect(overall.distribution).toEqual([0, 0, 0, 2, 1]);
    const content = s.ratings.find((r) => r.name === "contentRating")!;
    expect(content.average).toBe(3);
    expect(content.distribution).toEqual([1, 0, 0, 2, 0]);
  });

  it("keeps the order of the questionnaire", () => {
    const names = summarizeQuestionnaire([answer({})]).ratings.map((r) => r.name);
    expect(names).toEqual(["overallRating", "contentRating", "instructorRating", "usefulnessRating"]);
  });

  it("lists non-empty comments newest first, trimmed and without names", () => {
    const s = summarizeQuestionnaire([
      answer({ good_points: "事例が具体的", submitted_at: "2026-05-20T09:00:00.000Z" }),
      answer({ good_points: "  ", improvements: "時間が短い", submitted_at: "2026-05-22T09:00:00.000Z" }),
      answer({ good_points: " グループ討議 ", submitted_at: "2026-05-21T09:00:00.000Z" }),
    ]);
    expect(s.goodPoints).toEqual(["グループ討議", "事例が具体的"]);
    expect(s.improvements).toEqual(["時間が短い"]);
  });

  it("has no averages when nobody answered", () => {
    const s = summarizeQuestionnaire([]);
    expect(s.responseCount).toBe(0);
    expect(s.ratings.every((r) => r.average === null && r.distribution.every((n) => n === 0))).toBe(true);
    expect(s.goodPoints).toEqual([]);
  });
});
