import { Notice } from "~/ui/notice";
import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { db } from "~/db.server";
import { requireRole } from "~/features/auth/session.server";
import {
  PGL_PROCESSES,
  PGL_PROCESS_LABELS,
  REFERENCE_KINDS,
  REFERENCE_KIND_LABELS,
  type ReferenceKind,
} from "~/features/logbook/labels";
import {
  ReferenceActiveSchema,
  ReferenceAddSchema,
  ReferenceMoveSchema,
  ReferenceRenameSchema,
} from "~/features/logbook/logbook.schema";
import {
  addReferenceItem,
  listReferenceData,
  moveReferenceItem,
  renameReferenceItem,
  setReferenceItemActive,
  type ReferenceItem,
} from "~/features/logbook/reference-data.server";
import { isDomainError } from "~/lib/errors";
import { FormErrors } from "~/ui/form";
import { PageHeader } from "~/ui/layout";

export const meta: MetaFunction = () => [{ title: "OJT記録の選択肢 | ITC研修ポータル" }];

export async function loader({ request, context }: LoaderFunctionArgs) {
  await requireRole({ request, context }, "staff", "admin");
  return listReferenceData(db());
}

const SCHEMAS = {
  add: ReferenceAddSchema,
  rename: ReferenceRenameSchema,
  up: ReferenceMoveSchema,
  down: ReferenceMoveSchema,
  deactivate: ReferenceActiveSchema,
  activate: ReferenceActiveSchema,
} as const;

export async function action({ request, context }: ActionFunctionArgs) {
  const user = await requireRole({ request, context }, "staff", "admin");
  const form = Object.fromEntries(await request.formData());
  const intent = String(form.intent ?? "") as keyof typeof SCHEMAS;
  const kind = String(form.kind ?? "");
  const schema = SCHEMAS[intent];
  const refuse = (message: string, status: number) => data({ kind, error: message }, { status });
  if (!schema) return refuse("操作の種類が正しくありません。", 400);
  const parsed = schema.safeParse(form);
  if (!parsed.success) return refuse(parsed.error.issues[0]?.message ?? "入力内容を確認してください。", 400);
  const v = parsed.data;
  try {
    if (v.intent === "add") await addReferenceItem(db(), v.kind, { label: v.label, process: v.process }, user.id);
    else if (v.intent === "rename") await renameReferenceItem(db(), v.kind, v.id, v.label, user.id);
    else if (v.intent === "up" || v.intent === "down") await moveReferenceItem(db(), v.kind, v.id, v.intent, user.id);
    else await setReferenceItemActive(db(), v.kind, v.id, v.intent === "activate", user.id);
  } catch (error) {
    if (isDomainError(error)) return refuse(error.message, error.status);
    throw error;
  }
  return redirect(`/staff/ojt-reference-data?notice=${v.intent}#${v.kind}`);
}

export default function ReferenceDataPage() {
  const lists = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  return (
    <div className="mx-auto max-w-4xl">
      <PageHeader
        title="OJT記録の選択肢"
        lead="OJT記録で選ぶ作業の種類・PGLのフェーズ・MICスキル標準の役割を管理します。記録で使われている項目は削除できないため、不要になったら無効にしてください。"
      />
      <Notice page="referenceData" />
      {REFERENCE_KINDS.map((kind) => (
        <ReferenceSection
          key={kind}
          kind={kind}
          items={lists[kind]}
          error={actionData && actionData.kind === kind ? actionData.error : undefined}
        />
      ))}
    </div>
  );
}

function ReferenceSection({ kind, items, error }: { kind: ReferenceKind; items: ReferenceItem[]; error?: string }) {
  const title = REFERENCE_KIND_LABELS[kind];
  return (
    <section id={kind} className="card mb-8" aria-labelledby={`${kind}-title`}>
      <h2 id={`${kind}-title`} className="mb-3">
        {title}
      </h2>
      <FormErrors id={`${kind}-errors`} errors={error ? [error] : undefined} />
      <ul className="divide-y divide-solid-gray-200" data-testid={`reference-${kind}`}>
        {items.map((item, i) => (
          <li key={item.id} className="flex flex-wrap items-center gap-2 py-3">
            <Form method="post" className="flex min-w-0 flex-1 flex-wrap items-end gap-2">
              <input type="hidden" name="intent" value="rename" />
              <input type="hidden" name="kind" value={kind} />
              <input type="hidden" name="id" value={item.id} />
              <label className="min-w-0 flex-1">
                <span className="sr-only">
                  {item.label}の名前{item.process ? `（${PGL_PROCESS_LABELS[item.process]}）` : ""}
                </span>
                <input name="label" defaultValue={item.label} maxLength={60} className="input" />
              </label>
              <button type="submit" className="btn-secondary">
                名前を保存
              </button>
            </Form>
            <p className="text-dns-14N-130 text-solid-gray-800">
              {item.process ? `${PGL_PROCESS_LABELS[item.process]}・` : ""}
              {item.active ? "有効" : "無効"}・記録{item.entryCount}件
            </p>
            <div className="flex gap-1">
              <RowButton kind={kind} id={item.id} intent="up" disabled={i === 0} label={`${item.label}を上へ`}>
                ↑
              </RowButton>
              <RowButton
                kind={kind}
                id={item.id}
                intent="down"
                disabled={i === items.length - 1}
                label={`${item.label}を下へ`}
              >
                ↓
              </RowButton>
              <RowButton
                kind={kind}
                id={item.id}
                intent={item.active ? "deactivate" : "activate"}
                label={`${item.label}を${item.active ? "無効にする" : "有効に戻す"}`}
              >
                {item.active ? "無効にする" : "有効に戻す"}
              </RowButton>
            </div>
          </li>
        ))}
      </ul>
      <Form method="post" className="mt-4 flex flex-wrap items-end gap-2 border-t border-solid-gray-200 pt-4">
        <input type="hidden" name="intent" value="add" />
        <input type="hidden" name="kind" value={kind} />
        <label className="min-w-0 flex-1">
          <span className="label">追加する項目の名前</span>
          <input name="label" maxLength={60} className="input" />
        </label>
        {kind === "pglPhases" ? (
          <label>
            <span className="label">プロセス</span>
            <select name="process" className="input">
              {PGL_PROCESSES.map((p) => (
                <option key={p} value={p}>
                  {PGL_PROCESS_LABELS[p]}
                </option>
              ))}
            </select>
          </label>
        ) : null}
        <button type="submit" className="btn">
          追加する
        </button>
      </Form>
    </section>
  );
}

function RowButton({
  kind,
  id,
  intent,
  disabled,
  label,
  children,
}: {
  kind: ReferenceKind;
  id: number;
  intent: string;
  disabled?: boolean;
  label: string;
  children: React.ReactNode;
}) {
  return (
    <Form method="post">
      <input type="hidden" name="kind" value={kind} />
      <input type="hidden" name="id" value={id} />
      <button
        type="submit"
        name="intent"
        value={intent}
        disabled={disabled}
        aria-label={label}
        className="btn-secondary min-w-11"
      >
        {children}
      </button>
    </Form>
  );
}
