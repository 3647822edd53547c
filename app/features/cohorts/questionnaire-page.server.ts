// Loader shared by the staff and trainer pages of a cohort's questionnaire summary.
import { db } from "~/db.server";
import { authorizeCohortPage, type PageArgs, type Scope } from "./cohort-pages.server";
import { getCohort } from "./cohorts.server";
import { getQuestionnaireSummary } from "~/features/enrollment/questionnaire.server";

export async function questionnaireSummaryPageData(args: PageArgs, scope: Scope) {
  const { cohortId, basePath } = await authorizeCohortPage(args, args.params.cohortId, scope);
  const [cohort, summary] = await Promise.all([getCohort(db(), cohortId), getQuestionnaireSummary(db(), cohortId)]);
  return {
    cohort: {
      id: cohort.id,
      name: cohort.name,
      course_title: cohort.course_title,
      last_session_date: cohort.last_session_date,
    },
    summary,
    basePath,
  };
}
