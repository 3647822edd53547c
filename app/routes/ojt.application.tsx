import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { db } from "~/db.server";
import { requireRole } from "~/features/auth/session.server";
import {
  applicationFormValues,
  getOwnApplication,
  submitApplication,
  updateApplication,
  withdrawApplication,
} from "~/features/ojt/applications.server";
import { ApplicationForm } from "~/features/ojt/components/application-form";
import { PlacementStatusBadge } from "~/features/ojt/components/badges";
import {
  APPLICATION_STATUS_LABELS,
  MUNICIPALITY_SIZE_LABELS,
  OJT_THEME_LABELS,
  TRAVEL_RANGE_LABELS,
} from "~/features/vocabulary/ojt-kinds";
import { ApplicationSchema } from "~/features/ojt/ojt.schema";
import { ineligibleMessage, ojtEligibility } from "~/features/ojt/prerequisites.server";
import { addDays, formatDateJa, todayInTokyo } from "~/lib/dates";
import { invalidSubmission, parseForm, refusal as refusalOf, replyWithDomainError } from "~/lib/forms.server";
import { prefectureName } from "~/lib/local-gov-code";
import { FlashMessage, PageHeader } from "~/ui/layout";
import { Notice } from "~/ui/notice";

export const meta: MetaFunction = () => [{ title: "OJT申込 | ITC研修ポータル" }];

export async function loader({ request, context }: LoaderFunctionArgs) {
  const user = await requireRole({ request, context }, "trainee");
  const [eligibility, application] = await Promise.all([
    ojtEligibility(db(), user.id),
    getOwnApplication(db(), user.id),
  ]);
  const editing = new URL(request.url).searchParams.get("edit") === "1";
  return {
    eligibility,
    refusal: eligibility.eligible ? null : ineligibleMessage(eligibility),
    application,
    editing: editing && application?.status === "open",
    formValues: application ? applicationFormValues(application) : null,
    today: todayInTokyo(),
  };
}

export async function action({ request, context }: ActionFunctionArgs) {
  const user = await requireRole({ request, context }, "trainee");
  const formData = await request.formData();
  if (formData.get("intent") === "withdraw") {
    try {
      await withdrawApplication(db(), user.id);
    } catch (error) {
      const refused = refusalOf(error);
      return data({ formError: refused.message }, { status: refused.status });
    }
    return redirect("/ojt/application?notice=withdrawn");
  }
  const submission = parseForm(formData, ApplicationSchema);
  if (submission.status !== "success") return invalidSubmission(submission);
  const existing = await getOwnApplication(db(), user.id);
  try {
    if (existing) await updateApplication(db(), user.id, submission.value);
    else await submitApplication(db(), user.id, submission.value);
  } catch (error) {
    return replyWithDomainError(submission, error);
  }
  return redirect(`/ojt/application?notice=${existing ? "updated" : "submitted"}`);
}

export default function OjtApplication() {
  const { eligibility, refusal, application, editing, formValues, today } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const lastResult = actionData && "status" in actionData ? actionData : undefined;
  const formError = actionData && "formError" in actionData ? actionData.formError : undefined;
  return (
    <div className="mx-auto max-w-3xl">
      <PageHeader
        title="OJT申込"
        lead="自治体ビジネス基礎研修の修了後、トレーナーITCの自治体案件に参加して実務を経験できます（任意参加・経費は自己負担）。"
      />
      <Notice page="ojtApplication" />
      <FlashMessage message={formError} tone="error" />
      {!application && refusal ? (
        <div role="alert" className="mb-6 rounded-8 border-l-4 border-error-1 bg-red-50 p-4" data-testid="ojt-refusal">
          <p className="text-std-16B-170">{refusal}</p>
          <ul className="mt-2 list-disc pl-6">
            {eligibility.courses.map((c) => (
              <li key={c.id}>
                {c.title}：{c.completed ? "修了済み" : "未修了"}
              </li>
            ))}
          </ul>
          <p className="mt-2">
            <Link to="/courses">研修を探す</Link>
          </p>
        </div>
      ) : null}
      {application && !editing ? (
        <ApplicationSummary application={application} />
      ) : application && editing ? (
        <ApplicationForm lastResult={lastResult} defaultValue={formValues ?? undefined} submitLabel="変更を保存する" />
      ) : !refusal ? (
        <ApplicationForm
          lastResult={lastResult}
          submitLabel="OJTに申し込む"
          defaultValue={{
            travelRange: "prefecture",
            preferredSize: "any",
            daysPerMonth: "2",
            availableFrom: today,
            availableTo: addDays(today, 180),
          }}
        />
      ) : null}
    </div>
  );
}

