import { Notice } from "~/ui/notice";
import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Link, useActionData, useLoaderData } from "@remix-run/react";
import { db } from "~/db.server";
import { requireUser } from "~/features/auth/session.server";
import { CounterpartSection } from "~/features/logbook/components/counterpart-section";
import { RerouteSchema } from "~/features/logbook/counterpart.schema";
import {
  counterpartSectionData,
  requestCounterpartConfirmation,
  rerouteCounterpartRequest,
} from "~/features/logbook/counterpart.server";
import { DomainError } from "~/lib/errors";
import { parseForm } from "~/lib/forms.server";
import { idParam } from "~/lib/params";
import { PageHeader } from "~/ui/layout";

// The counterpart's confirmation of one entry: the section on its own (the entry page renders
// the same component) and the action its forms post to (request, re-route).

export const meta: MetaFunction = () => [{ title: "自治体担当者の確認 | ITC研修ポータル" }];

function ids(params: LoaderFunctionArgs["params"]) {
  return { placementId: idParam(params, "id", "OJT"), entryId: idParam(params, "entryId", "OJT記録") };
}

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const viewer = await requireUser({ request, context });
  return counterpartSectionData(db(), { ...ids(params), viewer });
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const viewer = await requireUser({ request, context });
  const target = { ...ids(params), viewer };
  // Authorization first: outside the pair and staff, nothing else is looked at.
  await counterpartSectionData(db(), target);
  const form = await request.formData();
  const back = new URL(request.url).searchParams.get("returnTo") === "entry" ? "" : "/counterpart";
  const done = (notice: string) =>
    redirect(`/placements/${target.placementId}/log/${target.entryId}${back}?notice=${notice}`);
  try {
    if (form.get("intent") === "request") {
      await requestCounterpartConfirmation(db(), target);
      return done("counterpart-requested");
    }
    if (form.get("intent") === "reroute") {
      const submission = parseForm(form, RerouteSchema);
      if (submission.status !== "success") {
        const first = Object.values(submission.error ?? {}).flat()[0];
        return data({ error: first ?? "入力内容を確認してください。" }, { status: 400 });
      }
      await rerouteCounterpartRequest(db(), { ...target, contact: submission.value });
      return done("counterpart-rerouted");
    }
  } catch (error) {
    if (error instanceof DomainError) return data({ error: error.message }, { status: error.status });
    throw error;
  }
  return data({ error: "操作を選んでください。" }, { status: 400 });
}

export default function EntryCounterpart() {
  const section = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  return (
    <div className="mx-auto max-w-3xl">
      <p className="mb-2">
        <Link to={`/placements/${section.placementId}`} className="underline">
          OJTのページへ戻る
        </Link>
      </p>
      <PageHeader
        title="自治体担当者の確認"
        lead="承認済みの記録を、案件の自治体担当者にメールで確認してもらいます。"
      />
      <Notice page="logbookEntry" />
      <CounterpartSection {...section} error={actionData?.error ?? null} />
    </div>
  );
}
