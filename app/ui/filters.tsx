import { PREFECTURES } from "~/lib/local-gov-code";

// Fields of the GET search forms above lists (courses, engagements, municipalities, users,
// the matching board). They submit by name; the values come back through the URL, so each
// field only needs its current value as the default, and is keyed by it: an uncontrolled
// field keeps its state across client-side navigations (a link to other filters, "clear").

export function SearchFilter({
  id = "q",
  label,
  defaultValue,
  placeholder,
  className,
}: {
  id?: string;
  label: string;
  defaultValue: string;
  placeholder?: string;
  className?: string;
}) {
  return (
    <div className={className}>
      <label htmlFor={id} className="label">
        {label}
      </label>
      <input
        key={defaultValue}
        id={id}
        name={id}
        type="search"
        defaultValue={defaultValue}
        className="input"
        placeholder={placeholder}
      />
    </div>
  );
}

/** A select whose first option, 「すべて」, means no filter. */
export function SelectFilter({
  id,
  label,
  defaultValue,
  options,
  className,
}: {
  id: string;
  label: string;
  defaultValue: string;
  options: ReadonlyArray<{ value: string; label: string }>;
  className?: string;
}) {
  return (
    <div className={className}>
      <label htmlFor={id} className="label">
        {label}
      </label>
      <select key={defaultValue} id={id} name={id} defaultValue={defaultValue} className="input">
        <option value="">すべて</option>
        {options.map((o) => (
          <option key={o.value} value={o.value}>
            {o.label}
          </option>
        ))}
      </select>
    </div>
  );
}

/** Options for a select of labelled values, e.g. `labelled(COURSE_KINDS, COURSE_KIND_LABELS)`. */
export function labelled<T extends string>(values: readonly T[], labels: Record<T, string>) {
  return values.map((value) => ({ value, label: labels[value] }));
}

export const PREFECTURE_OPTIONS = PREFECTURES.map((p) => ({ value: p.code, label: p.name }));
