import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { z } from "zod";
import { db } from "~/db.server";
import { requireRole } from "~/features/auth/session.server";
import { CertifySchema, DeclineSchema } from "~/features/certification/certification.schema";
import { certifyCandidates, declineCandidate } from "~/features/certification/certify.server";
import { CriterionList } from "~/features/certification/components/criterion-list";
import { CRITERION_LABELS } from "~/features/certification/criteria";
import { evidenceHref } from "~/features/certification/evidence-links";
import {
  CERTIFICATE_STATUS_LABELS,
  QUEUE_SHOW,
  QUEUE_SHOW_LABELS,
  QUEUE_STATE_LABELS,
} from "~/features/certification/labels";
import { certificationQueue } from "~/features/certification/queue.server";
import { fiscalYearOf, formatDateJa, formatFiscalYear, todayInTokyo } from "~/lib/dates";
import { parseForm, replyWithRefusal } from "~/lib/forms.server";
import { confirmation, isConfirmed } from "~/lib/confirmation";
import { choiceParam, pageParam } from "~/lib/list-query";
import { ConfirmStep } from "~/ui/confirm-step";
import { SelectFilter } from "~/ui/filters";
import { EmptyState, FlashMessage, PageHeader } from "~/ui/layout";
import { Notice } from "~/ui/notice";
import { Pagination } from "~/ui/pagination";

export const meta: MetaFunction = () => [{ title: "修了認定 | ITC研修ポータル" }];

const idOrNull = z.coerce.number().int().positive().nullable().catch(null);

export async function loader({ request, context }: LoaderFunctionArgs) {
  await requireRole({ request, context }, "staff");
  const params = new URL(request.url).searchParams;
  const currentYear = fiscalYearOf(todayInTokyo());
  const queue = await certificationQueue(db(), {
    programmeId: idOrNull.parse(params.get("programme") || null),
    cohortId: idOrNull.parse(params.get("cohort") || null),
    fiscalYear: z.coerce
      .number()
      .int()
      .min(2000)
      .max(2200)
      .nullable()
      .catch(null)
      .parse(params.get("fy") || null),
    show: (choiceParam(QUEUE_SHOW).parse(params.get("show") ?? "") || "open") as (typeof QUEUE_SHOW)[number],
    page: pageParam.parse(params.get("page") ?? undefined),
  });
  return {
    ...queue,
    filters: {
      cohort: params.get("cohort") ?? "",
      fy: params.get("fy") ?? "",
      show: params.get("show") || "open",
    },
    fiscalYears: Array.from({ length: 5 }, (_, i) => currentYear - i),
  };
}

export async function action({ request, context }: ActionFunctionArgs) {
  const staff = await requireRole({ request, context }, "staff");
  const url = new URL(request.url);
  const programmeId = idOrNull.parse(url.searchParams.get("programme") || null) ?? 0;
  const formData = await request.formData();
  const programme = idOrNull.parse(formData.get("programmeId")) ?? programmeId;
  const withNotice = (notice: string) => {
    const back = new URLSearchParams(url.searchParams);
    back.set("notice", notice);
    return `/staff/certification?${back.toString()}`;
  };
  try {
    if (formData.get("intent") === "decline") {
      const submission = parseForm(formData, DeclineSchema);
      if (submission.status !== "success")
        return data(
          { error: Object.values(submission.error ?? {}).flat()[0] ?? "入力を確認してください。" },
          { status: 400 },
        );
      await declineCandidate(db(), programme, submission.value.subjectId, submission.value.reason, staff);
      return redirect(withNotice("declined"));
    }
    const submission = parseForm(formData, CertifySchema);
    if (submission.status !== "success")
      return data(
        { error: Object.values(submission.error ?? {}).flat()[0] ?? "入力を確認してください。" },
        { status: 400 },
      );
    if (!isConfirmed(formData)) {
      const count = new Set(submission.value.subjectIds).size;
      return data(
        confirmation(formData, {
          title: `${count}人を認定して修了証を発行しますか`,
          consequences: [
            `選択した${count}人に修了証番号を割り当て、修了証（PDF）とデジタル証明書を発行します。`,
            "発行した修了証は削除できません。誤りは取り消し（失効）として記録と検証ページに残ります。",
          ],
          confirmLabel: `${count}人を認定する`,
        }),
      );
    }
    await certifyCandidates(db(), programme, submission.value.subjectIds, staff);
    return redirect(withNotice("certified"));
  } catch (error) {
    return replyWithRefusal(error);
  }
}

