import type { LoaderFunctionArgs } from "@remix-run/node";
import { db } from "~/db.server";
import { requireRole } from "~/features/auth/session.server";
import { getCohort } from "~/features/cohorts/cohorts.server";
import { RosterQuerySchema } from "~/features/enrollment/enrollment.schema";
import { rosterSheet } from "~/features/enrollment/roster-csv.server";
import { idParam } from "~/lib/params";
import { xlsxResponse } from "~/lib/xlsx.server";

/** The roster (the status tab and name search of the page) as an Excel workbook, the twin of its CSV (decision 0033). */
export async function loader({ request, params, context }: LoaderFunctionArgs) {
  await requireRole({ request, context }, "staff");
  const cohort = await getCohort(db(), idParam(params, "cohortId"));
  return await xlsxResponse(
    await rosterSheet(db(), cohort, RosterQuerySchema.parse(Object.fromEntries(new URL(request.url).searchParams))),
  );
}
