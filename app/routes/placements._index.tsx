import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { db } from "~/db.server";
import { hasRole } from "~/features/auth/roles";
import { requireUser } from "~/features/auth/session.server";
import { PlacementStatusBadge } from "~/features/ojt/components/badges";
import {
  PLACEMENT_OUTCOMES,
  PLACEMENT_OUTCOME_LABELS,
  PLACEMENT_STATUSES,
  PLACEMENT_STATUS_LABELS,
} from "~/features/vocabulary/ojt-kinds";
import { listPlacementsForViewer } from "~/features/ojt/placements.server";
import { formatDateJa } from "~/lib/dates";
import { choiceParam, pageParam } from "~/lib/list-query";
import { EmptyState, PageHeader } from "~/ui/layout";
import { Pagination } from "~/ui/pagination";

export const meta: MetaFunction = () => [{ title: "OJT | ITC研修ポータル" }];

export async function loader({ request, context }: LoaderFunctionArgs) {
  const user = await requireUser({ request, context });
  // Built here rather than at module level, so zod stays out of the page's browser bundle.
  const filter = z
    .object({ status: choiceParam(PLACEMENT_STATUSES), outcome: choiceParam(PLACEMENT_OUTCOMES), page: pageParam })
    .parse(Object.fromEntries(new URL(request.url).searchParams));
  return {
    filter,
    isStaff: hasRole(user, "staff", "admin"),
    result: await listPlacementsForViewer(db(), user, filter),
  };
}

export default function Placements() {
  const { filter, result, isStaff } = useLoaderData<typeof loader>();
  return (
    <div className="mx-auto max-w-4xl">
      <PageHeader title="OJT" lead={isStaff ? "すべてのOJTの提案と実施状況" : "あなたが関わるOJTの提案と実施状況"} />
      <Form
        method="get"
        key={JSON.stringify(filter)}
        className="card mb-6 flex flex-col gap-3 sm:flex-row sm:items-end"
      >
        <div className="flex-1">
          <label htmlFor="status" className="label">
            状況
          </label>
          <select id="status" name="status" defaultValue={filter.status} className="input">
            <option value="">すべて</option>
            {PLACEMENT_STATUSES.map((s) => (
              <option key={s} value={s}>
                {PLACEMENT_STATUS_LABELS[s]}
              </option>
            ))}
          </select>
        </div>
        <div className="flex-1">
          <label htmlFor="outcome" className="label">
            終了の区分
          </label>
          <select id="outcome" name="outcome" defaultValue={filter.outcome} className="input">
            <option value="">すべて</option>
            {PLACEMENT_OUTCOMES.map((o) => (
              <option key={o} value={o}>
                {PLACEMENT_OUTCOME_LABELS[o]}
              </option>
            ))}
          </select>
        </div>
        <button type="submit" className="btn-secondary">
          絞り込む
        </button>
      </Form>
      {result.placements.length === 0 ? (
        <EmptyState title="該当するOJTはありません">
          {isStaff ? "マッチングボードから受入を提案できます。" : "事務局から提案があると、ここに表示されます。"}
        </EmptyState>
      ) : (
        <ul className="divide-y divide-solid-gray-200 rounded-12 border border-solid-gray-200">
          {result.placements.map((p) => (
            <li key={p.id} className="p-4">
              <p className="flex flex-wrap items-center gap-2">
                <Link to={`/placements/${p.id}`} className="text-std-16B-170">
                  {p.municipality_name}「{p.engagement_title}」
                </Link>
                <PlacementStatusBadge status={p.status} outcome={p.outcome} />
              </p>
              <p className="text-dns-14N-130 text-solid-gray-800">
                トレーナー {p.trainer_name}さん・トレーニー {p.trainee_name}さん・{formatDateJa(p.start_date)}〜
                {formatDateJa(p.end_date)}
              </p>
            </li>
          ))}
        </ul>
      )}
      <Pagination page={result.page} pageCount={result.pageCount} />
    </div>
  );
}
