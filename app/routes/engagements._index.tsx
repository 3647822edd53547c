import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { db } from "~/db.server";
import { hasRole } from "~/features/auth/roles";
import { requireRole } from "~/features/auth/session.server";
import { EngagementSearchSchema } from "~/features/engagements/engagements.schema";
import { listEngagements } from "~/features/engagements/engagements.server";
import { listPendingCounterpartChanges } from "~/features/engagements/counterpart-contact.server";
import {
  CONTRACT_TYPES,
  CONTRACT_TYPE_LABELS,
  ENGAGEMENT_STATUSES,
  ENGAGEMENT_STATUS_LABELS,
} from "~/features/vocabulary/engagement-kinds";
import { ThemeBadges } from "~/features/ojt/components/badges";
import { OJT_THEMES, OJT_THEME_LABELS } from "~/features/vocabulary/ojt-kinds";
import { formatDateTimeJa, formatFiscalYear } from "~/lib/dates";
import { prefectureName } from "~/lib/local-gov-code";
import { EmptyState, PageHeader } from "~/ui/layout";
import { Notice } from "~/ui/notice";
import { Pagination } from "~/ui/pagination";
import { formatNumber } from "~/lib/numbers";
import { PREFECTURE_OPTIONS, SearchFilter, SelectFilter, labelled } from "~/ui/filters";

export const meta: MetaFunction = () => [{ title: "自治体案件 | ITC研修ポータル" }];

export async function loader({ request, context }: LoaderFunctionArgs) {
  const user = await requireRole({ request, context }, "trainer", "staff", "admin");
  const query = EngagementSearchSchema.parse(Object.fromEntries(new URL(request.url).searchParams));
  const isStaff = hasRole(user, "staff", "admin");
  return {
    query,
    isStaff,
    result: await listEngagements(db(), user, query),
    // Staff's queue of trainers' proposed counterpart contacts (decided on each engagement's page).
    pendingCounterparts: isStaff ? await listPendingCounterpartChanges(db()) : [],
  };
}

export default function Engagements() {
  const { query, result, isStaff, pendingCounterparts } = useLoaderData<typeof loader>();
  return (
    <div>
      <PageHeader
        title="自治体案件"
        lead={
          isStaff
            ? `トレーナーが自治体と契約している案件（${formatNumber(result.total)}件）`
            : "あなたが担当する自治体案件です。OJTトレーニーはこの案件の中で実務を経験します。"
        }
        actions={
          <Link to="/engagements/new" className="btn">
            案件を登録
          </Link>
        }
      />
      <Notice page="engagements" />
      {pendingCounterparts.length > 0 ? (
        <section className="card mb-6 border-l-4 border-l-yellow-700" aria-labelledby="pending-counterparts">
          <h2 id="pending-counterparts" className="mb-2">
            自治体の担当者の変更（承認待ち {formatNumber(pendingCounterparts.length)}件）
          </h2>
          <ul className="divide-y divide-solid-gray-200">
            {pendingCounterparts.map((p) => (
              <li key={p.id} className="py-2">
                <Link to={`/engagements/${p.id}#pending-counterpart`}>
                  {p.municipality_name}「{p.title}」
                </Link>
                <span className="text-dns-14N-130 text-solid-gray-800">
                  ：{p.name || "（なし）"}への変更・{p.proposer_name ? `${p.proposer_name}・` : ""}
                  {formatDateTimeJa(p.at)}
                </span>
              </li>
            ))}
          </ul>
        </section>
      ) : null}
      <Form method="get" className="card mb-6 grid gap-3 md:grid-cols-3 md:items-end" role="search">
        <SearchFilter label="キーワード" defaultValue={query.q} placeholder="自治体名・案件名・契約主体" />
        <SelectFilter id="prefecture" label="都道府県" defaultValue={query.prefecture} options={PREFECTURE_OPTIONS} />
        <SelectFilter
          id="status"
          label="募集状況"
          defaultValue={query.status}
          options={labelled(ENGAGEMENT_STATUSES, ENGAGEMENT_STATUS_LABELS)}
        />
        <SelectFilter
          id="theme"
          label="OJTテーマ"
          defaultValue={query.theme}
          options={labelled(OJT_THEMES, OJT_THEME_LABELS)}
        />
        <SelectFilter
          id="contractType"
          label="契約形態"
          defaultValue={query.contractType}
          options={labelled(CONTRACT_TYPES, CONTRACT_TYPE_LABELS)}
        />
        <button type="submit" className="btn-secondary">
          検索
        </button>
      </Form>
      {result.engagements.length === 0 ? (
        <EmptyState title="該当する案件はありません">
          {isStaff ? "条件を変えてお試しください。" : "自治体との契約を登録すると、OJTの受入提案が届くようになります。"}
        </EmptyState>
      ) : (
        <ul className="grid gap-4 md:grid-cols-2" aria-label="自治体案件の一覧">
          {result.engagements.map((e) => (
            <li key={e.id} className="card">
              <p className="text-dns-14N-130 text-solid-gray-700">
                {prefectureName(e.prefecture_code)}・{CONTRACT_TYPE_LABELS[e.contract_type]}
              </p>
              <h2 className="text-std-18B-160 md:text-std-20B-150">
                <Link to={`/engagements/${e.id}`}>
                  {e.municipality_name}「{e.title}」
                </Link>
              </h2>
              <p className="mt-1">
                <span className="badge mr-2 bg-blue-100 text-blue-1100">{ENGAGEMENT_STATUS_LABELS[e.status]}</span>
                受入 {e.slots_taken}/{e.ojt_slots}人・主担当 {e.lead_name}
              </p>
              <p className="text-dns-14N-130 text-solid-gray-800">
                {formatFiscalYear(e.start_fiscal_year)}〜{formatFiscalYear(e.end_fiscal_year)}
              </p>
              <ThemeBadges themes={e.themes} className="mt-2" />
            </li>
          ))}
        </ul>
      )}
      <Pagination page={result.page} pageCount={result.pageCount} />
    </div>
  );
}
