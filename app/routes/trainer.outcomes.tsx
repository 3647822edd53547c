import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { db } from "~/db.server";
import { requireRole } from "~/features/auth/session.server";
import { CriterionList } from "~/features/certification/components/criterion-list";
import { CERTIFICATE_STATUS_LABELS, QUEUE_STATE_LABELS } from "~/features/certification/labels";
import { trainerOutcomes } from "~/features/certification/queue.server";
import { EmptyState, PageHeader } from "~/ui/layout";

export const meta: MetaFunction = () => [{ title: "担当トレーニーの修了 | ITC研修ポータル" }];

export async function loader({ request, context }: LoaderFunctionArgs) {
  const user = await requireRole({ request, context }, "trainer");
  return { programmes: await trainerOutcomes(db(), user.id) };
}

export default function TrainerOutcomesPage() {
  const { programmes } = useLoaderData<typeof loader>();
  const empty = programmes.every((p) => p.rows.length === 0);
  return (
    <div className="mx-auto max-w-4xl">
      <PageHeader
        title="担当トレーニーの修了"
        lead="あなたが担当するOJTのトレーニーについて、修了認定の条件の達成状況と発行された修了証です。"
      />
      {empty ? (
        <EmptyState title="実施中または終了した担当OJTはありません">
          担当するOJTが始まると、ここに修了の状況が表示されます。
        </EmptyState>
      ) : (
        programmes.map(({ programme, rows }) => (
          <section key={programme.id} aria-labelledby={`programme-${programme.id}`} className="mb-6">
            <h2 id={`programme-${programme.id}`} className="text-std-18B-160">
              {programme.name}
            </h2>
            <ul className="mt-2 divide-y divide-solid-gray-200 rounded-8 border border-solid-gray-200 bg-white">
              {rows.map((r) => (
                <li key={r.subjectId} className="p-3" data-testid="outcome">
                  <div className="flex flex-wrap items-center gap-2">
                    <span className="text-std-16B-170">{r.holderName}</span>
                    <span className="badge bg-solid-gray-100 text-solid-gray-900">{QUEUE_STATE_LABELS[r.state]}</span>
                  </div>
                  <p className="text-dns-14N-130 text-solid-gray-800">
                    {r.context}・<Link to={`/placements/${r.subjectId}`}>OJTを見る</Link>
                  </p>
                  <CriterionList results={r.evaluation.results} />
                  {r.certificate ? (
                    <p className="mt-2">
                      修了証 {r.certificate.number}（
                      {CERTIFICATE_STATUS_LABELS[r.certificate.status] ?? r.certificate.status}）
                    </p>
                  ) : null}
                </li>
              ))}
            </ul>
          </section>
        ))
      )}
    </div>
  );
}
