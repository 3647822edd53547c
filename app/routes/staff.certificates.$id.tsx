import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { db } from "~/db.server";
import { requireRole } from "~/features/auth/session.server";
import { CertificateStatusSchema } from "~/features/certification/certification.schema";
import { reinstateCertificate, revokeCertificate, suspendCertificate } from "~/features/certification/certify.server";
import { CriterionList } from "~/features/certification/components/criterion-list";
import { auditActionLabel } from "~/features/audit/labels";
import { CERTIFICATE_STATUS_LABELS, PRINTED_FACT_LABELS } from "~/features/certification/labels";
import { certificateForStaff } from "~/features/certification/queue.server";
import { formatDateJa, formatDateTimeJa, formatWareki } from "~/lib/dates";
import { confirmation, isConfirmed } from "~/lib/confirmation";
import { parseForm, replyWithRefusal } from "~/lib/forms.server";
import { idParam } from "~/lib/params";
import { ConfirmStep } from "~/ui/confirm-step";
import { FlashMessage, PageHeader } from "~/ui/layout";
import { Notice } from "~/ui/notice";

export const meta: MetaFunction = () => [{ title: "修了証 | ITC研修ポータル" }];

export async function loader({ request, context, params }: LoaderFunctionArgs) {
  await requireRole({ request, context }, "staff");
  return certificateForStaff(db(), idParam(params, "id", "修了証"));
}

export async function action({ request, context, params }: ActionFunctionArgs) {
  const staff = await requireRole({ request, context }, "staff");
  const id = idParam(params, "id", "修了証");
  const formData = await request.formData();
  const submission = parseForm(formData, CertificateStatusSchema);
  if (submission.status !== "success")
    return data(
      { error: Object.values(submission.error ?? {}).flat()[0] ?? "入力を確認してください。" },
      { status: 400 },
    );
  const { intent, reason, publish } = submission.value;
  // Revocation cannot be undone: the first post only says what will happen (decision 0036).
  if (intent === "revoke" && !isConfirmed(formData))
    return data(
      confirmation(formData, {
        title: "この修了証を取り消しますか（元に戻せません）",
        consequences: [
          "修了証は失効し、有効に戻すことはできません。番号は再利用されません。",
          "検証ページとデジタル証明書の状態リストに「失効」と表示されます。",
          publish
            ? `理由「${reason ?? ""}」を検証ページで公開します。`
            : `理由「${reason ?? ""}」は公開しません（記録には残ります）。`,
        ],
        confirmLabel: "取り消す",
      }),
    );
  try {
    if (intent === "reinstate") await reinstateCertificate(db(), id, staff);
    else if (intent === "suspend") await suspendCertificate(db(), id, { reason: reason ?? "", publish }, staff);
    else await revokeCertificate(db(), id, { reason: reason ?? "", publish }, staff);
  } catch (error) {
    return replyWithRefusal(error);
  }
  return redirect(`/staff/certificates/${id}?notice=${intent}`);
}

function StatusForm({ intent, label, danger }: { intent: "suspend" | "revoke"; label: string; danger?: boolean }) {
  return (
    <Form method="post" className="grid gap-2 rounded-8 border border-solid-gray-200 bg-white p-4">
      <h3 className="text-std-16B-170">{label}</h3>
      <input type="hidden" name="intent" value={intent} />
      <label htmlFor={`reason-${intent}`} className="label">
        理由
      </label>
      <textarea id={`reason-${intent}`} name="reason" rows={2} className="input" required maxLength={1000} />
      <div className="flex items-center gap-2">
        <input type="checkbox" id={`publish-${intent}`} name="publish" className="size-6" />
        <label htmlFor={`publish-${intent}`}>理由を検証ページで公開する</label>
      </div>
      <button type="submit" className={danger ? "btn w-full sm:w-auto" : "btn-secondary w-full sm:w-auto"}>
        {label}
      </button>
    </Form>
  );
}

export default function StaffCertificatePage() {
  const { certificate: c, issuedByName, criteria, evidence, trail } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  return (
    <div className="mx-auto max-w-3xl">
      <PageHeader
        title={`修了証 ${c.number}`}
        lead={`${c.holder_name}さん・${c.certificate_title}`}
        actions={
          <Link to={`/staff/certification?programme=${c.programme_id}&show=issued`} className="btn-secondary">
            修了認定へ戻る
          </Link>
        }
      />
      <Notice page="staffCertificate" />
      <FlashMessage tone="error" message={actionData && "error" in actionData ? actionData.error : null} />
      {actionData && "confirm" in actionData ? <ConfirmStep confirm={actionData.confirm} /> : null}
      <dl className="grid gap-x-4 gap-y-2 rounded-8 border border-solid-gray-200 bg-white p-4 sm:grid-cols-[10rem_1fr]">
        <dt className="text-std-16B-170">状態</dt>
        <dd data-testid="certificate-status">
          {CERTIFICATE_STATUS_LABELS[c.status] ?? c.status}
          {c.status_reason
            ? `（理由：${c.status_reason}${c.status_reason_public ? "・検証ページで公開" : "・非公開"}）`
            : ""}
        </dd>
        <dt className="text-std-16B-170">氏名</dt>
        <dd>{c.holder_name}</dd>
        <dt className="text-std-16B-170">プログラム</dt>
        <dd>{c.programme_name}</dd>
        {Object.entries(c.printed_facts).map(([key, value]) => (
          <div key={key} className="contents">
            <dt className="text-std-16B-170">{PRINTED_FACT_LABELS[key] ?? key}</dt>
            <dd>{value}</dd>
          </div>
        ))}
        <dt className="text-std-16B-170">発行日</dt>
        <dd>
          {formatWareki(c.issued_on)}（{formatDateJa(c.issued_on)}）・{issuedByName ?? "不明"}
        </dd>
        <dt className="text-std-16B-170">書類</dt>
        <dd className="flex flex-wrap gap-4">
          <a href={`/certificates/${c.id}.pdf`}>PDF</a>
          <a href={`/verify/${c.number}`}>検証ページ</a>
        </dd>
      </dl>

      <section aria-labelledby="snapshot-heading" className="mt-6">
        <h2 id="snapshot-heading" className="text-std-18B-160">
          発行時の条件と根拠
        </h2>
        <p className="mt-1 text-dns-14N-130 text-solid-gray-800">条件：{criteria.join("、")}</p>
        <CriterionList results={evidence} />
      </section>

      {c.status !== "revoked" ? (
        <section aria-labelledby="status-heading" className="mt-6 grid gap-4">
          <h2 id="status-heading" className="text-std-18B-160">
            状態の変更
          </h2>
          {c.status === "valid" ? <StatusForm intent="suspend" label="一時停止する" /> : null}
          {c.status === "suspended" ? (
            <Form method="post">
              <input type="hidden" name="intent" value="reinstate" />
              <button type="submit" className="btn-secondary w-full sm:w-auto">
                有効に戻す
              </button>
            </Form>
          ) : null}
          <StatusForm intent="revoke" label="取り消す（元に戻せません）" danger />
        </section>
      ) : null}

      <section aria-labelledby="trail-heading" className="mt-6">
        <h2 id="trail-heading" className="text-std-18B-160">
          履歴
        </h2>
        <ol className="mt-2 grid gap-1">
          {trail.map((t) => (
            <li key={t.id}>
              {formatDateTimeJa(t.createdAt)}・{auditActionLabel(t.action)}・{t.actorName ?? "システム"}
              {t.reason ? `（${t.reason}）` : ""}
            </li>
          ))}
        </ol>
      </section>
    </div>
  );
}
