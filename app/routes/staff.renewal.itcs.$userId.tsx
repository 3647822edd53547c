import { getFormProps, useForm, type SubmissionResult } from "@conform-to/react";
import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import type { z } from "zod";
import { db } from "~/db.server";
import { requireRole } from "~/features/auth/session.server";
import { listMyActivities } from "~/features/renewal/activities.server";
import { BAD_FISCAL_YEAR, renewalFiscalYearParam } from "~/features/renewal/fiscal-year-param";
import { ACTIVITY_STATUS_LABELS, type ActivityStatus } from "~/features/renewal/labels";
import { recordRenewalFee, renewalReadiness, setCertifiedOn } from "~/features/renewal/readiness.server";
import { CertifiedOnSchema, FeePaymentSchema } from "~/features/renewal/renewal.schema";
import { RENEWAL_POINTS } from "~/features/renewal/rules";
import { fiscalYearOf, formatDateJa, formatFiscalYear, todayInTokyo } from "~/lib/dates";
import { parseForm, replyWithDomainError } from "~/lib/forms.server";
import { FormErrors, TextField } from "~/ui/form";
import { EmptyState, PageHeader } from "~/ui/layout";
import { Notice } from "~/ui/notice";

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: `${data?.itc.name ?? "ITC"}さんの資格更新 | ITC研修ポータル` },
];

function fiscalYearOrRefuse(request: Request): number {
  const fy = renewalFiscalYearParam(new URL(request.url).searchParams.get("fy"));
  if (fy === null) throw data({ message: BAD_FISCAL_YEAR }, { status: 400 });
  return fy;
}

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  await requireRole({ request, context }, "staff");
  const fy = fiscalYearOrRefuse(request);
  const userId = params.userId ?? "";
  // Unknown user: NotFoundError, the Japanese 404 page.
  const { itc, facts, readiness } = await renewalReadiness(db(), userId, fy);
  const activities = await listMyActivities(db(), itc.id, fy);
  const current = fiscalYearOf(todayInTokyo());
  const years = Array.from({ length: 6 }, (_, i) => current - i);
  return {
    itc,
    facts,
    readiness,
    activities,
    today: todayInTokyo(),
    years: years.includes(fy) ? years : [fy, ...years],
  };
}

type Intent = "certified-on" | "fee";

export async function action({ request, params, context }: ActionFunctionArgs) {
  const staff = await requireRole({ request, context }, "staff");
  const fy = fiscalYearOrRefuse(request);
  const userId = params.userId ?? "";
  const formData = await request.formData();
  const intent = String(formData.get("intent") ?? "") as Intent;
  const reply = (result: SubmissionResult<string[]>, status: number) => data({ intent, result }, { status });
  const run = async <S extends z.ZodTypeAny>(schema: S, fn: (v: z.output<S>) => Promise<unknown>, notice: string) => {
    const submission = parseForm(formData, schema);
    if (submission.status !== "success") return reply(submission.reply(), 400);
    try {
      await fn(submission.value);
    } catch (error) {
      const r = replyWithDomainError(submission, error);
      return reply(r.data, r.init?.status ?? 409);
    }
    return redirect(`/staff/renewal/itcs/${encodeURIComponent(userId)}?fy=${fy}&notice=${notice}`);
  };
  switch (intent) {
    case "certified-on":
      return run(
        CertifiedOnSchema,
        (v) => setCertifiedOn(db(), { userId, certifiedOn: v.certifiedOn }, staff.id),
        intent,
      );
    case "fee":
      return run(FeePaymentSchema, (v) => recordRenewalFee(db(), { userId, ...v }, staff.id), "fee-paid");
    default:
      return reply({ status: "error", error: { "": ["操作の種類が正しくありません。"] } }, 400);
  }
}

