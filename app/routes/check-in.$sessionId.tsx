import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { db } from "~/db.server";
import {
  checkIn,
  checkInPage,
  isDevicePass,
  newScanDeviceId,
  passForScan,
  passForSignedIn,
} from "~/features/attendance/check-in.server";
import { CheckInSchema, ScanQuerySchema } from "~/features/attendance/check-in.schema";
import { readScanDevice, serializeScanDevice } from "~/features/attendance/scan-device-cookie.server";
import { optionalUser, requireUser } from "~/features/auth/session.server";
import { formatDateJa, formatDateTimeJa } from "~/lib/dates";
import { refusal } from "~/lib/forms.server";
import { idParam } from "~/lib/params";
import { FlashMessage, PageHeader } from "~/ui/layout";

// Where a trainee's phone lands after scanning the QR in the room (or opening the online
// session's link). The code is checked at once and traded for a pass that survives signing in;
// the button records the mark (opening a link alone writes nothing). The pass is bound to the
// signed-in user who scanned, or, before signing in, to this browser (a cookie), which trades it
// for its user's pass after signing in (issue 21): a forwarded address checks nobody else in.

export const meta: MetaFunction = () => [
  { title: "出席の受付 | ITC研修ポータル" },
  { name: "robots", content: "noindex" },
  { name: "referrer", content: "same-origin" },
];

const BAD_ADDRESS = "このアドレスは正しくありません。会場の画面のQRコードを読み取り直してください。";

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const sessionId = idParam(params, "sessionId");
  const url = new URL(request.url);
  const query = ScanQuerySchema.safeParse(Object.fromEntries(url.searchParams));
  if (!query.success) return data({ page: null, pass: null, error: BAD_ADDRESS }, { status: 400 });
  const { c, l, p } = query.data;
  if (c || l) {
    try {
      const signedIn = await optionalUser({ request, context });
      const device = signedIn ? null : ((await readScanDevice(request)) ?? newScanDeviceId());
      const pass = await passForScan(
        db(),
        sessionId,
        c ? { code: c } : { linkToken: l ?? "" },
        signedIn ? { userId: signedIn.id } : { device: device ?? "" },
      );
      const headers = device ? { "Set-Cookie": await serializeScanDevice(device) } : undefined;
      throw redirect(`/check-in/${sessionId}?p=${encodeURIComponent(pass)}`, { headers });
    } catch (error) {
      if (error instanceof Response) throw error;
      return data({ page: null, pass: null, error: refusal(error).message }, { status: 409 });
    }
  }
  const user = await requireUser({ request, context });
  if (p && isDevicePass(p)) {
    try {
      const device = await readScanDevice(request);
      const pass = await passForSignedIn(db(), { sessionId, pass: p, device, userId: user.id });
      throw redirect(`/check-in/${sessionId}?p=${encodeURIComponent(pass)}`);
    } catch (error) {
      if (error instanceof Response) throw error;
      const page = await checkInPage(db(), sessionId, user.id);
      return data({ page, pass: null, error: refusal(error).message }, { status: 409 });
    }
  }
  const page = await checkInPage(db(), sessionId, user.id);
  return { page, pass: p ?? null, error: null };
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const sessionId = idParam(params, "sessionId");
  const user = await requireUser({ request, context });
  const parsed = CheckInSchema.safeParse(Object.fromEntries(await request.formData()));
  if (!parsed.success) return data({ error: parsed.error.issues[0]?.message ?? BAD_ADDRESS }, { status: 400 });
  try {
    await checkIn(db(), { sessionId, pass: parsed.data.pass, userId: user.id });
  } catch (error) {
    const refused = refusal(error);
    return data({ error: refused.message }, { status: refused.status });
  }
  return redirect(`/check-in/${sessionId}`);
}

export default function CheckInRoute() {
  const { page, pass, error } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const busy = useNavigation().state !== "idle";
  if (!page) {
    return (
      <div className="mx-auto max-w-xl">
        <PageHeader title="出席の受付" />
        <FlashMessage message={error} tone="error" />
        <p>
          <Link to="/my/training">マイ研修へ</Link>
        </p>
      </div>
    );
  }
  const { session } = page;
  return (
    <div className="mx-auto max-w-xl">
      <PageHeader title="出席の受付" lead={`${session.course_title} ${session.cohort_name}`} />
      <section className="card mb-4" aria-labelledby="session-heading">
        <h2 id="session-heading" className="mb-2">
          {formatDateJa(session.date)} {session.start_time}〜{session.end_time}
        </h2>
        {session.topic ? <p>{session.topic}</p> : null}
      </section>
      <FlashMessage message={actionData?.error ?? error} tone="error" />
      {page.checkedIn ? (
        <p role="status" className="card bg-green-50" data-testid="check-in-result">
          {page.checkedIn.status === "late" ? "遅刻" : "出席"}として受け付けました（
          {formatDateTimeJa(page.checkedIn.at)}）。
        </p>
      ) : !page.enrolled ? (
        <p className="card">
          この開催回の受講確定者ではないため、受付できません。申込状況は<Link to="/my/training">マイ研修</Link>
          でご確認ください。
        </p>
      ) : pass ? (
        <Form method="post" className="card">
          <input type="hidden" name="pass" value={pass} />
          <p className="mb-4">ボタンを押すと、この日程の出席が記録されます。</p>
          <button type="submit" className="btn w-full" disabled={busy}>
            出席を記録する
          </button>
        </Form>
      ) : (
        <p className="card">
          会場の画面に表示されているQRコードを、スマートフォンのカメラで読み取ってください。オンライン開催の場合は、講師から案内された受付リンクを開いてください。
        </p>
      )}
    </div>
  );
}
