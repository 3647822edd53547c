import { getFormProps, useForm, type SubmissionResult } from "@conform-to/react";
import { LogbookSection } from "~/features/logbook/components/logbook-section";
import { listPlacementEntries } from "~/features/logbook/entries.server";
import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import type { z } from "zod";
import { db } from "~/db.server";
import { isStaff } from "~/features/auth/actor";
import { requireActor } from "~/features/auth/session.server";
import { CONTRACT_TYPE_LABELS } from "~/features/vocabulary/engagement-kinds";
import { CheckboxField } from "~/features/ojt/components/fields";
import { PlacementStatusBadge } from "~/features/ojt/components/badges";
import { OJT_THEME_LABELS, PLACEMENT_EVENT_LABELS, PLACEMENT_OUTCOME_LABELS } from "~/features/vocabulary/ojt-kinds";
import { AcceptSchema, ConfirmSchema, EndSchema, PlanSchema, ReasonSchema } from "~/features/ojt/ojt.schema";
import { EndPlacementForm } from "~/features/ojt/components/end-form";
import { finalRecommendationOf } from "~/features/assessment/evaluations.server";
import {
  acceptPlacement,
  cancelPlacement,
  confirmPlacement,
  declinePlacement,
  checkEndPlacement,
  endPlacement,
  getPlacementForViewer,
  traineeDeclinePlacement,
  updatePlacementPlan,
} from "~/features/ojt/placements.server";
import { confirmation, isConfirmed, type ConfirmationText } from "~/lib/confirmation";
import { formatDateJa, formatDateTimeJa, formatFiscalYear } from "~/lib/dates";
import { idParam } from "~/lib/params";
import { replyWithDomainError, parseForm } from "~/lib/forms.server";
import { prefectureName } from "~/lib/local-gov-code";
import { ConfirmStep } from "~/ui/confirm-step";
import { PageHeader } from "~/ui/layout";
import { Notice } from "~/ui/notice";
import { FormErrors, TextareaField } from "~/ui/form";
import { placementProgress } from "~/features/logbook/progress.server";
import { PlacementProgressSection } from "~/features/logbook/components/progress-chart";

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  {
    title: `${data ? `${data.placement.municipality_name}のOJT（${data.placement.trainee_name}さん）` : "OJT"} | ITC研修ポータル`,
  },
];

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const actor = await requireActor({ request, context });
  const placement = await getPlacementForViewer(db(), idParam(params, "id", "OJTの提案"), actor);
  const started = placement.status === "accepted" || placement.status === "active" || placement.status === "ended";
  const [progress, finalRecommendation, entries] = await Promise.all([
    started ? placementProgress(db(), placement) : null,
    placement.can.end ? finalRecommendationOf(db(), placement.id) : null,
    listPlacementEntries(db(), placement.id),
  ]);
  return {
    placement,
    // Staff may open the trainee's application behind the placement on the matching board.
    applicationPath: isStaff(actor) ? `/staff/matching/${placement.application.id}` : null,
    progress,
    finalRecommended: finalRecommendation?.recommendation === "recommend",
    logbook: {
      entries,
      canLog: placement.can.logEntry,
    },
  };
}

type Intent = "accept" | "decline" | "trainee-decline" | "cancel" | "end" | "confirm" | "plan";

export async function action({ request, params, context }: ActionFunctionArgs) {
  const actor = await requireActor({ request, context });
  const id = idParam(params, "id", "OJTの提案");
  // A viewer who may not see the placement may do nothing to it (403/404); what they may do
  // to it each command decides itself (placement-permissions.ts, decision 0031).
  await getPlacementForViewer(db(), id, actor);
  const formData = await request.formData();
  const intent = String(formData.get("intent") ?? "") as Intent;
  const reply = (result: SubmissionResult<string[]>, status: number) => data({ intent, result }, { status });
  // `confirm`: an irreversible intent whose first post only checks and says what will happen.
  const run = async <S extends z.ZodTypeAny>(
    schema: S,
    fn: (value: z.output<S>) => Promise<void>,
    notice: string,
    confirm?: { check: (value: z.output<S>) => Promise<void>; text: (value: z.output<S>) => ConfirmationText },
  ) => {
    const submission = parseForm(formData, schema);
    if (submission.status !== "success") return reply(submission.reply(), 400);
    try {
      if (confirm && !isConfirmed(formData)) {
        await confirm.check(submission.value);
        return data({ intent, ...confirmation(formData, confirm.text(submission.value)) });
      }
      await fn(submission.value);
    } catch (error) {
      const r = replyWithDomainError(submission, error);
      return reply(r.data, r.init?.status ?? 409);
    }
    return redirect(`/placements/${id}?notice=${notice}`);
  };
  switch (intent) {
    case "accept":
      return run(AcceptSchema, (v) => acceptPlacement(db(), id, actor, v), "accepted");
    case "decline":
      return run(ReasonSchema, (v) => declinePlacement(db(), id, actor, v.reason), "declined");
    case "trainee-decline":
      return run(ReasonSchema, (v) => traineeDeclinePlacement(db(), id, actor, v.reason), "declined");
    case "confirm":
      return run(ConfirmSchema, () => confirmPlacement(db(), id, actor), "confirmed");
    case "plan":
      return run(PlanSchema, (v) => updatePlacementPlan(db(), id, actor, v), "planned");
    case "cancel":
      return run(ReasonSchema, (v) => cancelPlacement(db(), id, actor, v.reason), "cancelled");
    case "end":
      // Ending is final: a valid first post only says what will happen (decision 0036).
      return run(EndSchema, (v) => endPlacement(db(), id, actor, v), "ended", {
        check: (v) => checkEndPlacement(db(), id, actor, v),
        text: (v) => endConfirmation(v.outcome),
      });
    default:
      return data(
        { intent, result: { status: "error" as const, error: { "": ["操作の種類が正しくありません。"] } } },
        { status: 400 },
      );
  }
}

