import { getFormProps, getInputProps, useForm } from "@conform-to/react";
import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import type { z } from "zod";
import { db } from "~/db.server";
import { requireUser } from "~/features/auth/session.server";
import { PlanHoursSchema } from "~/features/logbook/progress.schema";
import { planOfPlacement, savePlacementPlan } from "~/features/logbook/progress.server";
import { getPlacementForViewer } from "~/features/ojt/placements.server";
import { formatDateJa } from "~/lib/dates";
import { invalidSubmission, parseForm, replyWithDomainError } from "~/lib/forms.server";
import { idParam } from "~/lib/params";
import { FormErrors } from "~/ui/form";
import { PageHeader } from "~/ui/layout";

export const meta: MetaFunction = () => [{ title: "OJTの計画時間 | ITC研修ポータル" }];

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const user = await requireUser({ request, context });
  const placement = await getPlacementForViewer(db(), idParam(params, "id", "OJT"), user);
  return {
    placement: {
      id: placement.id,
      municipality_name: placement.municipality_name,
      engagement_title: placement.engagement_title,
      start_date: placement.start_date,
      end_date: placement.end_date,
      trainee_name: placement.trainee_name,
      canEdit: placement.can.editPlanHours,
    },
    plan: await planOfPlacement(db(), placement.id),
  };
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const user = await requireUser({ request, context });
  const id = idParam(params, "id", "OJT");
  await getPlacementForViewer(db(), id, user);
  const submission = parseForm(await request.formData(), PlanHoursSchema);
  if (submission.status !== "success") return invalidSubmission(submission);
  try {
    await savePlacementPlan(db(), id, user, submission.value);
  } catch (error) {
    return replyWithDomainError(submission, error);
  }
  return redirect(`/placements/${id}?notice=plan-hours`);
}

export default function PlanPage() {
  const { placement: p, plan } = useLoaderData<typeof loader>();
  const lastResult = useActionData<typeof action>();
  const [form, fields] = useForm<z.input<typeof PlanHoursSchema>>({
    id: "form-plan-hours",
    lastResult,
    defaultValue: { hours: plan.map((k) => ({ taskKindId: String(k.taskKindId), hours: String(k.hours) })) },
  });
  const items = fields.hours.getFieldList();
  return (
    <div className="mx-auto max-w-2xl">
      <PageHeader
        title="OJTの計画時間"
        lead={`${p.municipality_name}「${p.engagement_title}」・${p.trainee_name}さん・${formatDateJa(p.start_date)}〜${formatDateJa(p.end_date)}`}
      />
      {p.canEdit ? (
        <Form method="post" {...getFormProps(form)} className="card">
          <p className="mb-4">
            期間中に予定する時間を、作業の種類ごとに0.5時間単位で記入してください（予定しない種類は0）。実績は承認された記録から集計されます。
          </p>
          <FormErrors id={form.errorId} errors={form.errors} />
          <FormErrors errors={fields.hours.errors} />
          {items.map((item, i) => {
            const f = item.getFieldset();
            const kind = plan[i];
            if (!kind) return null;
            return (
              <div key={item.key} className="mb-4">
                <input {...getInputProps(f.taskKindId, { type: "hidden" })} />
                <label htmlFor={f.hours.id} className="label">
                  {kind.label}（時間）
                </label>
                <input
                  {...getInputProps(f.hours, { type: "text" })}
                  inputMode="decimal"
                  className="input max-w-40"
                  autoComplete="off"
                />
                {f.hours.errors?.length ? (
                  <div id={f.hours.errorId} className="field-error">
                    {f.hours.errors.map((e) => (
                      <p key={e}>{e}</p>
                    ))}
                  </div>
                ) : null}
              </div>
            );
          })}
          <button type="submit" className="btn w-full sm:w-auto">
            計画時間を保存する
          </button>
        </Form>
      ) : (
        <div className="card">
          <p className="mb-3">計画時間を変更できるのは、受入が決まってから終了までの間です。</p>
          <ul>
            {plan.map((k) => (
              <li key={k.taskKindId}>
                {k.label}：{k.hours}時間
              </li>
            ))}
          </ul>
        </div>
      )}
      <p className="mt-6">
        <Link to={`/placements/${p.id}`}>OJTのページへ戻る</Link>
      </p>
    </div>
  );
}
