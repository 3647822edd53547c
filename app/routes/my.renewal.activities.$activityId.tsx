import { getFormProps, useForm } from "@conform-to/react";
import type { z } from "zod";
import {
  data,
  redirect,
  unstable_parseMultipartFormData,
  type ActionFunctionArgs,
  type LoaderFunctionArgs,
  type MetaFunction,
} from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { db } from "~/db.server";
import { requireUser } from "~/features/auth/session.server";
import { DELIVERABLE_MESSAGES as FILE } from "~/features/logbook/deliverable-rules";
import {
  DeliverableRefusedError,
  discardReceivedFile,
  receiveDeliverableFile,
  type ReceivedFile,
} from "~/features/logbook/deliverables.server";
import {
  assertEvidenceOpen,
  attachEvidenceFile,
  correctActivity,
  getActivity,
} from "~/features/renewal/activities.server";
import { ActivityFields } from "~/features/renewal/components/itc-activity-form";
import { ActivityStatusBadge, Fact, hoursText } from "~/features/renewal/components/itc-renewal";
import { listActivityKinds } from "~/features/renewal/kinds.server";
import { ActivitySchema } from "~/features/renewal/renewal.schema";
import { fileStorage } from "~/features/storage/storage.server";
import { formatDateJa, formatDateTimeJa, formatFiscalYear, todayInTokyo } from "~/lib/dates";
import { invalidSubmission, parseForm, replyWithDomainError, replyWithRefusal } from "~/lib/forms.server";
import { idParam } from "~/lib/params";
import { FormErrors } from "~/ui/form";
import { PageHeader } from "~/ui/layout";
import { Notice } from "~/ui/notice";

// /my/renewal/activities/:activityId: one self-reported activity for its ITC (and staff, who
// only read it here). While it is open (waiting, returned, evidence requested) the ITC may
// correct it and attach an evidence file; the upload is streamed into storage like the OJT
// deliverables (the route's body limit is in BODY_LIMITS). Anyone else is told it is not found.

export const meta: MetaFunction = () => [{ title: "自己申告の活動 | 資格更新 | ITC研修ポータル" }];

const activityIdOf = (params: LoaderFunctionArgs["params"]) => idParam(params, "activityId", "活動");

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const user = await requireUser({ request, context });
  const activity = await getActivity(db(), activityIdOf(params), user);
  const kinds = activity.editable
    ? (await listActivityKinds(db())).filter((k) => k.active || k.id === activity.kind_id)
    : [];
  return { activity, kinds, today: todayInTokyo() };
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const user = await requireUser({ request, context });
  const activityId = activityIdOf(params);
  // Someone else's activity (or none) is a 404 before anything sent is looked at.
  await getActivity(db(), activityId, user);
  const done = (notice: string) => redirect(`/my/renewal/activities/${activityId}?notice=${notice}`);

  if (!request.headers.get("content-type")?.startsWith("multipart/form-data")) {
    const submission = parseForm(await request.formData(), ActivitySchema);
    if (submission.status !== "success") return invalidSubmission(submission);
    try {
      await correctActivity(db(), { ...submission.value, activityId }, user.id);
    } catch (error) {
      return replyWithDomainError(submission, error);
    }
    return done("corrected");
  }

  // Whose activity it is, and whether it is still open, is decided before a byte is read.
  try {
    await assertEvidenceOpen(db(), activityId, user.id);
  } catch (error) {
    return replyWithRefusal(error, { upload: true });
  }
  const storage = fileStorage();
  let file: ReceivedFile | undefined;
  try {
    await unstable_parseMultipartFormData(request, async (part) => {
      if (part.name !== "file" || !part.filename) {
        for await (const chunk of part.data) void chunk; // small fields (or no file chosen): skip
        return undefined;
      }
      if (file) throw new DeliverableRefusedError(FILE.oneAtATime, 400);
      file = await receiveDeliverableFile(storage, {
        fileName: part.filename,
        body: part.data,
        keyPrefix: "renewal-evidence",
      });
      return undefined;
    });
  } catch (error) {
    await discardReceivedFile(storage, file);
    if (error instanceof DeliverableRefusedError)
      return data({ error: error.message, upload: true }, { status: error.status });
    // The body broke off (or grew past the route's limit, which the server answers with 413).
    return data({ error: FILE.cutOff, upload: true }, { status: 400 });
  }
  if (!file) return data({ error: FILE.empty, upload: true }, { status: 400 });
  try {
    await attachEvidenceFile(db(), storage, { activityId, userId: user.id, file });
  } catch (error) {
    return replyWithRefusal(error, { upload: true });
  }
  return done("evidence-file");
}

function CorrectionForm() {
  const { activity, kinds, today } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const lastResult = actionData && !("upload" in actionData) ? actionData : undefined;
  const [form, fields] = useForm<z.input<typeof ActivitySchema>>({
    id: `renewal-activity-${activity.id}`,
    lastResult,
    defaultValue: {
      kindId: String(activity.kind_id),
      title: activity.title,
      organizer: activity.organizer,
      activityDate: activity.activity_date,
      hours: String(activity.hours),
      evidenceUrl: activity.evidence_url ?? "",
    },
  });
  return (
    <section className="card mb-6" aria-labelledby="correct-heading">
      <h2 id="correct-heading" className="mb-2">
        内容を修正する
      </h2>
      <p className="mb-4 text-solid-gray-800">
        {activity.status === "submitted"
          ? "確認前の活動は修正できます。修正すると、ポイントを計算し直して確認待ちに戻ります。"
          : "修正して送信すると、ポイントを計算し直して、もう一度事務局の確認を受けます。"}
      </p>
      <Form method="post" {...getFormProps(form)}>
        <FormErrors id={form.errorId} errors={form.errors} />
        <ActivityFields
          fields={fields}
          kinds={kinds}
          today={today}
          fileHint="ファイルは上の「証跡のファイルを添付する」から添付できます。"
        />
        <button type="submit" className="btn w-full sm:w-auto">
          修正して申請する
        </button>
      </Form>
    </section>
  );
}

