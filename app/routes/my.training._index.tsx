import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { db } from "~/db.server";
import { requireRole } from "~/features/auth/session.server";
import { StatusBadge } from "~/features/catalog/components/badges";
import { dateRangeJa } from "~/features/catalog/components/session-list";
import { formatYen } from "~/features/vocabulary/course-kinds";
import { checkCompletion } from "~/features/enrollment/completion";
import { myTraining, myUpcomingSessions } from "~/features/enrollment/enrollment.server";
import { CANCEL_REASON_LABELS } from "~/features/vocabulary/enrollment-statuses";
import { DocumentList } from "~/features/invoices/components/document-list";
import { documentsOfTrainee } from "~/features/invoices/invoices.server";
import { PaymentDetails } from "~/features/payments/components/payment-details";
import { paymentDueDate } from "~/features/payments/instructions";
import { getPaymentSettings } from "~/features/payments/settings.server";
import { formatDateJa, formatFiscalYear, todayInTokyo } from "~/lib/dates";
import { prefectureName } from "~/lib/local-gov-code";
import { EmptyState, PageHeader } from "~/ui/layout";
import { Notice } from "~/ui/notice";

import { QuizLinks } from "~/features/assessment/components/quiz-links";
import { quizzesAvailableTo } from "~/features/assessment/quiz.server";

export const meta: MetaFunction = () => [{ title: "マイ研修 | ITC研修ポータル" }];

export async function loader({ request, context }: LoaderFunctionArgs) {
  const user = await requireRole({ request, context }, "trainee");
  const today = todayInTokyo();
  const [enrollments, upcoming, payment, quizzes, documents] = await Promise.all([
    myTraining(db(), user.id),
    myUpcomingSessions(db(), user.id, today),
    getPaymentSettings(db()),
    quizzesAvailableTo(db(), user.id),
    documentsOfTrainee(db(), user.id),
  ]);
  return { enrollments, upcoming, today, payment, quizzes, documents };
}

function Check({ ok, children }: { ok: boolean; children: React.ReactNode }) {
  return (
    <li className="flex items-start gap-2">
      <span aria-hidden="true" className={ok ? "text-green-1000" : "text-solid-gray-600"}>
        {ok ? "✓" : "・"}
      </span>
      <span>
        {children}
        <span className="sr-only">{ok ? "（完了）" : "（未完了）"}</span>
      </span>
    </li>
  );
}

