import { Link } from "@remix-run/react";

/** My training: the understanding checks the trainee can take (or has passed). */
export function QuizLinks({
  quizzes,
}: {
  quizzes: { courseId: number; title: string; courseTitle: string; passed: boolean }[];
}) {
  if (quizzes.length === 0) return null;
  return (
    <section className="card mb-6" aria-labelledby="quizzes">
      <h2 id="quizzes" className="mb-2">
        理解度確認テスト
      </h2>
      <ul className="space-y-1">
        {quizzes.map((q) => (
          <li key={q.courseId}>
            <Link to={`/courses/${q.courseId}/quiz`}>
              {q.courseTitle}：{q.title}
            </Link>
            {q.passed ? "（合格済み）" : ""}
          </li>
        ))}
      </ul>
    </section>
  );
}
