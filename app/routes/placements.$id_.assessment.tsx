import { Notice } from "~/ui/notice";
import type { SubmissionResult } from "@conform-to/react";
import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Link, useActionData, useLoaderData } from "@remix-run/react";
import { db } from "~/db.server";
import { EvaluationSchema } from "~/features/assessment/assessment.schema";
import { EvaluationForm, EvaluationsTable } from "~/features/assessment/components/evaluations";
import {
  assessmentOfPlacement,
  requireEvaluationAuthor,
  saveEvaluation,
} from "~/features/assessment/evaluations.server";
import { EVALUATION_KINDS } from "~/features/assessment/labels";
import { requireUser } from "~/features/auth/session.server";
import { getPlacementForViewer } from "~/features/ojt/placements.server";
import { parseForm, replyWithDomainError } from "~/lib/forms.server";
import { idParam } from "~/lib/params";
import { PageHeader } from "~/ui/layout";

export const meta: MetaFunction = () => [{ title: "OJTの評価 | ITC研修ポータル" }];

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const user = await requireUser({ request, context });
  const placement = await getPlacementForViewer(db(), idParam(params, "id", "OJT"), user);
  return {
    placement: {
      id: placement.id,
      municipality_name: placement.municipality_name,
      engagement_title: placement.engagement_title,
      trainee_name: placement.trainee_name,
      trainer_name: placement.trainer_name,
    },
    assessment: await assessmentOfPlacement(db(), placement, user),
  };
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const user = await requireUser({ request, context });
  const id = idParam(params, "id", "OJT");
  const placement = await getPlacementForViewer(db(), id, user);
  const formData = await request.formData();
  const kind = String(formData.get("kind") ?? "");
  requireEvaluationAuthor(placement, kind, user);
  const submission = parseForm(formData, EvaluationSchema);
  const reply = (result: SubmissionResult<string[]>, status: number) => data({ kind, result }, { status });
  if (submission.status !== "success") return reply(submission.reply(), 400);
  try {
    const saved = await saveEvaluation(db(), id, user, submission.value);
    return redirect(`/placements/${id}/assessment?notice=${saved.submitted ? "submitted" : "saved"}`);
  } catch (error) {
    const r = replyWithDomainError(submission, error);
    return reply(r.data, r.init?.status ?? 409);
  }
}

export default function AssessmentPage() {
  const { placement: p, assessment: a } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  return (
    <div className="mx-auto max-w-5xl">
      <Notice page="assessment" />
      <PageHeader
        title="OJTの評価"
        lead={`${p.municipality_name}「${p.engagement_title}」・トレーナー ${p.trainer_name}さん・トレーニー ${p.trainee_name}さん`}
      />
      {EVALUATION_KINDS.filter((k) => a.can[k]).map((k) => (
        <EvaluationForm
          key={k}
          kind={k}
          criteria={a.rows.filter((r) => a.criteria.some((c) => c.id === r.id))}
          draft={a.evaluations[k]}
          lastResult={actionData?.kind === k ? (actionData.result as SubmissionResult<string[]>) : undefined}
        />
      ))}
      <section className="card" aria-labelledby="side-by-side">
        <h2 id="side-by-side" className="mb-3">
          評価の比較
        </h2>
        <p className="mb-3">
          4段階のルーブリック（ITC実践力・自治体DX外部人材の役割）で評価します。提出済みの評価は、提出時の観点と説明のまま表示します。
        </p>
        <EvaluationsTable rows={a.rows} evaluations={a.evaluations} />
      </section>
      <p className="mt-6">
        <Link to={`/placements/${p.id}`}>OJTのページへ戻る</Link>
      </p>
    </div>
  );
}