export default function MyTraining() {
  const { enrollments, upcoming, today, payment, quizzes, documents } = useLoaderData<typeof loader>();
  // Completed courses are history: a compact table, so ten years of it stay short.
  const active = enrollments.filter((e) => e.status !== "cancelled" && !e.completed_at);
  const completed = enrollments.filter((e) => e.completed_at);
  const cancelled = enrollments.filter((e) => e.status === "cancelled");
  return (
    <div>
      <PageHeader
        title="マイ研修"
        lead="申し込んだ研修の日程・状況・修了要件を確認できます。"
        actions={
          <>
            <Link to="/courses" className="btn-secondary">
              研修を探す
            </Link>
            <Link to="/my/points" className="btn-secondary">
              実践力ポイント
            </Link>
          </>
        }
      />
      <Notice page="myTraining" />
      <QuizLinks quizzes={quizzes} />
      <section className="card mb-8" aria-labelledby="upcoming-heading">
        <h2 id="upcoming-heading" className="mb-3">
          これからの受講日
        </h2>
        {upcoming.length === 0 ? (
          <p>予定されている受講日はありません。</p>
        ) : (
          <ul className="divide-y divide-solid-gray-200">
            {upcoming.map((s) => (
              <li key={s.id} className="py-2">
                <p className="font-bold">
                  {formatDateJa(s.date)} {s.start_time}〜{s.end_time}
                  {s.date === today ? <span className="badge ml-2 bg-yellow-100 text-yellow-1200">本日</span> : null}
                </p>
                <p>
                  {s.course_title} {s.cohort_name}
                  {s.topic ? `：${s.topic}` : ""}
                </p>
                <p className="text-dns-14N-130 text-solid-gray-700">
                  {s.prefecture_code ? `${prefectureName(s.prefecture_code)} ${s.venue}` : "オンライン"}
                </p>
              </li>
            ))}
          </ul>
        )}
      </section>

      <section aria-labelledby="enrollments-heading">
        <h2 id="enrollments-heading" className="mb-4">
          申し込んだ研修
        </h2>
        {active.length === 0 ? (
          <EmptyState title={completed.length ? "受講中・申込中の研修はありません" : "申し込んだ研修はまだありません"}>
            <Link to="/courses">研修を探す</Link>から申し込めます。
          </EmptyState>
        ) : (
          <ul className="space-y-4">
            {active.map((e) => {
              const check = checkCompletion({
                status: e.status,
                sessionCount: e.session_count,
                attended: e.attended ?? 0,
                minSessionsAttended: e.min_sessions_attended,
                questionnaireSubmitted: e.questionnaire_submitted_at !== null,
                feeYen: e.fee_yen,
                paid: e.paid_at !== null,
              });
              const questionnaireOpen =
                e.status === "enrolled" &&
                !e.questionnaire_submitted_at &&
                e.last_session_date !== null &&
                today >= e.last_session_date;
              return (
                <li key={e.id} className="card" data-testid={`enrollment-${e.id}`}>
                  <div className="flex flex-col gap-2 md:flex-row md:justify-between">
                    <div>
                      <h3>
                        <Link to={`/courses/${e.course_id}#cohort-${e.cohort_id}`}>{e.course_title}</Link>
                      </h3>
                      <p>
                        {e.cohort_name}・{dateRangeJa(e.first_session_date, e.last_session_date)}
                      </p>
                      <p className="text-dns-14N-130 text-solid-gray-700">
                        {e.prefecture_code ? `${prefectureName(e.prefecture_code)} ${e.venue}` : "オンライン"}
                        {e.meeting_url ? (
                          <>
                            {" "}
                            <a href={e.meeting_url} rel="noopener noreferrer">
                              参加用リンク
                            </a>
                          </>
                        ) : null}
                      </p>
                    </div>
                    <div>
                      <StatusBadge status={e.status} position={e.waitlist_position} />
                    </div>
                  </div>
                  {e.status === "enrolled" ? (
                    <ul className="mt-3 space-y-1" aria-label="修了要件">
                      <Check ok={check.attendanceMet}>
                        出席 {e.attended ?? 0}／{check.requiredSessions}日
                        {check.requiredSessions < e.session_count ? `（全${e.session_count}日中）` : ""}
                      </Check>
                      <Check ok={check.questionnaireMet}>受講アンケート</Check>
                      <Check ok={check.feeMet}>
                        受講料 {formatYen(e.fee_yen)}
                        {e.fee_yen > 0 ? (e.paid_at ? "（入金確認済み）" : "（入金確認待ち）") : ""}
                      </Check>
                    </ul>
                  ) : null}
                  {e.fee_yen > 0 && !e.paid_at && (e.status === "enrolled" || e.status === "pending") ? (
                    <section
                      className="mt-3 rounded-8 border border-solid-gray-300 p-3"
                      aria-labelledby={`payment-${e.id}`}
                      data-testid={`payment-${e.id}`}
                    >
                      <h4 id={`payment-${e.id}`} className="mb-1 text-std-16B-170">
                        受講料 {formatYen(e.fee_yen)} のお支払い
                        {e.status === "pending" ? "（事務局の承認後にお振り込みください）" : ""}
                      </h4>
                      <PaymentDetails
                        settings={payment}
                        dueDate={
                          payment
                            ? paymentDueDate(payment, {
                                enrolledAt: e.enrolled_at,
                                firstSessionDate: e.first_session_date,
                              })
                            : null
                        }
                      />
                    </section>
                  ) : null}
                  <div className="mt-3 flex flex-wrap gap-3">
                    {questionnaireOpen ? (
                      <Link to={`/my/training/${e.id}/questionnaire`} className="btn-secondary btn-small">
                        受講アンケートに回答する
                      </Link>
                    ) : null}
                    {e.status !== "waitlisted" && e.last_session_date && e.last_session_date >= today ? (
                      <a href={`/my/cohorts/${e.cohort_id}/calendar.ics`} className="btn-secondary btn-small" download>
                        カレンダーに追加（.ics）
                      </a>
                    ) : null}
                  </div>
                  {documents[e.id] ? (
                    <section className="mt-3" aria-labelledby={`documents-${e.id}`}>
                      <h4 id={`documents-${e.id}`} className="mb-1 text-std-16B-170">
                        請求書・領収書
                      </h4>
                      <DocumentList documents={documents[e.id]!} cancelled={false} />
                    </section>
                  ) : null}
                </li>
              );
            })}
          </ul>
        )}
        {completed.length > 0 ? (
          <section aria-labelledby="completed-heading" className="mt-8">
            <h2 id="completed-heading" className="mb-3">
              修了した研修（{completed.length}件）
            </h2>
            <table className="data-table stack-table">
              <caption className="sr-only">修了した研修と登録された実践力ポイント</caption>
              <thead>
                <tr>
                  <th scope="col">研修</th>
                  <th scope="col">日程</th>
                  <th scope="col">実践力ポイント</th>
                </tr>
              </thead>
              <tbody>
                {completed.map((e) => (
                  <tr key={e.id} data-testid={`enrollment-${e.id}`}>
                    <td>
                      <a href={`/courses/${e.course_id}`}>{e.course_title}</a>
                      <span className="sub">{e.cohort_name}</span>
                      {documents[e.id] ? <DocumentList documents={documents[e.id]!} cancelled={false} /> : null}
                    </td>
                    <td data-label="日程">{dateRangeJa(e.first_session_date, e.last_session_date)}</td>
                    <td data-label="実践力ポイント">
                      {e.points_credited !== null && e.points_fiscal_year !== null
                        ? `${e.points_credited}ポイント・${formatFiscalYear(e.points_fiscal_year)}`
                        : "なし"}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </section>
        ) : null}
        {cancelled.length > 0 ? (
          <details className="mt-6">
            <summary className="cursor-pointer">取り消した申込（{cancelled.length}件）</summary>
            <ul className="mt-2 list-disc pl-6">
              {cancelled.map((e) => (
                <li key={e.id}>
                  {e.course_title} {e.cohort_name}
                  {e.cancel_reason
                    ? `（${CANCEL_REASON_LABELS[e.cancel_reason as keyof typeof CANCEL_REASON_LABELS]}）`
                    : ""}
                  {documents[e.id] ? <DocumentList documents={documents[e.id]!} cancelled /> : null}
                </li>
              ))}
            </ul>
          </details>
        ) : null}
      </section>
    </div>
  );
}
