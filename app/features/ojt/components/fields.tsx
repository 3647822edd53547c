import { getCollectionProps, getInputProps, type FieldMetadata } from "@conform-to/react";
import type { ReactNode } from "react";
import { FieldError } from "~/ui/form";

// Checkbox and radio groups for Conform forms (the shared app/ui/form.tsx has text, select
// and textarea only). Each group is a fieldset with a legend, so screen readers announce
// the question with every option; the error is tied to the inputs by aria-describedby.

type Option = { value: string; label: ReactNode };

function Legend({ legend, required }: { legend: string; required?: boolean }) {
  return (
    <legend className="label">
      {legend}
      {required ? <span className="required">必須</span> : null}
    </legend>
  );
}

export function ChoiceGroup({
  meta,
  legend,
  options,
  type,
  hint,
  required,
  groups,
  columns = "sm:grid-cols-2",
}: {
  meta: FieldMetadata<any, any, any>;
  legend: string;
  options: readonly Option[];
  type: "checkbox" | "radio";
  hint?: ReactNode;
  required?: boolean;
  /** Optional sub-groups (e.g. prefectures by region): values listed under a heading. */
  groups?: ReadonlyArray<{ label: string; values: readonly string[] }>;
  columns?: string;
}) {
  const all = getCollectionProps(meta, {
    type,
    options: options.map((o) => o.value),
    ariaDescribedBy: hint ? meta.descriptionId : undefined,
  });
  const byValue = new Map(all.map((p) => [p.value, p]));
  const labelOf = new Map(options.map((o) => [o.value, o.label]));
  const render = (value: string) => {
    const props = byValue.get(value);
    if (!props) return null;
    const { key, ...rest } = props;
    return (
      <label key={key} htmlFor={rest.id} className="flex min-h-9 items-start gap-2 py-1">
        <input {...rest} required={false} className="mt-1 size-5 shrink-0 accent-blue-900" />
        <span>{labelOf.get(value)}</span>
      </label>
    );
  };
  return (
    <fieldset className="mb-5">
      <Legend legend={legend} required={required} />
      {hint ? (
        <p id={meta.descriptionId} className="hint">
          {hint}
        </p>
      ) : null}
      {groups ? (
        <div className="space-y-3">
          {groups.map((g) => (
            <div key={g.label}>
              <p className="text-dns-14B-130 text-solid-gray-800">{g.label}</p>
              <div className="flex flex-wrap gap-x-4">{g.values.map(render)}</div>
            </div>
          ))}
        </div>
      ) : (
        <div className={`grid gap-x-4 ${columns}`}>{options.map((o) => render(o.value))}</div>
      )}
      <FieldError meta={meta} />
    </fieldset>
  );
}

export function CheckboxField({
  meta,
  label,
  hint,
}: {
  meta: FieldMetadata<any, any, any>;
  label: ReactNode;
  hint?: ReactNode;
}) {
  const { key, ...props } = getInputProps(meta, {
    type: "checkbox",
    ariaDescribedBy: hint ? meta.descriptionId : undefined,
  }) as ReturnType<typeof getInputProps> & { key?: string };
  return (
    <div className="mb-5">
      {hint ? (
        <p id={meta.descriptionId} className="hint">
          {hint}
        </p>
      ) : null}
      <label key={key} htmlFor={meta.id} className="flex items-start gap-2">
        <input {...props} required={false} className="mt-1 size-5 shrink-0 accent-blue-900" />
        <span className="text-std-16B-170">{label}</span>
      </label>
      <FieldError meta={meta} />
    </div>
  );
}
