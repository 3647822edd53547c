import { getInputProps, getSelectProps, getTextareaProps, type FieldMetadata } from "@conform-to/react";
import type { ReactNode } from "react";

// Form fields that pair a label, a hint and the field's Japanese error message, wired with
// aria-invalid / aria-describedby by Conform so screen readers announce the error.

type Common = {
  meta: FieldMetadata<any, any, any>;
  label: string;
  hint?: ReactNode;
  required?: boolean;
  className?: string;
};

function Label({ meta, label, required }: Pick<Common, "meta" | "label" | "required">) {
  return (
    <label htmlFor={meta.id} className="label">
      {label}
      {required ? (
        // The badge is for the eye; assistive technology hears aria-required on the control.
        <span className="required" aria-hidden="true">
          必須
        </span>
      ) : null}
    </label>
  );
}

function Hint({ meta, hint }: Pick<Common, "meta" | "hint">) {
  return hint ? (
    <p id={meta.descriptionId} className="hint">
      {hint}
    </p>
  ) : null;
}

export function FieldError({ meta }: { meta: FieldMetadata<any, any, any> }) {
  if (!meta.errors?.length) return null;
  return (
    <div id={meta.errorId} className="field-error">
      {meta.errors.map((e: string) => (
        <p key={e}>{e}</p>
      ))}
    </div>
  );
}

export function TextField({
  type = "text",
  autoComplete,
  inputMode,
  ...props
}: Common & {
  type?: "text" | "email" | "password" | "number" | "date" | "time" | "url" | "tel" | "search";
  autoComplete?: string;
  inputMode?: "numeric" | "decimal" | "text" | "email" | "tel" | "url";
}) {
  const { meta, hint, className } = props;
  return (
    <div className={className ?? "mb-5"}>
      <Label {...props} />
      <Hint meta={meta} hint={hint} />
      <input
        {...getInputProps(meta, { type, ariaDescribedBy: hint ? meta.descriptionId : undefined })}
        required={false}
        aria-required={props.required || undefined}
        autoComplete={autoComplete}
        inputMode={inputMode}
        className="input"
      />
      <FieldError meta={meta} />
    </div>
  );
}

export function TextareaField({ rows = 5, ...props }: Common & { rows?: number }) {
  const { meta, hint, className } = props;
  return (
    <div className={className ?? "mb-5"}>
      <Label {...props} />
      <Hint meta={meta} hint={hint} />
      <textarea
        {...getTextareaProps(meta, { ariaDescribedBy: hint ? meta.descriptionId : undefined })}
        required={false}
        aria-required={props.required || undefined}
        rows={rows}
        className="input"
      />
      <FieldError meta={meta} />
    </div>
  );
}

export function SelectField({
  options,
  placeholder = "選択してください",
  ...props
}: Common & { options: ReadonlyArray<{ value: string; label: string }>; placeholder?: string | null }) {
  const { meta, hint, className } = props;
  return (
    <div className={className ?? "mb-5"}>
      <Label {...props} />
      <Hint meta={meta} hint={hint} />
      <select
        {...getSelectProps(meta, { ariaDescribedBy: hint ? meta.descriptionId : undefined })}
        required={false}
        aria-required={props.required || undefined}
        className="input"
      >
        {placeholder !== null ? <option value="">{placeholder}</option> : null}
        {options.map((o) => (
          <option key={o.value} value={o.value}>
            {o.label}
          </option>
        ))}
      </select>
      <FieldError meta={meta} />
    </div>
  );
}

export function FormErrors({ id, errors }: { id?: string; errors?: string[] }) {
  if (!errors?.length) return null;
  return (
    <div id={id} role="alert" className="mb-6 rounded-8 border-l-4 border-error-1 bg-red-50 p-4">
      {errors.map((e) => (
        <p key={e}>{e}</p>
      ))}
    </div>
  );
}
