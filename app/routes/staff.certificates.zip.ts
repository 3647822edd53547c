import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs } from "@remix-run/node";
import { db } from "~/db.server";
import { requireRole } from "~/features/auth/session.server";
import { CertificateSelectionSchema } from "~/features/certification/documents.schema";
import { certificatesZip } from "~/features/certification/documents.server";
import { todayInTokyo } from "~/lib/dates";
import { DomainError } from "~/lib/errors";
import { publicOrigin } from "~/lib/public-origin.server";

// POST /staff/certificates/zip with `ids` (repeated, 1–500): the PDFs of a selection as one
// ZIP, streamed (one PDF rendered at a time). The queue's selection form posts here. A bad
// selection gets the server's small Japanese error page with a 400 (404 for an id that does not
// exist), so a form sent without JavaScript still lands on a readable answer.

/** Opened directly it is no page: back to the dashboard. */
export async function loader({ request, context }: LoaderFunctionArgs) {
  await requireRole({ request, context }, "staff", "admin");
  throw redirect("/dashboard");
}

export async function action({ request, context }: ActionFunctionArgs) {
  await requireRole({ request, context }, "staff", "admin");
  const form = await request.formData();
  const parsed = CertificateSelectionSchema.safeParse({ ids: form.getAll("ids").map(String) });
  if (!parsed.success) {
    throw new DomainError(parsed.error.issues[0]?.message ?? "修了証の指定が正しくありません。", 400);
  }
  const zip = await certificatesZip(db(), parsed.data.ids, publicOrigin(request));
  const today = todayInTokyo();
  const fileName = `修了証_${today}_${zip.count}件.zip`;
  return new Response(zip.stream, {
    headers: {
      "Content-Type": "application/zip",
      "Content-Disposition": `attachment; filename="certificates-${today}.zip"; filename*=UTF-8''${encodeURIComponent(fileName)}`,
      "Cache-Control": "private, no-store",
      "X-Content-Type-Options": "nosniff",
    },
  });
}
