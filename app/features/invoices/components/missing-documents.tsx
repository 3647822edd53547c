import { Form, Link } from "@remix-run/react";
import { MISSING_REGISTRATION_WARNING } from "../labels";

/**
 * The staff warning when invoices or receipts could not be issued: the registration number is
 * unset (with a link to set it), or it is set and some are still missing (one-click issue).
 */
export function MissingDocumentsWarning({
  registered,
  missing,
  settingsLink = false,
}: {
  registered: boolean;
  missing: number;
  settingsLink?: boolean;
}) {
  if (registered && missing === 0) return null;
  return (
    <div
      className="mb-4 rounded-8 border-l-4 border-yellow-700 bg-yellow-50 p-3"
      role="status"
      data-testid="missing-documents"
    >
      {registered ? (
        <Form method="post" className="flex flex-col gap-2 sm:flex-row sm:items-center sm:justify-between">
          <p>未発行の請求書・領収書が {missing} 件あります。</p>
          <button type="submit" name="intent" value="issue-documents" className="btn btn-small">
            未発行分を発行する
          </button>
        </Form>
      ) : (
        <p>
          {MISSING_REGISTRATION_WARNING}
          {settingsLink ? (
            <>
              {" "}
              <Link to="/staff/issuer-settings">登録番号を設定する</Link>
            </>
          ) : null}
        </p>
      )}
    </div>
  );
}
