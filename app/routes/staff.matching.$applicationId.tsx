import { getFormProps, useForm } from "@conform-to/react";
import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import type { z } from "zod";
import { db } from "~/db.server";
import { requireActor, requireRole } from "~/features/auth/session.server";
import { ScoreBreakdown } from "~/features/ojt/components/score";
import { PlacementStatusBadge } from "~/features/ojt/components/badges";
import {
  APPLICATION_STATUS_LABELS,
  MUNICIPALITY_SIZE_LABELS,
  OJT_THEME_LABELS,
  TRAVEL_RANGE_LABELS,
} from "~/features/vocabulary/ojt-kinds";
import { candidatesForApplication } from "~/features/ojt/matching.server";
import { ProposalSchema } from "~/features/ojt/ojt.schema";
import { proposePlacement } from "~/features/ojt/placements.server";
import { addDays, formatDateJa, todayInTokyo } from "~/lib/dates";
import { idParam } from "~/lib/params";
import { invalidSubmission, replyWithDomainError, parseForm } from "~/lib/forms.server";
import { prefectureName } from "~/lib/local-gov-code";
import { FieldError, FormErrors, SelectField, TextareaField, TextField } from "~/ui/form";
import { EmptyState, PageHeader } from "~/ui/layout";

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: `${data?.application.trainee_name ?? ""}さんのOJT申込 | ITC研修ポータル` },
];

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  await requireRole({ request, context }, "staff", "admin");
  const wanted = Number(new URL(request.url).searchParams.get("engagement"));
  const result = await candidatesForApplication(
    db(),
    idParam(params, "applicationId"),
    30,
    Number.isSafeInteger(wanted) && wanted > 0 ? wanted : undefined,
  );
  const today = todayInTokyo();
  return {
    ...result,
    // The candidate staff chose (by its link), else the best one not declined before.
    selected: Number.isSafeInteger(wanted) && wanted > 0 ? String(wanted) : String(result.preselect ?? ""),
    defaults: {
      startDate: result.application.available_from > today ? result.application.available_from : today,
      endDate: result.application.available_to > today ? result.application.available_to : addDays(today, 180),
    },
  };
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const actor = await requireActor({ request, context }, "staff", "admin");
  const applicationId = idParam(params, "applicationId");
  const submission = parseForm(await request.formData(), ProposalSchema);
  if (submission.status !== "success") return invalidSubmission(submission);
  let id: number;
  try {
    ({ id } = await proposePlacement(db(), { ...submission.value, applicationId }, actor));
  } catch (error) {
    return replyWithDomainError(submission, error);
  }
  return redirect(`/placements/${id}?notice=proposed`);
}

