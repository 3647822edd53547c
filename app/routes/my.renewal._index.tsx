import { getFormProps, useForm } from "@conform-to/react";
import type { z } from "zod";
import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { db } from "~/db.server";
import { requireRole } from "~/features/auth/session.server";
import { listMyActivities } from "~/features/renewal/activities.server";
import {
  ActivityList,
  ConditionList,
  HelpfulCourses,
  PointsSummary,
  RenewalTerms,
} from "~/features/renewal/components/itc-renewal";
import { RENEWAL_MESSAGES } from "~/features/renewal/labels";
import { coursesThatWouldHelp, getSurvey, renewalReadiness, submitSurvey } from "~/features/renewal/readiness.server";
import { SurveySchema } from "~/features/renewal/renewal.schema";
import { parseFiscalYearParam } from "~/features/reports/fiscal-year";
import { fiscalYearOf, formatDateTimeJa, formatFiscalYear } from "~/lib/dates";
import { invalidSubmission, parseForm, replyWithDomainError } from "~/lib/forms.server";
import { FormErrors, TextareaField, TextField } from "~/ui/form";
import { EmptyState, PageHeader } from "~/ui/layout";
import { Notice } from "~/ui/notice";

// /my/renewal: the ITC's renewal readiness for one fiscal year (?fy=, the current one by
// default): points against 10, each condition, the renewal's ordinal and fee, the follow-up
// rule, courses that would close the gap, the 実務活動アンケート and the reported activities.

export const meta: MetaFunction = () => [{ title: "資格更新 | ITC研修ポータル" }];

const BAD_YEAR = "年度の指定が正しくありません。年度は「2026」のように西暦4桁で指定してください。";
/** How many past fiscal years the selector offers at least (more back to the certification). */
const YEARS_BACK = 4;

function fiscalYearFrom(request: Request): number {
  const parsed = parseFiscalYearParam(new URL(request.url).searchParams.get("fy"));
  if (!parsed.ok) throw data({ message: BAD_YEAR }, { status: 400 });
  return parsed.fiscalYear;
}

export async function loader({ request, context }: LoaderFunctionArgs) {
  const user = await requireRole({ request, context }, "trainee", "trainer");
  const fy = fiscalYearFrom(request);
  const currentFy = fiscalYearOf(new Date());
  const { itc, facts, readiness } = await renewalReadiness(db(), user.id, fy);
  const [courses, survey, activities] = await Promise.all([
    coursesThatWouldHelp(db(), {
      userId: user.id,
      fiscalYear: fy,
      followUpsShort: (readiness.followUpsNeeded?.courses ?? 0) > 0,
    }),
    getSurvey(db(), user.id, fy),
    listMyActivities(db(), user.id, fy),
  ]);
  const oldest = Math.max(
    2000,
    Math.min(currentFy - YEARS_BACK, itc.itc_certified_on ? fiscalYearOf(itc.itc_certified_on) : currentFy),
  );
  const years = Array.from({ length: currentFy - oldest + 1 }, (_, i) => currentFy - i);
  return {
    fy,
    currentFy,
    years: years.includes(fy) ? years : [...years, fy].sort((a, z) => z - a),
    certifiedOn: itc.itc_certified_on,
    facts,
    readiness,
    courses,
    survey: survey ?? null,
    activities,
  };
}

export async function action({ request, context }: ActionFunctionArgs) {
  const user = await requireRole({ request, context }, "trainee", "trainer");
  const fy = fiscalYearFrom(request);
  const submission = parseForm(await request.formData(), SurveySchema);
  if (submission.status !== "success") return invalidSubmission(submission);
  try {
    await submitSurvey(db(), { ...submission.value, fiscalYear: fy }, user.id);
  } catch (error) {
    return replyWithDomainError(submission, error);
  }
  return redirect(`/my/renewal?fy=${fy}&notice=survey`);
}

function YearPicker({ years, selected }: { years: number[]; selected: number }) {
  return (
    <Form method="get" action="/my/renewal" className="flex flex-wrap items-end gap-2" data-testid="fy-picker">
      <div>
        <label htmlFor="fy" className="label">
          年度
        </label>
        <select key={selected} id="fy" name="fy" defaultValue={selected} className="input">
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
  );
}

