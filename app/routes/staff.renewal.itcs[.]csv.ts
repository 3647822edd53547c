import type { LoaderFunctionArgs } from "@remix-run/node";
import { db } from "~/db.server";
import { requireRole } from "~/features/auth/session.server";
import { BAD_FISCAL_YEAR, renewalFiscalYearParam } from "~/features/renewal/fiscal-year-param";
import { renewalShortfallsCsv } from "~/features/renewal/readiness.server";

/** Who will not meet the renewal conditions of a fiscal year, as CSV (UTF-8 with BOM, CRLF) for Japanese Excel. */
export async function loader({ request, context }: LoaderFunctionArgs) {
  await requireRole({ request, context }, "staff");
  const fy = renewalFiscalYearParam(new URL(request.url).searchParams.get("fy"));
  if (fy === null)
    return new Response(BAD_FISCAL_YEAR, { status: 400, headers: { "Content-Type": "text/plain; charset=utf-8" } });
  const csv = await renewalShortfallsCsv(db(), fy);
  const filename = `資格更新_条件未達_${fy}年度.csv`;
  return new Response(csv, {
    headers: {
      "Content-Type": "text/csv; charset=utf-8",
      "Content-Disposition": `attachment; filename="renewal-shortfalls-${fy}.csv"; filename*=UTF-8''${encodeURIComponent(filename)}`,
      "Cache-Control": "private, no-store",
    },
  });
}
