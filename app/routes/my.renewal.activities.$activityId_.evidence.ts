import type { LoaderFunctionArgs } from "@remix-run/node";
import { db } from "~/db.server";
import { requireUser } from "~/features/auth/session.server";
import { attachmentDisposition } from "~/features/logbook/deliverable-rules";
import { openEvidenceFile } from "~/features/renewal/activities.server";
import { fileStorage } from "~/features/storage/storage.server";
import { PRIVATE_CACHE_CONTROL } from "~/lib/http-security";
import { idParam } from "~/lib/params";

// The evidence file of a self-reported activity, for its ITC and staff only (anyone else: 404).
// Always a download, with the type recognised at upload, nosniff, sandboxed and never cached,
// like the OJT deliverables (files.$deliverableId.ts).
export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const viewer = await requireUser({ request, context });
  const file = await openEvidenceFile(db(), fileStorage(), idParam(params, "activityId", "活動"), viewer);
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
