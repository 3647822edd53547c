import type { LoaderFunctionArgs } from "@remix-run/node";
import { db } from "~/db.server";
import { requireRole } from "~/features/auth/session.server";
import { getCohort } from "~/features/cohorts/cohorts.server";
import { rosterSheet } from "~/features/enrollment/roster-csv.server";
import { idParam } from "~/lib/params";
import { csvResponse } from "~/lib/spreadsheet";

/** The roster as CSV (UTF-8 with BOM, CRLF) for Japanese Excel. */
export async function loader({ request, params, context }: LoaderFunctionArgs) {
  await requireRole({ request, context }, "staff");
  const cohort = await getCohort(db(), idParam(params, "cohortId"));
  return csvResponse(await rosterSheet(db(), cohort));
}
