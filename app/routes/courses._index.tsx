import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { db } from "~/db.server";
import { parseCatalogSearch } from "~/features/catalog/catalog.schema";
import { FormatBadge, KindBadge } from "~/features/catalog/components/badges";
import { searchCatalog } from "~/features/catalog/courses.server";
import {
  COURSE_FORMAT_LABELS,
  COURSE_FORMATS,
  COURSE_KIND_LABELS,
  COURSE_KINDS,
  formatHours,
  formatYen,
  ONLINE,
} from "~/features/vocabulary/course-kinds";
import { formatDateJa } from "~/lib/dates";
import { PREFECTURES } from "~/lib/local-gov-code";
import { EmptyState, PageHeader } from "~/ui/layout";
import { Pagination } from "~/ui/pagination";
import { formatNumber } from "~/lib/numbers";
import { SearchFilter, SelectFilter, labelled } from "~/ui/filters";

export const meta: MetaFunction = () => [{ title: "研修を探す | ITC研修ポータル" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const query = parseCatalogSearch(new URL(request.url).searchParams);
  return { query, result: await searchCatalog(db(), query) };
}

export default function Catalog() {
  const { query, result } = useLoaderData<typeof loader>();
  const filtered = Boolean(query.q || query.kind || query.format || query.area || query.month || query.open);
  return (
    <div>
      <PageHeader
        title="研修を探す"
        lead="ITコーディネータ協会の研修（自治体ビジネス基礎研修・ケース研修・フォローアップ研修・スキル研修）を探して申し込めます。"
      />
      <Form method="get" key={JSON.stringify(query)} role="search" aria-label="研修の検索" className="card mb-6">
        <div className="grid gap-4 md:grid-cols-3">
          <SearchFilter
            label="キーワード"
            defaultValue={query.q}
            placeholder="例：自治体 DX、ケース研修、予算"
            className="md:col-span-3"
          />
          <SelectFilter
            id="kind"
            label="研修の種類"
            defaultValue={query.kind}
            options={labelled(COURSE_KINDS, COURSE_KIND_LABELS)}
          />
          <SelectFilter
            id="format"
            label="実施形式"
            defaultValue={query.format}
            options={labelled(COURSE_FORMATS, COURSE_FORMAT_LABELS)}
          />
          <div>
            <label htmlFor="area" className="label">
              開催地
            </label>
            <select id="area" name="area" defaultValue={query.area} className="input">
              <option value="">すべて</option>
              <option value={ONLINE}>オンライン</option>
              {PREFECTURES.map((p) => (
                <option key={p.code} value={p.code}>
                  {p.name}
                </option>
              ))}
            </select>
          </div>
          <div>
            <label htmlFor="month" className="label">
              開催月
            </label>
            <input id="month" name="month" type="month" defaultValue={query.month} className="input" />
          </div>
          <div className="flex items-end">
            <label className="flex min-h-11 items-center gap-2">
              <input type="checkbox" name="open" value="1" defaultChecked={query.open === "1"} className="size-5" />
              申込受付中のみ
            </label>
          </div>
          <div className="flex items-end gap-3">
            <button type="submit" className="btn-secondary">
              検索
            </button>
            {filtered ? <Link to="/courses">条件をクリア</Link> : null}
          </div>
        </div>
      </Form>
      <p className="mb-4" role="status" aria-live="polite">
        {formatNumber(result.total)}件の研修{filtered ? "が見つかりました" : ""}
      </p>
      {result.courses.length === 0 ? (
        <EmptyState title="条件に合う研修はありません">
          キーワードを短くする、条件を減らすなどしてお試しください。
        </EmptyState>
      ) : (
        <ul className="grid gap-4 md:grid-cols-2" aria-label="研修一覧">
          {result.courses.map((c) => (
            <li key={c.id} className="card flex flex-col gap-2">
              <div className="flex flex-wrap gap-2">
                <KindBadge kind={c.kind} />
                <FormatBadge format={c.format} />
                {c.open_count ? <span className="badge bg-green-100 text-green-1200">申込受付中</span> : null}
              </div>
              <h2 className="text-std-20B-150">
                <Link to={`/courses/${c.id}`}>{c.title}</Link>
              </h2>
              <dl className="grid grid-cols-[auto_1fr] gap-x-4 gap-y-1 text-dns-16N-130">
                <dt className="text-solid-gray-700">時間</dt>
                <dd>
                  {formatHours(c.total_hours)}・実践力ポイント {c.points}
                </dd>
                <dt className="text-solid-gray-700">受講料</dt>
                <dd>{formatYen(c.fee_yen)}</dd>
                <dt className="text-solid-gray-700">次回</dt>
                <dd>
                  {c.next_date ? formatDateJa(c.next_date) : "予定されている開催回はありません"}
                  {c.upcoming_count && c.upcoming_count > 1 ? `（ほか${c.upcoming_count - 1}回）` : ""}
                </dd>
              </dl>
            </li>
          ))}
        </ul>
      )}
      <Pagination page={result.page} pageCount={result.pageCount} />
    </div>
  );
}
