import { getFormProps, useForm, type SubmissionResult } from "@conform-to/react";
import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation, useSearchParams } from "@remix-run/react";
import { db } from "~/db.server";
import { requireRole } from "~/features/auth/session.server";
import { isSafeHttpUrl } from "~/lib/urls";
import { approveActivity, drawAuditSample, returnActivity, reviewQueue } from "~/features/renewal/activities.server";
import { AuditSampleSchema, ReviewSchema } from "~/features/renewal/renewal.schema";
import { fiscalYearOf, formatDateJa, formatDateTimeJa, formatFiscalYear, todayInTokyo } from "~/lib/dates";
import { invalidSubmission, parseForm, replyWithDomainError, replyWithRefusal } from "~/lib/forms.server";
import { pageParam } from "~/lib/list-query";
import { listSearchParam, withFilters } from "~/lib/record-list";
import { FormErrors, TextField, TextareaField } from "~/ui/form";
import { EmptyState, FlashMessage, PageHeader } from "~/ui/layout";
import { Notice } from "~/ui/notice";
import { RecordList } from "~/ui/record-list";

export const meta: MetaFunction = () => [{ title: "資格更新の確認 | ITC研修ポータル" }];

export async function loader({ request, context }: LoaderFunctionArgs) {
  await requireRole({ request, context }, "staff");
  const params = new URL(request.url).searchParams;
  const q = listSearchParam.parse(params.get("q") ?? undefined);
  const page = pageParam.parse(params.get("page") ?? undefined);
  const queue = await reviewQueue(db(), { q, page });
  return { ...queue, q, fiscalYear: fiscalYearOf(todayInTokyo()) };
}

export async function action({ request, context }: ActionFunctionArgs) {
  const staff = await requireRole({ request, context }, "staff");
  const formData = await request.formData();
  // Back to the queue as it was searched (the forms post to the page's own URL).
  const back = (notice: string) => withFilters("/staff/renewal", new URL(request.url).search, { notice });
  const intent = String(formData.get("intent") ?? "");
  if (intent === "sample") {
    const submission = parseForm(formData, AuditSampleSchema);
    if (submission.status !== "success") return invalidSubmission(submission);
    try {
      const drawn = await drawAuditSample(db(), submission.value, staff.id);
      // The count is part of the message, so it travels as its own parameter, not a notice code.
      return redirect(`/staff/renewal?sampled=${drawn}`);
    } catch (error) {
      return replyWithDomainError(submission, error);
    }
  }
  // Approve and return: one schema switched on `intent`; a bad intent is a 400 with a message.
  const submission = parseForm(formData, ReviewSchema);
  const activityId = Number(formData.get("activityId")) || null;
  if (submission.status !== "success") return data({ activityId, result: submission.reply() }, { status: 400 });
  try {
    if (submission.value.intent === "approve") {
      await approveActivity(db(), submission.value.activityId, staff.id);
      return redirect(back("approved"));
    }
    await returnActivity(db(), submission.value, staff.id);
    return redirect(back("returned"));
  } catch (error) {
    // Someone else decided first (409): said at the top of the page, nothing written.
    return replyWithRefusal(error, { activityId });
  }
}

type ActionData = {
  activityId?: number | null;
  result?: SubmissionResult<string[]>;
  error?: string;
  status?: string;
  initialValue?: unknown;
};

export default function RenewalQueuePage() {
  const { rows, total, page, pageCount, q, fiscalYear } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>() as ActionData | undefined;
  const [searchParams] = useSearchParams();
  const drawn = searchParams.has("sampled") ? Number(searchParams.get("sampled")) : NaN;
  // The sample form's reply is a plain submission reply (it has `status`), the queue's carries activityId.
  const sampleResult =
    actionData && !("activityId" in actionData) ? (actionData as SubmissionResult<string[]>) : undefined;
  const queueReply = actionData && "activityId" in actionData ? actionData : undefined;
  return (
    <div className="mx-auto max-w-5xl">
      <PageHeader
        title="資格更新の確認"
        lead="ITCが登録した実践力ポイントの活動を確認し、承認または差し戻します。古い申請から順に並んでいます。"
        actions={
          <>
            <Link to="/staff/renewal/itcs" className="btn-secondary">
              更新条件を満たさないITC
            </Link>
            <Link to="/staff/renewal/kinds" className="btn-secondary">
              活動の種類とポイント
            </Link>
          </>
        }
      />
      <Notice page="staffRenewal" />
      {Number.isInteger(drawn) && drawn >= 0 ? (
        <FlashMessage message={`${drawn}件の活動を抽出し、ITCに証跡の提出を依頼しました。`} />
      ) : null}
      <FlashMessage tone="error" message={queueReply?.error ?? null} />

      <section aria-labelledby="queue-heading">
        <h2 id="queue-heading" className="mb-3 text-std-20B-150">
          確認待ちの活動（{total}件）
        </h2>
        <RecordList
          searchLabel="ITCの氏名・ITC番号で検索"
          searchPlaceholder="例：鈴木、すずき"
          q={q}
          total={total}
          page={page}
          pageCount={pageCount}
          exports={{ csv: "/staff/renewal/queue.csv", xlsx: "/staff/renewal/queue.xlsx" }}
          empty={
            q ? (
              <EmptyState title="検索に一致する確認待ちの活動はありません">
                氏名やふりがな、ITC番号の一部で検索するか、「検索をやめる」で一覧に戻ってください。
              </EmptyState>
            ) : (
              <EmptyState title="確認待ちの活動はありません">
                ITCが活動を登録または修正すると、ここに表示されます。
              </EmptyState>
            )
          }
        >
          <ul className="space-y-4" data-testid="renewal-queue">
            {rows.map((r) => (
              <QueueItem
                key={r.id}
                row={r}
                lastResult={queueReply?.activityId === r.id ? queueReply.result : undefined}
              />
            ))}
          </ul>
        </RecordList>
      </section>

      <SampleForm fiscalYear={fiscalYear} lastResult={sampleResult} />
    </div>
  );
}