function SurveySection({ fy, open }: { fy: number; open: boolean }) {
  const { survey } = useLoaderData<typeof loader>();
  const lastResult = useActionData<typeof action>();
  const [form, fields] = useForm<z.input<typeof SurveySchema>>({
    id: `renewal-survey-${fy}`,
    lastResult,
    defaultValue: survey
      ? { engagements: String(survey.engagements), mainField: survey.main_field, summary: survey.summary }
      : undefined,
  });
  return (
    <section className="card" aria-labelledby="survey-heading">
      <h2 id="survey-heading" className="mb-2">
        実務活動アンケート
      </h2>
      {survey ? (
        <p className="mb-4 rounded-8 border-l-4 border-success-1 bg-green-50 p-3" data-testid="survey-submitted">
          {formatDateTimeJa(survey.submitted_at)}に提出済みです。内容を直して送信すると、提出内容が置き換わります。
        </p>
      ) : (
        <p className="mb-4">
          {formatFiscalYear(fy)}のITCとしての実務活動を教えてください。資格更新の条件のひとつです。
        </p>
      )}
      {open ? (
        <Form method="post" {...getFormProps(form)}>
          <FormErrors id={form.errorId} errors={form.errors} />
          <TextField
            meta={fields.engagements}
            label="支援した企業・団体の数"
            type="number"
            inputMode="numeric"
            hint="0〜999の整数。支援がなかった場合は0"
            required
            className="mb-5 max-w-xs"
          />
          <TextField
            meta={fields.mainField}
            label="主な活動分野"
            hint="例：中小企業のDX支援、自治体の情報化（60文字以内）"
            required
          />
          <TextareaField meta={fields.summary} label="活動の概要" rows={4} hint="2000文字以内（任意）" />
          <button type="submit" className="btn w-full sm:w-auto">
            {survey ? "アンケートを更新する" : "アンケートを提出する"}
          </button>
        </Form>
      ) : (
        <p>{RENEWAL_MESSAGES.surveyYear}</p>
      )}
    </section>
  );
}

export default function MyRenewal() {
  const { fy, currentFy, years, certifiedOn, facts, readiness, courses, activities } = useLoaderData<typeof loader>();
  const unmet = readiness.conditions.filter((c) => !c.met).length;
  return (
    <div className="mx-auto max-w-5xl">
      <PageHeader
        title="資格更新"
        lead="ITC資格の更新（毎年4〜5月）に必要な条件と、その準備の状況です。年度は4月〜翌3月で、前年度の実績で更新します。"
        actions={
          <Link to="/my/renewal/activities/new" className="btn">
            活動を登録
          </Link>
        }
      />
      <Notice page="myRenewal" />
      <div className="mb-6">
        <YearPicker years={years} selected={fy} />
      </div>
      {certifiedOn ? null : (
        <p
          role="status"
          className="mb-6 rounded-8 border-l-4 border-yellow-700 bg-yellow-50 p-4"
          data-testid="not-certified"
        >
          {RENEWAL_MESSAGES.notCertified}
        </p>
      )}

      <div className="mb-6 grid gap-4 lg:grid-cols-2">
        <section className="card" aria-labelledby="points-heading">
          <h2 id="points-heading" className="mb-2">
            {formatFiscalYear(fy)}の実践力ポイント
          </h2>
          <PointsSummary
            coursePoints={facts.coursePoints}
            activityPoints={facts.activityPoints}
            pendingPoints={facts.pendingPoints}
          />
        </section>
        <section className="card" aria-labelledby="conditions-heading">
          <h2 id="conditions-heading" className="mb-1">
            更新の条件
          </h2>
          <p className="mb-2 text-std-16B-170" data-testid="readiness-verdict">
            {readiness.ready ? "すべての条件を満たしています。" : `満たしていない条件が${unmet}件あります。`}
          </p>
          <ConditionList
            conditions={readiness.conditions}
            actions={{
              points: { href: "#courses-heading", label: "ポイントになる研修を見る" },
              survey: { href: "#survey-heading", label: "アンケートに回答する" },
              follow_up: { href: "#courses-heading", label: "受講できるフォローアップ研修を見る" },
            }}
          />
        </section>
      </div>

      {certifiedOn ? (
        <section className="card mb-6" aria-labelledby="terms-heading">
          <h2 id="terms-heading" className="mb-3">
            更新回数・更新料・フォローアップ研修
          </h2>
          <RenewalTerms readiness={readiness} certifiedOn={certifiedOn} followUps={facts.followUps} />
        </section>
      ) : null}

      <section className="card mb-6" aria-labelledby="courses-heading">
        <h2 id="courses-heading" className="mb-2">
          不足を補える研修
        </h2>
        <p className="mb-3 text-solid-gray-800">
          {formatFiscalYear(fy)}
          中に開催され、いま申し込める研修です。修了すると、最終日の年度に実践力ポイントが登録されます。
        </p>
        <HelpfulCourses cohorts={courses} fiscalYear={fy} />
      </section>

      <section className="card mb-6" aria-labelledby="activities-heading">
        <div className="mb-2 flex flex-wrap items-baseline justify-between gap-2">
          <h2 id="activities-heading">{formatFiscalYear(fy)}の自己申告の活動</h2>
          <Link to="/my/renewal/activities/new">活動を登録</Link>
        </div>
        <p className="mb-3 text-solid-gray-800">
          協会の研修以外の活動（他団体のセミナー、講師、執筆、コンサルティング実務など）は、ご自身で登録してください。事務局が確認して承認すると、ポイントが計上されます。
        </p>
        {activities.length === 0 ? (
          <EmptyState title="この年度に登録した活動はありません">
            <Link to="/my/renewal/activities/new">活動を登録</Link>すると、ここに表示されます。
          </EmptyState>
        ) : (
          <ActivityList activities={activities} />
        )}
      </section>

      <SurveySection fy={fy} open={fy <= currentFy} />
    </div>
  );
}
