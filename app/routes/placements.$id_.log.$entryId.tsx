import { CounterpartSection } from "~/features/logbook/components/counterpart-section";
import { DeliverablesSection } from "~/features/logbook/components/deliverables-section";
import { counterpartSectionData } from "~/features/logbook/counterpart.server";
import { deliverablesSectionData } from "~/features/logbook/deliverables.server";
import { Notice } from "~/ui/notice";
import { getFormProps, useForm, type SubmissionResult } from "@conform-to/react";
import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import type { z } from "zod";
import { db } from "~/db.server";
import { requireUser } from "~/features/auth/session.server";
import { EntryStatusBadge } from "~/features/logbook/components/badges";
import {
  DetailFields,
  DurationChoice,
  type EntryChoices,
  type EntryFieldMetas,
} from "~/features/logbook/components/entry-fields";
import {
  approveEntry,
  correctEntry,
  getEntryForViewer,
  returnEntry,
  updateEntry,
} from "~/features/logbook/entries.server";
import { shortFingerprint, type EntryContent } from "~/features/logbook/fingerprint";
import { auditActionLabel, auditActorLabel } from "~/features/audit/labels";
import { ENTRY_FIELD_LABELS, formatMinutes } from "~/features/logbook/labels";
import { ApproveSchema, CorrectEntrySchema, EditEntrySchema, ReturnSchema } from "~/features/logbook/logbook.schema";
import { activeChoices } from "~/features/logbook/reference-data.server";
import { formatDateJa, formatDateTimeJa } from "~/lib/dates";
import { parseForm, replyWithDomainError } from "~/lib/forms.server";
import { idParam } from "~/lib/params";
import { FormErrors, SelectField, TextField, TextareaField } from "~/ui/form";
import { PageHeader } from "~/ui/layout";

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: `${data ? `${formatDateJa(data.entry.work_date)}の記録` : "OJTの記録"} | ITC研修ポータル` },
];

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const user = await requireUser({ request, context });
  const placementId = idParam(params, "id", "OJT");
  const entryId = idParam(params, "entryId", "OJTの記録");
  const view = await getEntryForViewer(db(), placementId, entryId, user);
  const needsChoices = view.can.includes("edit") || view.can.includes("resubmit") || view.can.includes("correct");
  const target = { placementId, entryId, viewer: user };
  const [choices, files, counterpart] = await Promise.all([
    needsChoices ? activeChoices(db()) : null,
    deliverablesSectionData(db(), target),
    counterpartSectionData(db(), target),
  ]);
  return { ...view, choices, deliverables: files.section, counterpart };
}

type Intent = "edit" | "approve" | "return" | "correct";
const SCHEMAS = { edit: EditEntrySchema, approve: ApproveSchema, return: ReturnSchema, correct: CorrectEntrySchema };

export async function action({ request, params, context }: ActionFunctionArgs) {
  const user = await requireUser({ request, context });
  const placementId = idParam(params, "id", "OJT");
  const entryId = idParam(params, "entryId", "OJTの記録");
  // Authorization first: whoever may not read the entry may do nothing to it.
  await getEntryForViewer(db(), placementId, entryId, user);
  const formData = await request.formData();
  const intent = String(formData.get("intent") ?? "") as Intent;
  const schema = SCHEMAS[intent];
  if (!schema)
    return data(
      { intent, result: { status: "error" as const, error: { "": ["操作の種類が正しくありません。"] } } },
      { status: 400 },
    );
  const submission = parseForm(formData, schema);
  if (submission.status !== "success") return data({ intent, result: submission.reply() }, { status: 400 });
  try {
    const v = submission.value as never;
    if (intent === "edit") await updateEntry(db(), entryId, user, v);
    else if (intent === "approve") await approveEntry(db(), entryId, user, v);
    else if (intent === "return") {
      const r = v as { comment: string; revision: number };
      await returnEntry(db(), entryId, user, r.comment, r.revision);
    } else await correctEntry(db(), entryId, user, v);
  } catch (error) {
    const r = replyWithDomainError(submission, error);
    return data({ intent, result: r.data }, { status: r.init?.status ?? 409 });
  }
  return redirect(`/placements/${placementId}/log/${entryId}?notice=${intent}`);
}

