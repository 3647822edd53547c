import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { db } from "~/db.server";
import { requireUser } from "~/features/auth/session.server";
import { listNotifications, markAllRead } from "~/features/notifications/outbox.server";
import { formatDateTimeJa } from "~/lib/dates";
import { EmptyState, PageHeader } from "~/ui/layout";

export const meta: MetaFunction = () => [{ title: "お知らせ | ITC研修ポータル" }];

export async function loader({ request, context }: LoaderFunctionArgs) {
  const user = await requireUser({ request, context });
  return { notifications: await listNotifications(db(), user.id, 100) };
}

export async function action({ request, context }: ActionFunctionArgs) {
  const user = await requireUser({ request, context });
  await markAllRead(db(), user.id);
  return redirect("/notifications");
}

export default function Notifications() {
  const { notifications } = useLoaderData<typeof loader>();
  const unread = notifications.some((n) => !n.read_at);
  return (
    <div className="mx-auto max-w-3xl">
      <PageHeader
        title="お知らせ"
        actions={
          unread ? (
            <Form method="post">
              <button type="submit" className="btn-secondary">
                すべて既読にする
              </button>
            </Form>
          ) : null
        }
      />
      {notifications.length === 0 ? (
        <EmptyState title="お知らせはありません">
          申込の確定や繰り上げ、OJTの提案などがあると、ここに届きます。
        </EmptyState>
      ) : (
        <ul className="divide-y divide-solid-gray-200 card">
          {notifications.map((n) => (
            <li key={n.id} className="py-3">
              <p className="text-std-16B-170">
                {!n.read_at ? <span className="badge mr-2 bg-red-900 text-white">未読</span> : null}
                {n.link ? <Link to={n.link}>{n.title}</Link> : n.title}
              </p>
              <p className="whitespace-pre-line">{n.body}</p>
              <p className="text-dns-14N-130 text-solid-gray-700">{formatDateTimeJa(n.created_at)}</p>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
