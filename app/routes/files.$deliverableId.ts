import type { LoaderFunctionArgs } from "@remix-run/node";
import { db } from "~/db.server";
import { requireUser } from "~/features/auth/session.server";
import { attachmentDisposition } from "~/features/logbook/deliverable-rules";
import { openDeliverable } from "~/features/logbook/deliverables.server";
import { fileStorage } from "~/features/storage/storage.server";
import { PRIVATE_CACHE_CONTROL } from "~/lib/http-security";
import { idParam } from "~/lib/params";

// A deliverable's bytes, for the OJT pair and staff only. Always a download (never shown
// inline, so an uploaded file cannot run as a page of this site), with the type recognised at
// upload, nosniff, and kept out of every cache.
export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const viewer = await requireUser({ request, context });
  const file = await openDeliverable(db(), fileStorage(), idParam(params, "deliverableId", "成果物"), viewer);
  return new Response(file.stream, {
    headers: {
      "Content-Type": file.mediaType,
      "Content-Length": String(file.size),
      "Content-Disposition": attachmentDisposition(file.fileName),
      "X-Content-Type-Options": "nosniff",
      "Cache-Control": PRIVATE_CACHE_CONTROL,
      "Content-Security-Policy": "default-src 'none'; sandbox",
    },
  });
}