export default function EntryPage() {
  const { placement, entry, versions, timeline, can, role, choices, deliverables, counterpart } =
    useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const resultFor = (intent: Intent) =>
    actionData && actionData.intent === intent ? (actionData.result as SubmissionResult<string[]>) : undefined;
  return (
    <div className="mx-auto max-w-3xl">
      <Notice page="logbookEntry" />
      <PageHeader
        title={`${formatDateJa(entry.work_date)}の記録`}
        lead={`${placement.municipality_name}「${placement.engagement_title}」・トレーナー ${placement.trainer_name}さん・トレーニー ${placement.trainee_name}さん`}
      />
      <p className="mb-4 flex flex-wrap items-center gap-2" data-testid="entry-status">
        <span className="text-std-16B-170">状況：</span>
        <EntryStatusBadge status={entry.status} />
        {entry.version > 1 ? <span>第{entry.version}版</span> : null}
      </p>
      {entry.status === "returned" && entry.return_comment ? (
        <section className="mb-6 rounded-8 border-l-4 border-red-900 bg-red-50 p-4" aria-labelledby="return-comment">
          <h2 id="return-comment" className="text-std-16B-170">
            トレーナーからの差戻しコメント
          </h2>
          <p className="whitespace-pre-line" data-testid="return-comment">
            {entry.return_comment}
          </p>
        </section>
      ) : null}
      {entry.status === "approved" && entry.fingerprint ? (
        <p className="mb-6 rounded-8 bg-green-50 p-4" data-testid="fingerprint">
          {entry.approver_name}さんが{formatDateTimeJa(entry.approved_at!)}に承認しました。指紋（改ざん検知用）：
          <code className="ml-1 font-mono">{shortFingerprint(entry.fingerprint)}</code>
        </p>
      ) : null}

      <section className="card mb-6" aria-labelledby="content">
        <h2 id="content" className="mb-3">
          記録の内容
        </h2>
        <EntryDetails
          entry={{
            workDate: entry.work_date,
            startTime: entry.start_time,
            endTime: entry.end_time,
            minutes: entry.minutes,
            taskKind: entry.task_kind,
            pglPhase: entry.pgl_phase,
            micRole: entry.mic_role,
            department: entry.department,
            activity: entry.activity,
            contribution: entry.contribution,
            reflection: entry.reflection,
            trainerFeedback: entry.trainer_feedback,
            correctionReason: entry.correction_reason,
          }}
        />
        <p className="mt-3 text-dns-14N-130 text-solid-gray-800">
          記入：{entry.author_name}・提出：{formatDateTimeJa(entry.submitted_at)}
        </p>
      </section>

      <div className="mb-6 grid gap-6">
        <DeliverablesSection {...deliverables} returnTo="entry" />
        {counterpart.approved ? <CounterpartSection {...counterpart} returnTo="entry" /> : null}
      </div>

      {can.includes("approve") ? (
        <ApproveForms
          revision={entry.revision}
          confirm={role === "trainee"}
          approve={resultFor("approve")}
          ret={resultFor("return")}
        />
      ) : null}
      {(can.includes("edit") || can.includes("resubmit")) && choices ? (
        <EntryEditForm
          intent="edit"
          title={can.includes("resubmit") ? "修正して再提出する" : "記録を修正する"}
          button={can.includes("resubmit") ? "修正して再提出" : "修正を保存"}
          entry={entry}
          choices={choices}
          isTrainer={role === "trainer"}
          lastResult={resultFor("edit")}
          open={can.includes("resubmit")}
        />
      ) : null}
      {can.includes("correct") && choices ? (
        <EntryEditForm
          intent="correct"
          title="承認済みの記録を訂正する"
          button="訂正して再承認を依頼"
          entry={entry}
          choices={choices}
          isTrainer={role === "trainer"}
          lastResult={resultFor("correct")}
        />
      ) : null}

      {versions.length > 0 ? (
        <section className="card mb-6" aria-labelledby="versions">
          <h2 id="versions" className="mb-3">
            以前の版
          </h2>
          {versions.map((v) => (
            <details key={v.version} className="mb-3 border-l-4 border-solid-gray-200 pl-3" data-testid="version">
              <summary className="cursor-pointer">
                第{v.version}版（{v.approver_name}さんが{formatDateJa(v.approved_at)}に承認）・訂正の理由：
                {v.superseded_reason}
              </summary>
              <p className="my-2 text-dns-14N-130">
                {v.superseded_by_name}さんが{formatDateTimeJa(v.superseded_at)}に訂正・指紋：
                <code className="font-mono">{shortFingerprint(v.fingerprint)}</code>
              </p>
              <EntryDetails entry={v.content} />
            </details>
          ))}
        </section>
      ) : null}

      <section className="card mb-6" aria-labelledby="timeline">
        <h2 id="timeline" className="mb-3">
          経過
        </h2>
        <ol className="space-y-2" data-testid="entry-timeline">
          {timeline.map((t) => (
            <li key={t.id} className="border-l-4 border-solid-gray-200 pl-3">
              <p className="text-std-16B-170">{auditActionLabel(t.action)}</p>
              <p className="text-dns-14N-130 text-solid-gray-800">
                {formatDateTimeJa(t.created_at)}・{auditActorLabel(t.actor_name, t.details)}
              </p>
              <TimelineDetails details={t.details} />
            </li>
          ))}
        </ol>
      </section>
      <p>
        <Link to={`/placements/${placement.id}`}>OJTのページへ戻る</Link>
      </p>
    </div>
  );
}

