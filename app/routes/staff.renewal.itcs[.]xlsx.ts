import type { LoaderFunctionArgs } from "@remix-run/node";
import { db } from "~/db.server";
import { requireRole } from "~/features/auth/session.server";
import { BAD_FISCAL_YEAR, renewalFiscalYearParam } from "~/features/renewal/fiscal-year-param";
import { renewalShortfallsSheet } from "~/features/renewal/readiness.server";
import { xlsxResponse } from "~/lib/xlsx.server";

/** Who will not meet the renewal conditions of a fiscal year, as Excel, the twin of its CSV (decision 0033). */
export async function loader({ request, context }: LoaderFunctionArgs) {
  await requireRole({ request, context }, "staff");
  const fy = renewalFiscalYearParam(new URL(request.url).searchParams.get("fy"));
  if (fy === null)
    return new Response(BAD_FISCAL_YEAR, { status: 400, headers: { "Content-Type": "text/plain; charset=utf-8" } });
  return await xlsxResponse(await renewalShortfallsSheet(db(), fy));
}
