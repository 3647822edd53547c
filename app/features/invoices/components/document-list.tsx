import { formatDateJa } from "~/lib/dates";
import type { InvoiceDocument } from "../invoices.server";
import { DOCUMENT_KIND_LABELS, DOCUMENT_STATUS_LABELS } from "../labels";

type Listed = Pick<InvoiceDocument, "id" | "kind" | "number" | "issued_on" | "amount_yen" | "status" | "void_reason">;

const yen = (n: number) => `${new Intl.NumberFormat("ja-JP").format(n)}円`;

/** The invoices and receipts of one enrolment, each with its PDF link; voided ones say why. */
export function DocumentList({ documents, cancelled }: { documents: Listed[]; cancelled: boolean }) {
  if (documents.length === 0) return null;
  const keptReceipt = cancelled && documents.some((d) => d.kind === "receipt" && d.status === "issued");
  return (
    <div data-testid="documents">
      <ul className="space-y-1">
        {documents.map((d) => (
          <li key={d.id} className="flex flex-wrap items-baseline gap-x-3">
            <a href={`/invoices/${d.id}.pdf`} download>
              {DOCUMENT_KIND_LABELS[d.kind]}（PDF）{d.number}
            </a>
            <span className="text-dns-14N-130 text-solid-gray-700">
              {formatDateJa(d.issued_on)} 発行・{yen(d.amount_yen)}（税込）
            </span>
            {d.status === "voided" ? (
              <span className="badge bg-red-900 text-white">
                {DOCUMENT_STATUS_LABELS.voided}
                {d.void_reason ? `：${d.void_reason}` : ""}
              </span>
            ) : null}
          </li>
        ))}
      </ul>
      {keptReceipt ? (
        <p className="mt-1 text-dns-14N-130">
          申込は取り消されましたが、発行済みの領収書は入金の記録として有効なまま残ります（返金は事務局にお問い合わせください）。
        </p>
      ) : null}
    </div>
  );
}