type App = NonNullable<ReturnType<typeof useLoaderData<typeof loader>>["application"]>;

function ApplicationSummary({ application: a }: { application: App }) {
  return (
    <>
      <section className="card mb-6" aria-labelledby="status-heading">
        <h2 id="status-heading" className="mb-2">
          申込の状況
        </h2>
        <p className="text-std-18B-160" data-testid="application-status">
          {APPLICATION_STATUS_LABELS[a.status]}
        </p>
        <p className="text-dns-14N-130 text-solid-gray-700">申込日：{formatDateJa(a.submitted_at)}</p>
        {a.placements.length > 0 ? (
          <ul className="mt-4 divide-y divide-solid-gray-200">
            {a.placements.map((p) => (
              <li key={p.id} className="flex flex-wrap items-center gap-2 py-2">
                <Link to={`/placements/${p.id}`}>
                  {p.municipality_name}「{p.engagement_title}」
                </Link>
                <PlacementStatusBadge status={p.status} />
                <span className="text-dns-14N-130 text-solid-gray-800">トレーナー：{p.trainer_name}さん</span>
              </li>
            ))}
          </ul>
        ) : (
          <p className="mt-2">事務局が受入先を探しています。提案があるとお知らせでお伝えします。</p>
        )}
        {a.status === "open" ? (
          <div className="mt-4 flex flex-wrap gap-3">
            <Link to="/ojt/application?edit=1" className="btn-secondary">
              申込内容を変更する
            </Link>
            <Form method="post">
              <button type="submit" name="intent" value="withdraw" className="btn-danger">
                申込を取り下げる
              </button>
            </Form>
          </div>
        ) : null}
      </section>
      <section className="card" aria-labelledby="content-heading">
        <h2 id="content-heading" className="mb-3">
          申込内容
        </h2>
        <dl className="space-y-3">
          <Row label="希望する都道府県">{a.prefectures.map((p) => prefectureName(p)).join("、")}</Row>
          <Row label="移動できる範囲">{TRAVEL_RANGE_LABELS[a.travel_range]}</Row>
          <Row label="希望する自治体の規模">{MUNICIPALITY_SIZE_LABELS[a.preferred_size]}</Row>
          <Row label="経験したいテーマ">{a.themes.map((t) => OJT_THEME_LABELS[t]).join("、")}</Row>
          <Row label="活動できる日数・期間">
            月{a.days_per_month}日・{formatDateJa(a.available_from)}〜{formatDateJa(a.available_to)}
          </Row>
          <Row label="これまでの業種・職種">{a.background_industry}</Row>
          <Row label="得意な分野・スキル">{a.background_skills}</Row>
          <Row label="自治体業務の経験">{a.municipal_experience || "なし"}</Row>
          <Row label="志望動機">{a.motivation}</Row>
          <Row label="経費">全額自己負担に同意済み</Row>
        </dl>
      </section>
    </>
  );
}

function Row({ label, children }: { label: string; children: React.ReactNode }) {
  return (
    <div>
      <dt className="text-std-16B-170">{label}</dt>
      <dd className="whitespace-pre-line">{children}</dd>
    </div>
  );
}
