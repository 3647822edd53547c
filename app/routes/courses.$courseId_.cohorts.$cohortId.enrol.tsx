import { getFormProps, getInputProps, getTextareaProps, useForm } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod/v4";
import type { z } from "zod";
import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { db } from "~/db.server";
import { requireRole } from "~/features/auth/session.server";
import { StatusBadge } from "~/features/catalog/components/badges";
import { SessionList } from "~/features/catalog/components/session-list";
import { getPublicCourse } from "~/features/catalog/courses.server";
import { REPEAT_MESSAGES, RepeatEnrollFormSchema } from "~/features/enrollment/enrollment.schema";
import { enroll, priorCompletion } from "~/features/enrollment/enrollment.server";
import { formatYen } from "~/features/vocabulary/course-kinds";
import { PaymentDetails } from "~/features/payments/components/payment-details";
import { paymentDueDate } from "~/features/payments/instructions";
import { getPaymentSettings } from "~/features/payments/settings.server";
import { formatDateJa, todayInTokyo } from "~/lib/dates";
import { NotFoundError } from "~/lib/errors";
import { invalidSubmission, parseForm, replyWithDomainError } from "~/lib/forms.server";
import { FieldError, FormErrors } from "~/ui/form";
import { prefectureName } from "~/lib/local-gov-code";
import { PageHeader } from "~/ui/layout";

// The confirmation step of an application: everything the trainee commits to (fee and how to
// pay it, every session, the place, the cancellation deadline, what completion requires, and
// whether the application joins the waitlist). Its form posts to the course page's action,
// which refuses an application without `confirmed`. A course the trainee already completed
// (decision 0034) is refused here when the course allows no repeat; when it does, this page
// asks for the reason and an explicit confirmation and posts to its own action.

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: `申込内容の確認：${data?.course.title ?? "研修"} | ITC研修ポータル` },
];

function idOf(value: string | undefined, message: string): number {
  const id = Number(value);
  if (!Number.isSafeInteger(id) || id <= 0) throw new NotFoundError(message);
  return id;
}

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const user = await requireRole({ request, context }, "trainee");
  const courseId = idOf(params.courseId, "講座が見つかりません。");
  const cohortId = idOf(params.cohortId, "開催回が見つかりません。");
  const today = todayInTokyo();
  const [page, settings, prior] = await Promise.all([
    getPublicCourse(db(), courseId, user.id, { today }),
    getPaymentSettings(db()),
    priorCompletion(db(), { courseId, userId: user.id }),
  ]);
  const cohort = page.cohorts.find((c) => c.id === cohortId);
  if (!cohort) throw new NotFoundError("開催回が見つかりません。");
  const feeYen = page.course.fee_yen;
  return {
    course: page.course,
    cohort,
    missing: page.prerequisites.filter((p) => !p.completed).map((p) => p.title),
    repeat: prior
      ? {
          allowed: page.course.allow_repeat === 1,
          cohortName: prior.cohortName,
          completedAt: prior.completedAt,
          refusal: REPEAT_MESSAGES.refused(prior.cohortName),
        }
      : null,
    payment:
      feeYen > 0
        ? {
            settings,
            // After confirmation the deadline counts from today (or from the first session).
            dueDate: settings
              ? paymentDueDate(settings, {
                  enrolledAt: new Date().toISOString(),
                  firstSessionDate: cohort.first_session_date,
                })
              : null,
          }
        : null,
  };
}

/** The repeat of a completed course: reason and confirmation, then the enrolment. */
export async function action({ request, params, context }: ActionFunctionArgs) {
  const user = await requireRole({ request, context }, "trainee");
  const courseId = idOf(params.courseId, "講座が見つかりません。");
  const cohortId = idOf(params.cohortId, "開催回が見つかりません。");
  const submission = parseForm(await request.formData(), RepeatEnrollFormSchema);
  if (submission.status !== "success") return invalidSubmission(submission);
  let status: string;
  try {
    ({ status } = await enroll(db(), {
      cohortId,
      userId: user.id,
      courseId,
      repeat: { reason: submission.value.repeatReason },
    }));
  } catch (error) {
    return replyWithDomainError(submission, error);
  }
  return redirect(`/courses/${courseId}?notice=${status}#cohort-${cohortId}`);
}

