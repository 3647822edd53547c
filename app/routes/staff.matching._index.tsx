import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { db } from "~/db.server";
import { requireRole } from "~/features/auth/session.server";
import { CONTRACT_TYPE_LABELS } from "~/features/vocabulary/engagement-kinds";
import { ScoreLine } from "~/features/ojt/components/score";
import { PlacementStatusBadge, ThemeBadges } from "~/features/ojt/components/badges";
import { OJT_THEMES, OJT_THEME_LABELS, TRAVEL_RANGE_LABELS } from "~/features/vocabulary/ojt-kinds";
import { matchingBoard, openEngagementsPage } from "~/features/ojt/matching.server";
import { parseBoardFilter } from "~/features/ojt/ojt.schema";
import { formatDateJa } from "~/lib/dates";
import { prefectureName } from "~/lib/local-gov-code";
import { EmptyState, PageHeader } from "~/ui/layout";
import { Pagination } from "~/ui/pagination";
import { formatNumber } from "~/lib/numbers";
import { PREFECTURE_OPTIONS, SearchFilter, SelectFilter, labelled } from "~/ui/filters";

export const meta: MetaFunction = () => [{ title: "OJTマッチング | ITC研修ポータル" }];

export async function loader({ request, context }: LoaderFunctionArgs) {
  await requireRole({ request, context }, "staff", "admin");
  const filter = parseBoardFilter(Object.fromEntries(new URL(request.url).searchParams));
  if (filter.view === "engagements")
    return { filter, view: "engagements" as const, engagements: await openEngagementsPage(db(), filter), board: null };
  return { filter, view: "applications" as const, board: await matchingBoard(db(), filter), engagements: null };
}

export default function MatchingBoard() {
  const { filter, board, engagements } = useLoaderData<typeof loader>();
  const tab = (view: "applications" | "engagements", label: string) => (
    <Link
      to={`/staff/matching${view === "engagements" ? "?view=engagements" : ""}`}
      aria-current={filter.view === view ? "page" : undefined}
      className={filter.view === view ? "btn" : "btn-secondary"}
    >
      {label}
    </Link>
  );
  return (
    <div>
      <PageHeader
        title="OJTマッチング"
        lead="受付中のOJT申込と、空き枠のある募集中の自治体案件を組み合わせます。推薦度は地域・テーマ・受入枠・トレーナー負荷・自治体規模から計算した目安です。"
      />
      <nav aria-label="表示の切り替え" className="mb-4 flex flex-wrap gap-2">
        {tab("applications", "申込から探す")}
        {tab("engagements", "空き枠のある案件")}
      </nav>
      <Form
        method="get"
        key={JSON.stringify(filter)}
        className="card mb-6 grid gap-3 md:grid-cols-4 md:items-end"
        role="search"
      >
        {filter.view === "engagements" ? <input type="hidden" name="view" value="engagements" /> : null}
        <SearchFilter
          label={filter.view === "engagements" ? "自治体名・案件名" : "トレーニー名"}
          defaultValue={filter.q}
        />
        <SelectFilter
          id="prefecture"
          label={filter.view === "engagements" ? "都道府県" : "希望する都道府県"}
          defaultValue={filter.prefecture}
          options={PREFECTURE_OPTIONS}
        />
        <SelectFilter
          id="theme"
          label="テーマ"
          defaultValue={filter.theme}
          options={labelled(OJT_THEMES, OJT_THEME_LABELS)}
        />
        {filter.view === "applications" ? (
          <div>
            <label htmlFor="proposal" className="label">
              提案の状況
            </label>
            <select id="proposal" name="proposal" defaultValue={filter.proposal} className="input">
              <option value="">すべて</option>
              <option value="none">未提案のみ</option>
              <option value="pending">回答待ちの提案あり</option>
            </select>
          </div>
        ) : null}
        <button type="submit" className="btn-secondary md:col-start-4">
          絞り込む
        </button>
      </Form>
      {board ? <Applications board={board} /> : null}
      {engagements ? <Engagements page={engagements} /> : null}
    </div>
  );
}

type Board = NonNullable<ReturnType<typeof useLoaderData<typeof loader>>["board"]>;

