import { data, type LinksFunction, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { db } from "~/db.server";
import { requireRole } from "~/features/auth/session.server";
import { OjtReport } from "~/features/reports/components/ojt-report";
import printCss from "~/features/reports/components/print.css";
import { ojtReportFor } from "~/features/reports/report.server";

export const meta: MetaFunction = () => [{ title: "OJT実施状況報告 | ITC研修ポータル" }];
export const links: LinksFunction = () => [{ rel: "stylesheet", href: printCss }];

export async function loader({ request, context }: LoaderFunctionArgs) {
  await requireRole({ request, context }, "staff");
  const result = await ojtReportFor(db(), new URL(request.url).searchParams.get("fy"));
  const common = { years: result.years, issuerName: result.issuerName, today: result.today };
  return result.ok
    ? { ...common, report: result.report, error: null }
    : data({ ...common, report: null, error: result.error }, { status: 400 });
}

export default function StaffOjtReport() {
  const props = useLoaderData<typeof loader>();
  return <OjtReport {...props} />;
}
