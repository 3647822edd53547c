import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Link, useActionData } from "@remix-run/react";
import { db } from "~/db.server";
import { requireRole } from "~/features/auth/session.server";
import { MunicipalityForm } from "~/features/municipalities/components/municipality-form";
import { MunicipalitySchema } from "~/features/municipalities/municipalities.schema";
import { createMunicipality } from "~/features/municipalities/municipalities.server";
import { invalidSubmission, parseForm, replyWithDomainError } from "~/lib/forms.server";
import { PageHeader } from "~/ui/layout";

export const meta: MetaFunction = () => [{ title: "自治体の登録 | ITC研修ポータル" }];

export async function loader({ request, context }: LoaderFunctionArgs) {
  await requireRole({ request, context }, "staff", "admin");
  return null;
}

export async function action({ request, context }: ActionFunctionArgs) {
  const user = await requireRole({ request, context }, "staff", "admin");
  const submission = parseForm(await request.formData(), MunicipalitySchema);
  if (submission.status !== "success") return invalidSubmission(submission);
  try {
    await createMunicipality(db(), submission.value, user.id);
  } catch (error) {
    return replyWithDomainError(submission, error);
  }
  return redirect(`/staff/municipalities?q=${submission.value.code}&notice=created`);
}

export default function NewMunicipality() {
  const lastResult = useActionData<typeof action>();
  return (
    <div className="mx-auto max-w-2xl">
      <PageHeader title="自治体の登録" lead="全国地方公共団体コードで自治体を登録します。" />
      <MunicipalityForm lastResult={lastResult} submitLabel="登録する" />
      <p className="mt-6">
        <Link to="/staff/municipalities">自治体一覧へ戻る</Link>
      </p>
    </div>
  );
}
