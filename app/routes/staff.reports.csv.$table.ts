import type { LoaderFunctionArgs } from "@remix-run/node";
import { db } from "~/db.server";
import { requireRole } from "~/features/auth/session.server";
import { REPORT_LABELS } from "~/features/reports/labels";
import { isReportTable, reportCsv } from "~/features/reports/report-csv";
import { reportFor } from "~/features/reports/report.server";

/** One of the report's tables as CSV (UTF-8 with BOM, CRLF) for Japanese Excel. */
export async function loader({ request, params, context }: LoaderFunctionArgs) {
  await requireRole({ request, context }, "staff");
  const table = params.table ?? "";
  if (!isReportTable(table)) throw new Response(REPORT_LABELS.unknownTable, { status: 404 });
  const result = await reportFor(db(), new URL(request.url).searchParams.get("fy"));
  if (!result.ok) {
    return new Response(result.error, { status: 400, headers: { "Content-Type": "text/plain; charset=utf-8" } });
  }
  const { csv, filename } = reportCsv(table, result.report);
  return new Response(csv, {
    headers: {
      "Content-Type": "text/csv; charset=utf-8",
      "Content-Disposition": `attachment; filename="report-${table}-${result.report.fiscalYear}.csv"; filename*=UTF-8''${encodeURIComponent(filename)}`,
      "Cache-Control": "private, no-store",
    },
  });
}
