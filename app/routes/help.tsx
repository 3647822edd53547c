import type { MetaFunction } from "@remix-run/node";
import { Link } from "@remix-run/react";

export const meta: MetaFunction = () => [{ title: "ご利用の手引き | ITC研修ポータル" }];

// A static page through the full layout and session lookup: also the benchmark's "floor".
export default function Help() {
  return (
    <div className="mx-auto max-w-3xl">
      <h1>ご利用の手引き</h1>
      <section className="mt-6">
        <h2>トレーニーITCの方</h2>
        <ol className="mt-2 list-decimal pl-6">
          <li>
            「研修を探す」から自治体ビジネス基礎研修などの開催回に申し込みます。満席の場合はキャンセル待ちになります。
          </li>
          <li>受講後、受講アンケートに回答し、受講料の入金が確認されると修了となり、実践力ポイントが登録されます。</li>
          <li>基礎研修を修了すると、トレーナーITCの自治体案件でのOJTに申し込めます（経費は自己負担です）。</li>
        </ol>
      </section>
      <section className="mt-6">
        <h2>トレーナーITCの方</h2>
        <p className="mt-2">担当する開催回の名簿と出欠、自治体案件とOJTの受入提案への回答ができます。</p>
      </section>
      <section className="mt-6">
        <h2>事務局の方</h2>
        <p className="mt-2">講座・開催回の作成、名簿と出欠の管理、OJTのマッチング、修了認定を行います。</p>
      </section>
      <section className="mt-6">
        <h2>実践力ポイントについて</h2>
        <p className="mt-2">
          ITC資格の更新には、前年度（4月1日〜翌年3月31日）に10ポイント以上の実践力ポイントが必要です。協会主催の集合研修は2時間で1ポイント、通信研修は4時間で1ポイントです。
        </p>
      </section>
      <p className="mt-8">
        <Link to="/">トップページへ</Link>
      </p>
    </div>
  );
}
