import { getFormProps, useForm, type SubmissionResult } from "@conform-to/react";
import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Link, useActionData, useLoaderData, useNavigate } from "@remix-run/react";
import { randomUUID } from "node:crypto";
import { useState, type FormEvent } from "react";
import type { z } from "zod";
import { db } from "~/db.server";
import { requireUser } from "~/features/auth/session.server";
import { PendingDrafts } from "~/features/logbook/components/offline-drafts";
import {
  DETAIL_FIELD_NAMES,
  DetailFields,
  QuickFields,
  type EntryFieldMetas,
} from "~/features/logbook/components/entry-fields";
import { authorizeNewEntry, createEntry, prepareNewEntry } from "~/features/logbook/entries.server";
import { NewEntrySchema } from "~/features/logbook/logbook.schema";
import { forgetDraft, keepDraft, postEntry } from "~/features/logbook/offline-drafts";
import { invalidSubmission, parseForm, replyWithDomainError } from "~/lib/forms.server";
import { idParam } from "~/lib/params";
import { FormErrors } from "~/ui/form";
import { PageHeader } from "~/ui/layout";

export const meta: MetaFunction = () => [{ title: "OJTの記録を書く | ITC研修ポータル" }];

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const user = await requireUser({ request, context });
  const form = await prepareNewEntry(db(), idParam(params, "id", "OJT"), user);
  // The draft's idempotency key is made when the form is first shown, so a form sent twice
  // (with or without JavaScript, now or after the connection returns) is stored once.
  return { ...form, clientKey: randomUUID() };
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const user = await requireUser({ request, context });
  const id = idParam(params, "id", "OJT");
  await authorizeNewEntry(db(), id, user);
  const submission = parseForm(await request.formData(), NewEntrySchema);
  if (submission.status !== "success") return invalidSubmission(submission);
  try {
    const entry = await createEntry(db(), id, user, submission.value);
    const created = entry.role === "trainer" ? "created-by-trainer" : "created";
    return redirect(`/placements/${id}/log/${entry.id}?notice=${entry.duplicate ? "already" : created}`);
  } catch (error) {
    return replyWithDomainError(submission, error);
  }
}

const newKey = () =>
  typeof crypto !== "undefined" && "randomUUID" in crypto
    ? crypto.randomUUID()
    : `${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 12)}`;

export default function NewEntryPage() {
  const { placement, role, choices, defaults, clientKey } = useLoaderData<typeof loader>();
  const lastResult = useActionData<typeof action>() as SubmissionResult<string[]> | undefined;
  const navigate = useNavigate();
  const [key, setKey] = useState<string>(clientKey);
  const [state, setState] = useState<"idle" | "saving" | "offline">("idle");
  const [form, fields] = useForm<z.input<typeof NewEntrySchema>>({
    id: "entry-new",
    lastResult,
    defaultValue: {
      workDate: defaults.workDate,
      taskKindId: defaults.taskKindId ? String(defaults.taskKindId) : "",
      duration: "60",
    },
  });
  const detailsHaveErrors = DETAIL_FIELD_NAMES.some((n) => fields[n].errors?.length);
  const action = `/placements/${placement.id}/log/new`;

  // With JavaScript: send with fetch, so a dropped connection keeps the draft on the device.
  const onSubmit = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const element = event.currentTarget;
    const data = new FormData(element);
    setState("saving");
    const result = await postEntry(action, data);
    if (result.outcome === "sent" && result.url) {
      forgetDraft(key);
      const url = new URL(result.url);
      navigate(`${url.pathname}${url.search}`);
    } else if (result.outcome === "offline") {
      keepDraft(action, data);
      setKey(newKey());
      setState("offline");
    } else {
      // Refused (a message to show): the plain form post renders the server's messages.
      element.submit();
    }
  };

  return (
    <div className="mx-auto max-w-xl">
      <PageHeader title="OJTの記録を書く" lead={`${placement.municipality_name}「${placement.engagement_title}」`} />
      {state === "offline" ? (
        <p
          role="status"
          className="mb-4 rounded-8 border-l-4 border-yellow-700 bg-yellow-50 p-3"
          data-testid="offline-saved"
        >
          通信できないため端末に保存しました。接続が戻ると自動で送信します。
        </p>
      ) : null}
      <PendingDrafts />
      <form method="post" action={action} {...getFormProps(form)} onSubmit={onSubmit} className="card">
        <input type="hidden" name="clientKey" value={key} />
        <FormErrors id={form.errorId} errors={form.errors} />
        <QuickFields fields={fields as unknown as EntryFieldMetas} choices={choices} />
        <details className="mb-5" open={detailsHaveErrors || undefined}>
          <summary className="min-h-12 cursor-pointer py-3 text-std-16B-170">詳しく書く（任意）</summary>
          <div className="mt-3">
            <DetailFields
              fields={fields as unknown as EntryFieldMetas}
              choices={choices}
              isTrainer={role === "trainer"}
            />
          </div>
        </details>
        <button type="submit" className="btn min-h-12 w-full text-std-18B-160" disabled={state === "saving"}>
          {state === "saving" ? "保存しています…" : "保存"}
        </button>
      </form>
      <p className="mt-6">
        <Link to={`/placements/${placement.id}`}>OJTのページへ戻る</Link>
      </p>
    </div>
  );
}
