import { getFormProps, useForm } from "@conform-to/react";
import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { db } from "~/db.server";
import { requireRole } from "~/features/auth/session.server";
import { listSiblingCohorts } from "~/features/catalog/cohorts.server";
import { StatusBadge } from "~/features/catalog/components/badges";
import { formatYen } from "~/features/vocabulary/course-kinds";
import { StaffEnrollmentActionSchema } from "~/features/enrollment/enrollment.schema";
import { QUESTIONNAIRE_QUESTIONS } from "~/features/enrollment/questionnaire-questions";
import {
  approveEnrollment,
  cancelEnrollmentByStaff,
  getEnrollmentDetail,
  moveEnrollment,
  setPaid,
} from "~/features/enrollment/enrollment.server";
import { DocumentList } from "~/features/invoices/components/document-list";
import { MissingDocumentsWarning } from "~/features/invoices/components/missing-documents";
import {
  countMissingDocuments,
  documentsOfEnrollment,
  issueMissingDocuments,
} from "~/features/invoices/invoices.server";
import { getIssuer } from "~/features/issuer/issuer.server";
import { ATTENDANCE_LABELS, type AttendanceStatus } from "~/features/vocabulary/attendance-statuses";
import { CANCEL_REASON_LABELS } from "~/features/vocabulary/enrollment-statuses";
import { formatDateJa, formatDateTimeJa } from "~/lib/dates";
import { NotFoundError } from "~/lib/errors";
import { idParam } from "~/lib/params";
import { invalidSubmission, replyWithDomainError, parseForm } from "~/lib/forms.server";
import { FormErrors, SelectField, TextField } from "~/ui/form";
import { PageHeader } from "~/ui/layout";
import { Notice } from "~/ui/notice";

export const meta: MetaFunction = () => [{ title: "申込の詳細 | ITC研修ポータル" }];

function ids(params: Record<string, string | undefined>) {
  return { cohortId: idParam(params, "cohortId", "申込"), enrollmentId: idParam(params, "enrollmentId", "申込") };
}

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  await requireRole({ request, context }, "staff");
  const { cohortId, enrollmentId } = ids(params);
  const [detail, siblings, issuer] = await Promise.all([
    getEnrollmentDetail(db(), cohortId, enrollmentId),
    listSiblingCohorts(db(), cohortId),
    getIssuer(db()),
  ]);
  // After the detail: it answers 404 for an enrolment of another cohort.
  const [documents, missing] = await Promise.all([
    documentsOfEnrollment(db(), enrollmentId),
    countMissingDocuments(db(), enrollmentId),
  ]);
  return { ...detail, siblings, cohortId, documents, missing, registered: issuer.registration_number !== null };
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const user = await requireRole({ request, context }, "staff");
  const { cohortId, enrollmentId } = ids(params);
  const formData = await request.formData();
  if (formData.get("intent") === "issue-documents") {
    await getEnrollmentDetail(db(), cohortId, enrollmentId); // 404 for another cohort's enrolment
    await issueMissingDocuments(db(), user.id, enrollmentId);
    return redirect(`/staff/cohorts/${cohortId}/enrollments/${enrollmentId}?notice=documents-issued`);
  }
  const submission = parseForm(formData, StaffEnrollmentActionSchema);
  if (submission.status !== "success") return invalidSubmission(submission);
  const v = submission.value;
  if (v.enrollmentId !== enrollmentId) throw new NotFoundError("申込が見つかりません。");
  const base = { cohortId, enrollmentId, actorId: user.id };
  try {
    switch (v.intent) {
      case "approve":
        await approveEnrollment(db(), base);
        break;
      case "paid":
      case "unpaid":
        await setPaid(db(), { ...base, paid: v.intent === "paid" });
        break;
      case "cancel":
        await cancelEnrollmentByStaff(db(), { ...base, reason: v.reason });
        return redirect(`/staff/cohorts/${cohortId}?notice=cancelled`);
      case "move":
        await moveEnrollment(db(), { ...base, targetCohortId: v.targetCohortId });
        return redirect(`/staff/cohorts/${cohortId}?notice=moved`);
    }
  } catch (error) {
    return replyWithDomainError(submission, error);
  }
  return redirect(`/staff/cohorts/${cohortId}/enrollments/${enrollmentId}?notice=${v.intent}`);
}

