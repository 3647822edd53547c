import type { LoaderFunctionArgs } from "@remix-run/node";
import { db } from "~/db.server";
import { requireRole } from "~/features/auth/session.server";
import { cohortCalendarFor } from "~/features/enrollment/enrollment.server";
import { idParam } from "~/lib/params";
import { buildIcs } from "~/lib/ics";
import { prefectureName } from "~/lib/local-gov-code";

/** The sessions of one of the trainee's own cohorts as an iCalendar file. */
export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const user = await requireRole({ request, context }, "trainee");
  const cohortId = idParam(params, "cohortId");
  const { cohort, sessions } = await cohortCalendarFor(db(), { cohortId, userId: user.id });
  const location = cohort.prefecture_code
    ? `${prefectureName(cohort.prefecture_code) ?? ""} ${cohort.venue}`.trim()
    : (cohort.meeting_url ?? "オンライン");
  const ics = buildIcs({
    calendarName: `${cohort.course_title} ${cohort.name}`,
    events: sessions.map((s, i) => ({
      uid: `cohort-${cohort.id}-session-${s.id}@itc-training`,
      date: s.date,
      start: s.start_time,
      end: s.end_time,
      summary: `${cohort.course_title}${sessions.length > 1 ? ` ${i + 1}日目` : ""}`,
      location,
      description: [cohort.name, s.topic].filter(Boolean).join("\n"),
    })),
  });
  return new Response(ics, {
    headers: {
      "Content-Type": "text/calendar; charset=utf-8",
      "Content-Disposition": `attachment; filename="cohort-${cohort.id}.ics"`,
      "Cache-Control": "private, no-store",
    },
  });
}
