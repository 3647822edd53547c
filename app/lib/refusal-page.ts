// The page a request gets when it never reaches a route's error boundary: a refusal before
// Remix (a wrong method, a cross-site form) or a resource route's error (a ZIP with nothing
// selected, a PDF that cannot be made). It keeps the site's look (the app's stylesheet and its
// mark) and offers the way back: the page the request came from, when that is on this site.

export type RefusalPage = {
  status: number;
  message: string;
  /** The app's stylesheet (the root route's link), when known. */
  stylesheet?: string;
  /** The Referer header and the request's own URL: the back link is offered only on-site. */
  referer?: string | null;
  requestUrl?: string;
};

const escape = (text: string) => text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

/** The path (with query) of a same-origin Referer other than the failed address itself. */
export function backPath(referer: string | null | undefined, requestUrl: string | undefined): string | null {
  if (!referer || !requestUrl) return null;
  try {
    const from = new URL(referer);
    const to = new URL(requestUrl);
    if (from.origin !== to.origin) return null;
    if (from.pathname === to.pathname && from.search === to.search) return null;
    return `${from.pathname}${from.search}`;
  } catch {
    return null;
  }
}

export function refusalPage({ status, message, stylesheet, referer, requestUrl }: RefusalPage): string {
  const back = backPath(referer, requestUrl);
  const links = [
    back ? `<a class="btn" href="${escape(back)}">前のページへ戻る</a>` : "",
    `<a class="${back ? "btn-secondary" : "btn"}" href="/">トップページへ</a>`,
  ].join("");
  return (
    `<!DOCTYPE html><html lang="ja"><head><meta charset="utf-8">` +
    `<meta name="viewport" content="width=device-width, initial-scale=1">` +
    `<title>エラー ${status} | ITC研修ポータル</title>` +
    (stylesheet ? `<link rel="stylesheet" href="${escape(stylesheet)}">` : "") +
    `</head><body class="flex min-h-screen flex-col">` +
    `<header class="border-b border-solid-gray-200 bg-white"><div class="mx-auto max-w-[90rem] px-4 py-3 md:px-6">` +
    `<a href="/" class="text-std-20B-150 text-solid-gray-900 no-underline"><span class="text-key-900">ITC</span>研修ポータル</a>` +
    `</div></header>` +
    `<main id="main" class="mx-auto w-full max-w-2xl flex-1 px-4 py-8">` +
    `<p class="text-dns-16B-130 text-solid-gray-700">エラー ${status}</p>` +
    `<h1 class="mt-2">${escape(message)}</h1>` +
    `<p class="mt-8 flex flex-wrap gap-4">${links}</p>` +
    `</main></body></html>`
  );
}
