import { getFormProps, useForm } from "@conform-to/react";
import type { z } from "zod";
import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { db } from "~/db.server";
import { requireRole } from "~/features/auth/session.server";
import { reportActivity } from "~/features/renewal/activities.server";
import { ActivityFields } from "~/features/renewal/components/itc-activity-form";
import { listActivityKinds } from "~/features/renewal/kinds.server";
import { ActivitySchema } from "~/features/renewal/renewal.schema";
import { todayInTokyo } from "~/lib/dates";
import { invalidSubmission, parseForm, replyWithDomainError } from "~/lib/forms.server";
import { FormErrors } from "~/ui/form";
import { PageHeader } from "~/ui/layout";

// /my/renewal/activities/new: the ITC reports an activity beyond our own courses. Its points
// are computed by the kind's rule when it is saved, and shown on the activity's page.

export const meta: MetaFunction = () => [{ title: "活動の登録 | 資格更新 | ITC研修ポータル" }];

export async function loader({ request, context }: LoaderFunctionArgs) {
  await requireRole({ request, context }, "trainee", "trainer");
  return { kinds: await listActivityKinds(db(), { activeOnly: true }), today: todayInTokyo() };
}

export async function action({ request, context }: ActionFunctionArgs) {
  const user = await requireRole({ request, context }, "trainee", "trainer");
  const submission = parseForm(await request.formData(), ActivitySchema);
  if (submission.status !== "success") return invalidSubmission(submission);
  let id: number;
  try {
    id = await reportActivity(db(), submission.value, user.id);
  } catch (error) {
    return replyWithDomainError(submission, error);
  }
  return redirect(`/my/renewal/activities/${id}?notice=reported`);
}

export default function NewActivity() {
  const { kinds, today } = useLoaderData<typeof loader>();
  const lastResult = useActionData<typeof action>();
  const [form, fields] = useForm<z.input<typeof ActivitySchema>>({ id: "renewal-activity-new", lastResult });
  return (
    <div className="mx-auto max-w-3xl">
      <p className="mb-2">
        <Link to="/my/renewal">資格更新へ戻る</Link>
      </p>
      <PageHeader
        title="活動を登録"
        lead="協会の研修以外で行った活動を登録します。ポイントは活動の種類と時間から自動で計算され、事務局が確認して承認すると計上されます。"
      />
      <Form method="post" {...getFormProps(form)} className="card">
        <FormErrors id={form.errorId} errors={form.errors} />
        <ActivityFields fields={fields} kinds={kinds} today={today} />
        <button type="submit" className="btn w-full sm:w-auto">
          登録する
        </button>
      </Form>
    </div>
  );
}
