import { Notice } from "~/ui/notice";
import {
  data,
  redirect,
  unstable_parseMultipartFormData,
  type ActionFunctionArgs,
  type LoaderFunctionArgs,
  type MetaFunction,
} from "@remix-run/node";
import { Link, useActionData, useLoaderData } from "@remix-run/react";
import { db } from "~/db.server";
import { requireUser } from "~/features/auth/session.server";
import { DeliverablesSection } from "~/features/logbook/components/deliverables-section";
import { DELIVERABLE_MESSAGES as M } from "~/features/logbook/deliverable-rules";
import {
  assertCanAddDeliverable,
  deleteDeliverable,
  deliverablesSectionData,
  DeliverableRefusedError,
  discardReceivedFile,
  receiveDeliverableFile,
  recordDeliverable,
  type ReceivedFile,
} from "~/features/logbook/deliverables.server";
import { fileStorage } from "~/features/storage/storage.server";
import { formatDateJa } from "~/lib/dates";
import { idParam, parseId } from "~/lib/params";
import { PageHeader } from "~/ui/layout";

// The deliverables (成果物) of one OJT log entry. The upload is streamed: the multipart body is
// read part by part and the file goes straight into storage while its type is recognised and
// its size counted; nothing of it is held in memory (the route's body limit is in BODY_LIMITS).

export const meta: MetaFunction = () => [{ title: "成果物 | ITC研修ポータル" }];

function ids(params: LoaderFunctionArgs["params"]) {
  return { placementId: idParam(params, "id", "OJT"), entryId: idParam(params, "entryId", "OJT記録") };
}

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const viewer = await requireUser({ request, context });
  return deliverablesSectionData(db(), { ...ids(params), viewer });
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const viewer = await requireUser({ request, context });
  const target = { ...ids(params), viewer };
  const back = new URL(request.url).searchParams.get("returnTo") === "entry" ? "" : "/files";
  const done = (notice: string) =>
    redirect(`/placements/${target.placementId}/log/${target.entryId}${back}?notice=${notice}`);

  if (!request.headers.get("content-type")?.startsWith("multipart/form-data")) {
    const form = await request.formData();
    if (form.get("intent") !== "delete") return data({ error: M.empty }, { status: 400 });
    const deliverableId = parseId(String(form.get("deliverableId") ?? ""), "成果物");
    await deleteDeliverable(db(), fileStorage(), { ...target, deliverableId });
    return done("deliverable-deleted");
  }

  // Who may add, and whether the entry is still open, is decided before a byte is read.
  await assertCanAddDeliverable(db(), target);
  const storage = fileStorage();
  let file: ReceivedFile | undefined;
  try {
    await unstable_parseMultipartFormData(request, async (part) => {
      if (part.name !== "file" || !part.filename) {
        for await (const chunk of part.data) void chunk; // small fields (or no file chosen): skip
        return undefined;
      }
      if (file) throw new DeliverableRefusedError(M.oneAtATime, 400);
      file = await receiveDeliverableFile(storage, { fileName: part.filename, body: part.data });
      return undefined;
    });
  } catch (error) {
    await discardReceivedFile(storage, file);
    if (error instanceof DeliverableRefusedError) return data({ error: error.message }, { status: error.status });
    // The body broke off (or grew past the route's limit, which the server answers with 413).
    return data({ error: M.cutOff }, { status: 400 });
  }
  if (!file) return data({ error: M.empty }, { status: 400 });
  await recordDeliverable(db(), storage, { ...target, file });
  return done("deliverable-added");
}

export default function EntryFiles() {
  const { page, section } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const { entry, placement } = page;
  return (
    <div className="mx-auto max-w-3xl">
      <p className="mb-2">
        <Link to={`/placements/${placement.id}`} className="underline">
          {placement.municipality_name}のOJT（{placement.trainee_name}さん）
        </Link>
      </p>
      <PageHeader
        title="成果物"
        lead={`${formatDateJa(entry.work_date)}・${entry.task_kind}${entry.department ? `・${entry.department}` : ""}の記録に添付するファイルです。`}
      />
      <Notice page="logbookEntry" />
      <DeliverablesSection {...section} error={actionData && "error" in actionData ? actionData.error : null} />
    </div>
  );
}
