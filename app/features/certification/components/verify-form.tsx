import { Form } from "@remix-run/react";

/** The number box of the verification pages: a plain GET form, works without JavaScript. */
export function VerifyForm({ defaultValue, error }: { defaultValue?: string; error?: string | null }) {
  return (
    <Form method="get" action="/verify" className="card" aria-labelledby="verify-form-heading">
      <h2 id="verify-form-heading" className="mb-3">
        修了証番号で確認する
      </h2>
      <label htmlFor="verify-number" className="label">
        修了証番号
      </label>
      <p id="verify-number-hint" className="hint">
        修了証の右上に印刷された番号です。全角で入力しても確認できます。
      </p>
      <div className="flex flex-col gap-3 sm:flex-row sm:items-start">
        <input
          id="verify-number"
          name="number"
          type="text"
          className="input w-full sm:max-w-md"
          defaultValue={defaultValue}
          autoComplete="off"
          autoCapitalize="characters"
          spellCheck={false}
          maxLength={200}
          aria-invalid={error ? true : undefined}
          aria-describedby={error ? "verify-number-hint verify-number-error" : "verify-number-hint"}
        />
        <button type="submit" className="btn w-full sm:w-auto">
          確認する
        </button>
      </div>
      {error ? (
        <p id="verify-number-error" className="field-error" role="alert">
          {error}
        </p>
      ) : null}
    </Form>
  );
}
