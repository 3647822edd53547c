import { Form } from "@remix-run/react";
import { formatDateTimeJa } from "~/lib/dates";
import { COUNTERPART_CONTACT_MESSAGES as M } from "../counterpart-contact";

export type PendingCounterpartProps = {
  name: string;
  department: string;
  /** Shown only to those who may edit the engagement. */
  email: string | null;
  at: string;
  byName: string | null;
  /** Staff, and not the proposer: the accept and reject forms. */
  canDecide: boolean;
};

/**
 * A trainer's proposed counterpart contact on the engagement page: what is proposed, by whom,
 * and for staff the decision (accept, or reject with a reason the trainer is told).
 */
export function PendingCounterpart(props: PendingCounterpartProps) {
  const { name, department, email, at, byName, canDecide } = props;
  return (
    <section className="card md:col-span-2 border-l-4 border-l-yellow-700" aria-labelledby="pending-counterpart">
      <h2 id="pending-counterpart" className="mb-2">
        {M.pendingNotice}
      </h2>
      <p className="mb-2">{M.proposedHint}</p>
      <dl className="space-y-1">
        <div className="flex flex-wrap gap-x-2">
          <dt className="text-std-16B-170">提案された担当者</dt>
          <dd>
            {name || "（なし）"}
            {department ? `（${department}）` : ""}
            {email ? `・${email}` : ""}
          </dd>
        </div>
        <div className="flex flex-wrap gap-x-2">
          <dt className="text-std-16B-170">提案</dt>
          <dd>
            {byName ? `${byName}・` : ""}
            {formatDateTimeJa(at)}
          </dd>
        </div>
      </dl>
      {canDecide ? (
        <div className="mt-4 grid gap-4 border-t border-solid-gray-420 pt-4 md:grid-cols-2">
          <Form method="post">
            <input type="hidden" name="intent" value="accept-counterpart" />
            <input type="hidden" name="proposedAt" value={at} />
            <p className="hint mb-2">承認すると、これからの確認依頼はこの担当者に送られます。</p>
            <button type="submit" className="btn w-full sm:w-auto">
              担当者の変更を承認する
            </button>
          </Form>
          <Form method="post" className="grid gap-2">
            <input type="hidden" name="intent" value="reject-counterpart" />
            <input type="hidden" name="proposedAt" value={at} />
            <label htmlFor="counterpart-reject-reason" className="label">
              却下の理由（トレーナーに伝えます）<span className="required">必須</span>
            </label>
            <textarea
              id="counterpart-reject-reason"
              name="reason"
              rows={2}
              className="input"
              aria-required
              maxLength={1000}
            />
            <button type="submit" className="btn-secondary w-full sm:w-auto">
              却下する
            </button>
          </Form>
        </div>
      ) : null}
    </section>
  );
}
