import { data, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { checkInRulesAction, checkInScreenData } from "~/features/cohorts/cohort-pages.server";
import { CheckInScreenPage } from "~/features/cohorts/components/check-in-screen";

export const meta: MetaFunction = () => [{ title: "出席受付（QRコード） | ITC研修ポータル" }];

export async function loader(args: LoaderFunctionArgs) {
  return checkInScreenData(args, "staff");
}

export async function action(args: ActionFunctionArgs) {
  const result = await checkInRulesAction(args);
  return data({ error: result.error }, { status: result.status });
}

export default CheckInScreenPage;
