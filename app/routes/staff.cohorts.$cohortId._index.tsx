import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Link, useActionData, useLoaderData, useLocation } from "@remix-run/react";
import { db } from "~/db.server";
import { requireRole } from "~/features/auth/session.server";
import { getCohort } from "~/features/cohorts/cohorts.server";
import { CohortOverview } from "~/features/cohorts/components/cohort-overview";
import { RosterSection } from "~/features/cohorts/components/roster-table";
import { RosterOperationSchema, RosterQuerySchema } from "~/features/enrollment/enrollment.schema";
import { approveEnrollment, getRoster, setPaid } from "~/features/enrollment/enrollment.server";
import { todayInTokyo } from "~/lib/dates";
import { idParam } from "~/lib/params";
import { withFilters } from "~/lib/record-list";
import { parseForm, replyWithRefusal } from "~/lib/forms.server";
import { FlashMessage, PageHeader } from "~/ui/layout";
import { Notice } from "~/ui/notice";

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: `${data?.cohort.name ?? "開催回"}の名簿 | ITC研修ポータル` },
];

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  await requireRole({ request, context }, "staff");
  const cohortId = idParam(params, "cohortId");
  const query = RosterQuerySchema.parse(Object.fromEntries(new URL(request.url).searchParams));
  const [cohort, roster] = await Promise.all([getCohort(db(), cohortId), getRoster(db(), cohortId, query)]);
  return { cohort, roster, query, today: todayInTokyo() };
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const user = await requireRole({ request, context }, "staff");
  const cohortId = idParam(params, "cohortId");
  const submission = parseForm(await request.formData(), RosterOperationSchema);
  if (submission.status !== "success") return data({ error: "操作が正しくありません。" }, { status: 400 });
  const v = submission.value;
  try {
    if (v.intent === "approve")
      await approveEnrollment(db(), { cohortId, enrollmentId: v.enrollmentId, actorId: user.id });
    else await setPaid(db(), { cohortId, enrollmentId: v.enrollmentId, paid: true, actorId: user.id });
  } catch (error) {
    return replyWithRefusal(error);
  }
  const back = new URL(request.url);
  back.searchParams.set("notice", v.intent);
  return redirect(back.pathname + back.search);
}

export default function StaffCohort() {
  const { cohort, roster, query, today } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const basePath = `/staff/cohorts/${cohort.id}`;
  const location = useLocation();
  return (
    <div>
      <p className="mb-2">
        <Link to={`/staff/courses/${cohort.course_id}`}>{cohort.course_title}へ戻る</Link>
      </p>
      <PageHeader
        title={cohort.name}
        lead={cohort.course_title}
        actions={
          <>
            <Link to={`${basePath}/edit`} className="btn-secondary">
              開催回を編集
            </Link>
            <Link to={`${basePath}/import`} className="btn-secondary">
              CSVから取り込み
            </Link>
            <a href={withFilters(`${basePath}/roster.csv`, location.search)} className="btn-secondary" download>
              名簿をCSVで出力
            </a>
            <a href={withFilters(`${basePath}/roster.xlsx`, location.search)} className="btn-secondary" download>
              名簿をExcel（.xlsx）で出力
            </a>
          </>
        }
      />
      <Notice page="cohort" />
      <FlashMessage message={actionData?.error} tone="error" />
      <CohortOverview cohort={cohort} basePath={basePath} today={today} />
      <RosterSection
        roster={roster}
        query={query}
        basePath={basePath}
        sessionCount={cohort.session_count}
        mode="staff"
        emptyHint="受講者が申し込むか、CSVから取り込むとここに表示されます。"
      />
    </div>
  );
}