function TimelineDetails({ details }: { details: Record<string, unknown> }) {
  const text = (v: unknown) => (typeof v === "string" ? v : "");
  const changes = details.changes as Record<string, [unknown, unknown]> | undefined;
  const changed = changes ? Object.keys(changes).map((k) => ENTRY_FIELD_LABELS[k] ?? k) : [];
  return (
    <>
      {text(details.comment) ? <p className="whitespace-pre-line">コメント：{text(details.comment)}</p> : null}
      {text(details.reason) ? <p className="whitespace-pre-line">理由：{text(details.reason)}</p> : null}
      {changed.length > 0 ? <p>変更した項目：{changed.join("、")}</p> : null}
    </>
  );
}

// The entry's content as an earlier version stored it.
type Details = Omit<EntryContent, "entryId" | "placementId" | "version">;

function EntryDetails({ entry: e }: { entry: Details }) {
  return (
    <dl className="grid gap-x-4 gap-y-2 sm:grid-cols-[12rem_1fr]">
      <Item label="実施日">{formatDateJa(e.workDate)}</Item>
      <Item label="時間">
        {formatMinutes(e.minutes)}
        {e.startTime && e.endTime ? `（${e.startTime}〜${e.endTime}）` : ""}
      </Item>
      <Item label="作業の種類">{e.taskKind}</Item>
      <Item label="PGLのフェーズ">{e.pglPhase ?? "—"}</Item>
      <Item label="MICスキル標準の役割">{e.micRole ?? "—"}</Item>
      <Item label="担当部署">{e.department || "—"}</Item>
      <Item label="実施内容">{e.activity || "—"}</Item>
      <Item label="トレーニーの貢献">{e.contribution || "—"}</Item>
      <Item label="トレーニーの振り返り">{e.reflection || "—"}</Item>
      <Item label="トレーナーのフィードバック">{e.trainerFeedback || "—"}</Item>
      {e.correctionReason ? <Item label="訂正の理由">{e.correctionReason}</Item> : null}
    </dl>
  );
}

function Item({ label, children }: { label: string; children: React.ReactNode }) {
  return (
    <>
      <dt className="text-std-16B-170">{label}</dt>
      <dd className="whitespace-pre-line break-words">{children}</dd>
    </>
  );
}

/**
 * The sign-off of the other member of the pair: the trainer approves the trainee's entry, the
 * trainee confirms the trainer's (four eyes). Each form carries the revision it was shown.
 */
function ApproveForms({
  revision,
  confirm,
  approve,
  ret,
}: {
  revision: number;
  confirm: boolean;
  approve: SubmissionResult<string[]> | undefined;
  ret: SubmissionResult<string[]> | undefined;
}) {
  const [a, af] = useForm<z.input<typeof ApproveSchema>>({ id: "form-approve", lastResult: approve });
  const [r, rf] = useForm<z.input<typeof ReturnSchema>>({ id: "form-return", lastResult: ret });
  return (
    <section className="card mb-6 border-2 border-blue-900" aria-labelledby="sign-off">
      <h2 id="sign-off" className="mb-3">
        {confirm ? "トレーナーの記録の確認または差戻し" : "承認または差戻し"}
      </h2>
      <div className="grid gap-6 md:grid-cols-2">
        <Form method="post" {...getFormProps(a)}>
          <input type="hidden" name="intent" value="approve" />
          <input type="hidden" name="revision" value={revision} />
          <FormErrors id={a.errorId} errors={a.errors} />
          {confirm ? (
            <p className="mb-3">内容が事実どおりであれば「確認する」を押してください。確認した記録は確定します。</p>
          ) : (
            <TextareaField meta={af.trainerFeedback} label="トレーナーのフィードバック（任意）" rows={3} />
          )}
          <button type="submit" className="btn w-full sm:w-auto">
            {confirm ? "確認する" : "承認する"}
          </button>
        </Form>
        <Form method="post" {...getFormProps(r)}>
          <input type="hidden" name="intent" value="return" />
          <input type="hidden" name="revision" value={revision} />
          <FormErrors id={r.errorId} errors={r.errors} />
          <TextareaField
            meta={rf.comment}
            label="差戻しのコメント"
            required
            rows={3}
            hint="直してほしい点を書いてください。"
          />
          <button type="submit" className="btn-secondary w-full sm:w-auto">
            差戻しする
          </button>
        </Form>
      </div>
    </section>
  );
}

