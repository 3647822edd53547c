import { data, type LinksFunction, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { db } from "~/db.server";
import { requireRole } from "~/features/auth/session.server";
import printCss from "~/features/reports/components/print.css";
import { ReportPage } from "~/features/reports/components/report-page";
import { reportFor } from "~/features/reports/report.server";

export const meta: MetaFunction = () => [{ title: "年度別の実績 | ITC研修ポータル" }];
export const links: LinksFunction = () => [{ rel: "stylesheet", href: printCss }];

export async function loader({ request, context }: LoaderFunctionArgs) {
  await requireRole({ request, context }, "staff");
  const result = await reportFor(db(), new URL(request.url).searchParams.get("fy"));
  return result.ok
    ? { years: result.years, report: result.report, error: null }
    : data({ years: result.years, report: null, error: result.error }, { status: 400 });
}

export default function StaffReports() {
  const { years, report, error } = useLoaderData<typeof loader>();
  return <ReportPage years={years} report={report} error={error} />;
}
