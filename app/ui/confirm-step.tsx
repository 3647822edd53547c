import { Form, Link, useLocation } from "@remix-run/react";
import { useEffect, useRef } from "react";
import { CONFIRM_FIELD, type Confirmation } from "~/lib/confirmation";

/**
 * The second step of an irreversible action: states what will happen and posts the first
 * step's fields again with the confirmation. Rendered from the action's answer, so it works
 * without JavaScript; with it, focus moves to the heading so a screen reader hears the question.
 */
export function ConfirmStep({
  confirm,
  cancelTo,
  busy,
  children,
}: {
  confirm: Confirmation;
  /** Where やめる leads; by default the page the first step was posted from, as it was. */
  cancelTo?: string;
  busy?: boolean;
  /** What the action applies to (names, numbers), shown under the consequences. */
  children?: React.ReactNode;
}) {
  const location = useLocation();
  const heading = useRef<HTMLHeadingElement>(null);
  useEffect(() => heading.current?.focus(), [confirm]);
  return (
    <section
      aria-labelledby="confirm-heading"
      className="mb-6 rounded-8 border-l-4 border-yellow-700 bg-yellow-50 p-4"
      data-testid="confirm-step"
    >
      <h2 id="confirm-heading" ref={heading} tabIndex={-1} className="text-std-18B-160">
        {confirm.title}
      </h2>
      <ul className="mt-2 list-disc pl-6">
        {confirm.consequences.map((line) => (
          <li key={line}>{line}</li>
        ))}
      </ul>
      {children}
      <Form method="post" className="mt-4 flex flex-col gap-2 sm:flex-row">
        {confirm.fields.map(([name, value], i) => (
          <input key={`${name}-${i}`} type="hidden" name={name} value={value} />
        ))}
        <input type="hidden" name={CONFIRM_FIELD} value="yes" />
        <button type="submit" className="btn-danger w-full sm:w-auto" disabled={busy}>
          {confirm.confirmLabel}
        </button>
        <Link
          to={cancelTo ?? `${location.pathname}${location.search}`}
          className="btn-secondary w-full text-center sm:w-auto"
        >
          やめる
        </Link>
      </Form>
    </section>
  );
}