function RepeatStep({
  cohortName,
  completedAt,
  feeYen,
  busy,
  submitLabel,
}: {
  cohortName: string;
  completedAt: string;
  feeYen: number;
  busy: boolean;
  submitLabel: string;
}) {
  const lastResult = useActionData<typeof action>();
  const [form, fields] = useForm<z.input<typeof RepeatEnrollFormSchema>>({
    id: "repeat-enrol",
    lastResult,
    // The same schema in the browser: the messages appear before a round trip and clear as the
    // trainee mends the field.
    onValidate: ({ formData }) => parseWithZod(formData, { schema: RepeatEnrollFormSchema }),
    shouldRevalidate: "onInput",
  });
  return (
    <Form method="post" {...getFormProps(form)}>
      <FormErrors id={form.errorId} errors={form.errors} />
      <input type="hidden" name="confirmed" value="yes" />
      <fieldset className="mb-5 rounded-8 border border-yellow-700 bg-yellow-50 p-4" data-testid="repeat-step">
        <legend className="px-1 text-std-16B-170">再受講の確認</legend>
        <p className="mb-3">
          この講座は{formatDateJa(completedAt)}に修了済みです（{cohortName}）。もう一度申し込むと新しい申込になり
          {feeYen > 0 ? `、受講料${formatYen(feeYen)}を改めてお支払いいただきます` : "ます"}。
        </p>
        <div className="mb-4">
          <label htmlFor={fields.repeatReason.id} className="label">
            再受講の理由<span className="ml-1 text-red-1000">（必須）</span>
          </label>
          <p id={fields.repeatReason.descriptionId} className="hint">
            例：制度改正後の内容を学び直したい（500文字以内）
          </p>
          <textarea
            {...getTextareaProps(fields.repeatReason, { ariaDescribedBy: fields.repeatReason.descriptionId })}
            required={false}
            aria-required
            rows={3}
            className="input"
          />
          <FieldError meta={fields.repeatReason} />
        </div>
        <label className="flex min-h-11 items-center gap-2">
          <input
            {...getInputProps(fields.repeatConfirmed, { type: "checkbox", value: "yes" })}
            required={false}
            className="size-5"
          />
          修了済みの講座をもう一度受講することを確認しました
        </label>
        <FieldError meta={fields.repeatConfirmed} />
      </fieldset>
      <div className="flex flex-wrap items-center gap-3">
        <button type="submit" className="btn" disabled={busy}>
          {submitLabel}
        </button>
      </div>
    </Form>
  );
}

