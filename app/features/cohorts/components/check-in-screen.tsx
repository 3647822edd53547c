import { Form, Link, useActionData, useLoaderData, useRevalidator } from "@remix-run/react";
import { useEffect, useRef } from "react";
import { formatDateJa, formatDateTimeJa } from "~/lib/dates";
import { FlashMessage, PageHeader } from "~/ui/layout";
import { Notice } from "~/ui/notice";
import type { checkInScreenData } from "../cohort-pages.server";

/**
 * The screen shown in the room (a projector or a tablet at the door): the current QR code,
 * fetched again from the server when it changes, so the screen's own clock never matters.
 */
export function CheckInScreenPage() {
  const { screen, basePath, canEditRules } = useLoaderData<Awaited<ReturnType<typeof checkInScreenData>>>();
  const actionData = useActionData<{ error?: string }>();
  const revalidator = useRevalidator();
  const qrRef = useRef<HTMLDivElement>(null);
  const { session, state } = screen;

  useEffect(() => {
    const timer = window.setTimeout(
      () => {
        if (revalidator.state === "idle") revalidator.revalidate();
      },
      // While open, follow the code; otherwise look again each half minute for the opening.
      state === "open" ? screen.refreshInSeconds * 1000 : 30_000,
    );
    return () => window.clearTimeout(timer);
  }, [screen.url, screen.refreshInSeconds, state, revalidator]);

  return (
    <div>
      <p className="mb-2">
        <Link to={`${basePath}/attendance/${session.id}`}>出欠の記録へ戻る</Link>
      </p>
      <PageHeader
        title={`出席受付：${formatDateJa(session.date)} ${session.start_time}〜${session.end_time}`}
        lead={`${session.course_title} ${session.cohort_name}${session.topic ? ` ${session.topic}` : ""}`}
      />
      <Notice page="checkInScreen" />
      <FlashMessage message={actionData?.error} tone="error" />
      <div ref={qrRef} className="card mb-6 flex flex-col items-center gap-4 bg-white text-center">
        {state === "open" && screen.qrSvg && screen.url ? (
          <>
            <p className="text-xl font-bold">スマートフォンのカメラで読み取って、出席を記録してください</p>
            <div
              role="img"
              aria-label="出席受付のQRコード"
              className="w-full max-w-[28rem]"
              // The SVG is drawn by the server from our own URL (no user input).
              dangerouslySetInnerHTML={{ __html: screen.qrSvg }}
            />
            <p aria-live="polite">
              受付済み <span data-testid="checked-in-count">{screen.checkedIn}</span> / {screen.enrolled}人・コードは
              {screen.refreshInSeconds}秒後に切り替わります
            </p>
            <p className="break-all text-sm text-gray-700">
              <span className="sr-only">QRコードのアドレス：</span>
              <span data-testid="check-in-url">{screen.url}</span>
            </p>
          </>
        ) : state === "before" ? (
          <p className="text-xl" role="status">
            受付は{formatDateTimeJa(screen.window.opensAt)}に始まります。時間になるとQRコードが表示されます。
          </p>
        ) : (
          <p className="text-xl" role="status">
            受付は{formatDateTimeJa(screen.window.closesAt)}に終了しました。出欠の訂正は「出欠の記録」で行えます。
          </p>
        )}
        <button
          type="button"
          className="btn-secondary"
          onClick={() => void qrRef.current?.requestFullscreen?.().catch(() => undefined)}
        >
          全画面で表示
        </button>
      </div>

      {/* A live online session only: on a classroom's screen the link would let anyone in (issue 21). */}
      {screen.onlineLink ? (
        <section className="card mb-6" aria-labelledby="online-heading">
          <h2 id="online-heading" className="mb-2">
            オンライン開催の受付リンク
          </h2>
          <p className="mb-2">
            ライブ配信の日程では、このリンクをチャットで案内してください。受付時間内だけ使えます（QRコードと同じ時間帯）。
          </p>
          <p className="break-all rounded-8 bg-gray-50 p-2 text-sm" data-testid="online-link">
            {screen.onlineLink}
          </p>
        </section>
      ) : null}

      <section className="card" aria-labelledby="rules-heading">
        <h2 id="rules-heading" className="mb-2">
          受付時間と遅刻の扱い（この講座のすべての日程）
        </h2>
        <p className="mb-3">
          受付：開始の{screen.rules.opensMinutesBefore}分前から終了の{screen.rules.closesMinutesAfterEnd}
          分後まで。開始から{screen.rules.lateAfterMinutes}分を過ぎた受付は遅刻になります。
        </p>
        {canEditRules ? (
          <Form method="post" className="grid gap-3 sm:grid-cols-3 sm:items-end">
            <label className="flex flex-col gap-1">
              受付開始（開始の何分前）
              <input
                name="opensMinutesBefore"
                inputMode="numeric"
                defaultValue={screen.rules.opensMinutesBefore}
                className="input"
                required
              />
            </label>
            <label className="flex flex-col gap-1">
              受付終了（終了の何分後）
              <input
                name="closesMinutesAfterEnd"
                inputMode="numeric"
                defaultValue={screen.rules.closesMinutesAfterEnd}
                className="input"
                required
              />
            </label>
            <label className="flex flex-col gap-1">
              遅刻とする時間（開始の何分後）
              <input
                name="lateAfterMinutes"
                inputMode="numeric"
                defaultValue={screen.rules.lateAfterMinutes}
                className="input"
                required
              />
            </label>
            <button type="submit" className="btn sm:col-span-3 sm:justify-self-start">
              保存する
            </button>
          </Form>
        ) : null}
      </section>
    </div>
  );
}
