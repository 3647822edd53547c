import { getFormProps, getInputProps, getTextareaProps, useForm, type SubmissionResult } from "@conform-to/react";
import { Form } from "@remix-run/react";
import type { z } from "zod";
import { formatDateTimeJa } from "~/lib/dates";
import { FormErrors } from "~/ui/form";
import type { EvaluationSchema } from "../assessment.schema";
// Types only: the components render what the loader computed.
import type { Evaluation } from "../evaluations.server";
import {
  EVALUATION_KIND_LABELS,
  EVALUATION_KINDS,
  EVALUATION_STATUS_LABELS,
  LEVEL_LABELS,
  LEVELS,
  RECOMMENDATION_LABELS,
  RECOMMENDATIONS,
  type EvaluationKind,
} from "../labels";

type Row = { id: number; label: string; kind: string; descriptors: string[] };

function Errors({ id, errors }: { id: string; errors?: string[] }) {
  if (!errors?.length) return null;
  return (
    <div id={id} className="field-error">
      {errors.map((e) => (
        <p key={e}>{e}</p>
      ))}
    </div>
  );
}

/** The three evaluations side by side, criterion by criterion (drafts only appear to their author). */
export function EvaluationsTable({
  rows,
  evaluations,
}: {
  rows: Row[];
  evaluations: Partial<Record<EvaluationKind, Evaluation>>;
}) {
  const cell = (e: Evaluation | undefined, criterionId: number) => {
    if (!e) return <span className="text-solid-gray-700">未記入</span>;
    const s = e.scores[criterionId];
    if (!s || s.level == null) return <span className="text-solid-gray-700">—</span>;
    // A submitted evaluation reads its level's descriptor from its own snapshot.
    const wording = e.snapshot?.find((c) => c.id === criterionId)?.descriptors[s.level - 1];
    return (
      <>
        <span className="font-bold">レベル{s.level}</span>
        {wording ? <span className="block text-dns-14N-130 text-solid-gray-800">{wording}</span> : null}
        {s.comment ? <span className="mt-1 block whitespace-pre-line">{s.comment}</span> : null}
      </>
    );
  };
  return (
    <div className="overflow-x-auto">
      <table className="w-full min-w-[40rem] text-left align-top" data-testid="evaluations-table">
        <caption className="mb-2 text-left text-std-16B-170">
          観点ごとの評価（左から自己評価・中間評価・最終評価）
        </caption>
        <thead>
          <tr className="border-b border-solid-gray-420">
            <th scope="col" className="w-1/4 py-1 pr-2">
              観点
            </th>
            {EVALUATION_KINDS.map((k) => (
              <th scope="col" key={k} className="px-2">
                {EVALUATION_KIND_LABELS[k]}
                <span className="block text-dns-14N-130 font-normal">
                  {evaluations[k] ? EVALUATION_STATUS_LABELS[evaluations[k].status] : "未記入"}
                </span>
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {rows.map((r) => (
            <tr key={r.id} className="border-b border-solid-gray-200 align-top">
              <th scope="row" className="py-2 pr-2">
                {r.label}
              </th>
              {EVALUATION_KINDS.map((k) => (
                <td key={k} className="px-2 py-2" data-testid={`cell-${k}-${r.id}`}>
                  {cell(evaluations[k], r.id)}
                </td>
              ))}
            </tr>
          ))}
          <tr className="align-top">
            <th scope="row" className="py-2 pr-2">
              総評
            </th>
            {EVALUATION_KINDS.map((k) => {
              const e = evaluations[k];
              return (
                <td key={k} className="px-2 py-2 whitespace-pre-line" data-testid={`overall-${k}`}>
                  {e?.overallComment || "—"}
                  {k === "final" && e?.recommendation ? (
                    <span className="mt-2 block font-bold">
                      {RECOMMENDATION_LABELS[e.recommendation]}
                      {e.recommendationReason ? `（${e.recommendationReason}）` : ""}
                    </span>
                  ) : null}
                  {e?.submittedAt ? (
                    <span className="mt-1 block text-dns-14N-130">
                      {e.authorName}・{formatDateTimeJa(e.submittedAt)}提出
                    </span>
                  ) : null}
                </td>
              );
            })}
          </tr>
        </tbody>
      </table>
    </div>
  );
}

/** One evaluation's form: a level (with its descriptor) and a comment per criterion. */
export function EvaluationForm({
  kind,
  criteria,
  draft,
  lastResult,
}: {
  kind: EvaluationKind;
  criteria: Row[];
  draft: Evaluation | undefined;
  lastResult: SubmissionResult<string[]> | undefined;
}) {
  const [form, fields] = useForm<z.input<typeof EvaluationSchema>>({
    id: `form-evaluation-${kind}`,
    lastResult,
    defaultValue: {
      kind,
      scores: criteria.map((c) => ({
        criterionId: String(c.id),
        level: draft?.scores[c.id]?.level != null ? String(draft.scores[c.id]!.level) : undefined,
        comment: draft?.scores[c.id]?.comment ?? "",
      })),
      overallComment: draft?.overallComment ?? "",
      recommendation: draft?.recommendation ?? undefined,
      recommendationReason: draft?.recommendationReason ?? "",
    },
  });
  const items = fields.scores.getFieldList();
  const headingId = `heading-${kind}`;
  return (
    <section className="card mb-6 border-2 border-blue-900" aria-labelledby={headingId}>
      <h2 id={headingId} className="mb-2">
        {EVALUATION_KIND_LABELS[kind]}を記入する
      </h2>
      <p className="mb-4">
        下書きとして保存できます。「提出する」と確定し、以後は変更できません（監査記録に残ります）。
      </p>
      <Form method="post" {...getFormProps(form)}>
        <input type="hidden" name="kind" value={kind} />
        <FormErrors id={form.errorId} errors={form.errors} />
        {items.map((item, i) => {
          const f = item.getFieldset();
          const c = criteria[i];
          if (!c) return null;
          return (
            <fieldset
              key={item.key}
              className="mb-6 border-t border-solid-gray-200 pt-3"
              aria-describedby={f.level.errors?.length ? f.level.errorId : undefined}
            >
              <legend className="text-std-16B-170">{c.label}</legend>
              <input {...getInputProps(f.criterionId, { type: "hidden" })} />
              {LEVELS.map((level) => (
                <label key={level} className="flex min-h-11 items-start gap-2 py-1">
                  <input
                    type="radio"
                    name={f.level.name}
                    value={level}
                    defaultChecked={f.level.initialValue === String(level)}
                    className="mt-1.5"
                  />
                  <span>
                    <span className="font-bold">{LEVEL_LABELS[level]}</span>
                    <span className="block text-dns-14N-130">{c.descriptors[level - 1]}</span>
                  </span>
                </label>
              ))}
              <Errors id={f.level.errorId} errors={f.level.errors} />
              <label htmlFor={f.comment.id} className="label mt-2">
                {c.label}についてのコメント
              </label>
              <textarea {...getTextareaProps(f.comment)} rows={2} className="input" />
              <Errors id={f.comment.errorId} errors={f.comment.errors} />
            </fieldset>
          );
        })}
        <label htmlFor={fields.overallComment.id} className="label">
          総評（提出時は必須）
        </label>
        <textarea
          {...getTextareaProps(fields.overallComment)}
          rows={4}
          className="input"
          aria-describedby={fields.overallComment.errors?.length ? fields.overallComment.errorId : undefined}
        />
        <Errors id={fields.overallComment.errorId} errors={fields.overallComment.errors} />
        {kind === "final" ? (
          <fieldset
            className="mt-4"
            aria-describedby={fields.recommendation.errors?.length ? fields.recommendation.errorId : undefined}
          >
            <legend className="label">修了の推薦</legend>
            {RECOMMENDATIONS.map((r) => (
              <label key={r} className="flex min-h-11 items-center gap-2">
                <input
                  type="radio"
                  name={fields.recommendation.name}
                  value={r}
                  defaultChecked={fields.recommendation.initialValue === r}
                />
                {RECOMMENDATION_LABELS[r]}
              </label>
            ))}
            <Errors id={fields.recommendation.errorId} errors={fields.recommendation.errors} />
            <label htmlFor={fields.recommendationReason.id} className="label mt-2">
              理由（まだ推薦しない場合は必須）
            </label>
            <textarea {...getTextareaProps(fields.recommendationReason)} rows={2} className="input" />
            <Errors id={fields.recommendationReason.errorId} errors={fields.recommendationReason.errors} />
          </fieldset>
        ) : null}
        <div className="mt-4 flex flex-col gap-3 sm:flex-row">
          <button type="submit" name="intent" value="save" className="btn-secondary">
            下書きを保存する
          </button>
          <button type="submit" name="intent" value="submit" className="btn">
            提出する（以後は変更できません）
          </button>
        </div>
      </Form>
    </section>
  );
}
