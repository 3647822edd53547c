import { Link } from "@remix-run/react";
import { ENGAGEMENT_STATUS_LABELS } from "~/features/vocabulary/engagement-kinds";
import { formatDateJa } from "~/lib/dates";
import { EmptyState } from "~/ui/layout";
import { APPLICATION_STATUS_LABELS } from "~/features/vocabulary/ojt-kinds";
import type { staffOjtCounts, traineeOjtSummary, trainerOjtSummary } from "../dashboard.server";
import { PlacementStatusBadge } from "./badges";
import { formatNumber } from "~/lib/numbers";

type Jsonify<T> = T extends (...args: any[]) => Promise<infer R> ? R : never;

/** Trainer dashboard section: decisions awaiting them, their trainees and engagements. */
export function TrainerOjtCard({ summary }: { summary: Jsonify<typeof trainerOjtSummary> }) {
  const { pendingDecisions, trainees, engagements } = summary;
  return (
    <div className="space-y-4">
      <div>
        <h3>回答待ちの受入提案</h3>
        {pendingDecisions.length === 0 ? (
          <p className="text-solid-gray-800">回答待ちの提案はありません。</p>
        ) : (
          <ul className="list-disc pl-6">
            {pendingDecisions.map((p) => (
              <li key={p.id}>
                <Link to={`/placements/${p.id}`}>
                  {p.trainee_name}さん（{p.municipality_name}）
                </Link>
              </li>
            ))}
          </ul>
        )}
      </div>
      <div>
        <h3>担当トレーニー</h3>
        {trainees.length === 0 ? (
          <p className="text-solid-gray-800">担当中のトレーニーはいません。</p>
        ) : (
          <ul className="list-disc pl-6">
            {trainees.map((p) => (
              <li key={p.id}>
                <Link to={`/placements/${p.id}`}>{p.trainee_name}さん</Link>（{p.municipality_name}）{" "}
                <PlacementStatusBadge status={p.status} />
              </li>
            ))}
          </ul>
        )}
      </div>
      <div>
        <h3>担当する自治体案件</h3>
        {engagements.length === 0 ? (
          <EmptyState title="登録された案件はありません">
            <Link to="/engagements/new">自治体案件を登録</Link>すると、OJTの受入提案が届くようになります。
          </EmptyState>
        ) : (
          <ul className="list-disc pl-6">
            {engagements.map((e) => (
              <li key={e.id}>
                <Link to={`/engagements/${e.id}`}>
                  {e.municipality_name}「{e.title}」
                </Link>{" "}
                {ENGAGEMENT_STATUS_LABELS[e.status]}・受入 {e.slots_taken}/{e.ojt_slots}人
              </li>
            ))}
          </ul>
        )}
      </div>
    </div>
  );
}

/** Trainee dashboard section: their application or placement, or how to apply. */
export function TraineeOjtCard({ summary }: { summary: Jsonify<typeof traineeOjtSummary> }) {
  const { placement, application, eligible } = summary;
  if (placement)
    return (
      <div>
        <h3>OJT</h3>
        <p>
          <Link to={`/placements/${placement.id}`}>
            {placement.municipality_name}「{placement.engagement_title}」
          </Link>{" "}
          <PlacementStatusBadge status={placement.status} outcome={placement.outcome} />
        </p>
        <p className="text-dns-14N-130 text-solid-gray-700">
          トレーナー：{placement.trainer_name}さん・{formatDateJa(placement.start_date)}〜
          {formatDateJa(placement.end_date)}
        </p>
      </div>
    );
  if (application)
    return (
      <div>
        <h3>OJT</h3>
        <p>
          <Link to="/ojt/application">OJTの申込</Link>：{APPLICATION_STATUS_LABELS[application.status]}
        </p>
      </div>
    );
  return (
    <div>
      <h3>OJT</h3>
      <p>
        {eligible ? (
          <>
            基礎研修を修了しています。<Link to="/ojt/application">OJTに申し込む</Link>
          </>
        ) : (
          "自治体ビジネス基礎研修を修了すると、OJTに申し込めます。"
        )}
      </p>
    </div>
  );
}

/** Staff dashboard section: counts with links to the matching board. */
export function StaffOjtCard({ counts }: { counts: Jsonify<typeof staffOjtCounts> }) {
  const items = [
    { label: "マッチング待ちのOJT申込", value: counts.unproposedApplications, to: "/staff/matching?proposal=none" },
    { label: "受付中の申込（全体）", value: counts.openApplications, to: "/staff/matching" },
    { label: "トレーナー回答待ち", value: counts.awaitingTrainer, to: "/placements?status=proposed" },
    { label: "トレーニー確認待ち", value: counts.awaitingTrainee, to: "/placements?status=accepted" },
    { label: "OJT実施中", value: counts.active, to: "/placements?status=active" },
  ];
  return (
    <div>
      <h3>OJTマッチング</h3>
      <dl className="grid grid-cols-2 gap-2">
        {items.map((i) => (
          <div key={i.label} className="rounded-8 bg-solid-gray-50 p-3">
            <dt className="text-dns-14N-130 text-solid-gray-800">{i.label}</dt>
            <dd className="text-std-20B-150">
              <Link to={i.to}>{formatNumber(i.value)}件</Link>
            </dd>
          </div>
        ))}
      </dl>
      <p className="mt-2">
        <Link to="/staff/ojt-settings">OJTの申込条件（修了が必要な講座）を設定する</Link>
      </p>
      <p className="mt-1">
        <Link to="/staff/rubric">OJT評価のルーブリックを編集する</Link>
      </p>
    </div>
  );
}
