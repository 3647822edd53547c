import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { db } from "~/db.server";
import { requireRole } from "~/features/auth/session.server";
import { CERTIFICATE_STATUS_LABELS, PRINTED_FACT_LABELS } from "~/features/certification/labels";
import { myCertification } from "~/features/certification/queue.server";
import { formatDateJa, formatWareki } from "~/lib/dates";
import { EmptyState, PageHeader } from "~/ui/layout";

export const meta: MetaFunction = () => [{ title: "修了証 | ITC研修ポータル" }];

export async function loader({ request, context }: LoaderFunctionArgs) {
  const user = await requireRole({ request, context }, "trainee");
  return myCertification(db(), user.id);
}

export default function MyCertificatesPage() {
  const { certificates, declined } = useLoaderData<typeof loader>();
  return (
    <div className="mx-auto max-w-3xl">
      <PageHeader
        title="修了証"
        lead="協会が修了を認定した研修とOJTの修了証です。PDFの印刷、デジタル証明書（Open Badges）の受け取り、検証ページの共有ができます。"
        actions={
          <Link to="/my/points" className="btn-secondary">
            実践力ポイントを見る
          </Link>
        }
      />
      {certificates.length === 0 ? (
        <EmptyState title="まだ修了証はありません">
          研修やOJTの修了が認定されると、ここに修了証が表示されます。
        </EmptyState>
      ) : (
        <ul className="grid gap-4">
          {certificates.map((c) => (
            <li key={c.id} className="rounded-8 border border-solid-gray-200 bg-white p-4" data-testid="my-certificate">
              <h2 className="text-std-18B-160">{c.certificate_title}</h2>
              <p className="text-dns-14N-130 text-solid-gray-800">
                修了証番号 {c.number}・{formatWareki(c.issued_on)}（{formatDateJa(c.issued_on)}）発行・
                {CERTIFICATE_STATUS_LABELS[c.status] ?? c.status}
              </p>
              <dl className="mt-2 grid gap-x-4 sm:grid-cols-[6rem_1fr]">
                {Object.entries(c.printed_facts).map(([key, value]) => (
                  <div key={key} className="contents">
                    <dt className="text-std-16B-170">{PRINTED_FACT_LABELS[key] ?? key}</dt>
                    <dd>{value}</dd>
                  </div>
                ))}
              </dl>
              <p className="mt-2 flex flex-wrap gap-4">
                <a href={`/certificates/${c.id}.pdf`}>PDFをダウンロード</a>
                <a href={`/certificates/${c.id}/credential`}>デジタル証明書（Open Badges）</a>
                <a href={`/verify/${c.number}`}>検証ページ</a>
              </p>
            </li>
          ))}
        </ul>
      )}
      {declined.length > 0 ? (
        <section aria-labelledby="declined-heading" className="mt-8">
          <h2 id="declined-heading" className="text-std-18B-160">
            認定を見送った連絡
          </h2>
          <ul className="mt-2 grid gap-2">
            {declined.map((d) => (
              <li key={d.id} className="rounded-8 border border-solid-gray-200 bg-white p-4" data-testid="declined">
                <p className="text-std-16B-170">
                  {d.programme_name}（{formatDateJa(d.decided_at)}）
                </p>
                <p>理由：{d.reason}</p>
              </li>
            ))}
          </ul>
        </section>
      ) : null}
    </div>
  );
}
