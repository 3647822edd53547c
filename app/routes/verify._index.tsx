import { data, redirect, type HeadersFunction, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { VerifyForm } from "~/features/certification/components/verify-form";
import { CERTIFICATE_TEXT } from "~/features/certification/document-labels";
import { normalizeCertificateNumber } from "~/features/certification/verification";
import { PageHeader } from "~/ui/layout";

// The public verification's front door: type the number printed on a certificate. A number
// that can be one goes to its page (/verify/:number); anything else is answered here.

export const meta: MetaFunction = () => [
  { title: "修了証の確認 | ITC研修ポータル" },
  { name: "description", content: "ITコーディネータ協会が交付した修了証の有効性を、修了証番号で確認できます。" },
  { property: "og:title", content: "修了証の確認 | ITC研修ポータル" },
  {
    property: "og:description",
    content: "修了証番号を入力すると、交付の事実と現在の状態（有効・一時停止中・失効）を確認できます。",
  },
  { property: "og:type", content: "website" },
];

export const headers: HeadersFunction = () => ({ "Cache-Control": "no-store" });

export async function loader({ request }: LoaderFunctionArgs) {
  const typed = new URL(request.url).searchParams.get("number");
  if (typed === null) return { typed: "", error: null };
  if (typed.trim() === "") return data({ typed: "", error: "修了証番号を入力してください。" }, { status: 400 });
  const number = normalizeCertificateNumber(typed);
  if (number) throw redirect(`/verify/${encodeURIComponent(number)}`);
  return data({ typed: typed.slice(0, 200), error: CERTIFICATE_TEXT.notFound }, { status: 404 });
}

export default function VerifyIndex() {
  const { typed, error } = useLoaderData<typeof loader>();
  return (
    <div className="mx-auto max-w-3xl">
      <PageHeader
        title="修了証の確認"
        lead="ITコーディネータ協会が交付した修了証が本物で、現在も有効かどうかを確認できます。ログインは不要です。"
      />
      <VerifyForm defaultValue={typed} error={error} />
      <section className="mt-8" aria-labelledby="about-heading">
        <h2 id="about-heading">確認できること</h2>
        <ul className="mt-2 list-disc pl-6">
          <li>修了証に印刷された氏名・研修名・交付日などの内容</li>
          <li>現在の状態（有効・一時停止中・失効）</li>
        </ul>
        <p className="mt-2">
          修了証のQRコードを読み取っても、このページの確認結果が開きます。印刷された内容と確認結果が異なる場合は、協会事務局にお問い合わせください。
        </p>
      </section>
    </div>
  );
}
