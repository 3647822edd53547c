import type { LoaderFunctionArgs } from "@remix-run/node";
import { db } from "~/db.server";
import { requireRole } from "~/features/auth/session.server";
import { awaitingApprovalSheet } from "~/features/logbook/approvals-sheet.server";
import { listSearchParam } from "~/lib/record-list";
import { csvResponse } from "~/lib/spreadsheet";

/** The entries waiting for the trainer's approval that match the list's search, as CSV. */
export async function loader({ request, context }: LoaderFunctionArgs) {
  const user = await requireRole({ request, context }, "trainer");
  const q = listSearchParam.parse(new URL(request.url).searchParams.get("q") ?? undefined);
  return csvResponse(await awaitingApprovalSheet(db(), user.id, q));
}
