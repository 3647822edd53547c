import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { db } from "~/db.server";
import { requireRole } from "~/features/auth/session.server";
import { getCohort } from "~/features/cohorts/cohorts.server";
import { IMPORT_MAX_BYTES, IMPORT_MAX_ROWS } from "~/features/enrollment/import-limits";
import { importRosterCsv } from "~/features/enrollment/roster-csv.server";
import { idParam } from "~/lib/params";
import { PageHeader } from "~/ui/layout";

export const meta: MetaFunction = () => [{ title: "CSVから受講者を取り込む | ITC研修ポータル" }];

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  await requireRole({ request, context }, "staff");
  return { cohort: await getCohort(db(), idParam(params, "cohortId")) };
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const user = await requireRole({ request, context }, "staff");
  const cohortId = idParam(params, "cohortId");
  const length = Number(request.headers.get("Content-Length") ?? 0);
  if (length > IMPORT_MAX_BYTES + 64 * 1024) {
    return data({ fileError: "ファイルが大きすぎます（1MBまで）。", rejections: [] }, { status: 413 });
  }
  const form = await request.formData();
  const file = form.get("file");
  if (!file || typeof file === "string" || file.size === 0) {
    return data({ fileError: "取り込むCSVファイルを選んでください。", rejections: [] }, { status: 400 });
  }
  const bytes = new Uint8Array(await file.arrayBuffer());
  const result = await importRosterCsv(db(), { cohortId, bytes, actorId: user.id });
  if (!result.ok) return data({ fileError: result.fileError ?? null, rejections: result.rejections }, { status: 422 });
  return redirect(`/staff/cohorts/${cohortId}?notice=imported`);
}

export default function ImportRoster() {
  const { cohort } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const busy = useNavigation().state === "submitting";
  const rejections = result?.rejections ?? [];
  return (
    <div className="mx-auto max-w-4xl">
      <p className="mb-2">
        <Link to={`/staff/cohorts/${cohort.id}`}>名簿へ戻る</Link>
      </p>
      <PageHeader title="CSVから受講者を取り込む" lead={`${cohort.course_title} ${cohort.name}`} />
      <section className="card mb-6" aria-labelledby="format-heading">
        <h2 id="format-heading" className="mb-2 text-std-18B-160">
          ファイルの形式
        </h2>
        <ul className="list-disc space-y-1 pl-6">
          <li>1行目は見出し行です。「メールアドレス」の列が必須、「入金確認」の列（「済」または空欄）は任意です。</li>
          <li>登録済みのトレーニーITCをメールアドレスで指定します。ほかの列（氏名など）は読み飛ばします。</li>
          <li>Excelで保存したCSV（Shift_JIS）、UTF-8（BOMあり・なし）のどちらでも読み込めます。</li>
          <li>定員までは受講確定、超えた分はファイルの順にキャンセル待ちになります。{IMPORT_MAX_ROWS}行・1MBまで。</li>
          <li>
            <strong>1行でも取り込めない行があると、ファイル全体を取り込みません</strong>
            （どの行がなぜ取り込めないかを表示します）。
          </li>
        </ul>
      </section>
      {result ? (
        <div role="alert" className="mb-6 rounded-8 border-l-4 border-error-1 bg-red-50 p-4">
          <p className="font-bold">取り込みませんでした。何も登録されていません。</p>
          {result.fileError ? <p>{result.fileError}</p> : null}
          {rejections.length > 0 ? (
            <>
              <p>{rejections.length}行に問題があります。修正してもう一度取り込んでください。</p>
              <table className="data-table mt-2 bg-white">
                <caption className="sr-only">取り込めない行</caption>
                <thead>
                  <tr>
                    <th scope="col">行</th>
                    <th scope="col">メールアドレス</th>
                    <th scope="col">理由</th>
                  </tr>
                </thead>
                <tbody>
                  {rejections.map((r) => (
                    <tr key={r.line}>
                      <td>{r.line}行目</td>
                      <td className="break-all">{r.email || "（空欄）"}</td>
                      <td>{r.message}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </>
          ) : null}
        </div>
      ) : null}
      <Form method="post" encType="multipart/form-data" className="card">
        <label htmlFor="file" className="label">
          CSVファイル
          <span className="required" aria-hidden="true">
            必須
          </span>
        </label>
        <input id="file" name="file" type="file" accept=".csv,text/csv" className="input mb-4" aria-required />
        <button type="submit" className="btn" disabled={busy}>
          取り込む
        </button>
      </Form>
    </div>
  );
}
