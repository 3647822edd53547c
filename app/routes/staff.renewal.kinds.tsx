import { getFormProps, getInputProps, useForm, type SubmissionResult } from "@conform-to/react";
import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import type { z } from "zod";
import { db } from "~/db.server";
import { requireRole } from "~/features/auth/session.server";
import { listActivityKinds, saveActivityKind, type ActivityKind } from "~/features/renewal/kinds.server";
import { POINT_RULE_LABELS } from "~/features/renewal/labels";
import { ActivityKindSchema } from "~/features/renewal/renewal.schema";
import { describePointRule } from "~/features/renewal/rules";
import { invalidSubmission, parseForm, replyWithDomainError } from "~/lib/forms.server";
import { FieldError, FormErrors, SelectField, TextField, TextareaField } from "~/ui/form";
import { PageHeader } from "~/ui/layout";
import { Notice } from "~/ui/notice";

export const meta: MetaFunction = () => [{ title: "活動の種類とポイント | ITC研修ポータル" }];

export async function loader({ request, context }: LoaderFunctionArgs) {
  await requireRole({ request, context }, "staff");
  const kinds = await listActivityKinds(db());
  const editId = Number(new URL(request.url).searchParams.get("edit"));
  // A new kind goes after the others unless staff say otherwise.
  const nextSortOrder = Math.min(9999, kinds.reduce((max, k) => Math.max(max, k.sort_order), 0) + 10);
  return { kinds, editing: kinds.find((k) => k.id === editId) ?? null, nextSortOrder };
}

export async function action({ request, context }: ActionFunctionArgs) {
  const staff = await requireRole({ request, context }, "staff");
  const submission = parseForm(await request.formData(), ActivityKindSchema);
  if (submission.status !== "success") return invalidSubmission(submission);
  try {
    await saveActivityKind(db(), submission.value, staff.id);
  } catch (error) {
    return replyWithDomainError(submission, error);
  }
  return redirect(`/staff/renewal/kinds?notice=${submission.value.id === undefined ? "created" : "updated"}`);
}

export default function RenewalKindsPage() {
  const { kinds, editing, nextSortOrder } = useLoaderData<typeof loader>();
  const lastResult = useActionData<typeof action>() as SubmissionResult<string[]> | undefined;
  return (
    <div className="mx-auto max-w-5xl">
      <PageHeader
        title="活動の種類とポイント"
        lead="ITCが自己申告する活動の種類と、ポイントの数え方です。変更は、これから登録・修正される活動に適用されます（承認済みのポイントは変わりません）。"
        actions={
          <Link to="/staff/renewal" className="btn-secondary whitespace-nowrap">
            確認待ちの活動へ
          </Link>
        }
      />
      <Notice page="renewalKinds" />
      <div className="overflow-x-auto">
        <table className="data-table stack-table w-full" data-testid="renewal-kinds">
          <caption className="sr-only">活動の種類の一覧</caption>
          <thead>
            <tr>
              <th scope="col">表示順</th>
              <th scope="col">種類</th>
              <th scope="col">ポイントの数え方</th>
              <th scope="col">受付</th>
              <th scope="col">操作</th>
            </tr>
          </thead>
          <tbody>
            {kinds.map((k) => (
              <tr key={k.id}>
                <td data-label="表示順">{k.sort_order}</td>
                <td data-label="種類">
                  <span className="font-bold">{k.name}</span>
                  {k.description ? <span className="sub">{k.description}</span> : null}
                </td>
                <td data-label="ポイントの数え方">{describePointRule(k)}</td>
                <td data-label="受付">{k.active ? "受付中" : "停止中"}</td>
                <td data-label="操作">
                  <Link to={`/staff/renewal/kinds?edit=${k.id}#kind-form`} aria-label={`「${k.name}」を編集`}>
                    編集
                  </Link>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {editing ? (
        <KindForm key={`edit-${editing.id}`} kind={editing} lastResult={lastResult} nextSortOrder={nextSortOrder} />
      ) : (
        <KindForm key="new" kind={null} lastResult={lastResult} nextSortOrder={nextSortOrder} />
      )}
    </div>
  );
}

function KindForm({
  kind,
  lastResult,
  nextSortOrder,
}: {
  kind: ActivityKind | null;
  lastResult?: SubmissionResult<string[]>;
  nextSortOrder: number;
}) {
  const [form, f] = useForm<z.input<typeof ActivityKindSchema>>({
    id: kind ? `kind-${kind.id}` : "kind-new",
    lastResult,
    shouldValidate: "onSubmit",
    defaultValue: kind
      ? {
          name: kind.name,
          description: kind.description,
          rule: kind.rule,
          hoursPerPoint: kind.hours_per_point === null ? "" : String(kind.hours_per_point),
          pointsPerActivity: kind.points_per_activity === null ? "" : String(kind.points_per_activity),
          maxPoints: kind.max_points === null ? "" : String(kind.max_points),
          active: kind.active ? "on" : undefined,
          sortOrder: String(kind.sort_order),
        }
      : { rule: "per_hours", active: "on", sortOrder: String(nextSortOrder) },
  });
  const title = kind ? `「${kind.name}」を編集する` : "活動の種類を追加する";
  return (
    <section id="kind-form" aria-labelledby="kind-form-heading" className="card mt-8">
      <h2 id="kind-form-heading" className="mb-4 text-std-20B-150">
        {title}
      </h2>
      {/* Posted to the page it is on, so a refused edit comes back to the same kind's form. */}
      <Form
        method="post"
        action={kind ? `/staff/renewal/kinds?edit=${kind.id}` : "/staff/renewal/kinds"}
        {...getFormProps(form)}
      >
        {kind ? <input type="hidden" name="id" value={kind.id} /> : null}
        <FormErrors id={form.errorId} errors={form.errors} />
        <TextField meta={f.name} label="種類の名前（60文字まで）" required />
        <TextareaField meta={f.description} label="説明（ITCが選ぶときに表示）" rows={2} />
        <SelectField
          meta={f.rule}
          label="ポイントの数え方"
          required
          placeholder={null}
          options={Object.entries(POINT_RULE_LABELS).map(([value, label]) => ({ value, label }))}
        />
        <div className="grid gap-x-4 sm:grid-cols-3">
          <TextField
            meta={f.hoursPerPoint}
            label="1ポイントあたりの時間"
            hint="「時間に応じて」のとき（0.5時間単位）"
            inputMode="decimal"
          />
          <TextField
            meta={f.pointsPerActivity}
            label="1件あたりのポイント"
            hint="「1件ごと」のとき"
            inputMode="numeric"
          />
          <TextField meta={f.maxPoints} label="1件の上限ポイント" hint="空欄なら上限なし" inputMode="numeric" />
        </div>
        <div className="grid gap-x-4 sm:grid-cols-3">
          <TextField meta={f.sortOrder} label="表示順" hint="小さい順に表示（0〜9999）" inputMode="numeric" />
          <div className="mb-5 sm:col-span-2 sm:pt-8">
            <label className="flex min-h-11 items-center gap-2">
              <input {...getInputProps(f.active, { type: "checkbox" })} className="size-6" />
              ITCの登録を受け付ける
            </label>
            <FieldError meta={f.active} />
          </div>
        </div>
        <div className="flex flex-col gap-3 sm:flex-row sm:items-center">
          <button type="submit" className="btn w-full sm:w-auto">
            {kind ? "変更を保存する" : "追加する"}
          </button>
          {kind ? <Link to="/staff/renewal/kinds">編集をやめて、種類を追加する</Link> : null}
        </div>
      </Form>
    </section>
  );
}