type EntryForForm = {
  revision: number;
  work_date: string;
  start_time: string | null;
  end_time: string | null;
  minutes: number;
  task_kind_id: number;
  pgl_phase_id: number | null;
  mic_role_id: number | null;
  task_kind: string;
  pgl_phase: string | null;
  mic_role: string | null;
  department: string;
  activity: string;
  contribution: string;
  reflection: string;
  trainer_feedback: string;
};

/** The entry's choices plus the ones it already carries (an inactive kind stays selectable). */
function withCurrent(choices: EntryChoices, e: EntryForForm): EntryChoices {
  const add = (list: EntryChoices["taskKinds"], id: number | null, label: string | null) =>
    id && label && !list.some((c) => c.id === id) ? [...list, { id, label }] : list;
  return {
    taskKinds: add(choices.taskKinds, e.task_kind_id, e.task_kind),
    pglPhases: add(choices.pglPhases, e.pgl_phase_id, e.pgl_phase),
    micRoles: add(choices.micRoles, e.mic_role_id, e.mic_role),
  };
}

function EntryEditForm({
  intent,
  title,
  button,
  entry,
  choices,
  isTrainer,
  lastResult,
  open,
}: {
  intent: "edit" | "correct";
  title: string;
  button: string;
  entry: EntryForForm;
  choices: EntryChoices;
  isTrainer: boolean;
  lastResult: SubmissionResult<string[]> | undefined;
  open?: boolean;
}) {
  const [form, fields] = useForm<z.input<typeof CorrectEntrySchema>>({
    id: `form-${intent}`,
    lastResult,
    defaultValue: {
      workDate: entry.work_date,
      startTime: entry.start_time ?? "",
      endTime: entry.end_time ?? "",
      duration: String(entry.minutes),
      taskKindId: String(entry.task_kind_id),
      pglPhaseId: entry.pgl_phase_id ? String(entry.pgl_phase_id) : "",
      micRoleId: entry.mic_role_id ? String(entry.mic_role_id) : "",
      department: entry.department,
      activity: entry.activity,
      contribution: entry.contribution,
      reflection: entry.reflection,
      trainerFeedback: entry.trainer_feedback,
    },
  });
  const all = withCurrent(choices, entry);
  const f = fields as unknown as EntryFieldMetas & { reason: typeof fields.reason };
  return (
    <details className="card mb-6" open={Boolean(lastResult) || open || undefined}>
      <summary className="cursor-pointer text-std-16B-170">{title}</summary>
      <Form method="post" {...getFormProps(form)} className="mt-3">
        <input type="hidden" name="intent" value={intent} />
        <input type="hidden" name="revision" value={entry.revision} />
        <FormErrors id={form.errorId} errors={form.errors} />
        {intent === "correct" ? (
          <TextareaField
            meta={fields.reason}
            label="訂正の理由"
            required
            rows={2}
            hint="承認済みの版は理由とともに残り、誰でも読めます。"
          />
        ) : null}
        <TextField meta={f.workDate} type="date" label="実施日" required />
        <SelectField
          meta={f.taskKindId}
          label="作業の種類"
          required
          options={all.taskKinds.map((c) => ({ value: String(c.id), label: c.label }))}
        />
        <DurationChoice meta={f.duration} extra={entry.minutes} />
        <DetailFields fields={f} choices={all} isTrainer={isTrainer} />
        <button type="submit" className="btn">
          {button}
        </button>
      </Form>
    </details>
  );
}
