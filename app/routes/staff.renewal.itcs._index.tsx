import { data, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { db } from "~/db.server";
import { requireRole } from "~/features/auth/session.server";
import { BAD_FISCAL_YEAR, renewalFiscalYearParam } from "~/features/renewal/fiscal-year-param";
import { renewalShortfalls } from "~/features/renewal/readiness.server";
import { fiscalYearOf, formatDateJa, formatFiscalYear, todayInTokyo } from "~/lib/dates";
import { pageCount, pageOffset, pageParam } from "~/lib/list-query";
import { EmptyState, PageHeader } from "~/ui/layout";
import { Pagination } from "~/ui/pagination";

export const meta: MetaFunction = () => [{ title: "更新条件を満たさないITC | ITC研修ポータル" }];

const PAGE_SIZE = 100;

export async function loader({ request, context }: LoaderFunctionArgs) {
  await requireRole({ request, context }, "staff");
  const params = new URL(request.url).searchParams;
  const fy = renewalFiscalYearParam(params.get("fy"));
  if (fy === null) throw data({ message: BAD_FISCAL_YEAR }, { status: 400 });
  const { total, short } = await renewalShortfalls(db(), fy);
  const current = fiscalYearOf(todayInTokyo());
  const years = Array.from({ length: 6 }, (_, i) => current - i);
  // Every short ITC is judged (the counts need them all); the page shows them a hundred at a time.
  const pages = pageCount(short.length, PAGE_SIZE);
  const page = Math.min(pageParam.parse(params.get("page") ?? undefined), pages);
  const offset = pageOffset(page, PAGE_SIZE);
  return {
    fiscalYear: fy,
    years: years.includes(fy) ? years : [fy, ...years],
    total,
    shortCount: short.length,
    page,
    pageCount: pages,
    short: short.slice(offset, offset + PAGE_SIZE).map(({ itc, readiness }) => ({
      id: itc.id,
      name: itc.name,
      itcNumber: itc.itc_number,
      certifiedOn: itc.itc_certified_on,
      ordinal: readiness.ordinal,
      points: readiness.points,
      pointsShort: readiness.pointsShort,
      missing: readiness.conditions.filter((c) => !c.met).map((c) => ({ key: c.key, label: c.label })),
    })),
  };
}

export default function RenewalShortfallsPage() {
  const { fiscalYear, years, total, shortCount, page, pageCount, short } = useLoaderData<typeof loader>();
  return (
    <div className="mx-auto max-w-6xl">
      <PageHeader
        title="更新条件を満たさないITC"
        lead={`${formatFiscalYear(fiscalYear)}の実績で、翌年度4〜5月の資格更新の条件をまだ満たしていないITCです。`}
        actions={
          <>
            <a href={`/staff/renewal/itcs.csv?fy=${fiscalYear}`} className="btn-secondary" download>
              CSVでダウンロード
            </a>
            <a href={`/staff/renewal/itcs.xlsx?fy=${fiscalYear}`} className="btn-secondary" download>
              Excel（.xlsx）でダウンロード
            </a>
            <Link to="/staff/renewal" className="btn-secondary">
              確認待ちの活動へ
            </Link>
          </>
        }
      />
      <Form
        method="get"
        className="mb-6 flex flex-col gap-3 rounded-8 border border-solid-gray-200 bg-white p-4 sm:flex-row sm:items-end"
      >
        <div>
          <label htmlFor="fy" className="label">
            年度
          </label>
          <select id="fy" name="fy" defaultValue={fiscalYear} key={fiscalYear} className="input">
            {years.map((y) => (
              <option key={y} value={y}>
                {formatFiscalYear(y)}
              </option>
            ))}
          </select>
        </div>
        <button type="submit" className="btn-secondary">
          表示
        </button>
      </Form>
      <p className="mb-4 text-std-16B-170" data-testid="shortfall-counts">
        ITC {total}人のうち、条件を満たしていない人 {shortCount}人
      </p>
      {short.length === 0 ? (
        <EmptyState title="条件を満たしていないITCはいません">
          {total === 0
            ? "この年度の末までにITC認定日が登録されたITCはいません。"
            : "この年度の対象のITCは、全員が更新の条件を満たしています。"}
        </EmptyState>
      ) : (
        <div className="overflow-x-auto">
          <table className="data-table stack-table w-full" data-testid="renewal-shortfalls">
            <caption className="sr-only">{formatFiscalYear(fiscalYear)}の更新条件を満たしていないITCの一覧</caption>
            <thead>
              <tr>
                <th scope="col">氏名</th>
                <th scope="col">ITC番号</th>
                <th scope="col">ITC認定日</th>
                <th scope="col">更新</th>
                <th scope="col">ポイント</th>
                <th scope="col">満たしていない条件</th>
              </tr>
            </thead>
            <tbody>
              {short.map((r) => (
                <tr key={r.id}>
                  <td data-label="氏名">
                    <Link to={`/staff/renewal/itcs/${r.id}?fy=${fiscalYear}`}>{r.name}</Link>
                  </td>
                  <td data-label="ITC番号">{r.itcNumber ?? "未登録"}</td>
                  <td data-label="ITC認定日">{r.certifiedOn ? formatDateJa(r.certifiedOn) : ""}</td>
                  <td data-label="更新">{r.ordinal === null ? "" : `${r.ordinal}回目`}</td>
                  <td data-label="ポイント">
                    {r.points}
                    {r.pointsShort > 0 ? <span className="sub">あと{r.pointsShort}ポイント</span> : null}
                  </td>
                  <td data-label="満たしていない条件">
                    <ul className="list-disc pl-5">
                      {r.missing.map((m) => (
                        <li key={m.key}>{m.label}</li>
                      ))}
                    </ul>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <Pagination page={page} pageCount={pageCount} />
    </div>
  );
}
