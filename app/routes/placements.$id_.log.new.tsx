import { getFormProps, useForm, type SubmissionResult } from "@conform-to/react";
import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Link, useActionData, useLoaderData, useNavigate, useSearchParams } from "@remix-run/react";
import { randomUUID } from "node:crypto";
import { useEffect, useRef, useState, type FormEvent } from "react";
import type { z } from "zod";
import { db } from "~/db.server";
import { requireActor } from "~/features/auth/session.server";
import { PendingDrafts } from "~/features/logbook/components/offline-drafts";
import {
  DETAIL_FIELD_NAMES,
  DetailFields,
  QuickFields,
  type EntryFieldMetas,
} from "~/features/logbook/components/entry-fields";
import { createEntry, prepareNewEntry } from "~/features/logbook/entries.server";
import { NewEntrySchema } from "~/features/logbook/logbook.schema";
import { findDraft, forgetDraft, keepDraft, postEntry, type StoredDraft } from "~/features/logbook/offline-drafts";
import { invalidSubmission, parseForm, replyWithDomainError } from "~/lib/forms.server";
import { idParam } from "~/lib/params";
import { FormErrors } from "~/ui/form";
import { PageHeader } from "~/ui/layout";

export const meta: MetaFunction = () => [{ title: "OJTの記録を書く | ITC研修ポータル" }];

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const actor = await requireActor({ request, context });
  const form = await prepareNewEntry(db(), idParam(params, "id", "OJT"), actor);
  // The draft's idempotency key is made when the form is first shown, so a form sent twice
  // (with or without JavaScript, now or after the connection returns) is stored once.
  return { ...form, clientKey: randomUUID() };
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const actor = await requireActor({ request, context });
  const id = idParam(params, "id", "OJT");
  const submission = parseForm(await request.formData(), NewEntrySchema);
  // The command decides who may write (403 before any form error); an invalid form writes nothing.
  const valid = submission.status === "success" ? submission.value : null;
  let entry;
  try {
    entry = await createEntry(db(), id, actor, valid);
  } catch (error) {
    return replyWithDomainError(submission, error);
  }
  if (!entry) return invalidSubmission(submission);
  const created = entry.role === "trainer" ? "created-by-trainer" : "created";
  return redirect(`/placements/${id}/log/${entry.id}?notice=${entry.duplicate ? "already" : created}`);
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
  const [state, setState] = useState<"idle" | "saving">("idle");
  // How many drafts this page kept on the device: PendingDrafts says so, in its one notice.
  const [kept, setKept] = useState(0);
  const formRef = useRef<HTMLFormElement>(null);
  const [searchParams] = useSearchParams();
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
      // The draft is on the device now and will be sent once: the form starts afresh with a
      // new key, so pressing 保存 again cannot make the same entry twice.
      element.reset();
      setKey(newKey());
      setKept((n) => n + 1);
      setState("idle");
    } else {
      // Refused (a message to show): the plain form post renders the server's messages.
      element.submit();
    }
  };

  // A refused draft being corrected: its values back in the form, under its own key.
  const correct = (draft: StoredDraft) => {
    const element = formRef.current;
    if (!element) return;
    // Values set on the elements (the fields are uncontrolled; a form reset would remount them).
    for (const field of element.querySelectorAll<HTMLInputElement>("input[name], select[name], textarea[name]")) {
      if (field.name === "clientKey") continue;
      const value = draft.fields.find(([k]) => k === field.name)?.[1] ?? "";
      if (field.type === "radio" || field.type === "checkbox") field.checked = value === field.value;
      else field.value = value;
    }
    const details = element.querySelector("details");
    if (details) details.open = true;
    setKey(draft.clientKey);
    element.querySelector<HTMLInputElement>("input:not([type=hidden])")?.focus();
  };
  const draftParam = searchParams.get("draft");
  useEffect(() => {
    const draft = draftParam ? findDraft(draftParam) : undefined;
    // Once, for the draft named in the address.
    if (draft) correct(draft);
  }, [draftParam]);

  return (
    <div className="mx-auto max-w-xl">
      <PageHeader title="OJTの記録を書く" lead={`${placement.municipality_name}「${placement.engagement_title}」`} />
      <PendingDrafts kept={kept} onCorrect={correct} />
      <form ref={formRef} method="post" action={action} {...getFormProps(form)} onSubmit={onSubmit} className="card">
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
