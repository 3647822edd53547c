import type { LoaderFunctionArgs } from "@remix-run/node";
import { db } from "~/db.server";
import { requireUser } from "~/features/auth/session.server";
import { credentialForDownload } from "~/features/credentials/credentials.server";
import { answerRefusalsAsText } from "~/features/credentials/responses.server";
import { credentialSetting } from "~/features/credentials/setting.server";
import { idParam } from "~/lib/params";

// The certificate as a signed Open Badges 3.0 credential (JSON-LD), downloaded by its holder
// (or staff) to put into a wallet or hand to whoever asks for proof.
export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const viewer = await requireUser({ request, context });
  return answerRefusalsAsText(async () => {
    const { credential, fileName } = await credentialForDownload(
      db(),
      idParam(params, "certificateId", "証明書"),
      viewer,
      credentialSetting(request),
    );
    const ascii = fileName.replace(/[^\x20-\x7e]/g, "_").replace(/["\\]/g, "_");
    return new Response(JSON.stringify(credential, null, 2), {
      headers: {
        "Content-Type": "application/vc+ld+json; charset=utf-8",
        "Content-Disposition": `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(fileName)}`,
        "Cache-Control": "private, no-store",
        "X-Content-Type-Options": "nosniff",
      },
    });
  });
}
