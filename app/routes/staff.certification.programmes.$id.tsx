import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { db } from "~/db.server";
import { requireRole } from "~/features/auth/session.server";
import { CriteriaFormSchema } from "~/features/certification/certification.schema";
import {
  CRITERION_KINDS_OF,
  CRITERION_LABELS,
  CRITERION_PARAM_NAME,
  SUBJECT_LABELS,
  type CriterionKind,
} from "~/features/certification/criteria";
import { criteriaOf, replaceCriteria } from "~/features/certification/criteria.server";
import { programmeById } from "~/features/certification/evidence.server";
import { NotFoundError } from "~/lib/errors";
import { parseForm, refusal } from "~/lib/forms.server";
import { idParam } from "~/lib/params";
import { FlashMessage, PageHeader } from "~/ui/layout";
import { Notice } from "~/ui/notice";

export const meta: MetaFunction = () => [{ title: "認定の条件 | ITC研修ポータル" }];

export async function loader({ request, context, params }: LoaderFunctionArgs) {
  await requireRole({ request, context }, "staff");
  const id = idParam(params, "id", "認定プログラム");
  const programme = await programmeById(db(), id);
  if (!programme) throw new NotFoundError("認定プログラムが見つかりません。");
  return { programme, criteria: await criteriaOf(db(), id) };
}

export async function action({ request, context, params }: ActionFunctionArgs) {
  const staff = await requireRole({ request, context }, "staff");
  const id = idParam(params, "id", "認定プログラム");
  const submission = parseForm(await request.formData(), CriteriaFormSchema);
  if (submission.status !== "success")
    return data(
      { error: Object.values(submission.error ?? {}).flat()[0] ?? "入力を確認してください。", field: null },
      { status: 400 },
    );
  const { kinds, ...rest } = submission.value;
  try {
    await replaceCriteria(db(), id, { kinds, params: rest }, staff);
  } catch (error) {
    const refused = refusal(error);
    return data(
      { error: refused.message, field: "field" in refused ? (refused.field ?? null) : null },
      { status: refused.status },
    );
  }
  return redirect(`/staff/certification/programmes/${id}?notice=saved`);
}

export default function ProgrammeCriteriaPage() {
  const { programme, criteria } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const current = new Map<string, Record<string, number>>(
    criteria.map((c) => [c.kind, c.params as Record<string, number>]),
  );
  const kinds = CRITERION_KINDS_OF[programme.subject] as readonly CriterionKind[];
  return (
    <div className="mx-auto max-w-3xl">
      <PageHeader
        title={`${programme.name}の認定条件`}
        lead={`対象：${SUBJECT_LABELS[programme.subject]}。条件を変えても、発行済みの修了証（発行時の条件と根拠を記録済み）は変わりません。`}
        actions={
          <Link to={`/staff/certification?programme=${programme.id}`} className="btn-secondary">
            認定候補者へ戻る
          </Link>
        }
      />
      <Notice page="certificationProgramme" />
      <FlashMessage tone="error" message={actionData?.error} />
      <Form method="post" className="grid gap-4 rounded-8 border border-solid-gray-200 bg-white p-4">
        <fieldset>
          <legend className="mb-2 text-std-16B-170">認定に必要な条件（すべて満たした人が認定できます）</legend>
          <ul className="grid gap-3">
            {kinds.map((kind) => {
              const paramName = CRITERION_PARAM_NAME[kind];
              const value = current.get(kind)?.[paramName ?? ""];
              return (
                <li key={kind} className="grid gap-1">
                  <div className="flex items-center gap-2">
                    <input
                      type="checkbox"
                      id={`kind-${kind}`}
                      name="kinds"
                      value={kind}
                      defaultChecked={current.has(kind)}
                      className="size-6"
                    />
                    <label htmlFor={`kind-${kind}`}>{CRITERION_LABELS[kind]}</label>
                  </div>
                  {paramName ? (
                    <div className="ml-8 max-w-xs">
                      <label htmlFor={`param-${kind}`} className="label">
                        {paramName === "hours" ? "必要な時間数（時間以上）" : "必要な数（以上）"}
                      </label>
                      <input
                        id={`param-${kind}`}
                        name={kind}
                        inputMode="numeric"
                        defaultValue={value ?? (paramName === "hours" ? 40 : 2)}
                        className="input"
                        aria-invalid={actionData?.field === kind ? true : undefined}
                      />
                    </div>
                  ) : null}
                </li>
              );
            })}
          </ul>
        </fieldset>
        <button type="submit" className="btn w-full sm:w-auto">
          条件を保存
        </button>
      </Form>
    </div>
  );
}