type Row = Awaited<ReturnType<typeof reviewQueue>>["rows"][number] & { itc_number?: string | null };

function QueueItem({ row: r, lastResult }: { row: Row; lastResult: SubmissionResult<string[]> | undefined }) {
  const busy = useNavigation().state === "submitting";
  const [form, f] = useForm<{ intent: string; activityId: string; comment: string }>({
    id: `return-${r.id}`,
    lastResult,
    shouldValidate: "onSubmit",
  });
  return (
    <li className="card" data-testid="queue-item">
      <div className="flex flex-wrap items-baseline justify-between gap-2">
        <h3 className="text-std-18B-160">{r.title}</h3>
        <span className="badge bg-blue-100 text-blue-1100">{r.points}ポイント</span>
      </div>
      <dl className="mt-2 grid gap-x-6 gap-y-1 text-dns-16N-130 sm:grid-cols-[auto_1fr]">
        <dt className="font-bold">ITC</dt>
        <dd>
          <Link to={`/staff/renewal/itcs/${r.user_id}?fy=${r.fiscal_year}`}>{r.itc_name}</Link>
          {r.itc_number ? <span className="ml-2 text-solid-gray-800">ITC番号 {r.itc_number}</span> : null}
        </dd>
        <dt className="font-bold">種類</dt>
        <dd>{r.kind_name}</dd>
        {r.organizer ? (
          <>
            <dt className="font-bold">主催者・依頼元</dt>
            <dd>{r.organizer}</dd>
          </>
        ) : null}
        <dt className="font-bold">活動日・時間</dt>
        <dd>
          {formatDateJa(r.activity_date)}・{r.hours}時間（{formatFiscalYear(r.fiscal_year)}）
        </dd>
        <dt className="font-bold">証跡</dt>
        <dd className="break-all">
          {r.evidence_url && isSafeHttpUrl(r.evidence_url) ? (
            <a href={r.evidence_url} target="_blank" rel="noopener noreferrer nofollow">
              {r.evidence_url}
            </a>
          ) : null}
          {r.evidence_file_name ? (
            <a href={`/my/renewal/activities/${r.id}/evidence`} className={r.evidence_url ? "ml-3" : ""}>
              {r.evidence_file_name}（ファイル）
            </a>
          ) : null}
          {!r.evidence_url && !r.evidence_file_name ? "なし" : null}
        </dd>
        <dt className="font-bold">申請日時</dt>
        <dd>{formatDateTimeJa(r.submitted_at)}</dd>
      </dl>
      <div className="mt-4 flex flex-col gap-3 sm:flex-row sm:items-start">
        <Form method="post">
          <input type="hidden" name="intent" value="approve" />
          <input type="hidden" name="activityId" value={r.id} />
          <button type="submit" className="btn w-full sm:w-auto" disabled={busy} aria-label={`「${r.title}」を承認`}>
            承認
          </button>
        </Form>
        <details className="flex-1" open={lastResult ? true : undefined}>
          <summary className="cursor-pointer py-2">差し戻す</summary>
          <Form method="post" {...getFormProps(form)} className="mt-2">
            <input type="hidden" name="intent" value="return" />
            <input type="hidden" name="activityId" value={r.id} />
            <FormErrors id={form.errorId} errors={form.errors} />
            <TextareaField meta={f.comment} label={`${r.itc_name}さんに伝える差し戻しの理由`} required rows={3} />
            <button type="submit" className="btn-secondary w-full sm:w-auto" disabled={busy}>
              差し戻し
            </button>
          </Form>
        </details>
      </div>
    </li>
  );
}

function SampleForm({ fiscalYear, lastResult }: { fiscalYear: number; lastResult?: SubmissionResult<string[]> }) {
  const [form, f] = useForm<{ fiscalYear: string; size: string; comment: string }>({
    id: "audit-sample",
    lastResult,
    shouldValidate: "onSubmit",
    defaultValue: {
      fiscalYear: String(fiscalYear),
      size: "5",
      comment: "抽出監査の対象になりました。活動を確認できる資料（修了証、依頼状、成果物など）を添えてください。",
    },
  });
  return (
    <section aria-labelledby="sample-heading" className="card mt-8">
      <h2 id="sample-heading" className="text-std-20B-150">
        抽出監査（証跡の提出依頼）
      </h2>
      <p className="mt-1 mb-4 text-dns-16N-130 text-solid-gray-800">
        指定した年度の確認待ち・承認済みの活動から、まだ抽出していないものを無作為に選び、ITCに証跡の提出を依頼します。抽出した活動は、証跡を確認して承認するまでポイントに数えません。
      </p>
      <Form method="post" {...getFormProps(form)}>
        <input type="hidden" name="intent" value="sample" />
        <FormErrors id={form.errorId} errors={form.errors} />
        <div className="grid gap-x-4 sm:grid-cols-2">
          <TextField meta={f.fiscalYear} label="年度（西暦）" required inputMode="numeric" />
          <TextField meta={f.size} label="抽出する件数（1〜200件）" required inputMode="numeric" />
        </div>
        <TextareaField meta={f.comment} label="ITCへの依頼文" required rows={3} />
        <button type="submit" className="btn-secondary w-full sm:w-auto">
          抽出して証跡を依頼する
        </button>
      </Form>
    </section>
  );
}
