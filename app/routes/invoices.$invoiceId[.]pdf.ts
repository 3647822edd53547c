import type { LoaderFunctionArgs } from "@remix-run/node";
import { db } from "~/db.server";
import { requireUser } from "~/features/auth/session.server";
import { documentForDownload } from "~/features/invoices/invoices.server";
import { documentFileName, renderDocumentPdf } from "~/features/invoices/pdf.server";
import { idParam } from "~/lib/params";
import { pdfHeaders } from "~/lib/pdf.server";

// An invoice or a receipt as PDF: staff any; a trainee only those of their own enrolments
// (anyone else gets the 404 of an unknown number).
export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const user = await requireUser({ request, context });
  const invoiceId = idParam(params, "invoiceId", "書類");
  const document = await documentForDownload(db(), {
    invoiceId,
    userId: user.id,
    staff: user.roles.includes("staff"),
  });
  return new Response(Buffer.from(await renderDocumentPdf(document)), {
    headers: pdfHeaders(documentFileName(document)),
  });
}
