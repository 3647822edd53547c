import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Link, useActionData, useLoaderData } from "@remix-run/react";
import { db } from "~/db.server";
import { requireRole } from "~/features/auth/session.server";
import { CohortSchema } from "~/features/catalog/catalog.schema";
import { createCohort, listTrainers } from "~/features/catalog/cohorts.server";
import { CohortForm } from "~/features/catalog/components/cohort-form";
import { listCourseOptions } from "~/features/catalog/courses.server";
import { todayInTokyo } from "~/lib/dates";
import { invalidSubmission, parseForm, replyWithDomainError } from "~/lib/forms.server";
import { PageHeader } from "~/ui/layout";

export const meta: MetaFunction = () => [{ title: "開催回の作成 | ITC研修ポータル" }];

export async function loader({ request, context }: LoaderFunctionArgs) {
  await requireRole({ request, context }, "staff");
  const [courseOptions, trainers] = await Promise.all([listCourseOptions(db()), listTrainers(db())]);
  const requested = Number(new URL(request.url).searchParams.get("courseId"));
  const course = courseOptions.find((c) => c.id === requested) ?? null;
  return { courseOptions, trainers, course, today: todayInTokyo() };
}

export async function action({ request, context }: ActionFunctionArgs) {
  const user = await requireRole({ request, context }, "staff");
  const submission = parseForm(await request.formData(), CohortSchema);
  if (submission.status !== "success") return invalidSubmission(submission);
  let id: number;
  try {
    ({ id } = await createCohort(db(), submission.value, user.id));
  } catch (error) {
    return replyWithDomainError(submission, error);
  }
  return redirect(`/staff/cohorts/${id}?notice=created`);
}

export default function NewCohort() {
  const { courseOptions, trainers, course, today } = useLoaderData<typeof loader>();
  const lastResult = useActionData<typeof action>();
  return (
    <div className="mx-auto max-w-4xl">
      <p className="mb-2">
        {course ? (
          <Link to={`/staff/courses/${course.id}`}>講座の詳細へ戻る</Link>
        ) : (
          <Link to="/staff/courses">講座一覧へ戻る</Link>
        )}
      </p>
      <PageHeader title="開催回の作成" lead={course ? course.title : "講座を選んで日程を登録します。"} />
      <CohortForm
        key={course?.id ?? "none"}
        lastResult={lastResult}
        trainers={trainers}
        courseOptions={courseOptions}
        courseLocked={course !== null}
        submitLabel="開催回を作成する"
        defaultValue={{
          courseId: course ? String(course.id) : "",
          capacity: "30",
          enrollmentOpensOn: today,
        }}
      />
    </div>
  );
}