export default function ConfirmEnrollment() {
  const { course, cohort, missing, payment, repeat } = useLoaderData<typeof loader>();
  const busy = useNavigation().state === "submitting";
  const full = cohort.seats_left <= 0;
  const active = cohort.my_status !== null && cohort.my_status !== "cancelled";
  const required = Math.min(course.min_sessions_attended ?? cohort.session_count, cohort.session_count);
  return (
    <div className="mx-auto max-w-3xl">
      <p className="mb-2">
        <Link to={`/courses/${course.id}#cohort-${cohort.id}`}>講座のページへ戻る</Link>
      </p>
      <PageHeader
        title="申込内容の確認"
        lead="まだ申込は完了していません。内容を確認し、いちばん下のボタンで申込を確定してください。"
      />
      <section className="card mb-6" aria-labelledby="what-heading">
        <h2 id="what-heading" className="mb-3">
          {course.title}
        </h2>
        <dl className="grid grid-cols-[auto_1fr] gap-x-4 gap-y-2">
          <dt className="text-solid-gray-700">開催回</dt>
          <dd>{cohort.name}</dd>
          <dt className="text-solid-gray-700">会場</dt>
          <dd>{cohort.prefecture_code ? `${prefectureName(cohort.prefecture_code)} ${cohort.venue}` : "オンライン"}</dd>
          <dt className="text-solid-gray-700">受講料</dt>
          <dd data-testid="confirm-fee" className="text-std-16B-170">
            {formatYen(course.fee_yen)}
          </dd>
          <dt className="text-solid-gray-700">キャンセル期限</dt>
          <dd data-testid="confirm-deadline">
            {formatDateJa(cohort.cancellation_deadline)}
            <span className="block text-dns-14N-130 text-solid-gray-700">
              この日を過ぎると、ご自身で申込を取り消すことはできません（事務局へご連絡ください）。
            </span>
          </dd>
          <dt className="text-solid-gray-700">実践力ポイント</dt>
          <dd>修了すると{course.points}ポイント</dd>
        </dl>
      </section>

      <section className="card mb-6" aria-labelledby="dates-heading">
        <h2 id="dates-heading" className="mb-3">
          日程（全{cohort.session_count}日）
        </h2>
        <SessionList sessions={cohort.sessions} label={`${cohort.name}の日程`} />
      </section>

      <section className="card mb-6" aria-labelledby="completion-heading">
        <h2 id="completion-heading" className="mb-3">
          修了に必要なこと
        </h2>
        <ul className="list-disc space-y-1 pl-6">
          <li>
            {required < cohort.session_count
              ? `全${cohort.session_count}日のうち${required}日以上の出席`
              : `全${cohort.session_count}日の出席`}
            （遅刻・早退も出席として数えます）
          </li>
          <li>最終日の後に、受講アンケートを提出</li>
          {course.fee_yen > 0 ? <li>受講料 {formatYen(course.fee_yen)} の入金確認</li> : null}
        </ul>
      </section>

      {payment ? (
        <section className="card mb-6" aria-labelledby="payment-heading">
          <h2 id="payment-heading" className="mb-3">
            受講料のお支払い
          </h2>
          <PaymentDetails settings={payment.settings} dueDate={payment.dueDate} headingId="payment-heading" />
          <p className="mt-2 text-dns-14N-130 text-solid-gray-700">
            振込先とお支払い期限は、申込確認メールとマイ研修にも表示されます。
            {cohort.approval_required ? "事務局の承認後にお振り込みください。" : ""}
          </p>
        </section>
      ) : null}

      {missing.length > 0 ? (
        <p className="mb-4 rounded-8 border-l-4 border-yellow-700 bg-yellow-50 p-3">
          この研修に申し込むには「{missing.join("」「")}」の修了が必要です。
        </p>
      ) : null}

      {active ? (
        <p className="mb-4">
          この開催回には既にお申し込み済みです（
          <StatusBadge status={cohort.my_status as "enrolled"} position={cohort.my_waitlist_position} />
          ）。<Link to="/my/training">マイ研修</Link>で確認できます。
        </p>
      ) : !cohort.open ? (
        <p className="mb-4">この開催回は申込受付期間外です。</p>
      ) : repeat && !repeat.allowed ? (
        <p className="mb-4 rounded-8 border-l-4 border-yellow-700 bg-yellow-50 p-3" data-testid="repeat-refused">
          {repeat.refusal}
        </p>
      ) : (
        <section className="card" aria-labelledby="submit-heading">
          <h2 id="submit-heading" className="mb-3">
            {full ? "キャンセル待ちへの登録" : "申込の確定"}
          </h2>
          <p className="mb-4" data-testid="confirm-outcome">
            {full
              ? `この開催回は満席です。申し込むとキャンセル待ち（現在${cohort.waitlist_length ?? 0}人）に登録され、席が空くと順番に自動で繰り上がります。`
              : cohort.approval_required
                ? "申し込むと、事務局の承認後に受講が確定します。"
                : "申し込むと、受講が確定します。"}
          </p>
          {repeat ? (
            <RepeatStep
              cohortName={repeat.cohortName}
              completedAt={repeat.completedAt}
              feeYen={course.fee_yen}
              busy={busy}
              submitLabel={full ? "キャンセル待ちに登録する" : "再受講を申し込む"}
            />
          ) : (
            <Form method="post" action={`/courses/${course.id}`}>
              <input type="hidden" name="intent" value="enrol" />
              <input type="hidden" name="cohortId" value={cohort.id} />
              <input type="hidden" name="confirmed" value="yes" />
              <div className="flex flex-wrap items-center gap-3">
                <button type="submit" className="btn" disabled={busy}>
                  {full ? "キャンセル待ちに登録する" : "申込を確定する"}
                </button>
                <Link to={`/courses/${course.id}#cohort-${cohort.id}`} className="btn-secondary">
                  申し込まずに戻る
                </Link>
              </div>
            </Form>
          )}
        </section>
      )}
    </div>
  );
}
