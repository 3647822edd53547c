import type { LoaderFunctionArgs } from "@remix-run/node";
import { db } from "~/db.server";
import { requireRole } from "~/features/auth/session.server";
import { reviewQueueSheet } from "~/features/renewal/activities.server";
import { listSearchParam } from "~/lib/record-list";
import { xlsxResponse } from "~/lib/xlsx.server";

/** The activities waiting for staff's decision that match the queue's search, as .xlsx. */
export async function loader({ request, context }: LoaderFunctionArgs) {
  await requireRole({ request, context }, "staff");
  const q = listSearchParam.parse(new URL(request.url).searchParams.get("q") ?? undefined);
  return await xlsxResponse(await reviewQueueSheet(db(), q));
}