function Applications({ board }: { board: Board }) {
  return (
    <section aria-labelledby="apps-heading">
      <h2 id="apps-heading">受付中の申込 {formatNumber(board.total)}件</h2>
      <p className="mb-3 text-dns-16N-130 text-solid-gray-800">
        空き枠のある募集中の案件 {formatNumber(board.openEngagements)}件
      </p>
      {board.applications.length === 0 ? (
        <EmptyState title="条件に合う受付中の申込はありません">条件を変えてお試しください。</EmptyState>
      ) : (
        <ul className="space-y-4">
          {board.applications.map((a) => (
            <li key={a.id} className="card" data-testid={`application-${a.id}`}>
              <div className="flex flex-col gap-1 md:flex-row md:items-baseline md:justify-between">
                <h3>
                  <Link to={`/staff/matching/${a.id}`}>{a.trainee_name}さん</Link>
                </h3>
                <p className="text-dns-14N-130 text-solid-gray-700">申込 {formatDateJa(a.submitted_at)}</p>
              </div>
              <p className="text-dns-16N-130">
                希望：{a.prefectures.map((p) => prefectureName(p)).join("・")}（{TRAVEL_RANGE_LABELS[a.travel_range]}
                ）・月
                {a.days_per_month}日
              </p>
              <ThemeBadges themes={a.themes} />
              {a.pending ? (
                <p className="mt-3">
                  提案中：
                  <Link to={`/placements/${a.pending.id}`}>
                    {a.pending.municipality_name}「{a.pending.engagement_title}」
                  </Link>{" "}
                  <PlacementStatusBadge status={a.pending.status} />
                </p>
              ) : a.suggestions.length === 0 ? (
                <p className="mt-3 text-solid-gray-800">移動できる範囲に空き枠のある案件がありません。</p>
              ) : (
                <div className="mt-3">
                  <p className="text-dns-16B-130">おすすめの案件（候補 {a.reachable}件）</p>
                  <ol className="mt-1 space-y-2">
                    {a.suggestions.map((s) => (
                      <li key={s.engagementId} className="rounded-8 border border-solid-gray-200 p-3">
                        <p>
                          <Link to={`/staff/matching/${a.id}?engagement=${s.engagementId}#propose`}>
                            {s.municipalityName}「{s.title}」
                          </Link>
                          <span className="ml-2 text-dns-14N-130 text-solid-gray-800">
                            {prefectureName(s.prefectureCode)}・{s.trainerName}さん・空き{s.free}枠
                          </span>
                        </p>
                        <ScoreLine score={s.score} />
                      </li>
                    ))}
                  </ol>
                </div>
              )}
            </li>
          ))}
        </ul>
      )}
      <Pagination page={board.page} pageCount={board.pageCount} />
    </section>
  );
}

type EngagementPage = NonNullable<ReturnType<typeof useLoaderData<typeof loader>>["engagements"]>;

function Engagements({ page }: { page: EngagementPage }) {
  return (
    <section aria-labelledby="eng-heading">
      <h2 id="eng-heading" className="mb-3">
        空き枠のある募集中の案件 {formatNumber(page.total)}件
      </h2>
      {page.engagements.length === 0 ? (
        <EmptyState title="条件に合う案件はありません">条件を変えてお試しください。</EmptyState>
      ) : (
        <ul className="grid gap-3 md:grid-cols-2">
          {page.engagements.map((e) => (
            <li key={e.id} className="card">
              <p className="text-dns-14N-130 text-solid-gray-700">
                {prefectureName(e.prefecture_code)}・{CONTRACT_TYPE_LABELS[e.contract_type]}
              </p>
              <h3>
                <Link to={`/engagements/${e.id}`}>
                  {e.municipality_name}「{e.title}」
                </Link>
              </h3>
              <p>
                {e.trainer_name}さん・空き{e.ojt_slots - e.slots_taken}枠（{e.ojt_slots}枠中）
              </p>
              <ThemeBadges themes={e.themes} />
            </li>
          ))}
        </ul>
      )}
      <Pagination page={page.page} pageCount={page.pageCount} />
    </section>
  );
}
