import { Link } from "@remix-run/react";
import { formatFiscalYear } from "~/lib/dates";
import { EmptyState, FlashMessage, PageHeader } from "~/ui/layout";
import { REPORT_LABELS } from "../labels";
import type {
  FiscalYearReport,
  KindEnrollmentRow,
  CourseEnrollmentRow,
  MunicipalityPlacementRow,
} from "../report.server";
import {
  count,
  FigureTable,
  FiscalYearPicker,
  HoursFigure,
  hoursLabel,
  PrefectureFigure,
  type Column,
} from "./report-parts";

// /staff/reports: every figure of one fiscal year, as tables, each with its CSV.

const ENROLLMENT_COLUMNS = <T extends KindEnrollmentRow | CourseEnrollmentRow>(
  first: string,
  name: (r: T) => string,
): Column<T>[] => [
  { header: first, cell: name },
  { header: "申込", cell: (r) => count(r.applications) },
  { header: "受講確定", cell: (r) => count(r.enrolled) },
  { header: "承認待ち", cell: (r) => count(r.pending) },
  { header: "キャンセル待ち", cell: (r) => count(r.waitlisted) },
  { header: "キャンセル", cell: (r) => count(r.cancelled) },
  { header: "修了", cell: (r) => count(r.completed) },
];

function CsvLink({ table, fy, children }: { table: string; fy: number; children: React.ReactNode }) {
  return (
    <span className="inline-flex gap-3">
      <a
        href={`/staff/reports/csv/${table}?fy=${fy}`}
        download
        className="text-dns-16N-130"
        data-testid={`csv-${table}`}
      >
        {children}
      </a>
      <a
        href={`/staff/reports/xlsx/${table}?fy=${fy}`}
        download
        className="text-dns-16N-130"
        data-testid={`xlsx-${table}`}
      >
        Excel（.xlsx）
      </a>
    </span>
  );
}

function Section({
  id,
  title,
  csv,
  children,
}: {
  id: string;
  title: string;
  csv?: React.ReactNode;
  children: React.ReactNode;
}) {
  return (
    <section className="card min-w-0" aria-labelledby={id}>
      <div className="mb-3 flex flex-wrap items-baseline justify-between gap-2">
        <h2 id={id}>{title}</h2>
        {csv ? <span className="no-print">{csv}</span> : null}
      </div>
      <div className="grid gap-6 [&>*]:min-w-0">{children}</div>
    </section>
  );
}

function Summary({ r }: { r: FiscalYearReport }) {
  const items: [string, string][] = [
    ["受講申込", `${count(r.enrollments.total.applications)}件`],
    ["研修の修了者", `${count(r.completions.courses)}人`],
    ["修了証の発行", `${count(r.certificates.total)}件`],
    ["OJT実施件数", `${count(r.placements.total.placements)}件`],
    ["OJT修了", `${count(r.completions.ojt)}人`],
    ["承認済みのOJT時間", hoursLabel(r.hours.totalMinutes)],
    ["OJT成果物", `${count(r.deliverables.total)}件`],
  ];
  return (
    <dl className="grid grid-cols-2 gap-3 sm:grid-cols-4 lg:grid-cols-7" data-testid="report-summary">
      {items.map(([label, value]) => (
        <div key={label} className="rounded-8 border border-solid-gray-200 bg-white p-3">
          <dt className="text-dns-14N-130 text-solid-gray-700">{label}</dt>
          <dd className="text-std-20B-150 tabular-nums">{value}</dd>
        </div>
      ))}
    </dl>
  );
}

export function ReportPage({
  years,
  report,
  error,
}: {
  years: number[];
  report: FiscalYearReport | null;
  error: string | null;
}) {
  const fy = report?.fiscalYear ?? null;
  // Printed on A4 landscape: the hours' three tables and the summary stand side by side.
  return (
    <div className="report-print print-landscape">
      <PageHeader
        title={REPORT_LABELS.title}
        lead={fy !== null ? `${formatFiscalYear(fy)}（${report!.bounds.start} 〜 ${report!.bounds.end}）` : undefined}
      />
      <div className="no-print mb-6 flex flex-wrap items-end justify-between gap-4">
        <FiscalYearPicker years={years} selected={fy} action="/staff/reports" />
        {fy !== null ? (
          <p className="flex flex-wrap gap-3">
            <Link to={`/staff/reports/ojt?fy=${fy}`} className="btn-secondary inline-block">
              {REPORT_LABELS.ojtTitle}（印刷用）
            </Link>
            <a
              href={`/staff/reports/csv/ojt?fy=${fy}`}
              download
              className="btn-secondary inline-block"
              data-testid="csv-ojt"
            >
              {REPORT_LABELS.ojtTitle}（CSV）
            </a>
            <a
              href={`/staff/reports/xlsx/ojt?fy=${fy}`}
              download
              className="btn-secondary inline-block"
              data-testid="xlsx-ojt"
            >
              {REPORT_LABELS.ojtTitle}（Excel（.xlsx））
            </a>
          </p>
        ) : null}
      </div>
      <FlashMessage message={error} tone="error" />
      {report ? <ReportBody r={report} /> : null}
    </div>
  );
}

