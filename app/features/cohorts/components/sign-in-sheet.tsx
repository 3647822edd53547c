import { Link, useLoaderData } from "@remix-run/react";
import { formatDateJa } from "~/lib/dates";
import { prefectureName } from "~/lib/local-gov-code";
import type { signInSheetData } from "../cohort-pages.server";

/** The printable sign-in sheet of one session (print.css hides the site's frame). */
export function SignInSheetPage() {
  const { cohort, sheet, basePath } = useLoaderData<Awaited<ReturnType<typeof signInSheetData>>>();
  const { session, rows } = sheet;
  return (
    <div className="sign-in-sheet">
      <div className="no-print mb-4 flex flex-wrap items-center gap-3">
        <Link to={basePath}>名簿へ戻る</Link>
        <PrintButton />
        {cohort.sessions.length > 1 ? (
          <nav aria-label="日程の切り替え">
            <ul className="flex flex-wrap gap-2">
              {cohort.sessions.map((s, i) => (
                <li key={s.id}>
                  <Link
                    to={`${basePath}/sign-in-sheet?sessionId=${s.id}`}
                    aria-current={s.id === session.id ? "page" : undefined}
                  >
                    {i + 1}日目
                  </Link>
                </li>
              ))}
            </ul>
          </nav>
        ) : null}
      </div>
      <h1 className="text-std-24B-150">署名簿</h1>
      <p className="mt-1">
        {cohort.course_title} {cohort.name}
      </p>
      <p>
        {formatDateJa(session.date)} {session.start_time}〜{session.end_time}
        {session.topic ? ` ${session.topic}` : ""}{" "}
        {cohort.prefecture_code ? `${prefectureName(cohort.prefecture_code)} ${cohort.venue}` : "オンライン"}
      </p>
      <table className="data-table mt-4">
        <caption className="sr-only">署名簿（{formatDateJa(session.date)}）</caption>
        <thead>
          <tr>
            <th scope="col" className="w-12">
              No.
            </th>
            <th scope="col">氏名</th>
            <th scope="col" className="max-sm:hidden">
              所属
            </th>
            <th scope="col" className="w-2/5">
              署名
            </th>
          </tr>
        </thead>
        <tbody>
          {rows.length === 0 ? (
            <tr>
              <td colSpan={4}>受講確定者はいません。</td>
            </tr>
          ) : (
            rows.map((r, i) => (
              <tr key={r.id} className="h-14">
                <td>{i + 1}</td>
                <td>
                  <span className="block text-dns-14N-130">{r.name_kana}</span>
                  {r.name}
                </td>
                <td className="max-sm:hidden">{r.organization}</td>
                <td aria-label="署名欄" />
              </tr>
            ))
          )}
        </tbody>
      </table>
      <p className="mt-4 text-dns-14N-130">受講確定 {rows.length}人</p>
    </div>
  );
}

function PrintButton() {
  return (
    <button type="button" className="btn-secondary btn-small" onClick={() => window.print()}>
      印刷する
    </button>
  );
}
