import { formatDateJa } from "~/lib/dates";
import { bankAccountLines, dueRuleText, type PaymentSettings } from "../instructions";

/** How to pay a fee: the bank account and the deadline (a date when known, else the rule). */
export function PaymentDetails({
  settings,
  dueDate,
  headingId,
}: {
  settings: PaymentSettings | null;
  dueDate: string | null;
  headingId?: string;
}) {
  if (!settings) return <p>お支払い方法（振込先）は事務局からご案内します。</p>;
  return (
    <div aria-labelledby={headingId}>
      <p>銀行振込でお支払いください。</p>
      <dl className="mt-2 grid grid-cols-[auto_1fr] gap-x-4 gap-y-1">
        {bankAccountLines(settings).map((l) => (
          <div key={l.label} className="contents">
            <dt className="text-solid-gray-700">{l.label}</dt>
            <dd>{l.value}</dd>
          </div>
        ))}
        <div className="contents">
          <dt className="text-solid-gray-700">お支払い期限</dt>
          <dd>{dueDate ? `${formatDateJa(dueDate)}（${dueRuleText(settings)}）` : dueRuleText(settings)}</dd>
        </div>
      </dl>
      {settings.note ? <p className="mt-2 text-dns-14N-130">{settings.note}</p> : null}
    </div>
  );
}
