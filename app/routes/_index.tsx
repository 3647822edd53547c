import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useRouteLoaderData } from "@remix-run/react";
import type { loader as rootLoader } from "~/root";

export const meta: MetaFunction = () => [
  { title: "ITC研修ポータル" },
  { name: "description", content: "ITコーディネータの研修・自治体OJT・修了認定のためのポータル" },
];

export function loader(_: LoaderFunctionArgs) {
  return null;
}

export default function Index() {
  const root = useRouteLoaderData<typeof rootLoader>("root");
  return (
    <div>
      <section className="rounded-16 bg-blue-50 p-6 md:p-10">
        <h1>ITコーディネータの研修と自治体OJTを、ひとつの場所で</h1>
        <p className="mt-4 max-w-3xl">
          自治体ビジネス基礎研修、ITC認定用ケース研修、フォローアップ研修への申込から、トレーナーITCの自治体案件でのOJT、
          修了認定と実践力ポイントの確認まで。
        </p>
        <p className="mt-6 flex flex-wrap gap-3">
          {root?.user ? (
            <Link to="/dashboard" className="btn">
              ダッシュボードへ
            </Link>
          ) : (
            <>
              <Link to="/login" className="btn">
                サインイン
              </Link>
              <Link to="/register" className="btn-secondary">
                トレーニーとして新規登録
              </Link>
            </>
          )}
        </p>
      </section>
      <div className="mt-8 grid gap-6 md:grid-cols-3">
        <section className="card">
          <h2>研修</h2>
          <p className="mt-2">開催回ごとの申込、満席時のキャンセル待ち、出欠、受講アンケート、修了と実践力ポイント。</p>
        </section>
        <section className="card">
          <h2>自治体OJT</h2>
          <p className="mt-2">
            トレーナーITCの自治体案件（CIO補佐官、業務委託、アドバイザー派遣）にトレーニーが参加します。
          </p>
        </section>
        <section className="card">
          <h2>修了認定</h2>
          <p className="mt-2">事務局が修了要件を確認し、修了を認定します。年度ごとの成果を報告できます。</p>
        </section>
      </div>
    </div>
  );
}
