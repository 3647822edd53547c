import type { LoaderFunctionArgs } from "@remix-run/node";
import { db } from "~/db.server";
import { requireRole } from "~/features/auth/session.server";
import { REPORT_LABELS } from "~/features/reports/labels";
import { isReportTable, reportSheet } from "~/features/reports/report-csv";
import { reportFor } from "~/features/reports/report.server";
import { xlsxResponse } from "~/lib/xlsx.server";

/** One of the report's tables as an Excel workbook, the twin of its CSV (decision 0033). */
export async function loader({ request, params, context }: LoaderFunctionArgs) {
  await requireRole({ request, context }, "staff");
  const table = params.table ?? "";
  if (!isReportTable(table)) throw new Response(REPORT_LABELS.unknownTable, { status: 404 });
  const result = await reportFor(db(), new URL(request.url).searchParams.get("fy"));
  if (!result.ok) {
    return new Response(result.error, { status: 400, headers: { "Content-Type": "text/plain; charset=utf-8" } });
  }
  return xlsxResponse(reportSheet(table, result.report));
}
