import type { LoaderFunctionArgs } from "@remix-run/node";
import { db } from "~/db.server";
import { CREDENTIAL_MESSAGES } from "~/features/credentials/messages";
import { answerRefusalsAsText } from "~/features/credentials/responses.server";
import { STATUS_PURPOSES, type StatusPurpose } from "~/features/credentials/open-badge";
import { credentialSetting } from "~/features/credentials/setting.server";
import { signedStatusList } from "~/features/credentials/credentials.server";
import { STATUS_LIST_MAX_AGE_SECONDS } from "~/features/credentials/status-list.server";
import { NotFoundError } from "~/lib/errors";

// The public Bitstring Status Lists (message; revocation and suspension for credentials
// downloaded before decision 0028) the issued credentials point to: wallets and verifiers fetch them without signing in; caches may keep them a minute.
export async function loader({ request, params }: LoaderFunctionArgs) {
  return answerRefusalsAsText(async () => {
    const purpose = params.purpose;
    if (!(STATUS_PURPOSES as readonly string[]).includes(purpose ?? ""))
      throw new NotFoundError(CREDENTIAL_MESSAGES.unknownStatusList);
    const list = await signedStatusList(db(), purpose as StatusPurpose, credentialSetting(request));
    return new Response(JSON.stringify(list), {
      headers: {
        "Content-Type": "application/vc+ld+json; charset=utf-8",
        "Cache-Control": `public, max-age=${STATUS_LIST_MAX_AGE_SECONDS}`,
        "Access-Control-Allow-Origin": "*",
        "X-Content-Type-Options": "nosniff",
      },
    });
  });
}