function endConfirmation(outcome: z.output<typeof EndSchema>["outcome"]): ConfirmationText {
  const label = PLACEMENT_OUTCOME_LABELS[outcome];
  return {
    title: `このOJTを「${label}」として終了しますか`,
    consequences: [
      `OJTは「${label}」として終了し、元に戻せません。以後、記録の追加・承認・評価はできません。`,
      outcome === "completed"
        ? "トレーニーはOJTの修了認定の候補になります。"
        : "中止の理由は、トレーナーとトレーニーへの通知に記載されます。",
      "トレーナーの受け入れ枠が1つ空きます。トレーナーとトレーニーに通知が届きます。",
    ],
    confirmLabel: `「${label}」として終了する`,
  };
}

export default function PlacementPage() {
  const { placement: p, applicationPath, progress, finalRecommended, logbook } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const resultFor = (intent: Intent) =>
    actionData && actionData.intent === intent && "result" in actionData
      ? (actionData.result as SubmissionResult<string[]>)
      : undefined;
  return (
    <div className="mx-auto max-w-4xl">
      <Notice page="placement" />
      {actionData && "confirm" in actionData ? <ConfirmStep confirm={actionData.confirm} /> : null}
      <PageHeader
        title={`${p.municipality_name}「${p.engagement_title}」`}
        lead={`トレーナー ${p.trainer_name}さん・トレーニー ${p.trainee_name}さん`}
      />
      <p className="mb-6 flex flex-wrap items-center gap-2">
        <span className="text-std-16B-170">状況：</span>
        <PlacementStatusBadge status={p.status} outcome={p.outcome} />
        {p.decision_reason && (p.status === "declined" || p.status === "cancelled" || p.status === "ended") ? (
          <span>理由：{p.decision_reason}</span>
        ) : null}
      </p>

      {p.can.decide ? (
        <DecideForms key={`decide-${p.id}`} lastAccept={resultFor("accept")} lastDecline={resultFor("decline")} />
      ) : null}
      {p.can.confirm ? (
        <ConfirmForm key={`confirm-${p.id}`} lastResult={resultFor("confirm")} note={p.confidentiality_note} />
      ) : null}

      <div className="grid gap-6 md:grid-cols-2">
        <section className="card" aria-labelledby="overview">
          <h2 id="overview" className="mb-3">
            概要
          </h2>
          <dl className="space-y-2">
            <Item label="自治体">
              {p.municipality_name}（{prefectureName(p.municipality_code.slice(0, 2))}）
            </Item>
            <Item label="案件">
              {p.engagement_title}・{CONTRACT_TYPE_LABELS[p.contract_type]}（{formatFiscalYear(p.start_fiscal_year)}〜
              {formatFiscalYear(p.end_fiscal_year)}）
            </Item>
            <Item label="OJTの期間">
              {formatDateJa(p.start_date)}〜{formatDateJa(p.end_date)}
            </Item>
            <Item label="テーマ（トレーニーの希望）">
              {p.application.themes.map((t) => OJT_THEME_LABELS[t]).join("、")}
            </Item>
            {p.proposal_note ? <Item label="事務局からのメッセージ">{p.proposal_note}</Item> : null}
            {p.override_reason ? <Item label="重複受入の理由">{p.override_reason}</Item> : null}
          </dl>
        </section>
        <section className="card" aria-labelledby="contacts">
          <h2 id="contacts" className="mb-3">
            連絡先
          </h2>
          <dl className="space-y-2">
            <Item label="トレーナー">
              {p.trainer_name}（{p.trainer_organization}）<br />
              <a href={`mailto:${p.trainer_email}`}>{p.trainer_email}</a>
            </Item>
            <Item label="トレーニー">
              {p.trainee_name}（{p.trainee_organization || "所属なし"}）<br />
              <a href={`mailto:${p.trainee_email}`}>{p.trainee_email}</a>
            </Item>
            {p.proposer_name ? (
              <Item label="事務局">
                {p.proposer_name}
                <br />
                <a href={`mailto:${p.proposer_email}`}>{p.proposer_email}</a>
              </Item>
            ) : null}
            {p.contacts ? <Item label="現場の連絡先・連絡方法">{p.contacts}</Item> : null}
          </dl>
        </section>
        {p.status === "active" || p.status === "ended" ? (
          <LogbookSection placementId={p.id} logbook={logbook.entries} canLog={logbook.canLog} />
        ) : null}
        <section className="card md:col-span-2" aria-labelledby="goals">
          <h2 id="goals" className="mb-3">
            開始時に合意した目標
          </h2>
          {p.goals ? (
            <p className="whitespace-pre-line">{p.goals}</p>
          ) : (
            <p>トレーナーが受入を承諾するときに記入します。</p>
          )}
          {p.can.editPlan ? (
            <PlanForm key={`plan-${p.id}`} lastResult={resultFor("plan")} goals={p.goals} contacts={p.contacts} />
          ) : null}
        </section>
        {progress ? (
          <p className="md:col-span-2">
            <Link to={`/placements/${p.id}/assessment`}>評価（自己評価・中間評価・最終評価）を見る・記入する</Link>
          </p>
        ) : null}
        {progress ? (
          <PlacementProgressSection
            placementId={p.id}
            progress={progress.progress}
            coverage={progress.coverage}
            canEditPlan={p.can.editPlanHours}
          />
        ) : null}
        <section className="card md:col-span-2 border-l-4 border-l-yellow-700" aria-labelledby="confidentiality">
          <h2 id="confidentiality" className="mb-2">
            守秘義務に関する注意事項
          </h2>
          <p className="whitespace-pre-line">{p.confidentiality_note}</p>
        </section>
        <section className="card md:col-span-2" aria-labelledby="trainee-app">
          <h2 id="trainee-app" className="mb-3">
            トレーニーの経歴
          </h2>
          {applicationPath ? (
            <p className="mb-2">
              <Link to={applicationPath}>OJTの申込内容を見る</Link>
            </p>
          ) : null}
          <dl className="space-y-2">
            <Item label="業種・職種">{p.application.background_industry}</Item>
            <Item label="スキル">{p.application.background_skills}</Item>
            <Item label="自治体業務の経験">{p.application.municipal_experience || "なし"}</Item>
            <Item label="活動できる日数">月{p.application.days_per_month}日</Item>
            <Item label="志望動機">{p.application.motivation}</Item>
          </dl>
        </section>
        <section className="card md:col-span-2" aria-labelledby="history">
          <h2 id="history" className="mb-3">
            経過
          </h2>
          <ol className="space-y-2" data-testid="placement-history">
            {p.events.map((e) => (
              <li key={e.id} className="border-l-4 border-solid-gray-200 pl-3">
                <p className="text-std-16B-170">{PLACEMENT_EVENT_LABELS[e.to_status]}</p>
                <p className="text-dns-14N-130 text-solid-gray-800">
                  {formatDateTimeJa(e.created_at)}・{e.actor_name ?? "システム"}
                </p>
                {e.reason ? <p className="whitespace-pre-line">{e.reason}</p> : null}
              </li>
            ))}
          </ol>
        </section>
      </div>
      {p.can.traineeDecline || p.can.cancel ? (
        <ReasonForm
          key={`reason-${p.id}`}
          intent={p.can.cancel ? "cancel" : "trainee-decline"}
          lastResult={resultFor(p.can.cancel ? "cancel" : "trainee-decline")}
        />
      ) : null}
      {p.can.end ? (
        <EndPlacementForm key={`end-${p.id}`} lastResult={resultFor("end")} finalRecommended={finalRecommended} />
      ) : null}
      <p className="mt-6">
        <Link to="/placements">OJTの一覧へ</Link>
      </p>
    </div>
  );
}

