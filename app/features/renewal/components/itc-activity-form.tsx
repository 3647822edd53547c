import type { FieldMetadata } from "@conform-to/react";
import { formatDateJa } from "~/lib/dates";
import { SelectField, TextField } from "~/ui/form";
import { describePointRule, type PointRule } from "../rules";

// The fields of a self-reported activity, shared by the report form and the correction form.

export type KindOption = PointRule & { id: number; name: string; description: string };

type ActivityFieldsMeta = {
  kindId: FieldMetadata<any, any, any>;
  title: FieldMetadata<any, any, any>;
  organizer: FieldMetadata<any, any, any>;
  activityDate: FieldMetadata<any, any, any>;
  hours: FieldMetadata<any, any, any>;
  evidenceUrl: FieldMetadata<any, any, any>;
};

export function ActivityFields({
  fields,
  kinds,
  today,
  fileHint = "ファイルは登録後に添付できます。",
}: {
  fields: ActivityFieldsMeta;
  kinds: readonly KindOption[];
  today: string;
  /** Where an evidence file goes instead of a link (after saving, or the form above). */
  fileHint?: string;
}) {
  return (
    <>
      <SelectField
        meta={fields.kindId}
        label="活動の種類"
        required
        hint="種類ごとに、ポイントの数え方が決まっています。"
        options={kinds.map((k) => ({ value: String(k.id), label: `${k.name}（${describePointRule(k)}）` }))}
      />
      <details className="mb-5 rounded-8 border border-solid-gray-200 p-3">
        <summary className="cursor-pointer">活動の種類とポイントの数え方</summary>
        <dl className="mt-2 grid gap-y-1 text-dns-16N-130" data-testid="kind-rules">
          {kinds.map((k) => (
            <div key={k.id} className="py-1">
              <dt className="font-bold">{k.name}</dt>
              <dd>
                {describePointRule(k)}
                {k.description ? <span className="block text-solid-gray-800">{k.description}</span> : null}
              </dd>
            </div>
          ))}
        </dl>
      </details>
      <TextField
        meta={fields.title}
        label="活動の名称"
        required
        hint="例：〇〇商工会議所 DX推進セミナー（200文字以内）"
      />
      <TextField meta={fields.organizer} label="主催者・依頼元" hint="200文字以内（任意）" />
      <div className="grid gap-x-4 sm:grid-cols-2">
        <TextField
          meta={fields.activityDate}
          label="活動日"
          type="date"
          required
          hint={`${formatDateJa(today)}（今日）まで`}
        />
        <TextField
          meta={fields.hours}
          label="時間"
          inputMode="decimal"
          required
          hint="0.5時間単位（例：1.5）。複数日の場合は合計"
        />
      </div>
      <TextField
        meta={fields.evidenceUrl}
        label="証跡のURL"
        type="url"
        inputMode="url"
        hint={`プログラムや記事のページなど（任意）。${fileHint}`}
      />
    </>
  );
}
