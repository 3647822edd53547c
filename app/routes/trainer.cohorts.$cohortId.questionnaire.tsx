import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { QuestionnaireSummaryPage } from "~/features/cohorts/components/questionnaire-summary";
import { questionnaireSummaryPageData } from "~/features/cohorts/questionnaire-page.server";

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: `${data?.cohort.name ?? "開催回"}の受講アンケート集計 | ITC研修ポータル` },
];

export async function loader(args: LoaderFunctionArgs) {
  return questionnaireSummaryPageData(args, "trainer");
}

export default QuestionnaireSummaryPage;
