import { Link } from "@remix-run/react";
import { formatDateJa } from "~/lib/dates";
import type { PlacementEntries } from "../entries.server";
import { formatMinutes } from "../labels";
import { EntryStatusBadge } from "./badges";
import { PendingDrafts } from "./offline-drafts";

/** The logbook on the placement page: entries newest first, and the link to log a new one. */
export function LogbookSection({
  placementId,
  logbook,
  canLog,
}: {
  placementId: number;
  logbook: PlacementEntries;
  canLog: boolean;
}) {
  const { entries, counts, total } = logbook;
  return (
    <section className="card md:col-span-2" aria-labelledby="logbook" data-testid="logbook">
      <div className="mb-3 flex flex-wrap items-center justify-between gap-2">
        <h2 id="logbook">OJTの記録</h2>
        {canLog ? (
          <Link to={`/placements/${placementId}/log/new`} className="btn">
            記録を書く
          </Link>
        ) : null}
      </div>
      {canLog ? <PendingDrafts /> : null}
      {total === 0 ? (
        <p>まだ記録がありません。{canLog ? "「記録を書く」から、OJTで行った作業を記録してください。" : ""}</p>
      ) : (
        <>
          <p className="mb-3 text-dns-14N-130 text-solid-gray-800">
            全{total}件（承認済み{counts.approved}件・承認待ち{counts.submitted}件・差戻し{counts.returned}件）
            {entries.length < total ? `。新しい${entries.length}件を表示しています。` : ""}
          </p>
          <ul className="divide-y divide-solid-gray-200">
            {entries.map((e) => (
              <li key={e.id} className="py-3">
                <Link
                  to={`/placements/${placementId}/log/${e.id}`}
                  className="flex flex-wrap items-center gap-x-3 gap-y-1"
                >
                  <EntryStatusBadge status={e.status} />
                  <span className="text-std-16B-170">{formatDateJa(e.work_date)}</span>
                  <span>{e.task_kind}</span>
                  <span>{formatMinutes(e.minutes)}</span>
                </Link>
                <p className="text-dns-14N-130 text-solid-gray-800">
                  記入：{e.author_name}
                  {e.version > 1 ? `・訂正版（第${e.version}版）` : ""}
                </p>
              </li>
            ))}
          </ul>
        </>
      )}
    </section>
  );
}
