import {
  data,
  unstable_createMemoryUploadHandler,
  unstable_parseMultipartFormData,
  MaxPartSizeExceededError,
  type ActionFunctionArgs,
  type LoaderFunctionArgs,
  type MetaFunction,
} from "@remix-run/node";
import { Form, Link, useActionData, useNavigation } from "@remix-run/react";
import { db } from "~/db.server";
import { requireRole } from "~/features/auth/session.server";
import {
  importMunicipalitiesCsv,
  type ImportOutcome,
  type ImportReport,
} from "~/features/municipalities/municipalities.server";
import { FlashMessage, PageHeader } from "~/ui/layout";

export const meta: MetaFunction = () => [{ title: "自治体のCSV一括登録 | ITC研修ポータル" }];

const MAX_BYTES = 5 * 1024 * 1024;

export async function loader({ request, context }: LoaderFunctionArgs) {
  await requireRole({ request, context }, "staff", "admin");
  return null;
}

type ActionData = { error: string; report?: undefined } | { error?: undefined; report: ImportReport };

export async function action({ request, context }: ActionFunctionArgs) {
  const user = await requireRole({ request, context }, "staff", "admin");
  let formData: FormData;
  try {
    formData = await unstable_parseMultipartFormData(
      request,
      unstable_createMemoryUploadHandler({ maxPartSize: MAX_BYTES }),
    );
  } catch (error) {
    if (error instanceof MaxPartSizeExceededError)
      return data<ActionData>({ error: "ファイルが大きすぎます（5MBまで）。" }, { status: 413 });
    return data<ActionData>({ error: "ファイルを読み取れませんでした。" }, { status: 400 });
  }
  const file = formData.get("file");
  if (!(file instanceof Blob) || file.size === 0)
    return data<ActionData>({ error: "CSVファイルを選択してください。" }, { status: 400 });
  const report = await importMunicipalitiesCsv(db(), new Uint8Array(await file.arrayBuffer()), user.id);
  return data<ActionData>({ report }, { status: report.rejected ? 400 : 200 });
}

const OUTCOME_LABELS: Record<ImportOutcome, string> = {
  created: "新規登録",
  updated: "更新",
  unchanged: "変更なし",
  skipped: "読み飛ばし",
  ready: "取込可能",
  error: "エラー",
};

export default function ImportMunicipalities() {
  const result = useActionData<typeof action>();
  const busy = useNavigation().state === "submitting";
  const report = result?.report;
  const shown = report
    ? report.rejected
      ? report.rows.filter((r) => r.outcome === "error")
      : report.rows.filter((r) => r.outcome !== "unchanged")
    : [];
  return (
    <div className="mx-auto max-w-3xl">
      <PageHeader
        title="自治体のCSV一括登録"
        lead="総務省「全国地方公共団体コード」の一覧、またはこのシステムの形式のCSVを取り込みます。同じコードの団体は更新され、重複登録されません。"
      />
      <FlashMessage message={result?.error} tone="error" />
      {report ? (
        report.rejected ? (
          <div role="alert" className="mb-6 rounded-8 border-l-4 border-error-1 bg-red-50 p-4">
            <p className="text-std-16B-170">
              エラーがあるため、取り込みを行いませんでした（{report.counts.error}件）。
            </p>
            <p>下の一覧の行を修正して、もう一度取り込んでください。</p>
          </div>
        ) : (
          <FlashMessage
            message={`取り込みました：新規 ${report.counts.created}件・更新 ${report.counts.updated}件・変更なし ${report.counts.unchanged}件・読み飛ばし ${report.counts.skipped}件（文字コード：${report.encoding === "shift_jis" ? "Shift_JIS" : "UTF-8"}）`}
          />
        )
      ) : null}
      {shown.length > 0 ? (
        <section aria-labelledby="report-heading" className="mb-8">
          <h2 id="report-heading" className="mb-3">
            {report?.rejected ? "エラーのある行" : "登録・更新・読み飛ばした行"}
          </h2>
          <ul className="divide-y divide-solid-gray-200 rounded-12 border border-solid-gray-200">
            {shown.slice(0, 500).map((r) => (
              <li key={`${r.line}-${r.code}`} className="p-3">
                <p>
                  <span className="text-std-16B-170">{r.line}行目</span>
                  <span className="ml-2 font-mono">{r.code || "（コードなし）"}</span>
                  <span className="ml-2">{r.name}</span>
                  <span
                    className={`badge ml-2 ${r.outcome === "error" ? "bg-red-100 text-red-1000" : "bg-blue-100 text-blue-1100"}`}
                  >
                    {OUTCOME_LABELS[r.outcome]}
                  </span>
                </p>
                {r.message ? <p className="text-dns-16N-130 text-solid-gray-800">{r.message}</p> : null}
              </li>
            ))}
          </ul>
          {shown.length > 500 ? <p className="mt-2">ほか {shown.length - 500} 行</p> : null}
        </section>
      ) : null}
      <Form method="post" encType="multipart/form-data" className="card">
        <label htmlFor="file" className="label">
          CSVファイル<span className="required">必須</span>
        </label>
        <p id="file-hint" className="hint">
          文字コードはUTF-8（BOM付き・なし）またはShift_JIS（Excelの「CSV（コンマ区切り）」）。5MB・5,000行まで。
        </p>
        <input
          id="file"
          name="file"
          type="file"
          accept=".csv,text/csv"
          aria-describedby="file-hint"
          className="input mb-5"
        />
        <details className="mb-5">
          <summary className="cursor-pointer">使える列（1行目の見出し）</summary>
          <ul className="mt-2 list-disc pl-6 text-dns-16N-130">
            <li>団体コード（必須。6桁。Excelで先頭の0が消えた5桁も可）</li>
            <li>市区町村名（漢字）または団体名（必須。空欄の行は都道府県名（漢字）を使用）</li>
            <li>市区町村名（カナ）またはふりがな（半角カナも可。ひらがなで保存）</li>
            <li>人口、人口基準年、団体区分（任意。列がなければ登録済みの値を保持）</li>
          </ul>
        </details>
        <button type="submit" className="btn w-full sm:w-auto" disabled={busy}>
          {busy ? "取り込み中…" : "取り込む"}
        </button>
      </Form>
      <p className="mt-6">
        <Link to="/staff/municipalities">自治体一覧へ戻る</Link>
      </p>
    </div>
  );
}
