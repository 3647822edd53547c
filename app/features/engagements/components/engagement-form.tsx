import { getFormProps, useForm, type SubmissionResult } from "@conform-to/react";
import { Form } from "@remix-run/react";
import type { z } from "zod";
import { ChoiceGroup } from "~/features/ojt/components/fields";
import { OJT_THEMES, OJT_THEME_LABELS } from "~/features/vocabulary/ojt-kinds";
import { formatFiscalYear } from "~/lib/dates";
import { FormErrors, SelectField, TextareaField, TextField } from "~/ui/form";
import { COUNTERPART_CONTACT_MESSAGES } from "../counterpart-contact";
import type { EngagementSchema } from "../engagements.schema";
import {
  CONTRACT_TYPES,
  CONTRACT_TYPE_LABELS,
  ENGAGEMENT_STATUSES,
  ENGAGEMENT_STATUS_LABELS,
} from "~/features/vocabulary/engagement-kinds";

type Values = z.input<typeof EngagementSchema>;

export function EngagementForm({
  lastResult,
  defaultValue,
  trainers,
  currentFiscalYear,
  submitLabel,
}: {
  lastResult: SubmissionResult<string[]> | undefined;
  defaultValue: Partial<Record<keyof Values, string | string[]>>;
  /** Given to staff only: the lead trainer is chosen; a trainer always leads their own. */
  trainers: ReadonlyArray<{ id: string; name: string; email: string }> | null;
  currentFiscalYear: number;
  submitLabel: string;
}) {
  const [form, fields] = useForm<Values, z.output<typeof EngagementSchema>>({
    lastResult,
    defaultValue: defaultValue as never,
  });
  const years = Array.from({ length: 8 }, (_, i) => currentFiscalYear - 3 + i).map((y) => ({
    value: String(y),
    label: formatFiscalYear(y),
  }));
  return (
    <Form method="post" {...getFormProps(form)} className="card">
      <FormErrors id={form.errorId} errors={form.errors} />
      <TextField
        meta={fields.municipality}
        label="自治体"
        required
        hint="団体名（例：天童市、同名があれば山形県天童市）、ふりがな、または地方公共団体コード（6桁、例：062103）。一致しないときは候補を表示します。"
      />
      <TextField meta={fields.title} label="案件名" required hint="例：ITCアドバイザー業務委託" />
      <SelectField
        meta={fields.contractType}
        label="契約形態"
        required
        options={CONTRACT_TYPES.map((c) => ({ value: c, label: CONTRACT_TYPE_LABELS[c] }))}
      />
      <TextField
        meta={fields.contractingOrganization}
        label="契約主体"
        required
        hint="受託した会社・団体名。CIO補佐官など個人委嘱の場合はご自身の氏名。"
      />
      {trainers ? (
        <SelectField
          meta={fields.leadTrainerId}
          label="主担当トレーナー"
          required
          options={trainers.map((t) => ({ value: t.id, label: `${t.name}（${t.email}）` }))}
        />
      ) : null}
      <TextareaField
        meta={fields.coTrainerEmails}
        label="他のトレーナー（メールアドレス）"
        rows={2}
        hint="同じ案件に参加するトレーナーのメールアドレスを改行またはカンマで区切って入力します。"
      />
      <div className="grid gap-x-4 sm:grid-cols-2">
        <SelectField meta={fields.startFiscalYear} label="開始年度" required options={years} />
        <SelectField meta={fields.endFiscalYear} label="終了年度" required options={years} />
      </div>
      <TextareaField meta={fields.description} label="業務内容" rows={4} hint="支援の内容、頻度、自治体側の体制など" />
      <ChoiceGroup
        meta={fields.themes}
        type="checkbox"
        legend="OJTで担当できるテーマ"
        required
        options={OJT_THEMES.map((t) => ({ value: t, label: OJT_THEME_LABELS[t] }))}
      />
      <div className="grid gap-x-4 sm:grid-cols-2">
        <TextField
          meta={fields.ojtSlots}
          label="OJT受入枠（同時に受け入れる人数）"
          required
          inputMode="numeric"
          hint="0〜20人。0にすると提案を受けません。"
        />
        <SelectField
          meta={fields.status}
          label="募集状況"
          required
          options={ENGAGEMENT_STATUSES.map((s) => ({ value: s, label: ENGAGEMENT_STATUS_LABELS[s] }))}
          hint="「募集中」の案件だけがマッチングの候補になります。"
        />
      </div>
      <TextareaField
        meta={fields.confidentialityNote}
        label="守秘義務に関する注意事項"
        required
        rows={4}
        hint="この案件に参加するすべてのトレーニーに表示されます。"
      />
      <fieldset className="mb-6">
        <legend className="label">自治体の担当者（OJT記録の確認依頼先）</legend>
        <p className="hint mb-2">
          承認済みのOJT記録の確認を、この方にメールで依頼できます（アカウントは不要です）。担当者が替わったときは更新してください。
          {trainers ? null : ` ${COUNTERPART_CONTACT_MESSAGES.proposedHint}`}
        </p>
        <div className="grid gap-x-4 sm:grid-cols-2">
          <TextField meta={fields.counterpartName} label="氏名" autoComplete="off" />
          <TextField meta={fields.counterpartDepartment} label="所属（課・係）" autoComplete="off" />
        </div>
        <TextField meta={fields.counterpartEmail} label="メールアドレス" type="email" autoComplete="off" />
      </fieldset>
      <button type="submit" className="btn w-full sm:w-auto">
        {submitLabel}
      </button>
    </Form>
  );
}
