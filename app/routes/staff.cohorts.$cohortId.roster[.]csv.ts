import type { LoaderFunctionArgs } from "@remix-run/node";
import { db } from "~/db.server";
import { requireRole } from "~/features/auth/session.server";
import { getCohort } from "~/features/cohorts/cohorts.server";
import { rosterCsv } from "~/features/enrollment/roster-csv.server";
import { idParam } from "~/lib/params";

/** The roster as CSV (UTF-8 with BOM, CRLF) for Japanese Excel. */
export async function loader({ request, params, context }: LoaderFunctionArgs) {
  await requireRole({ request, context }, "staff");
  const cohortId = idParam(params, "cohortId");
  const cohort = await getCohort(db(), cohortId);
  const csv = await rosterCsv(db(), cohortId);
  const filename = `名簿_${cohort.course_title}_${cohort.name}.csv`.replace(/[\\/:*?"<>|\s]+/g, "_");
  return new Response(csv, {
    headers: {
      "Content-Type": "text/csv; charset=utf-8",
      "Content-Disposition": `attachment; filename="roster-${cohortId}.csv"; filename*=UTF-8''${encodeURIComponent(filename)}`,
      "Cache-Control": "private, no-store",
    },
  });
}
