import { Notice } from "~/ui/notice";
import { getFormProps, useForm, type SubmissionResult } from "@conform-to/react";
import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import type { z } from "zod";
import { db } from "~/db.server";
import { requireRole } from "~/features/auth/session.server";
import { duplicatesOf, type DuplicateEntry } from "~/features/logbook/duplicates.server";
import { approveAllMatching, approveEntries, listAwaitingApproval } from "~/features/logbook/entries.server";
import { ENTRY_STATUS_LABELS, formatMinutes, type EntryStatus } from "~/features/logbook/labels";
import { BulkApproveSchema } from "~/features/logbook/logbook.schema";
import { formatDateJa } from "~/lib/dates";
import { invalidSubmission, parseForm, replyWithDomainError } from "~/lib/forms.server";
import { pageParam } from "~/lib/list-query";
import { BulkScopeSchema, isMatchingScope, listSearchParam, scopeFields, withFilters } from "~/lib/record-list";
import { FieldError, FormErrors } from "~/ui/form";
import { EmptyState, PageHeader } from "~/ui/layout";
import { BulkSelection, RecordList, RowCheckbox } from "~/ui/record-list";

export const meta: MetaFunction = () => [{ title: "承認待ちの記録 | ITC研修ポータル" }];

export async function loader({ request, context }: LoaderFunctionArgs) {
  const user = await requireRole({ request, context }, "trainer");
  const params = new URL(request.url).searchParams;
  const page = pageParam.parse(params.get("page") ?? undefined);
  const q = listSearchParam.parse(params.get("q") ?? undefined);
  const list = await listAwaitingApproval(db(), user.id, page, q);
  const duplicates = await duplicatesOf(db(), list.entries);
  return { ...list, q, duplicates: Object.fromEntries(duplicates) as Record<number, DuplicateEntry[]> };
}

export async function action({ request, context }: ActionFunctionArgs) {
  const user = await requireRole({ request, context }, "trainer");
  const formData = await request.formData();
  // "All matching": the server finds the rows of the search again and checks their count.
  if (isMatchingScope(formData)) {
    const submission = parseForm(scopeFields(formData), BulkScopeSchema);
    if (submission.status !== "success") return invalidSubmission(submission);
    try {
      await approveAllMatching(db(), user, submission.value);
      return redirect(withFilters("/trainer/approvals", "", { q: submission.value.q, notice: "approved" }));
    } catch (error) {
      return replyWithDomainError(submission, error);
    }
  }
  const submission = parseForm(formData, BulkApproveSchema);
  if (submission.status !== "success") return invalidSubmission(submission);
  try {
    await approveEntries(db(), submission.value.entryIds, user);
    const q = listSearchParam.parse(formData.get("q") ?? undefined);
    return redirect(withFilters("/trainer/approvals", "", { q, notice: "approved" }));
  } catch (error) {
    return replyWithDomainError(submission, error);
  }
}

export default function ApprovalsPage() {
  const { entries, total, page, pageCount, duplicates, q } = useLoaderData<typeof loader>();
  const lastResult = useActionData<typeof action>() as SubmissionResult<string[]> | undefined;
  const [form, fields] = useForm<z.input<typeof BulkApproveSchema>>({ id: "bulk-approve", lastResult });
  return (
    <div className="mx-auto max-w-4xl">
      <PageHeader
        title="承認待ちの記録"
        lead="担当するOJTで、トレーニーが提出した記録です。古いものから並んでいます。内容を確認して承認してください。"
      />
      <Notice page="approvals" />
      <RecordList
        searchLabel="トレーニー名・自治体名で検索"
        searchPlaceholder="例：鈴木、山形市"
        q={q}
        total={total}
        page={page}
        pageCount={pageCount}
        exports={{ csv: "/trainer/approvals.csv", xlsx: "/trainer/approvals.xlsx" }}
        empty={
          q ? (
            <EmptyState title="検索に一致する承認待ちの記録はありません">
              名前や自治体名の一部で検索するか、「検索をやめる」で一覧に戻ってください。
            </EmptyState>
          ) : (
            <EmptyState title="承認待ちの記録はありません">
              トレーニーが記録を提出すると、ここに表示されます。
            </EmptyState>
          )
        }
      >
        <Form method="post" {...getFormProps(form)}>
          <FormErrors id={form.errorId} errors={form.errors} />
          <fieldset aria-describedby={fields.entryIds.errors?.length ? fields.entryIds.errorId : undefined}>
            <legend className="sr-only">承認する記録</legend>
            <BulkSelection itemName="entryIds" q={q} total={total} rowsOnPage={entries.length} noun="記録" />
            <FieldError meta={fields.entryIds} />
            <ul className="divide-y divide-solid-gray-200 rounded-8 border border-solid-gray-200 bg-white">
              {entries.map((e) => (
                <li key={e.id} className="flex items-start gap-3 p-3">
                  <RowCheckbox name="entryIds" value={`${e.id}:${e.revision}`} id={`entry-${e.id}`} />
                  <div className="min-w-0">
                    <label htmlFor={`entry-${e.id}`} className="text-std-16B-170">
                      {formatDateJa(e.work_date)}・{e.task_kind}・{formatMinutes(e.minutes)}
                    </label>
                    <p className="text-dns-14N-130 text-solid-gray-800">
                      {e.municipality_name}・トレーニー：{e.trainee_name}
                      {e.author_name !== e.trainee_name ? `・記入：${e.author_name}` : ""}
                      {e.version > 1 ? `・訂正版（第${e.version}版）` : ""}
                    </p>
                    {e.activity ? <p className="line-clamp-2 break-words">{e.activity}</p> : null}
                    {duplicates[e.id] ? (
                      <div className="mt-1 rounded-4 border-l-4 border-yellow-700 bg-yellow-50 px-2 py-1 text-dns-14N-130">
                        <p>
                          <strong>重複の可能性：</strong>
                          同じ日・同じ作業の種類・同じ時間の記録がほかに{duplicates[e.id]!.length}件あります。
                        </p>
                        <ul className="flex flex-wrap gap-x-3">
                          {duplicates[e.id]!.map((other) => (
                            <li key={other.id}>
                              <Link to={`/placements/${e.placement_id}/log/${other.id}`}>
                                {ENTRY_STATUS_LABELS[other.status as EntryStatus] ?? other.status}の記録を開く
                              </Link>
                            </li>
                          ))}
                        </ul>
                      </div>
                    ) : null}
                    <Link to={`/placements/${e.placement_id}/log/${e.id}`}>内容を確認する</Link>
                  </div>
                </li>
              ))}
            </ul>
          </fieldset>
          <button type="submit" className="btn mt-4 w-full sm:w-auto">
            選択したものを承認
          </button>
        </Form>
      </RecordList>
    </div>
  );
}