export default function CertificationQueuePage() {
  const q = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const busy = useNavigation().state === "submitting";
  const enrollment = q.programme.subject === "enrollment";
  const ready = q.rows.filter((r) => r.state === "ready" || r.state === "declined");
  const confirm = actionData && "confirm" in actionData ? actionData.confirm : null;
  if (confirm) {
    const chosen = new Set(confirm.fields.filter(([name]) => name === "subjectIds").map(([, value]) => Number(value)));
    return (
      <div className="mx-auto max-w-5xl">
        <PageHeader title="修了認定" lead={`${q.programme.name}の認定を確認してください。`} />
        <ConfirmStep confirm={confirm} busy={busy}>
          <ul className="mt-2 list-disc pl-6" aria-label="認定する人">
            {q.rows
              .filter((r) => chosen.has(r.subjectId))
              .map((r) => (
                <li key={r.subjectId}>
                  {r.holderName}（{r.context}）
                </li>
              ))}
          </ul>
        </ConfirmStep>
      </div>
    );
  }
  return (
    <div className="mx-auto max-w-5xl">
      <PageHeader
        title="修了認定"
        lead="プログラムごとの認定候補者と、条件ごとの達成状況です。条件に近い人から並んでいます。条件をすべて満たした人を選んで認定すると、修了証が発行されます。"
        actions={
          <Link to={`/staff/certification/programmes/${q.programme.id}`} className="btn-secondary">
            認定の条件を編集
          </Link>
        }
      />
      <Notice page="certificationQueue" />
      <FlashMessage tone="error" message={actionData && "error" in actionData ? actionData.error : null} />

      <Form
        method="get"
        className="mb-6 grid gap-3 rounded-8 border border-solid-gray-200 bg-white p-4 sm:grid-cols-2 lg:grid-cols-5"
      >
        <div>
          <label htmlFor="programme" className="label">
            プログラム
          </label>
          <select key={q.programme.id} id="programme" name="programme" defaultValue={q.programme.id} className="input">
            {q.programmes.map((p) => (
              <option key={p.id} value={p.id}>
                {p.name}
              </option>
            ))}
          </select>
        </div>
        {enrollment ? (
          <SelectFilter
            id="cohort"
            label="開催回"
            defaultValue={q.filters.cohort}
            options={q.cohorts.map((c) => ({ value: String(c.id), label: c.label }))}
          />
        ) : null}
        <SelectFilter
          id="fy"
          label={enrollment ? "年度（開催回）" : "年度（OJT終了日）"}
          defaultValue={q.filters.fy}
          options={q.fiscalYears.map((y) => ({ value: String(y), label: formatFiscalYear(y) }))}
        />
        <div>
          <label htmlFor="show" className="label">
            表示
          </label>
          <select key={q.filters.show} id="show" name="show" defaultValue={q.filters.show} className="input">
            {QUEUE_SHOW.map((s) => (
              <option key={s} value={s}>
                {QUEUE_SHOW_LABELS[s]}
              </option>
            ))}
          </select>
        </div>
        <div className="flex items-end">
          <button type="submit" className="btn-secondary w-full">
            絞り込む
          </button>
        </div>
      </Form>

      <section aria-labelledby="criteria-heading" className="mb-4">
        <h2 id="criteria-heading" className="text-std-18B-160">
          {q.programme.name}の条件
        </h2>
        <ul className="mt-1 list-disc pl-6 text-dns-14N-130">
          {q.criteria.map((c) => (
            <li key={c.kind}>
              {CRITERION_LABELS[c.kind]}
              {"hours" in c.params ? `（${c.params.hours}時間以上）` : ""}
              {"count" in c.params ? `（${c.params.count}以上）` : ""}
            </li>
          ))}
        </ul>
        <p className="mt-2 text-dns-14N-130">
          認定できる人 {q.counts.ready}人・条件未達 {q.counts.waiting}人・見送り {q.counts.declined}人・認定済み{" "}
          {q.counts.issued}人
        </p>
      </section>

      {q.total === 0 ? (
        <EmptyState title="該当する候補者はいません">
          {enrollment
            ? "この研修の受講が確定した人が、ここに候補者として表示されます。絞り込みを変えてみてください。"
            : "実施中または終了したOJTのトレーニーが、ここに候補者として表示されます。絞り込みを変えてみてください。"}
        </EmptyState>
      ) : (
        <>
          <Form method="post" id="certify-form">
            <input type="hidden" name="intent" value="certify" />
            <input type="hidden" name="programmeId" value={q.programme.id} />
          </Form>
          {/* A plain form: the answer is a file download, not a page. */}
          <form method="post" action="/staff/certificates/zip" id="zip-form" />
          <p className="mb-2 text-std-16B-170">全{q.total}人</p>
          <ul className="divide-y divide-solid-gray-200 rounded-8 border border-solid-gray-200 bg-white">
            {q.rows.map((r) => {
              const selectable = r.state === "ready";
              return (
                <li key={r.subjectId} className="flex items-start gap-3 p-3" data-testid="candidate">
                  {selectable ? (
                    <input
                      type="checkbox"
                      name="subjectIds"
                      value={r.subjectId}
                      id={`candidate-${r.subjectId}`}
                      form="certify-form"
                      className="mt-1 size-6 shrink-0"
                    />
                  ) : (
                    <span className="size-6 shrink-0" aria-hidden="true" />
                  )}
                  <div className="min-w-0 flex-1">
                    <div className="flex flex-wrap items-center gap-2">
                      {selectable ? (
                        <label htmlFor={`candidate-${r.subjectId}`} className="text-std-16B-170">
                          {r.holderName}
                        </label>
                      ) : (
                        <span className="text-std-16B-170">{r.holderName}</span>
                      )}
                      <span className="badge bg-solid-gray-100 text-solid-gray-900">{QUEUE_STATE_LABELS[r.state]}</span>
                      <span className="text-dns-14N-130 text-solid-gray-800">
                        達成度 {Math.round(r.evaluation.closeness * 100)}%
                      </span>
                    </div>
                    <p className="text-dns-14N-130 text-solid-gray-800">
                      {r.context}
                      {r.earlier ? (
                        <span className="badge ml-2 bg-blue-100 text-blue-1200" data-testid="repeat-badge">
                          再受講（以前の申込{r.earlier}件）
                        </span>
                      ) : null}
                    </p>
                    <CriterionList
                      results={r.evaluation.results}
                      hrefOf={(kind) => evidenceHref(q.programme.subject, kind, r)}
                    />
                    {r.certificate ? (
                      <p className="mt-2 flex flex-wrap items-center gap-2">
                        <input
                          type="checkbox"
                          name="ids"
                          value={r.certificate.id}
                          form="zip-form"
                          className="size-5"
                          aria-label={`${r.holderName}さんの修了証をZIPに含める`}
                        />
                        <Link to={`/staff/certificates/${r.certificate.id}`}>
                          修了証 {r.certificate.number}（
                          {CERTIFICATE_STATUS_LABELS[r.certificate.status] ?? r.certificate.status}・
                          {formatDateJa(r.certificate.issuedOn)}発行）
                        </Link>
                      </p>
                    ) : null}
                    {r.decision ? (
                      <p className="mt-2 text-dns-14N-130">
                        {formatDateJa(r.decision.decidedAt)}に見送り：{r.decision.reason}
                      </p>
                    ) : null}
                    {!r.certificate ? (
                      <details className="mt-2">
                        <summary className="cursor-pointer text-dns-14N-130">認定を見送る</summary>
                        <Form method="post" className="mt-2 grid gap-2">
                          <input type="hidden" name="intent" value="decline" />
                          <input type="hidden" name="programmeId" value={q.programme.id} />
                          <input type="hidden" name="subjectId" value={r.subjectId} />
                          <label htmlFor={`reason-${r.subjectId}`} className="label">
                            {r.holderName}さんに伝える理由
                          </label>
                          <textarea
                            id={`reason-${r.subjectId}`}
                            name="reason"
                            rows={2}
                            className="input"
                            required
                            maxLength={1000}
                          />
                          <button type="submit" className="btn-secondary w-full sm:w-auto" disabled={busy}>
                            見送りを伝える
                          </button>
                        </Form>
                      </details>
                    ) : null}
                  </div>
                </li>
              );
            })}
          </ul>
          <div className="mt-4 flex flex-col gap-2 sm:flex-row">
            {ready.length > 0 ? (
              <button type="submit" form="certify-form" className="btn w-full sm:w-auto" disabled={busy}>
                選択した人を認定して修了証を発行
              </button>
            ) : null}
            {q.rows.some((r) => r.certificate) ? (
              <button type="submit" form="zip-form" className="btn-secondary w-full sm:w-auto">
                選択した修了証のPDFをZIPでダウンロード
              </button>
            ) : null}
          </div>
        </>
      )}
      <Pagination page={q.page} pageCount={q.pageCount} />
    </div>
  );
}