function EvidenceUpload({ error, resubmit }: { error: string | null; resubmit: boolean }) {
  return (
    <section className="card mb-6" aria-labelledby="evidence-file-heading">
      <h2 id="evidence-file-heading" className="mb-2">
        証跡のファイルを添付する
      </h2>
      <Form method="post" encType="multipart/form-data">
        {error ? (
          <p role="alert" className="mb-3 rounded-8 border-l-4 border-error-1 bg-red-50 p-3">
            {error}
          </p>
        ) : null}
        <label htmlFor="evidence-file" className="label">
          ファイル
        </label>
        <p id="evidence-file-hint" className="hint">
          受講証明書、プログラム、執筆物など。{FILE.allowed}。{FILE.limit}。添付し直すと、前のファイルと置き換わります。
        </p>
        {resubmit ? (
          <p className="mb-2 text-dns-16N-130" data-testid="resubmit-hint">
            添付しただけでは申請し直したことになりません。添付のあと、下の「修正して申請する」を押してください。
          </p>
        ) : null}
        <input
          id="evidence-file"
          type="file"
          name="file"
          required
          aria-describedby="evidence-file-hint"
          accept=".pdf,.docx,.xlsx,.pptx,.doc,.xls,.ppt,.png,.jpg,.jpeg,.gif,.webp"
          className="mt-2 block w-full"
        />
        <button type="submit" className="btn-secondary mt-3 w-full sm:w-auto">
          添付する
        </button>
      </Form>
    </section>
  );
}

export default function RenewalActivity() {
  const { activity } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const uploadError = actionData && "upload" in actionData && "error" in actionData ? actionData.error : null;
  const needsAction = activity.editable && activity.status !== "submitted";
  return (
    <div className="mx-auto max-w-3xl">
      <p className="mb-2">
        <Link to={`/my/renewal?fy=${activity.fiscal_year}`}>資格更新へ戻る</Link>
      </p>
      <PageHeader title={activity.title} lead={`${formatFiscalYear(activity.fiscal_year)}・${activity.kind_name}`} />
      <Notice page="myRenewalActivity" />

      <section className="card mb-6" aria-labelledby="summary-heading">
        <h2 id="summary-heading" className="sr-only">
          活動の内容
        </h2>
        <div className="mb-4 flex flex-wrap items-center gap-3">
          <ActivityStatusBadge status={activity.status} />
          <p className="text-std-20B-150" data-testid="activity-points">
            {activity.points}ポイント
          </p>
          <p className="text-dns-14N-130 text-solid-gray-800">
            {activity.status === "approved" ? "計上済み" : "承認されると計上されます"}
          </p>
        </div>
        {activity.review_comment && activity.status !== "approved" ? (
          <div
            className={`mb-4 rounded-8 border-l-4 p-3 ${needsAction ? "border-yellow-700 bg-yellow-50" : "border-solid-gray-420 bg-solid-gray-50"}`}
            data-testid="review-comment"
          >
            <p className="font-bold">事務局からのコメント</p>
            <p className="whitespace-pre-line">{activity.review_comment}</p>
          </div>
        ) : null}
        <dl className="divide-y divide-solid-gray-200">
          <Fact term="活動の種類">{activity.kind_name}</Fact>
          <Fact term="主催者・依頼元">{activity.organizer || "—"}</Fact>
          <Fact term="活動日">{formatDateJa(activity.activity_date)}</Fact>
          <Fact term="時間">{hoursText(activity.hours)}</Fact>
          <Fact term="証跡のURL" className="break-all">
            {activity.evidence_url ? (
              <a href={activity.evidence_url} rel="noopener noreferrer nofollow" target="_blank">
                {activity.evidence_url}
              </a>
            ) : (
              "—"
            )}
          </Fact>
          <Fact term="証跡のファイル" className="break-all" testId="evidence-file">
            {activity.evidence_file_name ? (
              <a href={`/my/renewal/activities/${activity.id}/evidence`} download>
                {activity.evidence_file_name}
              </a>
            ) : (
              "—"
            )}
          </Fact>
          <Fact term="申請日時">{formatDateTimeJa(activity.submitted_at)}</Fact>
          {activity.reviewed_at ? <Fact term="確認日時">{formatDateTimeJa(activity.reviewed_at)}</Fact> : null}
        </dl>
        {activity.status === "approved" ? (
          <p className="mt-4 text-solid-gray-800">承認済みの活動は修正できません。</p>
        ) : null}
      </section>

      {activity.editable ? (
        <>
          <EvidenceUpload error={uploadError} resubmit={needsAction} />
          <CorrectionForm />
        </>
      ) : null}
    </div>
  );
}
