import { describe, expect, it } from "vitest";
import { backPath, refusalPage } from "./refusal-page";

describe("refusalPage", () => {
  const requestUrl = "https://training.example.jp/staff/certificates/zip";

  it("offers the page the request came from, on this site", () => {
    const html = refusalPage({
      status: 400,
      message: "ダウンロードする修了証を1件以上選んでください。",
      stylesheet: "/build/_assets/app-ABC.css",
      referer: "https://training.example.jp/staff/certification?programme=2&show=issued",
      requestUrl,
    });
    expect(html).toContain('<link rel="stylesheet" href="/build/_assets/app-ABC.css">');
    expect(html).toContain(
      '<a class="btn" href="/staff/certification?programme=2&#38;show=issued">前のページへ戻る</a>',
    );
    expect(html).toContain('<h1 class="mt-2">ダウンロードする修了証を1件以上選んでください。</h1>');
  });

  it("never links back off-site, nor to the failed address", () => {
    expect(backPath("https://evil.example/staff", requestUrl)).toBeNull();
    expect(backPath(requestUrl, requestUrl)).toBeNull();
    expect(backPath("not a url", requestUrl)).toBeNull();
    expect(backPath(undefined, requestUrl)).toBeNull();
    const html = refusalPage({ status: 400, message: "x", referer: "https://evil.example/", requestUrl });
    expect(html).not.toContain("前のページへ戻る");
    expect(html).toContain('<a class="btn" href="/">トップページへ</a>');
  });

  it("escapes the message", () => {
    expect(refusalPage({ status: 400, message: '<script>"' })).toContain("&#60;script&#62;&#34;");
  });
});
