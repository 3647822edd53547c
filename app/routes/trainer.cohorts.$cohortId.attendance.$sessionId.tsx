import { data, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { attendancePageAction, attendancePageData } from "~/features/cohorts/cohort-pages.server";
import { AttendancePage } from "~/features/cohorts/components/attendance-page";

export const meta: MetaFunction = () => [{ title: "出欠の記録 | ITC研修ポータル" }];

export async function loader(args: LoaderFunctionArgs) {
  return attendancePageData(args, "trainer");
}

export async function action(args: ActionFunctionArgs) {
  const result = await attendancePageAction(args, "trainer");
  return data({ error: result.error }, { status: result.status });
}

export default AttendancePage;
