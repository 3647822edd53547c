import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Link, useActionData, useLoaderData } from "@remix-run/react";
import { db } from "~/db.server";
import { requireRole } from "~/features/auth/session.server";
import { CohortSchema } from "~/features/catalog/catalog.schema";
import { listTrainers } from "~/features/catalog/cohorts.server";
import { getCohort, updateCohort } from "~/features/cohorts/cohorts.server";
import { CohortForm } from "~/features/catalog/components/cohort-form";
import { ONLINE } from "~/features/vocabulary/course-kinds";
import { formatSessionLines } from "~/features/catalog/sessions";
import { idParam } from "~/lib/params";
import { invalidSubmission, replyWithDomainError, parseForm } from "~/lib/forms.server";
import { PageHeader } from "~/ui/layout";

export const meta: MetaFunction = () => [{ title: "開催回の編集 | ITC研修ポータル" }];

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  await requireRole({ request, context }, "staff");
  const [cohort, trainers] = await Promise.all([getCohort(db(), idParam(params, "cohortId")), listTrainers(db())]);
  return { cohort, trainers };
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const user = await requireRole({ request, context }, "staff");
  const cohortId = idParam(params, "cohortId");
  const submission = parseForm(await request.formData(), CohortSchema);
  if (submission.status !== "success") return invalidSubmission(submission);
  try {
    await updateCohort(db(), cohortId, submission.value, user.id);
  } catch (error) {
    return replyWithDomainError(submission, error);
  }
  return redirect(`/staff/cohorts/${cohortId}?notice=updated`);
}

export default function EditCohort() {
  const { cohort, trainers } = useLoaderData<typeof loader>();
  const lastResult = useActionData<typeof action>();
  const lecturer = cohort.instructors.find((i) => i.role === "lecturer");
  return (
    <div className="mx-auto max-w-4xl">
      <p className="mb-2">
        <Link to={`/staff/cohorts/${cohort.id}`}>名簿へ戻る</Link>
      </p>
      <PageHeader title="開催回の編集" lead={`${cohort.course_title} ${cohort.name}`} />
      <CohortForm
        key={cohort.id}
        lastResult={lastResult}
        trainers={trainers}
        courseOptions={[]}
        courseLocked
        submitLabel="変更を保存する"
        defaultValue={{
          courseId: String(cohort.course_id),
          name: cohort.name,
          fiscalYear: String(cohort.fiscal_year),
          area: cohort.prefecture_code ?? ONLINE,
          venue: cohort.venue,
          meetingUrl: cohort.meeting_url ?? "",
          capacity: String(cohort.capacity),
          enrollmentOpensOn: cohort.enrollment_opens_on,
          enrollmentClosesOn: cohort.enrollment_closes_on,
          cancellationDeadline: cohort.cancellation_deadline,
          approvalRequired: cohort.approval_required ? "on" : "",
          lecturerId: lecturer?.id ?? "",
          subLecturerIds: cohort.instructors.filter((i) => i.role === "sub_lecturer").map((i) => i.id),
          sessionsText: formatSessionLines(
            cohort.sessions.map((s) => ({
              date: s.date,
              startTime: s.start_time,
              endTime: s.end_time,
              topic: s.topic,
            })),
          ),
        }}
      />
    </div>
  );
}
