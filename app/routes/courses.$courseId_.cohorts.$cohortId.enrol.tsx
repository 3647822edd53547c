import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useLoaderData, useNavigation } from "@remix-run/react";
import { db } from "~/db.server";
import { requireRole } from "~/features/auth/session.server";
import { StatusBadge } from "~/features/catalog/components/badges";
import { SessionList } from "~/features/catalog/components/session-list";
import { getPublicCourse } from "~/features/catalog/courses.server";
import { formatYen } from "~/features/vocabulary/course-kinds";
import { PaymentDetails } from "~/features/payments/components/payment-details";
import { paymentDueDate } from "~/features/payments/instructions";
import { getPaymentSettings } from "~/features/payments/settings.server";
import { formatDateJa, todayInTokyo } from "~/lib/dates";
import { NotFoundError } from "~/lib/errors";
import { prefectureName } from "~/lib/local-gov-code";
import { PageHeader } from "~/ui/layout";

// The confirmation step of an application: everything the trainee commits to (fee and how to
// pay it, every session, the place, the cancellation deadline, what completion requires, and
// whether the application joins the waitlist). Its form posts to the course page's action,
// which refuses an application without `confirmed`.

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
  const [page, settings] = await Promise.all([
    getPublicCourse(db(), courseId, user.id, { today }),
    getPaymentSettings(db()),
  ]);
  const cohort = page.cohorts.find((c) => c.id === cohortId);
  if (!cohort) throw new NotFoundError("開催回が見つかりません。");
  const feeYen = page.course.fee_yen;
  return {
    course: page.course,
    cohort,
    missing: page.prerequisites.filter((p) => !p.completed).map((p) => p.title),
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

export default function ConfirmEnrollment() {
  const { course, cohort, missing, payment } = useLoaderData<typeof loader>();
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
        </section>
      )}
    </div>
  );
}
