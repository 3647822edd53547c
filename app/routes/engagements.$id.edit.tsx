import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Link, useActionData, useLoaderData } from "@remix-run/react";
import { db } from "~/db.server";
import { hasRole } from "~/features/auth/roles";
import { requireRole } from "~/features/auth/session.server";
import { EngagementForm } from "~/features/engagements/components/engagement-form";
import { EngagementSchema } from "~/features/engagements/engagements.schema";
import { engagementFormValues, listTrainers, updateEngagement } from "~/features/engagements/engagements.server";
import { fiscalYearOf } from "~/lib/dates";
import { idParam } from "~/lib/params";
import { invalidSubmission, replyWithDomainError, parseForm } from "~/lib/forms.server";
import { PageHeader } from "~/ui/layout";

export const meta: MetaFunction = () => [{ title: "自治体案件の編集 | ITC研修ポータル" }];

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const user = await requireRole({ request, context }, "trainer", "staff", "admin");
  const id = idParam(params, "id", "案件");
  const values = await engagementFormValues(db(), id, user);
  return {
    id,
    values,
    trainers: hasRole(user, "staff", "admin") ? await listTrainers(db()) : null,
    fiscalYear: fiscalYearOf(new Date()),
  };
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const user = await requireRole({ request, context }, "trainer", "staff", "admin");
  const id = idParam(params, "id", "案件");
  // Authorize before looking at the input: only the lead trainer and staff may edit.
  await engagementFormValues(db(), id, user);
  const submission = parseForm(await request.formData(), EngagementSchema);
  if (submission.status !== "success") return invalidSubmission(submission);
  let counterpartProposed: boolean;
  try {
    ({ counterpartProposed } = await updateEngagement(db(), id, submission.value, user));
  } catch (error) {
    return replyWithDomainError(submission, error);
  }
  return redirect(`/engagements/${id}?notice=${counterpartProposed ? "counterpart-proposed" : "updated"}`);
}

export default function EditEngagement() {
  const { id, values, trainers, fiscalYear } = useLoaderData<typeof loader>();
  const lastResult = useActionData<typeof action>();
  return (
    <div className="mx-auto max-w-3xl">
      <PageHeader title="自治体案件の編集" />
      <EngagementForm
        key={id}
        lastResult={lastResult}
        trainers={trainers}
        currentFiscalYear={fiscalYear}
        submitLabel="保存する"
        defaultValue={values}
      />
      <p className="mt-6">
        <Link to={`/engagements/${id}`}>案件のページへ戻る</Link>
      </p>
    </div>
  );
}
