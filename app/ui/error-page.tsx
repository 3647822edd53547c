import { Link, useRevalidator } from "@remix-run/react";

const TITLES: Record<number, { title: string; body: string }> = {
  400: { title: "リクエストが正しくありません", body: "入力内容を確認して、もう一度お試しください。" },
  403: {
    title: "このページを表示する権限がありません",
    body: "必要な役割が付与されていないか、他の方の情報です。必要な場合は事務局にお問い合わせください。",
  },
  404: { title: "ページが見つかりません", body: "URLが間違っているか、ページが削除された可能性があります。" },
  405: { title: "この操作は受け付けていません", body: "画面のリンクやボタンから操作してください。" },
  409: {
    title: "操作を完了できませんでした",
    body: "状態が変わった可能性があります。画面を更新して確認してください。",
  },
  410: {
    title: "このリンクは使用できません",
    body: "使用済み、期限切れ、または取り消されたリンクです。",
  },
  413: { title: "送信内容が大きすぎます", body: "ファイルや入力内容を小さくして、もう一度お試しください。" },
  415: { title: "この形式の送信は受け付けていません", body: "画面のフォームから送信してください。" },
  429: { title: "しばらく待ってからお試しください", body: "短時間に多くの操作がありました。" },
  500: {
    title: "システムエラーが発生しました",
    body: "時間をおいて再度お試しください。解決しない場合は事務局にお問い合わせください。",
  },
};

/**
 * The shared Japanese error page for 4xx/5xx; never shows a stack trace. The way out fits who
 * is looking: the dashboard for someone signed in, the top page (and sign-in, where signing in
 * may help) for anyone else, e.g. a municipal counterpart who has no account.
 */
export function ErrorPage({ status, message, signedIn }: { status: number; message?: string; signedIn: boolean }) {
  const text = TITLES[status] ?? (status >= 500 ? TITLES[500]! : TITLES[400]!);
  return (
    <div className="mx-auto max-w-2xl py-8">
      <p className="text-dns-16B-130 text-solid-gray-700">エラー {status}</p>
      <h1 className="mt-2">{text.title}</h1>
      {message ? <p className="mt-4">{message}</p> : null}
      <p className="mt-4">{text.body}</p>
      <p className="mt-8 flex flex-wrap gap-4">
        {signedIn ? (
          <Link to="/dashboard" className="btn">
            ダッシュボードへ
          </Link>
        ) : (
          <>
            <Link to="/" className="btn">
              トップページへ
            </Link>
            {status === 401 || status === 403 ? (
              <Link to="/login" className="btn-secondary">
                サインイン
              </Link>
            ) : null}
          </>
        )}
      </p>
    </div>
  );
}

/**
 * Whether a route error is the browser's failure to reach the server (a link tapped while
 * offline): fetch rejects with a TypeError whose wording differs per browser.
 */
export function isConnectionError(error: unknown): boolean {
  if (typeof window === "undefined") return false;
  if (!(error instanceof TypeError)) return false;
  return (
    window.navigator.onLine === false ||
    /failed to fetch|networkerror|load failed|network connection|dynamically imported module/i.test(error.message)
  );
}

/** What a navigation without a connection shows: no connection, and a way to try again. */
export function OfflinePage() {
  const revalidator = useRevalidator();
  return (
    <div className="mx-auto max-w-2xl py-8" data-testid="offline-page">
      <h1>インターネットに接続できません</h1>
      <p className="mt-4">
        {
          "通信が切れているため、ページを開けませんでした。接続を確かめてから「もう一度試す」を押してください。サインインはそのまま続いています。"
        }
      </p>
      <p className="mt-8 flex flex-wrap gap-4">
        <button
          type="button"
          className="btn"
          onClick={() => revalidator.revalidate()}
          disabled={revalidator.state === "loading"}
        >
          {revalidator.state === "loading" ? "読み込んでいます…" : "もう一度試す"}
        </button>
      </p>
    </div>
  );
}
