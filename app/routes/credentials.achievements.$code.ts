import type { LoaderFunctionArgs } from "@remix-run/node";
import { db } from "~/db.server";
import { achievementDocument } from "~/features/credentials/credentials.server";
import { answerRefusalsAsText } from "~/features/credentials/responses.server";
import { credentialSetting } from "~/features/credentials/setting.server";

// What a programme's certificate attests, as the Open Badges Achievement every credential of
// the programme names by this URL: public, no personal data.
export async function loader({ request, params }: LoaderFunctionArgs) {
  return answerRefusalsAsText(async () => {
    const document = await achievementDocument(db(), params.code ?? "", credentialSetting(request));
    return new Response(JSON.stringify(document, null, 2), {
      headers: {
        "Content-Type": "application/ld+json; charset=utf-8",
        "Cache-Control": "public, max-age=300",
        "Access-Control-Allow-Origin": "*",
        "X-Content-Type-Options": "nosniff",
      },
    });
  });
}
