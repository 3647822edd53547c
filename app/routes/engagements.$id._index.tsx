import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Link, useActionData, useLoaderData } from "@remix-run/react";
import { db } from "~/db.server";
import { requireRole } from "~/features/auth/session.server";
import { PendingCounterpart } from "~/features/engagements/components/pending-counterpart";
import {
  acceptCounterpartChange,
  assertCanDecideCounterpart,
  rejectCounterpartChange,
} from "~/features/engagements/counterpart-contact.server";
import { CounterpartDecisionSchema } from "~/features/engagements/engagements.schema";
import { getEngagementForViewer } from "~/features/engagements/engagements.server";
import { parseForm, replyWithRefusal } from "~/lib/forms.server";
import {
  CONTRACT_TYPE_HINTS,
  CONTRACT_TYPE_LABELS,
  ENGAGEMENT_STATUS_LABELS,
} from "~/features/vocabulary/engagement-kinds";
import { MUNICIPALITY_KIND_LABELS } from "~/features/vocabulary/municipality-kinds";
import { PlacementStatusBadge } from "~/features/ojt/components/badges";
import { OJT_THEME_LABELS } from "~/features/vocabulary/ojt-kinds";
import { placementsOfEngagement } from "~/features/ojt/placements.server";
import { formatDateJa, formatFiscalYear } from "~/lib/dates";
import { idParam } from "~/lib/params";
import { prefectureName } from "~/lib/local-gov-code";
import { EmptyState, FlashMessage, PageHeader } from "~/ui/layout";
import { Notice } from "~/ui/notice";
import { formatNumber } from "~/lib/numbers";

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  {
    title: `${data ? `${data.engagement.municipality_name}「${data.engagement.title}」` : "自治体案件"} | ITC研修ポータル`,
  },
];

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const user = await requireRole({ request, context }, "trainer", "staff", "admin");
  const id = idParam(params, "id", "案件");
  const engagement = await getEngagementForViewer(db(), id, user);
  return { engagement, placements: await placementsOfEngagement(db(), id, user) };
}

// Staff's decision on a trainer's proposed counterpart contact (the only form of this page).
export async function action({ request, params, context }: ActionFunctionArgs) {
  const user = await requireRole({ request, context }, "trainer", "staff", "admin");
  const id = idParam(params, "id", "案件");
  // Authorization first: who may not see the engagement gets its 403/404 before anything else.
  await getEngagementForViewer(db(), id, user);
  assertCanDecideCounterpart(user);
  const submission = parseForm(await request.formData(), CounterpartDecisionSchema);
  if (submission.status !== "success")
    return data(
      { error: Object.values(submission.error ?? {}).flat()[0] ?? "入力を確認してください。" },
      { status: 400 },
    );
  const { intent, proposedAt, reason } = submission.value;
  try {
    if (intent === "accept-counterpart") {
      await acceptCounterpartChange(db(), { engagementId: id, proposedAt }, user);
      return redirect(`/engagements/${id}?notice=counterpart-accepted`);
    }
    await rejectCounterpartChange(db(), { engagementId: id, proposedAt, reason }, user);
    return redirect(`/engagements/${id}?notice=counterpart-rejected`);
  } catch (error) {
    return replyWithRefusal(error);
  }
}

