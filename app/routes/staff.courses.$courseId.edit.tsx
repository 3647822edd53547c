import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Link, useActionData, useLoaderData } from "@remix-run/react";
import { db } from "~/db.server";
import { requireRole } from "~/features/auth/session.server";
import { CourseSchema } from "~/features/catalog/catalog.schema";
import { CourseForm } from "~/features/catalog/components/course-form";
import { getCourseForEdit, listCourseOptions, updateCourse } from "~/features/catalog/courses.server";
import { idParam } from "~/lib/params";
import { invalidSubmission, replyWithDomainError, parseForm } from "~/lib/forms.server";
import { PageHeader } from "~/ui/layout";

export const meta: MetaFunction = () => [{ title: "講座の編集 | ITC研修ポータル" }];

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  await requireRole({ request, context }, "staff");
  const courseId = idParam(params, "courseId");
  const [course, options] = await Promise.all([getCourseForEdit(db(), courseId), listCourseOptions(db())]);
  return { course, courseOptions: options.filter((o) => o.id !== courseId) };
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const user = await requireRole({ request, context }, "staff");
  const courseId = idParam(params, "courseId");
  const submission = parseForm(await request.formData(), CourseSchema);
  if (submission.status !== "success") return invalidSubmission(submission);
  try {
    await updateCourse(db(), courseId, submission.value, user.id);
  } catch (error) {
    return replyWithDomainError(submission, error);
  }
  return redirect(`/staff/courses/${courseId}?notice=updated`);
}

export default function EditCourse() {
  const { course, courseOptions } = useLoaderData<typeof loader>();
  const lastResult = useActionData<typeof action>();
  return (
    <div className="mx-auto max-w-4xl">
      <p className="mb-2">
        <Link to={`/staff/courses/${course.id}`}>講座の詳細へ戻る</Link>
      </p>
      <PageHeader title="講座の編集" lead={course.title} />
      <CourseForm
        key={course.id}
        lastResult={lastResult}
        courseOptions={courseOptions}
        submitLabel="変更を保存する"
        defaultValue={{
          code: course.code,
          title: course.title,
          kind: course.kind,
          descriptionMd: course.description_md,
          format: course.format,
          totalHours: String(course.total_hours),
          points: course.points_overridden ? String(course.points) : "",
          feeYen: String(course.fee_yen),
          minSessionsAttended: course.min_sessions_attended ? String(course.min_sessions_attended) : "",
          prerequisiteIds: course.prerequisites.map((p) => String(p.id)),
          published: course.published ? "on" : "",
          allowMultipleCohorts: course.allow_multiple_cohorts ? "on" : "",
          allowRepeat: course.allow_repeat ? "on" : "",
        }}
      />
    </div>
  );
}
