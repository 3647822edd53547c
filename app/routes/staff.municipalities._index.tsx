import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { db } from "~/db.server";
import { requireRole } from "~/features/auth/session.server";
import { MUNICIPALITY_KINDS, MUNICIPALITY_KIND_LABELS } from "~/features/vocabulary/municipality-kinds";
import { MunicipalitySearchSchema } from "~/features/municipalities/municipalities.schema";
import { searchMunicipalities } from "~/features/municipalities/municipalities.server";
import { prefectureName } from "~/lib/local-gov-code";
import { EmptyState, PageHeader } from "~/ui/layout";
import { Notice } from "~/ui/notice";
import { Pagination } from "~/ui/pagination";
import { formatNumber } from "~/lib/numbers";
import { PREFECTURE_OPTIONS, SearchFilter, SelectFilter, labelled } from "~/ui/filters";

export const meta: MetaFunction = () => [{ title: "自治体 | ITC研修ポータル" }];

export async function loader({ request, context }: LoaderFunctionArgs) {
  await requireRole({ request, context }, "staff", "admin");
  const query = MunicipalitySearchSchema.parse(Object.fromEntries(new URL(request.url).searchParams));
  return { query, result: await searchMunicipalities(db(), query) };
}

export default function Municipalities() {
  const { query, result } = useLoaderData<typeof loader>();
  return (
    <div>
      <PageHeader
        title="自治体"
        lead={`登録済み ${formatNumber(result.total)} 団体（地方公共団体コード順）`}
        actions={
          <>
            <Link to="/staff/municipalities/new" className="btn">
              自治体を登録
            </Link>
            <Link to="/staff/municipalities/import" className="btn-secondary">
              CSVで一括登録
            </Link>
          </>
        }
      />
      <Notice page="municipalities" />
      <Form method="get" className="card mb-6 grid gap-3 md:grid-cols-4 md:items-end" role="search">
        <SearchFilter
          label="団体名・ふりがな・コード"
          defaultValue={query.q}
          placeholder="例：山形、やまがた、0620"
          className="md:col-span-2"
        />
        <SelectFilter id="prefecture" label="都道府県" defaultValue={query.prefecture} options={PREFECTURE_OPTIONS} />
        <SelectFilter
          id="kind"
          label="団体区分"
          defaultValue={query.kind}
          options={labelled(MUNICIPALITY_KINDS, MUNICIPALITY_KIND_LABELS)}
        />
        <button type="submit" className="btn-secondary md:col-start-4">
          検索
        </button>
      </Form>
      {result.municipalities.length === 0 ? (
        <EmptyState title="該当する自治体はありません">
          条件を変えるか、<Link to="/staff/municipalities/import">総務省の団体コード一覧（CSV）を取り込んで</Link>
          ください。
        </EmptyState>
      ) : (
        <ul className="divide-y divide-solid-gray-200 rounded-12 border border-solid-gray-200" aria-label="自治体一覧">
          {result.municipalities.map((m) => (
            <li key={m.code} className="flex flex-col gap-1 p-4 sm:flex-row sm:items-center sm:justify-between">
              <div>
                <p className="text-dns-14N-130 text-solid-gray-700">{m.name_kana}</p>
                <p className="text-std-18B-160">
                  <Link to={`/staff/municipalities/${m.code}`}>{m.name}</Link>
                  <span className="ml-2 text-dns-16N-130 text-solid-gray-800">{prefectureName(m.prefecture_code)}</span>
                </p>
              </div>
              <dl className="flex flex-wrap gap-x-4 text-dns-14N-130 text-solid-gray-800">
                <div className="flex gap-1">
                  <dt>コード</dt>
                  <dd className="font-mono">{m.code}</dd>
                </div>
                <div className="flex gap-1">
                  <dt>区分</dt>
                  <dd>{MUNICIPALITY_KIND_LABELS[m.kind]}</dd>
                </div>
                <div className="flex gap-1">
                  <dt>人口</dt>
                  <dd>
                    {m.population === null
                      ? "未登録"
                      : `${formatNumber(m.population)}人${m.population_year ? `（${m.population_year}年）` : ""}`}
                  </dd>
                </div>
              </dl>
            </li>
          ))}
        </ul>
      )}
      <Pagination page={result.page} pageCount={result.pageCount} />
    </div>
  );
}
