import { data, redirect, type HeadersFunction, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { db } from "~/db.server";
import { VerifyForm } from "~/features/certification/components/verify-form";
import { verifyCertificate, type PublicCertificate } from "~/features/certification/documents.server";
import { PageHeader } from "~/ui/layout";

// The public verification of one certificate (the QR code on the PDF leads here): no sign-in,
// the facts printed on the certificate so an edited copy shows, the status now, and no other
// personal data. An unknown or malformed number is a normal page with a 404 status. Never
// cached (a status can change at any moment); kept out of search indexes (a person's name),
// while link previews still get a title.

export const headers: HeadersFunction = () => ({ "Cache-Control": "no-store" });

export async function loader({ params }: LoaderFunctionArgs) {
  const raw = params.number ?? "";
  const result = await verifyCertificate(db(), raw);
  if (!result.found) return data(result, { status: 404 });
  // A number typed in full-width or with spaces: one address per certificate.
  if (raw !== result.certificate.number) throw redirect(`/verify/${encodeURIComponent(result.certificate.number)}`);
  return result;
}

export const meta: MetaFunction<typeof loader> = ({ data: result }) => {
  if (!result?.found) {
    return [{ title: "修了証が見つかりません | ITC研修ポータル" }, { name: "robots", content: "noindex" }];
  }
  const c = result.certificate;
  const title = `${c.certificateTitle}（${c.holderName}）の確認 | ITC研修ポータル`;
  const description = `${c.issuerName}が${c.issuedOnWareki}に交付した${c.certificateTitle}（修了証番号 ${c.number}）。現在の状態: ${c.statusLabel}`;
  return [
    { title },
    { name: "description", content: description },
    { name: "robots", content: "noindex" },
    { property: "og:title", content: `${c.certificateTitle}（${c.holderName}）` },
    { property: "og:description", content: description },
    { property: "og:type", content: "website" },
    { property: "og:site_name", content: "ITC研修ポータル" },
  ];
};

const STATUS_STYLE: Record<PublicCertificate["status"], string> = {
  valid: "border-success-1 bg-green-50",
  suspended: "border-yellow-700 bg-yellow-50",
  revoked: "border-error-1 bg-red-50",
};

function statusSentence(c: PublicCertificate): string {
  const when = c.statusChangedWareki ? `${c.statusChangedWareki}（${c.statusChangedWestern}）` : "";
  if (c.status === "valid") return `この修了証は${c.issuerName}が交付した、有効な修了証です。`;
  if (c.status === "suspended") return `この修了証は${when}から一時停止されています。`;
  return `この修了証は${when}に失効しました。`;
}

export default function VerifyCertificate() {
  const result = useLoaderData<typeof loader>();
  if (!result.found) {
    return (
      <div className="mx-auto max-w-3xl">
        <PageHeader title="修了証が見つかりません" />
        <p className="mb-6 rounded-8 border-l-4 border-error-1 bg-red-50 p-4">{result.message}</p>
        <VerifyForm />
      </div>
    );
  }
  const c = result.certificate;
  return (
    <div className="mx-auto max-w-3xl">
      <PageHeader title="修了証の確認" lead="修了証番号に対応する、協会の記録です。" />
      <section className={`mb-6 rounded-8 border-l-4 p-4 ${STATUS_STYLE[c.status]}`} aria-labelledby="status-heading">
        <h2 id="status-heading" className="text-std-20B-150">
          状態: <span data-testid="certificate-status">{c.statusLabel}</span>
        </h2>
        <p className="mt-1">{statusSentence(c)}</p>
        {c.publicReason ? (
          <p className="mt-1">
            理由: <span className="whitespace-pre-line">{c.publicReason}</span>
          </p>
        ) : null}
      </section>
      <section className="card mb-6" aria-labelledby="facts-heading">
        <h2 id="facts-heading" className="mb-3">
          修了証の内容
        </h2>
        <dl className="grid gap-x-4 sm:grid-cols-[9rem_1fr] sm:gap-y-2 [&>dt]:font-bold [&>dt]:not-first:mt-3 sm:[&>dt]:not-first:mt-0">
          <dt>修了証番号</dt>
          <dd className="break-all">{c.number}</dd>
          <dt>氏名</dt>
          <dd>{c.holderName}</dd>
          <dt>修了証</dt>
          <dd>{c.certificateTitle}</dd>
          <dt>研修</dt>
          <dd>{c.programmeName}</dd>
          {c.facts.map((f) => (
            <FactRow key={f.label} label={f.label} value={f.value} />
          ))}
          <dt>交付日</dt>
          <dd>
            {c.issuedOnWareki}（{c.issuedOnWestern}）
          </dd>
          <dt>交付者</dt>
          <dd>{c.issuerName}</dd>
        </dl>
        <p className="hint mt-4">
          お手元の修了証の内容がここに示す内容と異なる場合、その修了証は書き換えられている可能性があります。
        </p>
      </section>
      <VerifyForm />
      <p className="mt-6">
        <Link to="/verify">修了証の確認について</Link>
      </p>
    </div>
  );
}

function FactRow({ label, value }: { label: string; value: string }) {
  return (
    <>
      <dt>{label}</dt>
      <dd>{value}</dd>
    </>
  );
}