function Item({ label, children }: { label: string; children: React.ReactNode }) {
  return (
    <div>
      <dt className="text-std-16B-170">{label}</dt>
      <dd className="whitespace-pre-line break-words">{children}</dd>
    </div>
  );
}

function DecideForms({
  lastAccept,
  lastDecline,
}: {
  lastAccept: SubmissionResult<string[]> | undefined;
  lastDecline: SubmissionResult<string[]> | undefined;
}) {
  const [accept, a] = useForm<z.input<typeof AcceptSchema>>({
    id: "form-accept",
    lastResult: lastAccept,
  });
  const [decline, d] = useForm<z.input<typeof ReasonSchema>>({
    id: "form-decline",
    lastResult: lastDecline,
  });
  return (
    <section className="card mb-6 border-2 border-blue-900" aria-labelledby="decide">
      <h2 id="decide" className="mb-2">
        受入の回答
      </h2>
      <p className="mb-4">下のトレーニーの経歴を確認し、受け入れるか辞退するかを回答してください。</p>
      <div className="grid gap-6 md:grid-cols-2">
        <Form method="post" {...getFormProps(accept)}>
          <input type="hidden" name="intent" value="accept" />
          <FormErrors id={accept.errorId} errors={accept.errors} />
          <TextareaField
            meta={a.goals}
            label="OJTの目標（開始時の合意事項）"
            required
            rows={4}
            hint="例：職員向け相談会に毎回同席し、調達支援を1件担当する"
          />
          <TextareaField
            meta={a.contacts}
            label="現場の連絡先・連絡方法"
            rows={2}
            hint="例：山形市DX推進課（代表）、チャットの招待方法"
          />
          <button type="submit" className="btn w-full sm:w-auto">
            受け入れる
          </button>
        </Form>
        <Form method="post" {...getFormProps(decline)}>
          <input type="hidden" name="intent" value="decline" />
          <FormErrors id={decline.errorId} errors={decline.errors} />
          <TextareaField meta={d.reason} label="辞退の理由" required rows={4} hint="事務局とトレーニーに伝わります。" />
          <button type="submit" className="btn-secondary w-full sm:w-auto">
            辞退する
          </button>
        </Form>
      </div>
    </section>
  );
}