const ACTION_LABELS: Record<string, string> = {
  "enrollment.enrol": "申込（受講確定・承認待ち）",
  "enrollment.waitlist": "キャンセル待ちに登録",
  "enrollment.promote": "キャンセル待ちから繰り上げ",
  "enrollment.approve": "事務局が承認",
  "enrollment.cancel": "取消",
  "enrollment.move": "別の開催回から移動",
  "enrollment.payment_confirm": "入金確認",
  "enrollment.payment_unconfirm": "入金確認の取消",
  "enrollment.complete": "修了",
  "invoice.issue": "請求書の発行",
  "invoice.void": "請求書の無効化",
  "receipt.issue": "領収書の発行",
  "receipt.void": "領収書の無効化",
  "enrollment.completion_revoked": "修了の取消",
  "questionnaire.submit": "受講アンケート回答",
};

export default function EnrollmentDetail() {
  const {
    enrollment: e,
    attendance,
    questionnaire,
    history,
    siblings,
    cohortId,
    documents,
    missing,
    registered,
  } = useLoaderData<typeof loader>();
  const lastResult = useActionData<typeof action>();
  const [moveForm, moveFields] = useForm<{ targetCohortId: string }>({
    id: "move",
    lastResult: lastResult?.initialValue?.intent === "move" ? lastResult : undefined,
  });
  const [cancelForm, cancelFields] = useForm<{ reason: string }>({
    id: "cancel",
    lastResult: lastResult?.initialValue?.intent === "cancel" ? lastResult : undefined,
  });
  const otherError =
    lastResult && !["move", "cancel"].includes(String(lastResult.initialValue?.intent)) ? lastResult.error?.[""] : null;
  const active = e.status !== "cancelled";
  return (
    <div className="mx-auto max-w-4xl">
      <p className="mb-2">
        <Link to={`/staff/cohorts/${cohortId}`}>名簿へ戻る</Link>
      </p>
      <PageHeader title={`${e.name} さんの申込`} lead={`${e.name_kana}・${e.organization || "所属なし"}・${e.email}`} />
      <Notice page="enrollment" />
      <FormErrors errors={otherError ?? undefined} />
      <section className="card mb-6" aria-labelledby="status-heading">
        <h2 id="status-heading" className="mb-3 text-std-18B-160">
          状態
        </h2>
        <p className="mb-2">
          {e.completed_at ? <span className="badge bg-green-1000 text-white">修了</span> : null}{" "}
          <StatusBadge status={e.status} position={e.status === "waitlisted" ? e.position : null} />
          {e.cancel_reason ? `（${CANCEL_REASON_LABELS[e.cancel_reason as keyof typeof CANCEL_REASON_LABELS]}）` : ""}
        </p>
        <p>
          受講料 {formatYen(e.fee_yen)}
          {e.fee_yen > 0 ? (e.paid_at ? `（${formatDateTimeJa(e.paid_at)} 入金確認）` : "（入金未確認）") : ""}
        </p>
        <div className="mt-3 flex flex-wrap gap-2">
          {e.status === "pending" ? (
            <Form method="post">
              <input type="hidden" name="enrollmentId" value={e.id} />
              <button type="submit" name="intent" value="approve" className="btn btn-small">
                承認する
              </button>
            </Form>
          ) : null}
          {e.fee_yen > 0 && active ? (
            <Form method="post">
              <input type="hidden" name="enrollmentId" value={e.id} />
              <button
                type="submit"
                name="intent"
                value={e.paid_at ? "unpaid" : "paid"}
                className="btn-secondary btn-small"
              >
                {e.paid_at ? "入金確認を取り消す" : "入金を確認済みにする"}
              </button>
            </Form>
          ) : null}
        </div>
      </section>

      {e.fee_yen > 0 || documents.length > 0 ? (
        <section className="card mb-6" aria-labelledby="documents-heading">
          <h2 id="documents-heading" className="mb-3 text-std-18B-160">
            請求書・領収書
          </h2>
          <MissingDocumentsWarning registered={registered} missing={missing} settingsLink />
          {documents.length === 0 ? (
            <p>発行済みの書類はありません。受講が確定すると請求書を、入金を確認すると領収書を発行します。</p>
          ) : (
            <DocumentList documents={documents} cancelled={e.status === "cancelled"} />
          )}
        </section>
      ) : null}

      <section className="card mb-6" aria-labelledby="attendance-heading">
        <h2 id="attendance-heading" className="mb-3 text-std-18B-160">
          出欠
        </h2>
        <ul className="divide-y divide-solid-gray-200">
          {attendance.map((a) => (
            <li key={a.id} className="flex justify-between py-1">
              <span>
                {formatDateJa(a.date)} {a.start_time}〜{a.end_time}
              </span>
              <span>{a.status ? ATTENDANCE_LABELS[a.status as AttendanceStatus] : "未記録"}</span>
            </li>
          ))}
        </ul>
      </section>

      <section className="card mb-6" aria-labelledby="questionnaire-heading">
        <h2 id="questionnaire-heading" className="mb-3 text-std-18B-160">
          受講アンケート
        </h2>
        {questionnaire ? (
          <dl className="grid grid-cols-[auto_1fr] gap-x-4 gap-y-1">
            {QUESTIONNAIRE_QUESTIONS.map((q) => (
              <div key={q.name} className="contents">
                <dt className="text-solid-gray-700">{q.label}</dt>
                <dd>
                  {
                    questionnaire[
                      (
                        {
                          overallRating: "overall_rating",
                          contentRating: "content_rating",
                          instructorRating: "instructor_rating",
                          usefulnessRating: "usefulness_rating",
                        } as const
                      )[q.name]
                    ]
                  }
                  ／5
                </dd>
              </div>
            ))}
            <dt className="text-solid-gray-700">良かった点</dt>
            <dd className="whitespace-pre-wrap">{questionnaire.good_points || "（記入なし）"}</dd>
            <dt className="text-solid-gray-700">改善点</dt>
            <dd className="whitespace-pre-wrap">{questionnaire.improvements || "（記入なし）"}</dd>
          </dl>
        ) : (
          <p>未回答です。</p>
        )}
      </section>

      {active ? (
        <div className="mb-6 grid gap-6 md:grid-cols-2">
          <section className="card" aria-labelledby="move-heading">
            <h2 id="move-heading" className="mb-3 text-std-18B-160">
              別の開催回へ移動
            </h2>
            {siblings.length === 0 ? (
              <p>移動できる同じ講座の開催回はありません。</p>
            ) : (
              <Form method="post" {...getFormProps(moveForm)}>
                <input type="hidden" name="intent" value="move" />
                <input type="hidden" name="enrollmentId" value={e.id} />
                <FormErrors id={moveForm.errorId} errors={moveForm.errors} />
                <SelectField
                  meta={moveFields.targetCohortId}
                  label="移動先の開催回"
                  required
                  options={siblings.map((s) => ({
                    value: String(s.id),
                    label: `${s.name}（${s.first_session_date ? formatDateJa(s.first_session_date) : "日程未定"}）`,
                  }))}
                  hint="満席の場合はキャンセル待ちになります。入金確認は引き継がれます。"
                />
                <button type="submit" className="btn-secondary">
                  移動する
                </button>
              </Form>
            )}
          </section>
          <section className="card" aria-labelledby="cancel-heading">
            <h2 id="cancel-heading" className="mb-3 text-std-18B-160">
              申込の取消
            </h2>
            <Form method="post" {...getFormProps(cancelForm)}>
              <input type="hidden" name="intent" value="cancel" />
              <input type="hidden" name="enrollmentId" value={e.id} />
              <FormErrors id={cancelForm.errorId} errors={cancelForm.errors} />
              <TextField meta={cancelFields.reason} label="理由（受講者に通知されます）" hint="500文字以内" />
              <button type="submit" className="btn-danger">
                申込を取り消す
              </button>
            </Form>
          </section>
        </div>
      ) : null}

      <section className="card" aria-labelledby="history-heading">
        <h2 id="history-heading" className="mb-3 text-std-18B-160">
          履歴
        </h2>
        <ol className="divide-y divide-solid-gray-200">
          {history.map((h) => (
            <li key={h.id} className="flex flex-col py-1 sm:flex-row sm:justify-between">
              <span>{ACTION_LABELS[h.action] ?? h.action}</span>
              <span className="text-dns-14N-130 text-solid-gray-700">
                {formatDateTimeJa(h.created_at)}・{h.actor_name ?? "システム"}
              </span>
            </li>
          ))}
        </ol>
      </section>
    </div>
  );
}
