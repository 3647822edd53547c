/**
 * What a cohort's pages show of its place, capacity, enrolment window and schedule (the roster
 * header and the course page both list them), for a query that selects from `cohorts`.
 */
export const cohortFacts = [
  "cohorts.id",
  "cohorts.name",
  "cohorts.fiscal_year",
  "cohorts.prefecture_code",
  "cohorts.venue",
  "cohorts.capacity",
  "cohorts.enrollment_opens_on",
  "cohorts.enrollment_closes_on",
  "cohorts.cancellation_deadline",
  "cohorts.approval_required",
  "cohorts.first_session_date",
  "cohorts.last_session_date",
  "cohorts.session_count",
] as const;