export default function ApplicationCandidates() {
  const { application: a, suggestions, extra, reachable, selected, defaults } = useLoaderData<typeof loader>();
  const options = [...(extra ? [extra] : []), ...suggestions].map(({ engagement: e, score, declined }) => ({
    value: String(e.id),
    label: `${e.municipality_name}「${e.title}」${e.trainer_name}さん${score ? `（推薦度${score.total}点）` : "（移動範囲外）"}${declined ? "【以前に辞退】" : ""}`,
    declined: Boolean(declined),
  }));
  const pending = a.placements.find((p) => p.status === "proposed" || p.status === "accepted");
  const canPropose = a.status !== "withdrawn" && !pending;
  return (
    <div className="mx-auto max-w-5xl">
      <PageHeader
        title={`${a.trainee_name}さんのOJT申込`}
        lead={`${APPLICATION_STATUS_LABELS[a.status]}・申込 ${formatDateJa(a.submitted_at)}`}
      />
      <div className="grid gap-6 lg:grid-cols-[2fr_3fr]">
        <section className="card" aria-labelledby="app-heading">
          <h2 id="app-heading" className="mb-3">
            申込内容
          </h2>
          <dl className="space-y-2">
            <Item label="トレーニー">
              {a.trainee_name}（{prefectureName(a.trainee_prefecture)}・{a.trainee_organization || "所属なし"}）
            </Item>
            <Item label="希望する都道府県">
              {a.prefectures.map((p) => prefectureName(p)).join("、")}（{TRAVEL_RANGE_LABELS[a.travel_range]}）
            </Item>
            <Item label="自治体の規模">{MUNICIPALITY_SIZE_LABELS[a.preferred_size]}</Item>
            <Item label="テーマ">{a.themes.map((t) => OJT_THEME_LABELS[t]).join("、")}</Item>
            <Item label="活動">
              月{a.days_per_month}日・{formatDateJa(a.available_from)}〜{formatDateJa(a.available_to)}
            </Item>
            <Item label="業種・職種">{a.background_industry}</Item>
            <Item label="スキル">{a.background_skills}</Item>
            <Item label="自治体業務の経験">{a.municipal_experience || "なし"}</Item>
            <Item label="志望動機">{a.motivation}</Item>
          </dl>
          {a.placements.length > 0 ? (
            <>
              <h3 className="mt-4">これまでの提案</h3>
              <ul className="mt-1 space-y-1">
                {a.placements.map((p) => (
                  <li key={p.id}>
                    <Link to={`/placements/${p.id}`}>
                      {p.municipality_name}「{p.engagement_title}」
                    </Link>{" "}
                    <PlacementStatusBadge status={p.status} />
                  </li>
                ))}
              </ul>
            </>
          ) : null}
        </section>
        <div className="space-y-6">
          <section className="card" aria-labelledby="cand-heading">
            <h2 id="cand-heading" className="mb-3">
              候補の案件（{reachable}件中 上位{suggestions.length}件）
            </h2>
            {suggestions.length === 0 ? (
              <EmptyState title="移動できる範囲に空き枠のある募集中の案件がありません">
                トレーニーと希望地域を相談するか、案件の登録を待ってください。
              </EmptyState>
            ) : (
              <ol className="space-y-2">
                {suggestions.map(({ engagement: e, score, declined }, i) => (
                  <li key={e.id} className="rounded-8 border border-solid-gray-200 p-3">
                    <p>
                      <span className="mr-2 text-dns-14B-130">{i + 1}.</span>
                      <Link to={`/engagements/${e.id}`}>
                        {e.municipality_name}「{e.title}」
                      </Link>
                    </p>
                    <p className="text-dns-14N-130 text-solid-gray-800">
                      {prefectureName(e.prefecture_code)}・{e.trainer_name}さん・空き{e.ojt_slots - e.slots_taken}枠
                    </p>
                    {declined ? (
                      <p className="mt-1 text-dns-14N-130" data-testid={`declined-${e.id}`}>
                        <span className="badge mr-2 bg-yellow-100 text-yellow-1200">以前に辞退</span>
                        {declined.byTrainer ? `${e.trainer_name}さんが` : "トレーニーが"}
                        {formatDateJa(declined.date)}に辞退
                        {declined.reason ? `（理由：${declined.reason}）` : ""}
                        。再提案するときは確認が必要です。
                      </p>
                    ) : null}
                    <ScoreBreakdown score={score} open={i === 0} />
                    <p className="mt-1">
                      <Link to={`?engagement=${e.id}#propose`}>この案件を提案先にする</Link>
                    </p>
                  </li>
                ))}
              </ol>
            )}
          </section>
          <section className="card" aria-labelledby="propose">
            <h2 id="propose" className="mb-3">
              受入を提案する
            </h2>
            {!canPropose ? (
              <p>
                {pending
                  ? "回答待ちの提案があるため、新しい提案はできません。"
                  : "取り下げられた申込には提案できません。"}
              </p>
            ) : options.length === 0 ? (
              <p>提案できる案件がありません。</p>
            ) : (
              // Keyed by the chosen candidate: Conform keeps a form's state (and the select its
              // value) across client-side navigations, so without the key a link to another
              // candidate changed the URL but not the engagement proposed.
              <ProposalForm key={selected} selected={selected} defaults={defaults} options={options} />
            )}
          </section>
        </div>
      </div>
      <p className="mt-6">
        <Link to="/staff/matching">マッチングボードへ戻る</Link>
      </p>
    </div>
  );
}

function ProposalForm({
  selected,
  defaults,
  options,
}: {
  selected: string;
  defaults: { startDate: string; endDate: string };
  options: Array<{ value: string; label: string; declined: boolean }>;
}) {
  const lastResult = useActionData<typeof action>();
  const [form, fields] = useForm<z.input<typeof ProposalSchema>, z.output<typeof ProposalSchema>>({
    lastResult,
    defaultValue: { engagementId: selected, ...defaults },
  });
  return (
    <Form method="post" {...getFormProps(form)}>
      <FormErrors id={form.errorId} errors={form.errors} />
      <SelectField meta={fields.engagementId} label="提案先の案件" required options={options} />
      {options.some((o) => o.declined) ? (
        <div className="mb-5">
          <label className="flex min-h-11 items-center gap-2">
            <input
              type="checkbox"
              name={fields.reproposeDeclined.name}
              id={fields.reproposeDeclined.id}
              aria-describedby={fields.reproposeDeclined.errors ? fields.reproposeDeclined.errorId : undefined}
              aria-invalid={fields.reproposeDeclined.errors ? true : undefined}
              className="size-5"
            />
            辞退したトレーナーへの再提案であることを確認しました
          </label>
          <p className="hint">「以前に辞退」の付いた案件に提案するときだけチェックします。</p>
          <FieldError meta={fields.reproposeDeclined} />
        </div>
      ) : null}
      <div className="grid gap-x-4 sm:grid-cols-2">
        <TextField meta={fields.startDate} label="開始日" type="date" required />
        <TextField meta={fields.endDate} label="終了予定日" type="date" required />
      </div>
      <TextareaField
        meta={fields.note}
        label="トレーナーへのメッセージ"
        rows={3}
        hint="提案の理由、トレーニーの強みなど"
      />
      <TextareaField
        meta={fields.overrideReason}
        label="重複受入の理由（該当する場合のみ）"
        rows={2}
        hint="既にOJTを実施中のトレーニーに2件目を提案するときだけ記入します。記録に残ります。"
      />
      <button type="submit" className="btn w-full sm:w-auto">
        トレーナーに提案する
      </button>
    </Form>
  );
}

function Item({ label, children }: { label: string; children: React.ReactNode }) {
  return (
    <div>
      <dt className="text-std-16B-170">{label}</dt>
      <dd className="whitespace-pre-line">{children}</dd>
    </div>
  );
}