export default function RenewalItcPage() {
  const { itc, facts, readiness, activities, today, years } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const resultFor = (i: Intent) =>
    actionData?.intent === i ? (actionData.result as SubmissionResult<string[]>) : undefined;
  const fy = readiness.fiscalYear;
  return (
    <div className="mx-auto max-w-5xl">
      <PageHeader
        title={`${itc.name}さんの資格更新`}
        lead={`${formatFiscalYear(fy)}の実績による、翌年度4〜5月の資格更新の条件です。`}
        actions={
          <>
            <Link to={`/staff/renewal/itcs?fy=${fy}`} className="btn-secondary">
              条件を満たさないITCの一覧へ
            </Link>
            <Link to="/staff/renewal" className="btn-secondary">
              確認待ちの活動へ
            </Link>
          </>
        }
      />
      <Notice page="renewalItc" />
      <Form method="get" className="mb-6 flex flex-col gap-3 sm:flex-row sm:items-end">
        <div>
          <label htmlFor="fy" className="label">
            年度
          </label>
          <select id="fy" name="fy" defaultValue={fy} key={fy} className="input">
            {years.map((y) => (
              <option key={y} value={y}>
                {formatFiscalYear(y)}
              </option>
            ))}
          </select>
        </div>
        <button type="submit" className="btn-secondary">
          表示
        </button>
      </Form>

      <section aria-labelledby="summary-heading" className="card">
        <h2 id="summary-heading" className="text-std-20B-150">
          更新の条件
        </h2>
        <dl className="mt-3 grid gap-x-6 gap-y-1 sm:grid-cols-[auto_1fr]">
          <dt className="font-bold">ITC番号</dt>
          <dd>{itc.itc_number ?? "未登録"}</dd>
          <dt className="font-bold">ITC認定日</dt>
          <dd>{itc.itc_certified_on ? formatDateJa(itc.itc_certified_on) : "未登録"}</dd>
          <dt className="font-bold">更新</dt>
          <dd data-testid="renewal-ordinal">
            {readiness.ordinal === null
              ? "この年度の末までに認定されていません"
              : `${readiness.ordinal}回目の更新（更新料 ${readiness.feeYen === 0 ? "なし" : `${readiness.feeYen.toLocaleString("ja-JP")}円`}）`}
          </dd>
          <dt className="font-bold">実践力ポイント</dt>
          <dd>
            {readiness.points} / {RENEWAL_POINTS}ポイント
            {facts.pendingPoints > 0 ? `（ほかに確認待ち${facts.pendingPoints}ポイント）` : ""}
          </dd>
        </dl>
        <p className="mt-3 text-std-16B-170" data-testid="renewal-verdict">
          {readiness.ready ? "更新の条件をすべて満たしています。" : "まだ満たしていない条件があります。"}
        </p>
        <ul className="mt-2 space-y-2" data-testid="renewal-conditions">
          {readiness.conditions.map((c) => (
            <li key={c.key} className="flex flex-col gap-1 sm:flex-row sm:items-baseline sm:gap-3">
              <span className={`badge w-fit ${c.met ? "bg-green-100 text-green-1200" : "bg-red-100 text-red-1000"}`}>
                {c.met ? "達成" : "未達"}
              </span>
              <span>
                <span className="font-bold">{c.label}</span>：{c.detail}
                {c.missing ? <span className="block text-dns-14N-130 text-solid-gray-800">{c.missing}</span> : null}
              </span>
            </li>
          ))}
        </ul>
      </section>

      <div className="mt-6 grid gap-6 md:grid-cols-2">
        <CertifiedOnForm
          certifiedOn={itc.itc_certified_on}
          lastResult={resultFor("certified-on")}
          fy={fy}
          userId={itc.id}
        />
        <FeeForm
          fy={fy}
          userId={itc.id}
          today={today}
          feeYen={readiness.feeYen}
          ordinal={readiness.ordinal}
          paid={facts.feePaid}
          lastResult={resultFor("fee")}
        />
      </div>

      <section aria-labelledby="activities-heading" className="mt-8">
        <h2 id="activities-heading" className="mb-3 text-std-20B-150">
          {formatFiscalYear(fy)}に登録された活動
        </h2>
        {activities.length === 0 ? (
          <EmptyState title="この年度の活動の登録はありません" />
        ) : (
          <div className="overflow-x-auto">
            <table className="data-table stack-table w-full" data-testid="itc-activities">
              <caption className="sr-only">{formatFiscalYear(fy)}に登録された活動の一覧</caption>
              <thead>
                <tr>
                  <th scope="col">活動日</th>
                  <th scope="col">活動</th>
                  <th scope="col">時間</th>
                  <th scope="col">ポイント</th>
                  <th scope="col">状態</th>
                </tr>
              </thead>
              <tbody>
                {activities.map((a) => (
                  <tr key={a.id}>
                    <td data-label="活動日">{formatDateJa(a.activity_date)}</td>
                    <td data-label="活動">
                      {a.title}
                      <span className="sub">{a.kind_name}</span>
                    </td>
                    <td data-label="時間">{a.hours}時間</td>
                    <td data-label="ポイント">{a.points}</td>
                    <td data-label="状態">
                      {ACTIVITY_STATUS_LABELS[a.status as ActivityStatus] ?? a.status}
                      {a.review_comment && a.status !== "approved" ? (
                        <span className="sub">{a.review_comment}</span>
                      ) : null}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </section>
    </div>
  );
}

function CertifiedOnForm({
  certifiedOn,
  lastResult,
  fy,
  userId,
}: {
  certifiedOn: string | null;
  lastResult?: SubmissionResult<string[]>;
  fy: number;
  userId: string;
}) {
  const [form, f] = useForm<z.input<typeof CertifiedOnSchema>>({
    id: "certified-on",
    lastResult,
    shouldValidate: "onSubmit",
    defaultValue: { certifiedOn: certifiedOn ?? "" },
  });
  return (
    <section aria-labelledby="certified-on-heading" className="card">
      <h2 id="certified-on-heading" className="mb-3 text-std-18B-160">
        ITC認定日の登録
      </h2>
      <Form method="post" action={`/staff/renewal/itcs/${encodeURIComponent(userId)}?fy=${fy}`} {...getFormProps(form)}>
        <input type="hidden" name="intent" value="certified-on" />
        <FormErrors id={form.errorId} errors={form.errors} />
        <TextField
          meta={f.certifiedOn}
          type="date"
          label="ITC認定日"
          hint="更新の回数・更新料・フォローアップ研修の条件は、この日から数えます。"
          required
        />
        <button type="submit" className="btn-secondary w-full sm:w-auto">
          認定日を保存する
        </button>
      </Form>
    </section>
  );
}

function FeeForm({
  fy,
  userId,
  today,
  feeYen,
  ordinal,
  paid,
  lastResult,
}: {
  fy: number;
  userId: string;
  today: string;
  feeYen: number;
  ordinal: number | null;
  paid: boolean;
  lastResult?: SubmissionResult<string[]>;
}) {
  const [form, f] = useForm<z.input<typeof FeePaymentSchema>>({
    id: "fee",
    lastResult,
    shouldValidate: "onSubmit",
    defaultValue: { fiscalYear: String(fy), paidOn: today },
  });
  return (
    <section aria-labelledby="fee-heading" className="card">
      <h2 id="fee-heading" className="mb-3 text-std-18B-160">
        更新料の納付
      </h2>
      {/* A refusal (first renewal, already recorded) shows even when the form itself does not. */}
      <FormErrors id={form.errorId} errors={form.errors} />
      {ordinal === null ? (
        <p>ITC認定日を登録すると、更新料を記録できます。</p>
      ) : feeYen === 0 ? (
        <p>初回の更新のため、更新料はかかりません。</p>
      ) : paid ? (
        <p data-testid="fee-status">
          {formatFiscalYear(fy)}の更新料（{feeYen.toLocaleString("ja-JP")}円）は納付済みです。
        </p>
      ) : (
        <Form
          method="post"
          action={`/staff/renewal/itcs/${encodeURIComponent(userId)}?fy=${fy}`}
          {...getFormProps(form)}
        >
          <input type="hidden" name="intent" value="fee" />
          <input type="hidden" name="fiscalYear" value={fy} />
          <p className="mb-3">
            {formatFiscalYear(fy)}の実績による更新の更新料 {feeYen.toLocaleString("ja-JP")}
            円（税込）の納付を記録します。
          </p>
          {f.fiscalYear.errors?.length ? <FormErrors errors={f.fiscalYear.errors} /> : null}
          <TextField meta={f.paidOn} type="date" label="納付日" required />
          <button type="submit" className="btn-secondary w-full sm:w-auto">
            納付を記録する
          </button>
        </Form>
      )}
    </section>
  );
}
