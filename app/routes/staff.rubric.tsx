import { Notice } from "~/ui/notice";
import { getFormProps, getInputProps, useForm, type SubmissionResult } from "@conform-to/react";
import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import type { z } from "zod";
import { db } from "~/db.server";
import { CriterionSchema } from "~/features/assessment/assessment.schema";
import { CRITERION_KIND_LABELS, LEVEL_LABELS, LEVELS } from "~/features/assessment/labels";
import { listRubric, micRoles, saveCriterion, type Criterion } from "~/features/assessment/rubric.server";
import { requireRole } from "~/features/auth/session.server";
import { parseForm, replyWithDomainError } from "~/lib/forms.server";
import { FormErrors, SelectField, TextField, TextareaField } from "~/ui/form";
import { PageHeader } from "~/ui/layout";

export const meta: MetaFunction = () => [{ title: "評価ルーブリック | ITC研修ポータル" }];

export async function loader({ request, context }: LoaderFunctionArgs) {
  await requireRole({ request, context }, "staff", "admin");
  const [criteria, roles] = await Promise.all([listRubric(db(), { includeRetired: true }), micRoles(db())]);
  return { criteria, roles };
}

export async function action({ request, context }: ActionFunctionArgs) {
  const user = await requireRole({ request, context }, "staff", "admin");
  const formData = await request.formData();
  const formId = String(formData.get("formId") ?? "");
  const submission = parseForm(formData, CriterionSchema);
  if (submission.status !== "success") return data({ formId, result: submission.reply() }, { status: 400 });
  try {
    await saveCriterion(db(), submission.value, user.id);
  } catch (error) {
    const r = replyWithDomainError(submission, error);
    return data({ formId, result: r.data }, { status: r.init?.status ?? 409 });
  }
  return redirect("/staff/rubric?notice=saved");
}

export default function RubricPage() {
  const { criteria, roles } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const resultFor = (formId: string) =>
    actionData?.formId === formId ? (actionData.result as SubmissionResult<string[]>) : undefined;
  return (
    <div className="mx-auto max-w-4xl">
      <Notice page="rubric" />
      <PageHeader
        title="評価ルーブリック"
        lead="OJTの自己評価・中間評価・最終評価で使う観点と、4段階それぞれの説明です。提出済みの評価は提出時の内容のまま残ります。"
      />
      <ul className="space-y-4">
        {criteria.map((c) => (
          <li key={c.id}>
            <CriterionForm criterion={c} roles={roles} lastResult={resultFor(`c${c.id}`)} />
          </li>
        ))}
      </ul>
      <h2 className="mt-8 mb-3">観点を追加する</h2>
      <CriterionForm criterion={null} roles={roles} lastResult={resultFor("new")} />
    </div>
  );
}

function CriterionForm({
  criterion: c,
  roles,
  lastResult,
}: {
  criterion: Criterion | null;
  roles: { id: number; label: string }[];
  lastResult: SubmissionResult<string[]> | undefined;
}) {
  const formId = c ? `c${c.id}` : "new";
  const [form, f] = useForm<z.input<typeof CriterionSchema>>({
    id: `form-criterion-${formId}`,
    lastResult,
    defaultValue: c
      ? {
          label: c.label,
          description: c.description,
          descriptor1: c.descriptors[0],
          descriptor2: c.descriptors[1],
          descriptor3: c.descriptors[2],
          descriptor4: c.descriptors[3],
          active: c.active ? "on" : undefined,
        }
      : undefined,
  });
  const descriptors = [f.descriptor1, f.descriptor2, f.descriptor3, f.descriptor4];
  const body = (
    <Form method="post" {...getFormProps(form)} className="mt-3">
      <input type="hidden" name="intent" value="criterion" />
      <input type="hidden" name="formId" value={formId} />
      {c ? <input type="hidden" name="criterionId" value={c.id} /> : null}
      <FormErrors id={form.errorId} errors={form.errors} />
      <TextField meta={f.label} label="観点の名前" required />
      <TextareaField meta={f.description} label="説明" rows={2} />
      {!c ? (
        <SelectField
          meta={f.micRoleId}
          label="MICの役割（役割の観点にする場合）"
          placeholder="なし（ITC実践力の観点）"
          options={roles.map((r) => ({ value: String(r.id), label: r.label }))}
        />
      ) : null}
      {LEVELS.map((level, i) => (
        <TextField key={level} meta={descriptors[i]!} label={LEVEL_LABELS[level]} required />
      ))}
      {c ? (
        <label className="mb-4 flex min-h-11 items-center gap-2">
          <input {...getInputProps(f.active, { type: "checkbox" })} />
          使用する（外すと新しい評価に表示されません）
        </label>
      ) : null}
      <button type="submit" className="btn-secondary">
        {c ? "保存する" : "追加する"}
      </button>
    </Form>
  );
  if (!c) return <div className="card">{body}</div>;
  return (
    <details className="card" open={Boolean(lastResult)}>
      <summary className="cursor-pointer">
        <span className="text-std-16B-170">{c.label}</span>
        <span className="ml-2 text-dns-14N-130">
          {CRITERION_KIND_LABELS[c.kind]}
          {c.active ? "" : "・使用停止中"}
        </span>
      </summary>
      {body}
    </details>
  );
}
