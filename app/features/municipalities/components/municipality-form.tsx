import { getFormProps, useForm, type SubmissionResult } from "@conform-to/react";
import { Form } from "@remix-run/react";
import type { z } from "zod";
import { FormErrors, SelectField, TextField } from "~/ui/form";
import { MUNICIPALITY_KINDS, MUNICIPALITY_KIND_LABELS } from "~/features/vocabulary/municipality-kinds";
import type { MunicipalitySchema } from "../municipalities.schema";

const kindOptions = MUNICIPALITY_KINDS.map((k) => ({ value: k, label: MUNICIPALITY_KIND_LABELS[k] }));

export function MunicipalityForm({
  lastResult,
  defaultValue,
  codeLocked,
  submitLabel,
}: {
  lastResult: SubmissionResult<string[]> | undefined;
  defaultValue?: Partial<Record<keyof z.input<typeof MunicipalitySchema>, string>>;
  codeLocked?: boolean;
  submitLabel: string;
}) {
  const [form, fields] = useForm<z.input<typeof MunicipalitySchema>, z.output<typeof MunicipalitySchema>>({
    lastResult,
    defaultValue,
  });
  return (
    <Form method="post" {...getFormProps(form)} className="card">
      <FormErrors id={form.errorId} errors={form.errors} />
      {codeLocked ? (
        <>
          <input type="hidden" name={fields.code.name} value={defaultValue?.code ?? ""} />
          <p className="mb-5">
            <span className="label">地方公共団体コード</span>
            <span className="font-mono">{defaultValue?.code}</span>
            <span className="hint">コードは団体の識別子のため変更できません。</span>
          </p>
        </>
      ) : (
        <TextField
          meta={fields.code}
          label="地方公共団体コード"
          required
          inputMode="numeric"
          hint="6桁（検査数字を含む）。例：山形市 062014。都道府県はコードから自動で設定されます。"
        />
      )}
      <TextField meta={fields.name} label="団体名" required hint="例：山形市" />
      <TextField meta={fields.nameKana} label="ふりがな" required hint="ひらがなで入力してください。例：やまがたし" />
      <SelectField meta={fields.kind} label="団体区分" options={kindOptions} required />
      <div className="grid gap-x-4 sm:grid-cols-2">
        <TextField meta={fields.population} label="人口" inputMode="numeric" hint="例：242692" />
        <TextField meta={fields.populationYear} label="人口の基準年" inputMode="numeric" hint="西暦。例：2023" />
      </div>
      <button type="submit" className="btn w-full sm:w-auto">
        {submitLabel}
      </button>
    </Form>
  );
}
