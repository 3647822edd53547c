import type { Database } from "../../app/db.server";
import { QuestionSchema, QuizSettingsSchema } from "../../app/features/assessment/assessment.schema";
import { addQuestion, saveQuizSettings } from "../../app/features/assessment/quiz.server";
import { SEED_CATALOG } from "./catalog";

/** The basic course's understanding check: five questions on its common language. */
const QUESTIONS: { prompt: string; choices: string[]; correct: number; explanation: string }[] = [
  {
    prompt: "地方公共団体の基幹業務システムの標準化で、標準準拠システムへの移行の目標とされた時期はどれですか。",
    choices: ["2022年度末", "2025年度末", "2030年度末"],
    correct: 2,
    explanation: "地方公共団体情報システムの標準化に関する法律に基づき、2025年度末までの移行が目標とされました。",
  },
  {
    prompt: "自治体で新しいシステムを導入するとき、最初に確認すべきことはどれですか。",
    choices: ["ベンダーの提案内容", "予算の裏付け（予算措置の時期）", "職員の好み"],
    correct: 2,
    explanation:
      "自治体の事業は予算ありきです。当初予算・補正予算のどちらで措置するかで、年間スケジュールが決まります。",
  },
  {
    prompt: "自治体の業務の根拠として、ITCが常に確認すべきものはどれですか。",
    choices: ["法律・条例", "前任者のメモ", "他の自治体のホームページ"],
    correct: 1,
    explanation: "自治体の業務はすべて法律・条例に根拠があります。根拠を確かめてから助言します。",
  },
  {
    prompt: "当初予算の要求が庁内で本格化するのは、一般的にどの時期ですか。",
    choices: ["4月〜5月", "10月〜12月", "2月〜3月"],
    correct: 2,
    explanation: "多くの自治体で、翌年度の当初予算要求は秋（10月〜12月）に行われ、3月議会で議決されます。",
  },
  {
    prompt: "ITCプロセスガイドラインで「IT資源調達」が属するプロセスはどれですか。",
    choices: ["IT経営認識プロセス", "IT経営実現プロセス", "IT経営共通プロセス"],
    correct: 2,
    explanation: "IT資源調達は、経営戦略・IT戦略策定・IT導入・ITサービス活用とともにIT経営実現プロセスに属します。",
  },
];

export async function seedAssessment(db: Database, staffId: string): Promise<void> {
  const courseId = SEED_CATALOG.courses.basic;
  const settings = (published: boolean) =>
    QuizSettingsSchema.parse({
      intent: "settings",
      title: "自治体ビジネス基礎研修 理解度確認テスト",
      passPercent: 80,
      maxAttempts: 3,
      published,
    });
  await saveQuizSettings(db, courseId, settings(false), staffId);
  for (const q of QUESTIONS)
    await addQuestion(db, courseId, QuestionSchema.parse({ intent: "add-question", ...q }), staffId);
  await saveQuizSettings(db, courseId, settings(true), staffId);
}
