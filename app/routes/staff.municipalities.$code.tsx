import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Link, useActionData, useLoaderData } from "@remix-run/react";
import { db } from "~/db.server";
import { requireRole } from "~/features/auth/session.server";
import { MunicipalityForm } from "~/features/municipalities/components/municipality-form";
import { MunicipalitySchema } from "~/features/municipalities/municipalities.schema";
import { getMunicipality, updateMunicipality } from "~/features/municipalities/municipalities.server";
import { invalidSubmission, parseForm } from "~/lib/forms.server";
import { normalizeLocalGovCode, prefectureName } from "~/lib/local-gov-code";
import { PageHeader } from "~/ui/layout";

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: `${data?.municipality.name ?? "自治体"} | ITC研修ポータル` },
];

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  await requireRole({ request, context }, "staff", "admin");
  return { municipality: await getMunicipality(db(), params.code ?? "") };
}

const CODE_MISMATCH =
  "送信された地方公共団体コードがこのページの自治体と一致しません。ページを読み込み直してから保存してください。";

export async function action({ request, params, context }: ActionFunctionArgs) {
  const user = await requireRole({ request, context }, "staff", "admin");
  const formData = await request.formData();
  // The code is the identity: always the one in the URL. A different one in the body is a
  // stale or crafted form, refused rather than silently ignored.
  const sent = formData.get("code");
  const code = params.code ?? "";
  formData.set("code", code);
  const submission = parseForm(formData, MunicipalitySchema);
  if (typeof sent === "string" && sent !== "" && normalizeLocalGovCode(sent) !== code) {
    return invalidSubmission(submission, { formErrors: [CODE_MISMATCH] });
  }
  if (submission.status !== "success") return invalidSubmission(submission);
  // The code is the URL's, of a registered municipality: the only refusal is a 404.
  const outcome = await updateMunicipality(db(), submission.value, user.id);
  return redirect(`/staff/municipalities?q=${submission.value.code}&notice=${outcome}`);
}

export default function EditMunicipality() {
  const { municipality: m } = useLoaderData<typeof loader>();
  const lastResult = useActionData<typeof action>();
  return (
    <div className="mx-auto max-w-2xl">
      <PageHeader title={`${m.name}（${prefectureName(m.prefecture_code)}）`} lead="自治体の情報を編集します。" />
      <MunicipalityForm
        key={m.code}
        lastResult={lastResult}
        codeLocked
        submitLabel="保存する"
        defaultValue={{
          code: m.code,
          name: m.name,
          nameKana: m.name_kana,
          kind: m.kind,
          population: m.population === null ? "" : String(m.population),
          populationYear: m.population_year === null ? "" : String(m.population_year),
        }}
      />
      <p className="mt-6">
        <Link to="/staff/municipalities">自治体一覧へ戻る</Link>
      </p>
    </div>
  );
}
