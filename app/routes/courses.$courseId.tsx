import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { db } from "~/db.server";
import { hasRole } from "~/features/auth/roles";
import { optionalUser, requireRole } from "~/features/auth/session.server";
import { FormatBadge, KindBadge, StatusBadge } from "~/features/catalog/components/badges";
import { MarkdownBody } from "~/features/catalog/components/markdown";
import { dateRangeJa, SessionList } from "~/features/catalog/components/session-list";
import { getPublicCourse } from "~/features/catalog/courses.server";
import { formatHours, formatYen, HOURS_PER_POINT, COURSE_FORMAT_LABELS } from "~/features/vocabulary/course-kinds";
import { renderMarkdown } from "~/features/catalog/markdown.server";
import { ENROLL_NOT_CONFIRMED_MESSAGE, EnrollActionSchema } from "~/features/enrollment/enrollment.schema";
import { cancelOwnEnrollment, enroll } from "~/features/enrollment/enrollment.server";
import { formatDateJa } from "~/lib/dates";
import { idParam } from "~/lib/params";
import { parseForm, replyWithRefusal } from "~/lib/forms.server";
import { prefectureName } from "~/lib/local-gov-code";
import { EmptyState, FlashMessage, PageHeader } from "~/ui/layout";
import { Notice } from "~/ui/notice";

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: `${data?.course.title ?? "研修"} | ITC研修ポータル` },
];

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const user = await optionalUser({ request, context });
  const page = await getPublicCourse(db(), idParam(params, "courseId"), user?.id ?? null, {
    includeUnpublished: user ? hasRole(user, "staff") : false,
  });
  return {
    ...page,
    descriptionHtml: renderMarkdown(page.course.description_md),
    viewer: user ? { signedIn: true, trainee: hasRole(user, "trainee"), staff: hasRole(user, "staff") } : null,
  };
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const courseId = idParam(params, "courseId");
  const user = await requireRole({ request, context }, "trainee");
  const submission = parseForm(await request.formData(), EnrollActionSchema);
  if (submission.status !== "success") {
    return data(
      { error: "操作が正しくありません。画面を更新してやり直してください。", cohortId: null },
      { status: 400 },
    );
  }
  const { intent, cohortId, confirmed } = submission.value;
  // An application is made from the confirmation page, which shows the fee and the terms.
  if (intent === "enrol" && confirmed !== "yes")
    return data({ error: ENROLL_NOT_CONFIRMED_MESSAGE, cohortId }, { status: 400 });
  let notice: string;
  try {
    // courseId: the cohort must belong to this course page.
    if (intent === "enrol") {
      const result = await enroll(db(), { cohortId, userId: user.id, courseId });
      notice = result.status;
    } else {
      await cancelOwnEnrollment(db(), { cohortId, userId: user.id, courseId });
      notice = "cancelled";
    }
  } catch (error) {
    return replyWithRefusal(error, { cohortId });
  }
  return redirect(`/courses/${courseId}?notice=${notice}#cohort-${cohortId}`);
}

