import { Form, Link } from "@remix-run/react";
import { StatusBadge } from "~/features/catalog/components/badges";
import { formatYen } from "~/features/catalog/kinds";
import { formatDateTimeJa } from "~/lib/dates";
import { ENROLLMENT_STATUS_LABELS, ENROLLMENT_STATUSES, type EnrollmentStatus } from "../statuses";

type Row = {
  id: number;
  status: EnrollmentStatus;
  queue_seq: number;
  requested_at: string;
  fee_yen: number;
  paid_at: string | null;
  questionnaire_submitted_at: string | null;
  completed_at: string | null;
  name: string;
  name_kana: string;
  email: string;
  organization: string;
  attended: number | null;
  position: number;
};

/** Status tabs with counts; links keep the page simple and work without scripts. */
export function RosterTabs({
  counts,
  current,
  basePath,
}: {
  counts: Record<EnrollmentStatus, number>;
  current: EnrollmentStatus | "";
  basePath: string;
}) {
  const total = Object.values(counts).reduce((a, b) => a + b, 0);
  const tabs: Array<{ value: EnrollmentStatus | ""; label: string; n: number }> = [
    { value: "", label: "すべて", n: total },
    ...ENROLLMENT_STATUSES.map((s) => ({ value: s, label: ENROLLMENT_STATUS_LABELS[s], n: counts[s] })),
  ];
  return (
    <nav aria-label="申込状態で絞り込み" className="mb-4">
      <ul className="flex flex-wrap gap-2">
        {tabs.map((t) => (
          <li key={t.value}>
            <Link
              to={t.value ? `${basePath}?status=${t.value}` : basePath}
              aria-current={current === t.value ? "page" : undefined}
              className={current === t.value ? "btn btn-small" : "btn-secondary btn-small"}
            >
              {t.label}（{t.n}）
            </Link>
          </li>
        ))}
      </ul>
    </nav>
  );
}

function Cell({ label, children, className = "" }: { label: string; children: React.ReactNode; className?: string }) {
  return (
    <td className={`max-md:flex max-md:gap-2 max-md:border-0 max-md:py-1 ${className}`}>
      <span className="font-bold md:hidden" aria-hidden="true">
        {label}：
      </span>
      {children}
    </td>
  );
}

/**
 * The roster. On a phone every row becomes a stacked card (no sideways scrolling); staff get
 * payment and approval buttons, instructors a read-only view without e-mail or payments.
 */
export function RosterTable({
  rows,
  sessionCount,
  mode,
  basePath,
}: {
  rows: ReadonlyArray<Row>;
  sessionCount: number;
  mode: "staff" | "instructor";
  basePath: string;
}) {
  const staff = mode === "staff";
  return (
    <table className="data-table max-md:block">
      <caption className="sr-only">受講者名簿</caption>
      <thead className="max-md:hidden">
        <tr>
          <th scope="col">受付</th>
          <th scope="col">氏名</th>
          <th scope="col">状態</th>
          <th scope="col">出席</th>
          <th scope="col">アンケート</th>
          {staff ? <th scope="col">受講料</th> : null}
          {staff ? <th scope="col">操作</th> : null}
        </tr>
      </thead>
      <tbody className="max-md:block">
        {rows.map((r) => (
          <tr
            key={r.id}
            className="max-md:mb-3 max-md:block max-md:rounded-8 max-md:border max-md:border-solid-gray-200 max-md:p-3"
            data-testid={`roster-row-${r.id}`}
          >
            <Cell label="受付">{r.queue_seq}</Cell>
            <td className="max-md:block max-md:border-0 max-md:py-1">
              <span className="block text-dns-14N-130 text-solid-gray-700">{r.name_kana}</span>
              {staff ? (
                <Link to={`${basePath}/enrollments/${r.id}`} className="font-bold">
                  {r.name}
                </Link>
              ) : (
                <span className="font-bold">{r.name}</span>
              )}
              <span className="block text-dns-14N-130 text-solid-gray-700">
                {r.organization}
                {staff ? <span className="block break-all">{r.email}</span> : null}
              </span>
            </td>
            <Cell label="状態">
              <span>
                {r.completed_at ? (
                  <span className="badge bg-green-1000 text-white">修了</span>
                ) : (
                  <StatusBadge status={r.status} position={r.status === "waitlisted" ? r.position : null} />
                )}
                <span className="block text-dns-14N-130 text-solid-gray-700">{formatDateTimeJa(r.requested_at)}</span>
              </span>
            </Cell>
            <Cell label="出席">
              {r.attended ?? 0}／{sessionCount}日
            </Cell>
            <Cell label="アンケート">{r.questionnaire_submitted_at ? "回答済" : "未回答"}</Cell>
            {staff ? (
              <Cell label="受講料">
                <span>
                  {formatYen(r.fee_yen)}
                  {r.fee_yen > 0 ? <span className="block">{r.paid_at ? "入金確認済" : "未確認"}</span> : null}
                </span>
              </Cell>
            ) : null}
            {staff ? (
              <td className="max-md:block max-md:border-0 max-md:py-1">
                <div className="flex flex-wrap gap-2">
                  {r.status === "pending" ? (
                    <Form method="post">
                      <input type="hidden" name="enrollmentId" value={r.id} />
                      <button type="submit" name="intent" value="approve" className="btn btn-small">
                        承認<span className="sr-only">（{r.name}）</span>
                      </button>
                    </Form>
                  ) : null}
                  {r.fee_yen > 0 && r.status !== "cancelled" && !r.paid_at ? (
                    <Form method="post">
                      <input type="hidden" name="enrollmentId" value={r.id} />
                      <button type="submit" name="intent" value="paid" className="btn-secondary btn-small">
                        入金確認<span className="sr-only">（{r.name}）</span>
                      </button>
                    </Form>
                  ) : null}
                  <Link to={`${basePath}/enrollments/${r.id}`} className="btn-secondary btn-small">
                    詳細<span className="sr-only">（{r.name}）</span>
                  </Link>
                </div>
              </td>
            ) : null}
          </tr>
        ))}
      </tbody>
    </table>
  );
}
