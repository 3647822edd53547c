import { Link } from "@remix-run/react";
import { formatDateJa, formatFiscalYear } from "~/lib/dates";
import { FlashMessage } from "~/ui/layout";
import { REPORT_LABELS } from "../labels";
import type { FiscalYearReport } from "../report.server";
import { MunicipalityTable } from "./report-page";
import { count, FigureTable, FiscalYearPicker, HoursFigure, hoursLabel, PrefectureFigure } from "./report-parts";

// /staff/reports/ojt: the annual OJT outcome report for MIC and the Digital Agency, printable
// (print.css hides the site's frame). Each chart stands beside the table of its figures.

export function OjtReport({
  years,
  report,
  error,
  issuerName,
  today,
}: {
  years: number[];
  report: FiscalYearReport | null;
  error: string | null;
  issuerName: string;
  today: string;
}) {
  const fy = report?.fiscalYear ?? null;
  return (
    <div className="ojt-report report-print">
      <div className="no-print mb-6 flex flex-wrap items-end justify-between gap-4">
        <FiscalYearPicker years={years} selected={fy} action="/staff/reports/ojt" />
        <p className="flex flex-wrap items-center gap-3">
          {fy !== null ? (
            <>
              <PrintButton />
              <a href={`/staff/reports/csv/ojt?fy=${fy}`} download className="btn-secondary inline-block">
                CSVをダウンロード
              </a>
            </>
          ) : null}
          <Link to={fy !== null ? `/staff/reports?fy=${fy}` : "/staff/reports"}>年度別の実績に戻る</Link>
        </p>
      </div>
      {report ? null : <h1 className="mb-4">{REPORT_LABELS.ojtTitle}</h1>}
      <FlashMessage message={error} tone="error" />
      {report ? <Body r={report} issuerName={issuerName} today={today} /> : null}
    </div>
  );
}

function PrintButton() {
  return (
    <button type="button" className="btn" onClick={() => window.print()}>
      印刷する
    </button>
  );
}

function Body({ r, issuerName, today }: { r: FiscalYearReport; issuerName: string; today: string }) {
  const p = r.placements.total;
  const summary: { label: string; value: string }[] = [
    { label: "OJT実施件数", value: `${count(p.placements)}件` },
    { label: "うち実施中", value: `${count(p.active)}件` },
    { label: "うち修了", value: `${count(p.completed)}件` },
    { label: "うち中止", value: `${count(p.discontinued)}件` },
    { label: "OJT参加者数", value: `${count(r.placements.trainees)}人` },
    { label: "受入自治体数", value: `${count(r.placements.municipalities.length)}団体` },
    { label: "この年度のOJT修了者", value: `${count(r.completions.ojt)}人` },
    { label: "承認済みの記録", value: `${count(r.hours.entries)}件・${hoursLabel(r.hours.totalMinutes)}` },
    { label: "成果物", value: `${count(r.deliverables.total)}件` },
  ];
  return (
    <article aria-labelledby="ojt-report-title">
      <header className="mb-6">
        <h1 id="ojt-report-title">
          {formatFiscalYear(r.fiscalYear)} {REPORT_LABELS.ojtTitle}
        </h1>
        <p className="mt-2 text-solid-gray-800">
          対象期間 {formatDateJa(r.bounds.start)} 〜 {formatDateJa(r.bounds.end)}・作成 {formatDateJa(today)}・
          {issuerName}
        </p>
        <p className="mt-1 text-dns-14N-130 text-solid-gray-800">
          OJTは期間がこの年度にかかるもの（実施中・終了）、時間と成果物はトレーナーが承認した記録を作業日の年度で数えています。
        </p>
      </header>
      <div className="grid gap-8 [&>*]:min-w-0">
        <section aria-labelledby="ojt-summary">
          <h2 id="ojt-summary" className="mb-3">
            1. 概要
          </h2>
          <FigureTable
            id="ojt-summary-table"
            caption="実施状況の概要"
            rows={summary}
            rowKey={(s) => s.label}
            columns={[
              { header: "項目", cell: (s) => s.label },
              { header: "実績", cell: (s) => s.value },
            ]}
          />
        </section>
        <section aria-labelledby="ojt-prefectures">
          <h2 id="ojt-prefectures" className="mb-3">
            2. 都道府県別の実施件数
          </h2>
          <PrefectureFigure id="ojt-by-prefecture" rows={r.placements.prefectures} />
          <div className="mt-6">
            <MunicipalityTable rows={r.placements.municipalities} />
          </div>
        </section>
        <section aria-labelledby="ojt-task-kinds">
          <h2 id="ojt-task-kinds" className="mb-3">
            3. 作業の種類別の承認時間
          </h2>
          <HoursFigure
            id="ojt-by-task-kind"
            title="作業の種類別の承認時間"
            first="作業の種類"
            rows={r.hours.taskKinds}
          />
        </section>
        <section aria-labelledby="ojt-phases">
          <h2 id="ojt-phases" className="mb-3">
            4. PGLのフェーズ別の承認時間
          </h2>
          <HoursFigure id="ojt-by-phase" title="PGLのフェーズ別の承認時間" first="フェーズ" rows={r.hours.phases} />
        </section>
        <section aria-labelledby="ojt-roles">
          <h2 id="ojt-roles" className="mb-3">
            5. MICの役割別の承認時間
          </h2>
          <HoursFigure id="ojt-by-role" title="MICの役割別の承認時間" first="役割" rows={r.hours.roles} />
        </section>
        <section aria-labelledby="ojt-deliverables">
          <h2 id="ojt-deliverables" className="mb-3">
            6. 成果物
          </h2>
          <FigureTable
            id="ojt-deliverables-table"
            caption="作業の種類別の成果物"
            rows={r.deliverables.byTaskKind}
            total={{ key: "", label: "合計", count: r.deliverables.total }}
            rowKey={(d) => d.key}
            columns={[
              { header: "作業の種類", cell: (d) => d.label },
              { header: "件数", cell: (d) => count(d.count) },
            ]}
          />
        </section>
      </div>
    </article>
  );
}
