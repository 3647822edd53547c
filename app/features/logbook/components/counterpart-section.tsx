import { Form } from "@remix-run/react";
import { formatDateTimeJa } from "~/lib/dates";
import { COUNTERPART_MESSAGES as M, COUNTERPART_STATUS_LABELS } from "../counterpart-messages";

export type CounterpartRequestItem = {
  id: number;
  entry_version: number;
  status: string;
  recipient_name: string;
  recipient_department: string;
  requested_at: string;
  expires_at: string;
  reminded_at: string | null;
  responded_at: string | null;
  responder_name: string | null;
  responder_department: string | null;
  decline_reason: string | null;
};

export type CounterpartSectionProps = {
  placementId: number;
  entryId: number;
  approved: boolean;
  contact: { name: string; department: string; email: string | null };
  requests: CounterpartRequestItem[];
  canRequest: boolean;
  canReroute: boolean;
  /** The contact's address is the trainer's or the trainee's (no request can go to it). */
  pairAddress?: boolean;
  /** A refusal to show (the counterpart route passes its action's message). */
  error?: string | null;
  /** Where to come back after a request or re-route: the counterpart page itself, or the entry page. */
  returnTo?: "counterpart" | "entry";
};

/**
 * The municipal counterpart's confirmation of one entry, for the entry page: its status and
 * history, the trainer's (or staff's) request button, and staff's re-route form.
 */
export function CounterpartSection(props: CounterpartSectionProps) {
  const { placementId, entryId, approved, contact, requests, canRequest, canReroute, error } = props;
  const action = `/placements/${placementId}/log/${entryId}/counterpart${props.returnTo === "entry" ? "?returnTo=entry" : ""}`;
  return (
    <section className="card" aria-labelledby={`counterpart-${entryId}`}>
      <h2 id={`counterpart-${entryId}`} className="mb-2">
        自治体担当者の確認
      </h2>
      {error ? (
        <p role="alert" className="mb-3 rounded-8 border-l-4 border-error-1 bg-red-50 p-3">
          {error}
        </p>
      ) : null}
      {!approved ? <p className="text-solid-gray-800">{M.notApproved}</p> : null}
      {requests.length === 0 ? (
        approved ? (
          <p className="text-solid-gray-800">まだ確認を依頼していません。</p>
        ) : null
      ) : (
        <ul className="divide-y divide-solid-gray-420">
          {requests.map((r) => (
            <li key={r.id} className="py-3">
              <p>
                <span className="badge">{COUNTERPART_STATUS_LABELS[r.status] ?? r.status}</span> {r.recipient_name}
                {r.recipient_department ? `（${r.recipient_department}）` : ""}・依頼 {formatDateTimeJa(r.requested_at)}
              </p>
              {r.status === "pending" ? (
                <p className="text-dns-14N-130 text-solid-gray-800">
                  期限 {formatDateTimeJa(r.expires_at)}
                  {r.reminded_at ? `・催促済み ${formatDateTimeJa(r.reminded_at)}` : ""}
                </p>
              ) : null}
              {r.responded_at && r.responder_name ? (
                <p className="text-dns-14N-130 text-solid-gray-800">
                  回答 {r.responder_name}
                  {r.responder_department ? `（${r.responder_department}）` : ""}・{formatDateTimeJa(r.responded_at)}
                  {r.decline_reason ? `・理由: ${r.decline_reason}` : ""}
                </p>
              ) : null}
            </li>
          ))}
        </ul>
      )}
      {canRequest ? (
        <Form method="post" action={action} className="mt-4">
          <input type="hidden" name="intent" value="request" />
          <p className="mb-2">
            依頼先: {contact.name}
            {contact.department ? `（${contact.department}）` : ""}
            {contact.email ? `・${contact.email}` : ""}
          </p>
          <button type="submit" className="btn w-full sm:w-auto">
            自治体担当者に確認を依頼する
          </button>
        </Form>
      ) : null}
      {approved && !contact.name ? <p className="mt-3 text-solid-gray-800">{M.noContact}</p> : null}
      {approved && props.pairAddress ? <p className="mt-3 text-solid-gray-800">{M.pairAddress}</p> : null}
      {canReroute ? (
        <Form method="post" action={action} className="mt-4 border-t border-solid-gray-420 pt-4">
          <input type="hidden" name="intent" value="reroute" />
          <h3 className="mb-2">依頼先を変更する（担当者の異動など）</h3>
          <p className="hint mb-3">
            確認待ちの依頼を取り消し、新しい担当者に改めて依頼します。案件の担当者も更新されます。
          </p>
          <div className="mb-4">
            <label htmlFor={`reroute-name-${entryId}`} className="label">
              新しい担当者の氏名<span className="required">必須</span>
            </label>
            <input
              id={`reroute-name-${entryId}`}
              name="counterpartName"
              className="input"
              defaultValue={contact.name}
              aria-required
            />
          </div>
          <div className="mb-4">
            <label htmlFor={`reroute-dept-${entryId}`} className="label">
              所属
            </label>
            <input
              id={`reroute-dept-${entryId}`}
              name="counterpartDepartment"
              className="input"
              defaultValue={contact.department}
            />
          </div>
          <div className="mb-4">
            <label htmlFor={`reroute-email-${entryId}`} className="label">
              メールアドレス<span className="required">必須</span>
            </label>
            <input
              id={`reroute-email-${entryId}`}
              name="counterpartEmail"
              type="email"
              className="input"
              defaultValue={contact.email ?? ""}
              aria-required
            />
          </div>
          <button type="submit" className="btn-secondary w-full sm:w-auto">
            新しい担当者に依頼する
          </button>
        </Form>
      ) : null}
    </section>
  );
}
