import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { ATTENDANCE_LABELS, ATTENDANCE_STATUSES } from "~/features/vocabulary/attendance-statuses";
import { formatDateJa } from "~/lib/dates";
import { EmptyState, FlashMessage, PageHeader } from "~/ui/layout";
import { Notice } from "~/ui/notice";
import type { attendancePageData } from "../cohort-pages.server";

/** Attendance of one session: a radio group per participant, plus "all present". */
export function AttendancePage() {
  const { cohort, sheet, basePath, today } = useLoaderData<Awaited<ReturnType<typeof attendancePageData>>>();
  const actionData = useActionData<{ error?: string }>();
  const busy = useNavigation().state === "submitting";
  const { session, rows } = sheet;
  const marked = rows.filter((r) => r.status).length;
  const future = session.date > today;
  return (
    <div>
      <p className="mb-2">
        <Link to={basePath}>名簿へ戻る</Link>
      </p>
      <PageHeader
        title={`出欠の記録：${formatDateJa(session.date)}`}
        lead={`${cohort.course_title} ${cohort.name} ${session.start_time}〜${session.end_time}${session.topic ? ` ${session.topic}` : ""}`}
        actions={
          <>
            <Link to={`${basePath}/check-in/${session.id}`} className="btn-secondary">
              QRコードで受付
            </Link>
            <Link to={`${basePath}/sign-in-sheet?sessionId=${session.id}`} className="btn-secondary">
              署名簿を印刷
            </Link>
          </>
        }
      />
      <Notice page="attendance" />
      <FlashMessage message={actionData?.error} tone="error" />
      {cohort.sessions.length > 1 ? (
        <nav aria-label="日程の切り替え" className="mb-4">
          <ul className="flex flex-wrap gap-2">
            {cohort.sessions.map((s, i) => (
              <li key={s.id}>
                <Link
                  to={`${basePath}/attendance/${s.id}`}
                  aria-current={s.id === session.id ? "page" : undefined}
                  className={s.id === session.id ? "btn btn-small" : "btn-secondary btn-small"}
                >
                  {i + 1}日目（{s.date.slice(5).replace("-", "/")}）
                </Link>
              </li>
            ))}
          </ul>
        </nav>
      ) : null}
      {future ? (
        <p className="mb-4 rounded-8 bg-yellow-50 p-3">この日程はまだ実施されていないため、当日から記録できます。</p>
      ) : null}
      {rows.length === 0 ? (
        <EmptyState title="受講確定者がいません">受講が確定した方がいると、ここで出欠を記録できます。</EmptyState>
      ) : (
        <>
          <p className="mb-3" data-testid="attendance-progress">
            受講確定 {rows.length}人・記録済み {marked}人
          </p>
          <Form method="post" className="mb-4">
            <button type="submit" name="intent" value="all-present" className="btn-secondary" disabled={busy || future}>
              全員を出席にする
            </button>
          </Form>
          {/* Keyed by the session and its saved marks: the radios are uncontrolled, so without
              the key they kept their old state after "all present" or a move to another session. */}
          <Form method="post" key={`${session.id}:${rows.map((r) => r.status ?? "").join(",")}`}>
            <ul className="space-y-2">
              {rows.map((r) => (
                <li key={r.id} className="rounded-8 border border-solid-gray-200 p-3">
                  <fieldset>
                    <legend className="text-std-16B-170">
                      {r.name}
                      <span className="ml-2 text-dns-14N-130 font-normal text-solid-gray-700">
                        {r.name_kana}
                        {r.organization ? `・${r.organization}` : ""}
                      </span>
                    </legend>
                    <div className="mt-1 flex flex-wrap gap-x-4">
                      {ATTENDANCE_STATUSES.map((s) => (
                        <label key={s} className="flex min-h-11 items-center gap-2">
                          <input
                            type="radio"
                            name={`status-${r.id}`}
                            value={s}
                            defaultChecked={r.status === s}
                            className="size-5"
                          />
                          {ATTENDANCE_LABELS[s]}
                        </label>
                      ))}
                    </div>
                  </fieldset>
                </li>
              ))}
            </ul>
            <button type="submit" name="intent" value="save" className="btn mt-4" disabled={busy || future}>
              出欠を保存
            </button>
          </Form>
        </>
      )}
    </div>
  );
}
