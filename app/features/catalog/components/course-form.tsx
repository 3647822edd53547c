import type { z } from "zod";
import { getFormProps, useForm, type SubmissionResult } from "@conform-to/react";
import { Form } from "@remix-run/react";
import { FieldError, FormErrors, SelectField, TextareaField, TextField } from "~/ui/form";
import type { CourseSchema } from "../catalog.schema";
import {
  COURSE_FORMAT_LABELS,
  COURSE_FORMATS,
  COURSE_KIND_LABELS,
  COURSE_KINDS,
} from "~/features/vocabulary/course-kinds";

export type CourseFormDefaults = {
  code: string;
  title: string;
  kind: string;
  descriptionMd: string;
  format: string;
  totalHours: string;
  points: string;
  feeYen: string;
  minSessionsAttended: string;
  prerequisiteIds: string[];
  published: string;
  allowMultipleCohorts: string;
  allowRepeat: string;
};

const kindOptions = COURSE_KINDS.map((k) => ({ value: k, label: COURSE_KIND_LABELS[k] }));
const formatOptions = COURSE_FORMATS.map((f) => ({ value: f, label: COURSE_FORMAT_LABELS[f] }));

export function CourseForm({
  lastResult,
  defaultValue,
  courseOptions,
  submitLabel,
}: {
  lastResult: SubmissionResult<string[]> | undefined | null;
  defaultValue?: Partial<CourseFormDefaults>;
  courseOptions: ReadonlyArray<{ id: number; code: string; title: string }>;
  submitLabel: string;
}) {
  const [form, fields] = useForm<z.input<typeof CourseSchema>, z.output<typeof CourseSchema>>({
    lastResult,
    defaultValue,
  });
  const prereqInitial = fields.prerequisiteIds.initialValue;
  const checked = new Set(Array.isArray(prereqInitial) ? prereqInitial : prereqInitial ? [prereqInitial] : []);
  return (
    <Form method="post" {...getFormProps(form)} className="card">
      <FormErrors id={form.errorId} errors={form.errors} />
      <div className="grid gap-x-6 md:grid-cols-2">
        <TextField meta={fields.code} label="講座コード" required hint="英数字とハイフン。例：BASIC-MUNI" />
        <TextField meta={fields.title} label="講座名" required />
        <SelectField meta={fields.kind} label="研修の種類" options={kindOptions} required />
        <SelectField meta={fields.format} label="実施形式" options={formatOptions} required />
        <TextField
          meta={fields.totalHours}
          label="総時間数（時間）"
          inputMode="decimal"
          required
          hint="0.5時間単位。例：6 や 36"
        />
        <TextField
          meta={fields.points}
          label="実践力ポイント"
          inputMode="numeric"
          hint="空欄なら自動計算（集合・オンライン（ライブ）は2時間で1ポイント、通信は4時間で1ポイント、端数切り捨て）"
        />
        <TextField
          meta={fields.feeYen}
          label="受講料（円）"
          inputMode="numeric"
          required
          hint="消費税込みの金額（請求書・領収書に税込額と消費税額10%を記載します）。無料の場合は 0"
        />
        <TextField
          meta={fields.minSessionsAttended}
          label="修了に必要な出席日数"
          inputMode="numeric"
          hint="空欄なら全日程の出席が必要"
        />
      </div>
      <TextareaField
        meta={fields.descriptionMd}
        label="説明（Markdown）"
        rows={10}
        hint="見出し（#）、箇条書き（-）、リンク（[文字](https://…)）が使えます。HTMLタグは文字として表示されます。"
      />
      <fieldset
        className="mb-5"
        aria-describedby={fields.prerequisiteIds.errors ? fields.prerequisiteIds.errorId : undefined}
      >
        <legend className="label">前提となる講座</legend>
        <p className="hint">申込時に修了しているかを確認します。</p>
        {courseOptions.length === 0 ? (
          <p className="text-solid-gray-700">選べる講座はまだありません。</p>
        ) : (
          <div className="grid gap-1 md:grid-cols-2">
            {courseOptions.map((c) => (
              <label key={c.id} className="flex min-h-11 items-center gap-2">
                <input
                  type="checkbox"
                  name={fields.prerequisiteIds.name}
                  value={c.id}
                  defaultChecked={checked.has(String(c.id))}
                  className="size-5"
                />
                {c.title}（{c.code}）
              </label>
            ))}
          </div>
        )}
        <FieldError meta={fields.prerequisiteIds} />
      </fieldset>
      <label className="mb-6 flex min-h-11 items-center gap-2">
        <input
          type="checkbox"
          name={fields.published.name}
          defaultChecked={fields.published.initialValue === "on"}
          className="size-5"
        />
        公開する（研修一覧に表示し、申込を受け付ける）
      </label>
      <div className="mb-6">
        <label className="flex min-h-11 items-center gap-2">
          <input
            type="checkbox"
            name={fields.allowMultipleCohorts.name}
            defaultChecked={fields.allowMultipleCohorts.initialValue === "on"}
            aria-describedby={`${fields.allowMultipleCohorts.id}-hint`}
            className="size-5"
          />
          複数の回への申込を許可する
        </label>
        <p id={`${fields.allowMultipleCohorts.id}-hint`} className="hint">
          チェックしない場合、1人が同じ講座の開催中・開催予定の回に申し込めるのは1回だけです（キャンセル待ちを含む）。
        </p>
      </div>
      <div className="mb-6">
        <label className="flex min-h-11 items-center gap-2">
          <input
            type="checkbox"
            name={fields.allowRepeat.name}
            defaultChecked={fields.allowRepeat.initialValue === "on"}
            aria-describedby={`${fields.allowRepeat.id}-hint`}
            className="size-5"
          />
          再受講を認める
        </label>
        <p id={`${fields.allowRepeat.id}-hint`} className="hint">
          チェックしない場合、この講座を修了した人は再び申し込めません。チェックすると、修了した人は理由を書いて確認したうえで申し込めます。
        </p>
      </div>
      <button type="submit" className="btn">
        {submitLabel}
      </button>
    </Form>
  );
}
