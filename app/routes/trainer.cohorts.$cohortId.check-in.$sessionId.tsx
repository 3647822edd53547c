import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { checkInScreenData } from "~/features/cohorts/cohort-pages.server";
import { CheckInScreenPage } from "~/features/cohorts/components/check-in-screen";

export const meta: MetaFunction = () => [{ title: "出席受付（QRコード） | ITC研修ポータル" }];

export async function loader(args: LoaderFunctionArgs) {
  return checkInScreenData(args, "trainer");
}

export default CheckInScreenPage;