function ReportBody({ r }: { r: FiscalYearReport }) {
  const fy = r.fiscalYear;
  const empty =
    r.enrollments.total.applications === 0 &&
    r.certificates.total === 0 &&
    r.placements.total.placements === 0 &&
    r.hours.entries === 0 &&
    r.completions.ojt === 0;
  // An empty year is one message, not seven empty tables.
  if (empty)
    return (
      <EmptyState title={REPORT_LABELS.noData}>
        研修の開催回、OJTの記録や修了証がこの年度にできると、ここに集計されます。
      </EmptyState>
    );
  return (
    <div className="grid gap-6 [&>*]:min-w-0">
      <Summary r={r} />
      <Section
        id="enrollments"
        title="受講申込と修了"
        csv={
          <CsvLink table="enrollments" fy={fy}>
            講座別のCSV
          </CsvLink>
        }
      >
        <p className="text-dns-16N-130 text-solid-gray-800">開催回の年度で集計しています。</p>
        <FigureTable
          id="enrollments-by-kind"
          caption="研修の種類別"
          columns={ENROLLMENT_COLUMNS<KindEnrollmentRow>("研修の種類", (k) => k.label)}
          rows={r.enrollments.kinds}
          total={{ kind: "", label: "合計", ...r.enrollments.total }}
          rowKey={(k) => k.kind}
        />
        <FigureTable
          id="enrollments-by-course"
          caption="講座別"
          columns={ENROLLMENT_COLUMNS<CourseEnrollmentRow>("講座", (c) => `${c.title}（${c.code}）`)}
          rows={r.enrollments.courses}
          rowKey={(c) => String(c.courseId)}
        />
      </Section>
      <Section
        id="certificates"
        title="修了証の発行"
        csv={
          <CsvLink table="certificates" fy={fy}>
            CSV
          </CsvLink>
        }
      >
        <FigureTable
          id="certificates-by-programme"
          caption={`修了認定別（${formatFiscalYear(fy)}に発行）`}
          rows={r.certificates.programmes}
          total={{ programmeId: 0, name: "合計", ...sumCertificates(r) }}
          rowKey={(p) => String(p.programmeId)}
          columns={[
            { header: "修了認定", cell: (p) => p.name },
            { header: "有効", cell: (p) => count(p.valid) },
            { header: "一時停止", cell: (p) => count(p.suspended) },
            { header: "取消", cell: (p) => count(p.revoked) },
            { header: "発行数", cell: (p) => count(p.total) },
          ]}
        />
      </Section>
      <Section
        id="placements"
        title="OJTの受入"
        csv={
          <CsvLink table="placements" fy={fy}>
            自治体別のCSV
          </CsvLink>
        }
      >
        <p className="text-dns-16N-130 text-solid-gray-800">
          期間がこの年度にかかるOJT（実施中・終了）です。年度をまたぐOJTは両方の年度に数えます。参加者
          {count(r.placements.trainees)}人、この年度に修了 {count(r.completions.ojt)}人。
        </p>
        <PrefectureFigure id="placements-by-prefecture" rows={r.placements.prefectures} chart={false} />
        <MunicipalityTable rows={r.placements.municipalities} />
      </Section>
      <Section
        id="hours"
        title="OJTの承認済み時間"
        csv={
          <CsvLink table="hours" fy={fy}>
            CSV
          </CsvLink>
        }
      >
        <p className="text-dns-16N-130 text-solid-gray-800">
          トレーナーが承認した記録だけを、作業日の年度で集計しています。
        </p>
        <div className="grid gap-6 lg:grid-cols-3 [&>*]:min-w-0">
          <HoursFigure
            id="hours-by-task-kind"
            title="作業の種類別"
            first="作業の種類"
            rows={r.hours.taskKinds}
            chart={false}
          />
          <HoursFigure
            id="hours-by-phase"
            title="PGLのフェーズ別"
            first="フェーズ"
            rows={r.hours.phases}
            chart={false}
          />
          <HoursFigure id="hours-by-role" title="MICの役割別" first="役割" rows={r.hours.roles} chart={false} />
        </div>
      </Section>
      <Section
        id="deliverables"
        title="OJTの成果物"
        csv={
          <CsvLink table="deliverables" fy={fy}>
            CSV
          </CsvLink>
        }
      >
        <div className="grid gap-6 md:grid-cols-2 [&>*]:min-w-0">
          <FigureTable
            id="deliverables-by-task-kind"
            caption="作業の種類別"
            rows={r.deliverables.byTaskKind}
            total={{ key: "", label: "合計", count: r.deliverables.total }}
            rowKey={(d) => d.key}
            columns={[
              { header: "作業の種類", cell: (d) => d.label },
              { header: "件数", cell: (d) => count(d.count) },
            ]}
          />
          <FigureTable
            id="deliverables-by-type"
            caption="ファイルの種類別"
            rows={r.deliverables.byType}
            total={{ key: "", label: "合計", count: r.deliverables.total }}
            rowKey={(d) => d.key}
            columns={[
              { header: "ファイルの種類", cell: (d) => d.label },
              { header: "件数", cell: (d) => count(d.count) },
            ]}
          />
        </div>
      </Section>
    </div>
  );
}

function sumCertificates(r: FiscalYearReport) {
  const p = r.certificates.programmes;
  const sum = (f: (x: (typeof p)[number]) => number) => p.reduce((s, x) => s + f(x), 0);
  return {
    valid: sum((x) => x.valid),
    suspended: sum((x) => x.suspended),
    revoked: sum((x) => x.revoked),
    total: sum((x) => x.total),
  };
}

export function MunicipalityTable({ rows }: { rows: MunicipalityPlacementRow[] }) {
  return (
    <FigureTable
      id="placements-by-municipality"
      caption="自治体別のOJT実施件数"
      rows={rows}
      rowKey={(m) => m.code}
      columns={[
        { header: "自治体", cell: (m) => `${m.prefectureName} ${m.name}` },
        { header: "OJT件数", cell: (m) => count(m.placements) },
        { header: "実施中", cell: (m) => count(m.active) },
        { header: "修了", cell: (m) => count(m.completed) },
        { header: "中止", cell: (m) => count(m.discontinued) },
        { header: "終了（結果未記録）", cell: (m) => count(m.endedOther) },
      ]}
    />
  );
}