export default function EngagementPage() {
  const { engagement: e, placements } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  return (
    <div className="mx-auto max-w-4xl">
      <Notice page="engagement" />
      <FlashMessage tone="error" message={actionData && "error" in actionData ? actionData.error : null} />
      <PageHeader
        title={`${e.municipality_name}「${e.title}」`}
        lead={`${prefectureName(e.prefecture_code)}・${CONTRACT_TYPE_LABELS[e.contract_type]}`}
        actions={
          e.canEdit ? (
            <Link to={`/engagements/${e.id}/edit`} className="btn-secondary">
              編集する
            </Link>
          ) : null
        }
      />
      <div className="grid gap-6 md:grid-cols-2">
        {e.pendingCounterpart ? <PendingCounterpart {...e.pendingCounterpart} /> : null}
        <section className="card" aria-labelledby="overview">
          <h2 id="overview" className="mb-3">
            概要
          </h2>
          <dl className="space-y-2">
            <div>
              <dt className="text-std-16B-170">募集状況・受入枠</dt>
              <dd>
                {ENGAGEMENT_STATUS_LABELS[e.status]}・受入 {e.slots_taken}/{e.ojt_slots}人
              </dd>
            </div>
            <div>
              <dt className="text-std-16B-170">期間</dt>
              <dd>
                {formatFiscalYear(e.start_fiscal_year)}〜{formatFiscalYear(e.end_fiscal_year)}
              </dd>
            </div>
            <div>
              <dt className="text-std-16B-170">自治体</dt>
              <dd>
                {e.municipality_name}（{MUNICIPALITY_KIND_LABELS[e.municipality_kind]}
                {e.population ? `・人口${formatNumber(e.population)}人` : ""}、コード {e.municipality_code}）
              </dd>
            </div>
            <div>
              <dt className="text-std-16B-170">契約主体</dt>
              <dd>{e.contracting_organization}</dd>
            </div>
            <div>
              <dt className="text-std-16B-170">トレーナー</dt>
              <dd>
                {e.lead_name}（主担当）
                {e.trainers.map((t) => `、${t.name}`).join("")}
              </dd>
            </div>
            <div>
              <dt className="text-std-16B-170">自治体の担当者</dt>
              <dd>
                {e.counterpart_name
                  ? `${e.counterpart_name}${e.counterpart_department ? `（${e.counterpart_department}）` : ""}${e.canEdit && e.counterpart_email ? `・${e.counterpart_email}` : ""}`
                  : "（未登録）"}
              </dd>
            </div>
          </dl>
          {CONTRACT_TYPE_HINTS[e.contract_type] ? (
            <p className="mt-3 text-dns-16N-130 text-solid-gray-800">{CONTRACT_TYPE_HINTS[e.contract_type]}</p>
          ) : null}
        </section>
        <section className="card" aria-labelledby="themes">
          <h2 id="themes" className="mb-3">
            OJTで担当できるテーマ
          </h2>
          <ul className="list-disc pl-6">
            {e.themes.map((t) => (
              <li key={t}>{OJT_THEME_LABELS[t]}</li>
            ))}
          </ul>
          <h3 className="mt-4">業務内容</h3>
          <p className="whitespace-pre-line">{e.description || "（未記入）"}</p>
        </section>
        <section className="card md:col-span-2 border-l-4 border-l-yellow-700" aria-labelledby="confidentiality">
          <h2 id="confidentiality" className="mb-2">
            守秘義務に関する注意事項
          </h2>
          <p className="whitespace-pre-line">{e.confidentiality_note}</p>
        </section>
        <section className="card md:col-span-2" aria-labelledby="placements">
          <h2 id="placements" className="mb-3">
            OJTトレーニー
          </h2>
          {placements.length === 0 ? (
            <EmptyState title="この案件へのOJT提案はまだありません">
              事務局がトレーニーの受入を提案すると、こことダッシュボードに表示されます。
            </EmptyState>
          ) : (
            <ul className="divide-y divide-solid-gray-200">
              {placements.map((p) => (
                <li key={p.id} className="flex flex-wrap items-center gap-2 py-2">
                  <Link to={`/placements/${p.id}`}>{p.trainee_name}さん</Link>
                  <PlacementStatusBadge status={p.status} />
                  <span className="text-dns-14N-130 text-solid-gray-800">
                    {formatDateJa(p.start_date)}〜{formatDateJa(p.end_date)}
                  </span>
                </li>
              ))}
            </ul>
          )}
        </section>
      </div>
      <p className="mt-6">
        <Link to="/engagements">案件一覧へ戻る</Link>
      </p>
    </div>
  );
}
