import { data, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { attendancePageAction, attendancePageData } from "~/features/cohorts/cohort-pages.server";
import { AttendancePage } from "~/features/cohorts/components/attendance-page";

export const meta: MetaFunction = () => [{ title: "出欠の記録 | ITC研修ポータル" }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  return attendancePageData(request, params, "trainer");
}

export async function action({ request, params }: ActionFunctionArgs) {
  const result = await attendancePageAction(request, params, "trainer");
  return data({ error: result.error }, { status: result.status });
}

export default AttendancePage;
