import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { db } from "~/db.server";
import { requireRole } from "~/features/auth/session.server";
import { RENEWAL_POINTS } from "~/features/vocabulary/course-kinds";
import { myPoints } from "~/features/enrollment/completion.server";
import { pointsByFiscalYear } from "~/features/renewal/readiness.server";
import { pointsEquation } from "~/features/renewal/rules";
import { fiscalYearOf, formatDateJa, formatFiscalYear } from "~/lib/dates";
import { EmptyState, PageHeader } from "~/ui/layout";

export const meta: MetaFunction = () => [{ title: "実践力ポイント | ITC研修ポータル" }];

export async function loader({ request, context }: LoaderFunctionArgs) {
  const user = await requireRole({ request, context }, "trainee");
  // The figure per year is the renewal's own (courses + approved self-reported activities).
  const [{ credits }, years] = await Promise.all([myPoints(db(), user.id), pointsByFiscalYear(db(), user.id)]);
  return { credits, years, currentFiscalYear: fiscalYearOf(new Date()) };
}

type YearPoints = { coursePoints: number; activityPoints: number; total: number };
const NO_POINTS: YearPoints = { coursePoints: 0, activityPoints: 0, total: 0 };

function YearCard({ fiscalYear, points, note }: { fiscalYear: number; points: YearPoints; note: string }) {
  const { total } = points;
  const met = total >= RENEWAL_POINTS;
  return (
    <div className="card" data-testid={`fy-${fiscalYear}`}>
      <h2 className="text-std-18B-160">{formatFiscalYear(fiscalYear)}</h2>
      <p className="text-dns-14N-130 text-solid-gray-700">{note}</p>
      <p className="mt-2 text-std-28B-150">
        {total}
        <span className="text-std-16N-170">／{RENEWAL_POINTS}ポイント</span>
      </p>
      <p className="text-dns-16N-130" data-testid={`fy-${fiscalYear}-equation`}>
        {pointsEquation(points)}
      </p>
      <meter
        className="mt-2 h-3 w-full"
        min={0}
        max={RENEWAL_POINTS}
        value={Math.min(total, RENEWAL_POINTS)}
        aria-label={`${formatFiscalYear(fiscalYear)}の実践力ポイント`}
      />
      <p className="mt-2">
        {met ? "更新に必要なポイントを満たしています。" : `更新にはあと${RENEWAL_POINTS - total}ポイント必要です。`}
      </p>
    </div>
  );
}

export default function MyPoints() {
  const { years, credits, currentFiscalYear } = useLoaderData<typeof loader>();
  const pointsOf = (fy: number) => years.find((y) => y.fiscalYear === fy) ?? NO_POINTS;
  return (
    <div>
      <PageHeader
        title="実践力ポイント"
        lead={`ITC資格の更新には、前年度に${RENEWAL_POINTS}ポイント以上の実践力ポイントが必要です（年度は4月〜翌3月）。協会の研修を修了すると、最終日の年度に自動で登録されます。自己申告の活動は事務局が承認すると加わります（資格更新のページと同じ合計です）。`}
      />
      <div className="mb-8 grid gap-4 md:grid-cols-2">
        <YearCard
          fiscalYear={currentFiscalYear}
          points={pointsOf(currentFiscalYear)}
          note="今年度（来年度の更新に使われます）"
        />
        <YearCard
          fiscalYear={currentFiscalYear - 1}
          points={pointsOf(currentFiscalYear - 1)}
          note="前年度（今年度の更新に使われます）"
        />
      </div>
      <section aria-labelledby="years-heading" className="mb-8">
        <h2 id="years-heading" className="mb-3">
          年度別の合計
        </h2>
        {years.length === 0 ? (
          <EmptyState title="登録されたポイントはまだありません">
            <Link to="/courses">研修を探す</Link>から受講して修了すると、ここに表示されます。
          </EmptyState>
        ) : (
          <ul className="divide-y divide-solid-gray-200">
            {years.map((y) => (
              <li key={y.fiscalYear} className="flex justify-between py-2">
                <span>{formatFiscalYear(y.fiscalYear)}</span>
                <span className="font-bold">
                  {pointsEquation(y)}
                  {y.total >= RENEWAL_POINTS ? "（更新要件を満たす）" : ""}
                </span>
              </li>
            ))}
          </ul>
        )}
      </section>
      {credits.length > 0 ? (
        <section aria-labelledby="credits-heading">
          <h2 id="credits-heading" className="mb-3">
            内訳
          </h2>
          <ul className="divide-y divide-solid-gray-200">
            {credits.map((c) => (
              <li key={c.id} className="flex flex-col py-2 md:flex-row md:justify-between">
                <span>{c.description}</span>
                <span>
                  {formatFiscalYear(c.fiscal_year)}・{c.points}ポイント
                  <span className="ml-2 text-dns-14N-130 text-solid-gray-700">
                    登録日 {formatDateJa(c.credited_at)}
                  </span>
                </span>
              </li>
            ))}
          </ul>
        </section>
      ) : null}
    </div>
  );
}
