import { Form, Link } from "@remix-run/react";
import { StatusBadge } from "~/features/catalog/components/badges";
import { formatYen } from "~/features/vocabulary/course-kinds";
import { formatDateTimeJa } from "~/lib/dates";
import { withFilters } from "~/lib/record-list";
import type { ReactNode } from "react";
import { EmptyState } from "~/ui/layout";
import { RecordList } from "~/ui/record-list";
import {
  ENROLLMENT_STATUS_LABELS,
  ENROLLMENT_STATUSES,
  type EnrollmentStatus,
} from "~/features/vocabulary/enrollment-statuses";

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
  position: number | null;
};

/** Status tabs with counts; links keep the page simple and work without scripts. */
export function RosterTabs({
  counts,
  current,
  basePath,
  q = "",
}: {
  counts: Record<EnrollmentStatus, number>;
  current: EnrollmentStatus | "";
  basePath: string;
  /** The name search, kept when switching tabs. */
  q?: string;
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
              to={withFilters(basePath, "", { status: t.value, q })}
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

/**
 * The roster. On a phone every row becomes a stacked card (`stack-table`, labels from
 * data-label); staff get payment and approval buttons, instructors a read-only view without
 * e-mail or payments. A roster may hold hundreds of rows, so each row is kept lean: one form
 * around the table (each button names its operation and enrolment), plain cells, no per-row
 * utility-class soup; the name links to the enrolment's detail (cancel, move, history).
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
  const table = (
    <table className="data-table stack-table roster-table">
      <caption className="sr-only">受講者名簿</caption>
      <thead>
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
      <tbody>
        {rows.map((r) => (
          <tr key={r.id} data-testid={`roster-row-${r.id}`}>
            <td data-label="受付">{r.queue_seq}</td>
            <td>
              <span className="sub">{r.name_kana}</span>
              {staff ? (
                <a href={`${basePath}/enrollments/${r.id}`} className="font-bold">
                  {r.name}
                </a>
              ) : (
                <b>{r.name}</b>
              )}
              <span className="sub">
                {r.organization}
                {staff ? <span className="block break-all">{r.email}</span> : null}
              </span>
            </td>
            <td data-label="状態">
              {r.completed_at ? (
                <span className="badge bg-green-1000 text-white">修了</span>
              ) : (
                <StatusBadge status={r.status} position={r.status === "waitlisted" ? r.position : null} />
              )}
              <span className="sub">{formatDateTimeJa(r.requested_at)}</span>
            </td>
            <td data-label="出席">{`${r.attended ?? 0}／${sessionCount}日`}</td>
            <td data-label="アンケート">{r.questionnaire_submitted_at ? "回答済" : "未回答"}</td>
            {staff ? (
              <td data-label="受講料">
                {formatYen(r.fee_yen)}
                {r.fee_yen > 0 ? <span className="sub">{r.paid_at ? "入金確認済" : "未確認"}</span> : null}
              </td>
            ) : null}
            {staff ? (
              <td className="actions">
                {r.status === "pending" ? (
                  <button
                    type="submit"
                    name="op"
                    value={`approve:${r.id}`}
                    className="btn-secondary btn-small"
                    aria-label={`承認（${r.name}）`}
                  >
                    承認
                  </button>
                ) : null}
                {r.fee_yen > 0 && r.status !== "cancelled" && !r.paid_at ? (
                  <button
                    type="submit"
                    name="op"
                    value={`paid:${r.id}`}
                    className="btn-secondary btn-small"
                    aria-label={`入金確認（${r.name}）`}
                  >
                    入金確認
                  </button>
                ) : null}
              </td>
            ) : null}
          </tr>
        ))}
      </tbody>
    </table>
  );
  return staff ? <Form method="post">{table}</Form> : table;
}

/**
 * The roster as staff and trainers see it: status tabs, the name search, the table and its
 * pages. `emptyHint` tells the viewer how a roster with nobody in it fills up.
 */
export function RosterSection({
  roster,
  query,
  basePath,
  sessionCount,
  mode,
  emptyHint,
}: {
  roster: {
    counts: Parameters<typeof RosterTabs>[0]["counts"];
    rows: ReadonlyArray<Row>;
    total: number;
    page: number;
    pageCount: number;
  };
  query: { status: Parameters<typeof RosterTabs>[0]["current"]; q: string };
  basePath: string;
  sessionCount: number;
  mode: "staff" | "instructor";
  emptyHint?: ReactNode;
}) {
  return (
    <section aria-labelledby="roster-heading">
      <h2 id="roster-heading" className="mb-3">
        名簿
      </h2>
      <RosterTabs counts={roster.counts} current={query.status} basePath={basePath} q={query.q} />
      <RecordList
        searchLabel="氏名・ふりがなで検索"
        searchPlaceholder="例：鈴木、すずき"
        q={query.q}
        total={roster.total}
        page={roster.page}
        pageCount={roster.pageCount}
        hiddenFilters={{ status: query.status }}
        empty={
          query.q ? (
            <EmptyState title="検索に一致する受講者はいません">
              氏名やふりがなの一部で検索するか、「検索をやめる」で名簿に戻ってください。
            </EmptyState>
          ) : (
            <EmptyState title="該当する申込はありません">{emptyHint}</EmptyState>
          )
        }
      >
        <RosterTable rows={roster.rows} sessionCount={sessionCount} mode={mode} basePath={basePath} />
      </RecordList>
    </section>
  );
}
