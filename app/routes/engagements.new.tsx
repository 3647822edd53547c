import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Link, useActionData, useLoaderData } from "@remix-run/react";
import { db } from "~/db.server";
import { hasRole } from "~/features/auth/roles";
import { requireRole } from "~/features/auth/session.server";
import { EngagementForm } from "~/features/engagements/components/engagement-form";
import { EngagementSchema } from "~/features/engagements/engagements.schema";
import { createEngagement, listTrainers } from "~/features/engagements/engagements.server";
import { fiscalYearOf } from "~/lib/dates";
import { invalidSubmission, parseForm, replyWithDomainError } from "~/lib/forms.server";
import { PageHeader } from "~/ui/layout";

export const meta: MetaFunction = () => [{ title: "自治体案件の登録 | ITC研修ポータル" }];

export async function loader({ request, context }: LoaderFunctionArgs) {
  const user = await requireRole({ request, context }, "trainer", "staff", "admin");
  const isStaff = hasRole(user, "staff", "admin");
  return { trainers: isStaff ? await listTrainers(db()) : null, fiscalYear: fiscalYearOf(new Date()) };
}

export async function action({ request, context }: ActionFunctionArgs) {
  const user = await requireRole({ request, context }, "trainer", "staff", "admin");
  const submission = parseForm(await request.formData(), EngagementSchema);
  if (submission.status !== "success") return invalidSubmission(submission);
  let id: number;
  try {
    ({ id } = await createEngagement(db(), submission.value, user));
  } catch (error) {
    return replyWithDomainError(submission, error);
  }
  return redirect(`/engagements/${id}?notice=created`);
}

export default function NewEngagement() {
  const { trainers, fiscalYear } = useLoaderData<typeof loader>();
  const lastResult = useActionData<typeof action>();
  return (
    <div className="mx-auto max-w-3xl">
      <PageHeader
        title="自治体案件の登録"
        lead="自治体との契約（CIO補佐官、業務委託など）を登録すると、事務局がOJTトレーニーの受入を提案できるようになります。"
      />
      <EngagementForm
        lastResult={lastResult}
        trainers={trainers}
        currentFiscalYear={fiscalYear}
        submitLabel="登録する"
        defaultValue={{
          startFiscalYear: String(fiscalYear),
          endFiscalYear: String(fiscalYear),
          ojtSlots: "1",
          status: "recruiting",
          contractType: "outsourcing",
        }}
      />
      <p className="mt-6">
        <Link to="/engagements">案件一覧へ戻る</Link>
      </p>
    </div>
  );
}
