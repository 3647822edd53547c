import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { db } from "~/db.server";
import { ROLE_LABELS } from "~/features/auth/roles";
import { StaffTrainingCard, TraineeTrainingCard } from "~/features/enrollment/components/dashboard-cards";
import { staffTrainingSummary, traineeTrainingSummary } from "~/features/enrollment/dashboard.server";
import { StaffOjtCard, TraineeOjtCard, TrainerOjtCard } from "~/features/ojt/components/dashboard-cards";
import { staffOjtCounts, traineeOjtSummary, trainerOjtSummary } from "~/features/ojt/dashboard.server";
import { requireUser } from "~/features/auth/session.server";
import { listNotifications } from "~/features/notifications/outbox.server";
import { formatDateTimeJa, formatFiscalYear, fiscalYearOf } from "~/lib/dates";
import { EmptyState, PageHeader, RoleBadges } from "~/ui/layout";
import { Notice } from "~/ui/notice";

export const meta: MetaFunction = () => [{ title: "ダッシュボード | ITC研修ポータル" }];

export async function loader({ request, context }: LoaderFunctionArgs) {
  const user = await requireUser({ request, context });
  const has = (role: string) => user.roles.some((r) => r === role);
  const [notifications, trainee, traineeOjt, trainerOjt, staff, staffOjt] = await Promise.all([
    listNotifications(db(), user.id, 5),
    has("trainee") ? traineeTrainingSummary(db(), user.id) : null,
    has("trainee") ? traineeOjtSummary(db(), user.id) : null,
    has("trainer") ? trainerOjtSummary(db(), user.id) : null,
    has("staff") ? staffTrainingSummary(db()) : null,
    has("staff") ? staffOjtCounts(db()) : null,
  ]);
  return {
    user: { name: user.name, roles: user.roles },
    notifications,
    trainee,
    traineeOjt,
    trainerOjt,
    staff,
    staffOjt,
    fiscalYear: fiscalYearOf(new Date()),
  };
}

export default function Dashboard() {
  const { user, notifications, trainee, traineeOjt, trainerOjt, staff, staffOjt, fiscalYear } =
    useLoaderData<typeof loader>();
  return (
    <div>
      <Notice page="dashboard" />
      <PageHeader title={`${user.name} さんのダッシュボード`} lead={`${formatFiscalYear(fiscalYear)}`} />
      <p className="mb-6">
        役割：
        <RoleBadges roles={user.roles} />
      </p>
      <div className="grid gap-6 md:grid-cols-2">
        {user.roles.includes("trainee") ? (
          <section className="card" aria-labelledby="trainee-heading">
            <h2 id="trainee-heading">{ROLE_LABELS.trainee}として</h2>
            {trainee ? <TraineeTrainingCard summary={trainee} /> : null}
            {traineeOjt ? (
              <div className="mt-6">
                <TraineeOjtCard summary={traineeOjt} />
              </div>
            ) : null}
          </section>
        ) : null}
        {user.roles.includes("trainer") ? (
          <section className="card" aria-labelledby="trainer-heading">
            <h2 id="trainer-heading">{ROLE_LABELS.trainer}として</h2>
            {trainerOjt ? <TrainerOjtCard summary={trainerOjt} /> : null}
            <p className="mt-4">
              <Link to="/trainer/cohorts">担当する研修の開催回</Link>で出欠を記録できます。
            </p>
          </section>
        ) : null}
        {user.roles.includes("staff") ? (
          <section className="card" aria-labelledby="staff-heading">
            <h2 id="staff-heading">{ROLE_LABELS.staff}として</h2>
            {staff ? <StaffTrainingCard summary={staff} /> : null}
            {staffOjt ? (
              <div className="mt-6">
                <StaffOjtCard counts={staffOjt} />
              </div>
            ) : null}
            <p className="mt-6">
              <Link to="/staff/reports">年度別の実績</Link>（受講申込・修了・修了証・OJT）と
              <Link to="/staff/reports/ojt">OJT実施状況報告</Link>（印刷・CSV）を見られます。
            </p>
            <p className="mt-4">
              受講料：<Link to="/staff/payment-settings">振込先</Link>・
              <Link to="/staff/issuer-settings">請求書・領収書の発行元（登録番号）</Link>・
              <Link to="/staff/reminder-settings">お知らせの送信時期</Link>
            </p>
          </section>
        ) : null}
        {user.roles.includes("admin") ? (
          <section className="card" aria-labelledby="admin-heading">
            <h2 id="admin-heading">{ROLE_LABELS.admin}として</h2>
            <p>
              <Link to="/admin/users">利用者管理</Link>で利用者を検索し、役割を付与・解除できます。
            </p>
          </section>
        ) : null}
        <section className="card md:col-span-2" aria-labelledby="notifications-heading">
          <h2 id="notifications-heading">お知らせ</h2>
          {notifications.length === 0 ? (
            <EmptyState title="お知らせはありません">
              申込の確定や繰り上げ、OJTの提案などがあると、ここに届きます。
            </EmptyState>
          ) : (
            <ul className="divide-y divide-solid-gray-200">
              {notifications.map((n) => (
                <li key={n.id} className="py-3">
                  <p className="text-std-16B-170">{n.link ? <Link to={n.link}>{n.title}</Link> : n.title}</p>
                  <p className="text-dns-14N-130 text-solid-gray-700">{formatDateTimeJa(n.created_at)}</p>
                </li>
              ))}
            </ul>
          )}
          <p className="mt-3">
            <Link to="/notifications">すべてのお知らせ</Link>
          </p>
        </section>
      </div>
    </div>
  );
}
