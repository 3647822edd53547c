import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Link, useActionData, useLoaderData } from "@remix-run/react";
import { db } from "~/db.server";
import { requireRole } from "~/features/auth/session.server";
import { CourseSchema } from "~/features/catalog/catalog.schema";
import { CourseForm } from "~/features/catalog/components/course-form";
import { createCourse, listCourseOptions } from "~/features/catalog/courses.server";
import { invalidSubmission, parseForm, replyWithDomainError } from "~/lib/forms.server";
import { PageHeader } from "~/ui/layout";

export const meta: MetaFunction = () => [{ title: "講座の作成 | ITC研修ポータル" }];

export async function loader({ request, context }: LoaderFunctionArgs) {
  await requireRole({ request, context }, "staff");
  return { courseOptions: await listCourseOptions(db()) };
}

export async function action({ request, context }: ActionFunctionArgs) {
  const user = await requireRole({ request, context }, "staff");
  const submission = parseForm(await request.formData(), CourseSchema);
  if (submission.status !== "success") return invalidSubmission(submission);
  let id: number;
  try {
    ({ id } = await createCourse(db(), submission.value, user.id));
  } catch (error) {
    return replyWithDomainError(submission, error);
  }
  return redirect(`/staff/courses/${id}?notice=created`);
}

export default function NewCourse() {
  const { courseOptions } = useLoaderData<typeof loader>();
  const lastResult = useActionData<typeof action>();
  return (
    <div className="mx-auto max-w-4xl">
      <p className="mb-2">
        <Link to="/staff/courses">講座一覧へ戻る</Link>
      </p>
      <PageHeader title="講座の作成" />
      <CourseForm
        lastResult={lastResult}
        defaultValue={{ feeYen: "0", kind: "basic_municipal", format: "classroom" }}
        courseOptions={courseOptions}
        submitLabel="講座を作成する"
      />
    </div>
  );
}
