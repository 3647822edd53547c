import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { db } from "~/db.server";
import { requireRole } from "~/features/auth/session.server";
import { getCohort, requireCohortAccess } from "~/features/cohorts/cohorts.server";
import { CohortOverview } from "~/features/cohorts/components/cohort-overview";
import { RosterSection } from "~/features/cohorts/components/roster-table";
import { RosterQuerySchema } from "~/features/enrollment/enrollment.schema";
import { getRoster } from "~/features/enrollment/enrollment.server";
import { todayInTokyo } from "~/lib/dates";
import { idParam } from "~/lib/params";
import { PageHeader } from "~/ui/layout";

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: `${data?.cohort.name ?? "開催回"}の名簿 | ITC研修ポータル` },
];

/** A trainer's read-only roster of a cohort they teach (403 for any other cohort). */
export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const user = await requireRole({ request, context }, "trainer");
  const cohortId = idParam(params, "cohortId");
  await requireCohortAccess(db(), user, cohortId);
  const query = RosterQuerySchema.parse(Object.fromEntries(new URL(request.url).searchParams));
  const [cohort, roster] = await Promise.all([
    getCohort(db(), cohortId),
    getRoster(db(), cohortId, { ...query, searchIn: "name" }),
  ]);
  // Instructors search by name only and see who attends and how far they are, not contact details or payments.
  const rows = roster.rows.map((r) => ({ ...r, email: "", fee_yen: 0, paid_at: null, itc_number: null }));
  return { cohort, roster: { ...roster, rows }, query, today: todayInTokyo() };
}

export default function TrainerCohort() {
  const { cohort, roster, query, today } = useLoaderData<typeof loader>();
  const basePath = `/trainer/cohorts/${cohort.id}`;
  return (
    <div>
      <p className="mb-2">
        <Link to="/trainer/cohorts">担当開催回へ戻る</Link>
      </p>
      <PageHeader title={cohort.name} lead={cohort.course_title} />
      <CohortOverview cohort={cohort} basePath={basePath} today={today} />
      <RosterSection
        roster={roster}
        query={query}
        basePath={basePath}
        sessionCount={cohort.session_count}
        mode="instructor"
      />
    </div>
  );
}