function ConfirmForm({ lastResult, note }: { lastResult: SubmissionResult<string[]> | undefined; note: string }) {
  const [form, f] = useForm<z.input<typeof ConfirmSchema>>({
    id: "form-confirm",
    lastResult,
  });
  return (
    <section className="card mb-6 border-2 border-blue-900" aria-labelledby="confirm">
      <h2 id="confirm" className="mb-2">
        参加の確定
      </h2>
      <p className="mb-3">
        トレーナーが受入を承諾しました。目標と守秘義務の注意事項を確認して、参加を確定してください。
      </p>
      <blockquote className="mb-4 whitespace-pre-line rounded-8 bg-yellow-50 p-3">{note}</blockquote>
      <Form method="post" {...getFormProps(form)}>
        <input type="hidden" name="intent" value="confirm" />
        <FormErrors id={form.errorId} errors={form.errors} />
        <CheckboxField meta={f.acknowledgeConfidentiality} label="守秘義務に関する注意事項を確認し、守ります。" />
        <button type="submit" className="btn w-full sm:w-auto">
          参加を確定する
        </button>
      </Form>
    </section>
  );
}

function PlanForm({
  lastResult,
  goals,
  contacts,
}: {
  lastResult: SubmissionResult<string[]> | undefined;
  goals: string;
  contacts: string;
}) {
  const [form, f] = useForm<z.input<typeof PlanSchema>>({
    id: "form-plan",
    lastResult,
    defaultValue: { goals, contacts },
  });
  return (
    <details className="mt-4">
      <summary className="cursor-pointer">目標・連絡先を編集する</summary>
      <Form method="post" {...getFormProps(form)} className="mt-3">
        <input type="hidden" name="intent" value="plan" />
        <FormErrors id={form.errorId} errors={form.errors} />
        <TextareaField meta={f.goals} label="OJTの目標" required rows={4} />
        <TextareaField meta={f.contacts} label="現場の連絡先・連絡方法" rows={2} />
        <button type="submit" className="btn-secondary">
          保存する
        </button>
      </Form>
    </details>
  );
}

const REASON_COPY = {
  "trainee-decline": { title: "OJTを辞退する", label: "辞退の理由", button: "辞退する" },
  cancel: { title: "提案を取り消す（事務局）", label: "取り消しの理由", button: "提案を取り消す" },
} as const;

function ReasonForm({
  intent,
  lastResult,
}: {
  intent: "trainee-decline" | "cancel";
  lastResult: SubmissionResult<string[]> | undefined;
}) {
  const [form, f] = useForm<z.input<typeof ReasonSchema>>({
    id: `form-${intent}`,
    lastResult,
  });
  const copy = REASON_COPY[intent];
  return (
    <details className="card mt-6" open={Boolean(lastResult)}>
      <summary className="cursor-pointer text-std-16B-170">{copy.title}</summary>
      <Form method="post" {...getFormProps(form)} className="mt-3">
        <input type="hidden" name="intent" value={intent} />
        <FormErrors id={form.errorId} errors={form.errors} />
        <TextareaField meta={f.reason} label={copy.label} required rows={3} />
        <button type="submit" className="btn-danger">
          {copy.button}
        </button>
      </Form>
    </details>
  );
}
