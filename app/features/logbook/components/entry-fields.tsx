import { getInputProps, type FieldMetadata } from "@conform-to/react";
import { SelectField, TextField, TextareaField, FieldError } from "~/ui/form";
import { formatMinutes } from "../labels";

type Meta = FieldMetadata<any, any, any>;
type Choice = { id: number; label: string };
export type EntryChoices = { taskKinds: Choice[]; pglPhases: Choice[]; micRoles: Choice[] };
export type EntryFieldMetas = Record<
  | "workDate"
  | "startTime"
  | "endTime"
  | "duration"
  | "taskKindId"
  | "pglPhaseId"
  | "micRoleId"
  | "department"
  | "activity"
  | "contribution"
  | "reflection"
  | "trainerFeedback",
  Meta
>;

export const DURATIONS = [15, 30, 45, 60, 90, 120, 150, 180, 240, 300, 360, 480] as const;

const options = (choices: Choice[]) => choices.map((c) => ({ value: String(c.id), label: c.label }));

/** The short first screen: date, task kind, duration as large buttons. */
export function QuickFields({ fields, choices }: { fields: EntryFieldMetas; choices: EntryChoices }) {
  return (
    <>
      <TextField meta={fields.workDate} type="date" label="実施日" required />
      <SelectField meta={fields.taskKindId} label="作業の種類" required options={options(choices.taskKinds)} />
      <DurationChoice meta={fields.duration} />
    </>
  );
}

/** Duration as a grid of large radio buttons (thumb-sized on a phone). */
export function DurationChoice({ meta, extra }: { meta: Meta; extra?: number | null }) {
  const values: number[] = [...DURATIONS];
  if (extra && !values.includes(extra)) values.push(extra);
  const describedBy = [meta.descriptionId, meta.errors?.length ? meta.errorId : null].filter(Boolean).join(" ");
  return (
    <fieldset className="mb-5" aria-describedby={describedBy} aria-invalid={meta.errors?.length ? true : undefined}>
      <legend className="label">時間</legend>
      <p id={meta.descriptionId} className="hint">
        開始・終了時刻を「詳しく書く」で入力した場合は、そちらが優先されます。
      </p>
      <div className="grid grid-cols-3 gap-2 sm:grid-cols-4">
        {values.map((m) => (
          <label
            key={m}
            className="flex min-h-12 cursor-pointer items-center justify-center rounded-8 border border-solid-gray-420 px-2 text-center has-[:checked]:border-blue-900 has-[:checked]:bg-blue-100 has-[:focus-visible]:outline has-[:focus-visible]:outline-2"
          >
            <input
              {...getInputProps(meta, { type: "radio", value: String(m), ariaAttributes: false })}
              key={`${meta.key ?? ""}${m}`}
              className="sr-only"
            />
            {formatMinutes(m)}
          </label>
        ))}
      </div>
      <FieldError meta={meta} />
    </fieldset>
  );
}

/** Everything else: times, PGL phase, MIC role, department, and the texts. */
export function DetailFields({
  fields,
  choices,
  isTrainer,
}: {
  fields: EntryFieldMetas;
  choices: EntryChoices;
  isTrainer: boolean;
}) {
  return (
    <>
      <div className="grid grid-cols-2 gap-3">
        <TextField meta={fields.startTime} type="time" label="開始時刻" />
        <TextField meta={fields.endTime} type="time" label="終了時刻" />
      </div>
      <SelectField
        meta={fields.pglPhaseId}
        label="ITCプロセスガイドラインのフェーズ"
        placeholder="選択しない"
        options={options(choices.pglPhases)}
      />
      <SelectField
        meta={fields.micRoleId}
        label="MICスキル標準の役割（実践したもの）"
        placeholder="選択しない"
        options={options(choices.micRoles)}
      />
      <TextField meta={fields.department} label="自治体の担当部署" hint="例：総務部 DX推進課" />
      <TextareaField meta={fields.activity} label="実施内容" rows={4} />
      <TextareaField meta={fields.contribution} label="トレーニーの貢献" rows={3} />
      <TextareaField meta={fields.reflection} label="トレーニーの振り返り" rows={3} />
      {isTrainer ? <TextareaField meta={fields.trainerFeedback} label="トレーナーのフィードバック" rows={3} /> : null}
    </>
  );
}

export const DETAIL_FIELD_NAMES = [
  "startTime",
  "endTime",
  "pglPhaseId",
  "micRoleId",
  "department",
  "activity",
  "contribution",
  "reflection",
  "trainerFeedback",
] as const;
