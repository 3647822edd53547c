import { getFormProps, useForm, type SubmissionResult } from "@conform-to/react";
import { Form } from "@remix-run/react";
import type { z } from "zod";
import { PLACEMENT_OUTCOMES, PLACEMENT_OUTCOME_LABELS } from "~/features/vocabulary/ojt-kinds";
import { FormErrors, TextareaField } from "~/ui/form";
import type { EndSchema } from "../ojt.schema";

const HINTS = {
  completed: "トレーナーの最終評価で修了が推薦されている場合に選べます。",
  discontinued: "理由の記入が必要です。",
} as const;

/** Staff end an active placement: completed (with the final evaluation) or discontinued (with a reason). */
export function EndPlacementForm({
  lastResult,
  finalRecommended,
}: {
  lastResult: SubmissionResult<string[]> | undefined;
  finalRecommended: boolean;
}) {
  const [form, f] = useForm<z.input<typeof EndSchema>>({ id: "form-end", lastResult });
  return (
    <details className="card mt-6" open={Boolean(lastResult)}>
      <summary className="cursor-pointer text-std-16B-170">OJTを終了する（事務局）</summary>
      <Form method="post" {...getFormProps(form)} className="mt-3">
        <input type="hidden" name="intent" value="end" />
        <FormErrors id={form.errorId} errors={form.errors} />
        <fieldset
          className="mb-5"
          aria-describedby={f.outcome.errors?.length ? f.outcome.errorId : undefined}
          aria-invalid={f.outcome.errors?.length ? true : undefined}
        >
          <legend className="label">終了の区分</legend>
          <p className="hint">
            {finalRecommended
              ? "トレーナーの最終評価で修了が推薦されています。"
              : "トレーナーの最終評価（修了の推薦）はまだ提出されていません。"}
          </p>
          {PLACEMENT_OUTCOMES.map((o) => (
            <label key={o} className="flex min-h-11 items-center gap-2">
              <input type="radio" name={f.outcome.name} value={o} defaultChecked={f.outcome.initialValue === o} />
              <span>
                {PLACEMENT_OUTCOME_LABELS[o]}（{HINTS[o]}）
              </span>
            </label>
          ))}
          {f.outcome.errors?.length ? (
            <div id={f.outcome.errorId} className="field-error">
              {f.outcome.errors.map((e) => (
                <p key={e}>{e}</p>
              ))}
            </div>
          ) : null}
        </fieldset>
        <TextareaField meta={f.reason} label="理由・所見（中止の場合は必須）" rows={3} />
        <button type="submit" className="btn-danger">
          OJTを終了する
        </button>
      </Form>
    </details>
  );
}
