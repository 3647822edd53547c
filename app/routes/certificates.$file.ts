import type { LoaderFunctionArgs } from "@remix-run/node";
import { db } from "~/db.server";
import { requireUser } from "~/features/auth/session.server";
import { certificatePdfForViewer } from "~/features/certification/documents.server";
import { parseId } from "~/lib/params";
import { pdfHeaders } from "~/lib/pdf.server";
import { publicOrigin } from "~/lib/public-origin.server";

// /certificates/:id.pdf — a certificate's PDF for its holder, staff and the holder's OJT
// trainer (anyone else: 404, as for an unknown id). A route parameter is a whole path segment,
// so the ".pdf" is parsed here.
export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const viewer = await requireUser({ request, context });
  const match = /^(.+)\.pdf$/.exec(params.file ?? "");
  const id = parseId(match?.[1], "修了証");
  const { fileName, bytes } = await certificatePdfForViewer(db(), id, viewer, publicOrigin(request));
  // pdfBytes hands over a fresh ArrayBuffer of its own.
  return new Response(bytes as Uint8Array<ArrayBuffer>, {
    headers: { ...pdfHeaders(fileName), "Content-Length": String(bytes.byteLength) },
  });
}
