import { getFormProps, useForm, type SubmissionResult } from "@conform-to/react";
import { Form } from "@remix-run/react";
import type { z } from "zod";
import { prefectureName } from "~/lib/local-gov-code";
import { FormErrors, TextareaField, TextField } from "~/ui/form";
import {
  MUNICIPALITY_SIZES,
  MUNICIPALITY_SIZE_LABELS,
  OJT_THEMES,
  OJT_THEME_LABELS,
  TRAVEL_RANGES,
  TRAVEL_RANGE_LABELS,
} from "~/features/vocabulary/ojt-kinds";
import type { ApplicationSchema } from "../ojt.schema";
import { REGIONS } from "../regions";
import { CheckboxField, ChoiceGroup } from "./fields";

type Values = z.input<typeof ApplicationSchema>;

const prefectureOptions = REGIONS.flatMap((r) =>
  r.prefectures.map((p) => ({ value: p, label: prefectureName(p) ?? p })),
);
const prefectureGroups = REGIONS.map((r) => ({ label: r.name, values: r.prefectures }));

export function ApplicationForm({
  lastResult,
  defaultValue,
  submitLabel,
}: {
  lastResult: SubmissionResult<string[]> | undefined;
  defaultValue?: Record<string, unknown>;
  submitLabel: string;
}) {
  const [form, fields] = useForm<Values, z.output<typeof ApplicationSchema>>({
    lastResult,
    defaultValue: defaultValue as never,
  });
  return (
    <Form method="post" {...getFormProps(form)} className="card">
      <input type="hidden" name="intent" value="save" />
      <FormErrors id={form.errorId} errors={form.errors} />
      <h2 className="mb-4">地域</h2>
      <ChoiceGroup
        meta={fields.preferredPrefectures}
        type="checkbox"
        legend="希望する都道府県（複数可）"
        required
        options={prefectureOptions}
        groups={prefectureGroups}
        hint="OJT先の自治体がある都道府県。通える範囲を選んでください。"
      />
      <ChoiceGroup
        meta={fields.travelRange}
        type="radio"
        legend="移動できる範囲"
        required
        columns=""
        options={TRAVEL_RANGES.map((t) => ({ value: t, label: TRAVEL_RANGE_LABELS[t] }))}
      />
      <ChoiceGroup
        meta={fields.preferredSize}
        type="radio"
        legend="希望する自治体の規模"
        required
        columns=""
        options={MUNICIPALITY_SIZES.map((s) => ({ value: s, label: MUNICIPALITY_SIZE_LABELS[s] }))}
      />
      <h2 className="mb-4 mt-8">内容と時間</h2>
      <ChoiceGroup
        meta={fields.themes}
        type="checkbox"
        legend="経験したいテーマ（複数可）"
        required
        options={OJT_THEMES.map((t) => ({ value: t, label: OJT_THEME_LABELS[t] }))}
      />
      <TextField
        meta={fields.daysPerMonth}
        label="月あたりの活動可能日数"
        inputMode="numeric"
        required
        hint="1〜20日。相談会への同席は1回50〜60分程度です。"
      />
      <div className="grid gap-x-4 sm:grid-cols-2">
        <TextField meta={fields.availableFrom} label="活動できる期間（開始日）" type="date" required />
        <TextField meta={fields.availableTo} label="活動できる期間（終了日）" type="date" required />
      </div>
      <h2 className="mb-4 mt-8">経歴と志望動機</h2>
      <TextField
        meta={fields.backgroundIndustry}
        label="これまでの業種・職種"
        required
        hint="例：製造業の情報システム部門、会計事務所"
      />
      <TextareaField meta={fields.backgroundSkills} label="得意な分野・スキル" required rows={3} />
      <TextareaField
        meta={fields.municipalExperience}
        label="自治体業務の経験"
        rows={3}
        hint="あれば記入してください（例：商工会議所の経営指導員向け研修の講師）。なくても申し込めます。"
      />
      <TextareaField
        meta={fields.motivation}
        label="志望動機"
        required
        rows={5}
        hint="20文字以上。OJTで身につけたいことを具体的に。"
      />
      <h2 className="mb-4 mt-8">経費について</h2>
      <CheckboxField
        meta={fields.acceptsSelfPaid}
        label="OJTにかかる経費（交通費・宿泊費など）は全額自己負担であることを理解し、同意します。"
        hint="OJTは任意参加です。自治体・協会からの経費の支給はありません。"
      />
      <button type="submit" className="btn w-full sm:w-auto">
        {submitLabel}
      </button>
    </Form>
  );
}