export default function CoursePage() {
  const { course, prerequisites, cohorts, descriptionHtml, viewer } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const navigation = useNavigation();
  const busy = navigation.state === "submitting";
  const missing = prerequisites.filter((p) => !p.completed);
  return (
    <div>
      <p className="mb-2">
        <Link to="/courses">研修一覧へ戻る</Link>
      </p>
      <PageHeader title={course.title} />
      <Notice page="course" />
      <FlashMessage message={actionData?.error} tone="error" />
      {course.published ? null : (
        <p className="mb-4 rounded-8 bg-yellow-50 p-3">この講座は非公開です（事務局のみ表示されています）。</p>
      )}
      <div className="grid gap-6 lg:grid-cols-3">
        <section className="card lg:col-span-2" aria-labelledby="about-heading">
          <h2 id="about-heading" className="mb-3">
            研修の内容
          </h2>
          {descriptionHtml ? <MarkdownBody html={descriptionHtml} /> : <p>説明はまだありません。</p>}
        </section>
        <section className="card" aria-labelledby="facts-heading">
          <h2 id="facts-heading" className="mb-3">
            概要
          </h2>
          <div className="mb-3 flex flex-wrap gap-2">
            <KindBadge kind={course.kind} />
            <FormatBadge format={course.format} />
          </div>
          <dl className="grid grid-cols-[auto_1fr] gap-x-4 gap-y-2">
            <dt className="text-solid-gray-700">講座コード</dt>
            <dd>{course.code}</dd>
            <dt className="text-solid-gray-700">総時間</dt>
            <dd>{formatHours(course.total_hours)}</dd>
            <dt className="text-solid-gray-700">実践力ポイント</dt>
            <dd>
              {course.points}ポイント
              <span className="block text-dns-14N-130 text-solid-gray-700">
                {COURSE_FORMAT_LABELS[course.format]}は{HOURS_PER_POINT[course.format]}時間で1ポイント
              </span>
            </dd>
            <dt className="text-solid-gray-700">受講料</dt>
            <dd>{formatYen(course.fee_yen)}</dd>
            <dt className="text-solid-gray-700">修了要件</dt>
            <dd>
              {course.min_sessions_attended ? `${course.min_sessions_attended}日以上の出席` : "全日程の出席"}
              、受講アンケートの提出{course.fee_yen > 0 ? "、受講料の入金確認" : ""}
            </dd>
          </dl>
          {prerequisites.length > 0 ? (
            <div className="mt-4">
              <h3 className="mb-1 text-std-16B-170">前提となる研修</h3>
              <ul className="list-disc pl-6">
                {prerequisites.map((p) => (
                  <li key={p.id}>
                    {p.published ? <Link to={`/courses/${p.id}`}>{p.title}</Link> : p.title}
                    {viewer ? (p.completed ? "（修了済み）" : "（未修了）") : null}
                  </li>
                ))}
              </ul>
            </div>
          ) : null}
        </section>
      </div>

      <section className="mt-8" aria-labelledby="cohorts-heading">
        <h2 id="cohorts-heading" className="mb-4">
          開催回
        </h2>
        {viewer?.trainee && missing.length > 0 ? (
          <p className="mb-4 rounded-8 border-l-4 border-yellow-700 bg-yellow-50 p-3">
            この研修に申し込むには「{missing.map((m) => m.title).join("」「")}」の修了が必要です。
          </p>
        ) : null}
        {!viewer ? (
          <p className="mb-4">
            申し込むには<Link to={`/login?redirectTo=${encodeURIComponent(`/courses/${course.id}`)}`}>サインイン</Link>
            してください。
          </p>
        ) : null}
        {cohorts.length === 0 ? (
          <EmptyState title="予定されている開催回はありません">新しい開催回が決まるとここに表示されます。</EmptyState>
        ) : (
          <ul className="space-y-4">
            {cohorts.map((c) => {
              const active = c.my_status && c.my_status !== "cancelled";
              return (
                <li key={c.id} id={`cohort-${c.id}`} className="card">
                  <div className="flex flex-col gap-2 md:flex-row md:items-start md:justify-between">
                    <div>
                      <h3>{c.name}</h3>
                      <p className="text-solid-gray-800">
                        {dateRangeJa(c.first_session_date, c.last_session_date)}・
                        {c.prefecture_code ? `${prefectureName(c.prefecture_code)} ${c.venue}` : "オンライン"}
                      </p>
                    </div>
                    <p className="text-std-16B-170" data-testid={`seats-${c.id}`}>
                      {c.seats_left > 0
                        ? `残り${c.seats_left}席（定員${c.capacity}人）`
                        : `満席（キャンセル待ち${c.waitlist_length ?? 0}人）`}
                    </p>
                  </div>
                  <div className="mt-3">
                    <SessionList sessions={c.sessions} label={`${c.name}の日程`} />
                  </div>
                  <p className="mt-3 text-dns-14N-130 text-solid-gray-700">
                    申込期間：{formatDateJa(c.enrollment_opens_on)}〜{formatDateJa(c.enrollment_closes_on)}
                    ／キャンセル期限：{formatDateJa(c.cancellation_deadline)}
                    {c.approval_required ? "／事務局の承認後に確定" : ""}
                  </p>
                  {actionData?.error && actionData.cohortId === c.id ? (
                    <p className="field-error" role="alert">
                      {actionData.error}
                    </p>
                  ) : null}
                  <div className="mt-3 flex flex-wrap items-center gap-3">
                    {active ? (
                      <>
                        <span>
                          あなたの申込：
                          <StatusBadge status={c.my_status as "enrolled"} position={c.my_waitlist_position} />
                        </span>
                        {c.my_status === "waitlisted" || c.cancellable ? (
                          <Form method="post">
                            <input type="hidden" name="cohortId" value={c.id} />
                            <button
                              type="submit"
                              name="intent"
                              value="cancel"
                              className="btn-secondary btn-small"
                              disabled={busy}
                            >
                              {c.my_status === "waitlisted" ? "キャンセル待ちをやめる" : "申込を取り消す"}
                            </button>
                          </Form>
                        ) : (
                          <span className="text-dns-14N-130">
                            キャンセル期限を過ぎています。事務局にご連絡ください。
                          </span>
                        )}
                      </>
                    ) : viewer?.trainee && c.open ? (
                      // A link to the confirmation page (fee, dates, terms), not a one-click form.
                      <Link to={`/courses/${course.id}/cohorts/${c.id}/enrol`} className="btn">
                        {c.seats_left > 0 ? "この回に申し込む" : "キャンセル待ちに登録する"}
                      </Link>
                    ) : (
                      <span className="text-solid-gray-700">
                        {c.open
                          ? viewer
                            ? "トレーニーITCとして登録した方が申し込めます。"
                            : ""
                          : "申込受付期間外です。"}
                      </span>
                    )}
                  </div>
                </li>
              );
            })}
          </ul>
        )}
      </section>
      {viewer?.staff ? (
        <p className="mt-6">
          <Link to={`/staff/courses/${course.id}`}>事務局の講座管理ページへ</Link>
        </p>
      ) : null}
    </div>
  );
}
