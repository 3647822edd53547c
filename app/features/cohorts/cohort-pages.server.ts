// Page authorization of every cohort page, and the loader and action shared by the staff and
// the trainer attendance and sign-in-sheet pages: staff reach every cohort under /staff/…, a
// trainer only the cohorts they teach under /trainer/…; both go through requireCohortAccess.
import { redirect } from "@remix-run/node";
import { db } from "~/db.server";
import { requireRole, type RequestArgs } from "~/features/auth/session.server";
import { getCohort, requireCohortAccess } from "./cohorts.server";
import { todayInTokyo } from "~/lib/dates";
import { idParam, parseId } from "~/lib/params";
import { NotFoundError } from "~/lib/errors";
import { refusal } from "~/lib/forms.server";
import { parseAttendanceForm } from "~/features/attendance/attendance.schema";
import { getAttendanceSheet, recordAttendance } from "~/features/attendance/attendance.server";
import { checkInScreen, saveCheckInRules } from "~/features/attendance/check-in.server";
import { CheckInRulesSchema } from "~/features/attendance/check-in.schema";
import { publicOrigin } from "~/lib/public-origin.server";

export type Scope = "staff" | "trainer";

/** A cohort page's loader or action arguments. */
export type PageArgs = RequestArgs & { params: Record<string, string | undefined> };

/** The signed-in staff member, or a trainer who teaches the cohort; 403/404 otherwise. */
export async function authorizeCohortPage(args: RequestArgs, cohortIdParam: string | undefined, scope: Scope) {
  const user = await requireRole(args, scope === "staff" ? "staff" : "trainer");
  const cohortId = parseId(cohortIdParam, "開催回");
  await requireCohortAccess(db(), user, cohortId, { staffOnly: scope === "staff" });
  return { user, cohortId, basePath: `/${scope}/cohorts/${cohortId}` };
}

export async function attendancePageData(args: PageArgs, scope: Scope) {
  const { params } = args;
  const { cohortId, basePath } = await authorizeCohortPage(args, params.cohortId, scope);
  const sessionId = idParam(params, "sessionId");
  const [cohort, sheet] = await Promise.all([getCohort(db(), cohortId), getAttendanceSheet(db(), cohortId, sessionId)]);
  return { cohort, sheet, basePath, today: todayInTokyo() };
}

export async function attendancePageAction(args: PageArgs, scope: Scope) {
  const { request, params } = args;
  const { user, cohortId, basePath } = await authorizeCohortPage(args, params.cohortId, scope);
  const sessionId = idParam(params, "sessionId");
  const parsed = parseAttendanceForm(await request.formData());
  if (!parsed.ok) return { error: parsed.error, status: 400 as const };
  try {
    await recordAttendance(db(), {
      cohortId,
      sessionId,
      marks: parsed.marks,
      allPresent: parsed.intent === "all-present",
      actorId: user.id,
    });
  } catch (error) {
    const refused = refusal(error);
    return { error: refused.message, status: refused.status };
  }
  throw redirect(`${basePath}/attendance/${sessionId}?notice=${parsed.intent}`);
}

export async function signInSheetData(args: PageArgs, scope: Scope) {
  const { request, params } = args;
  const { cohortId, basePath } = await authorizeCohortPage(args, params.cohortId, scope);
  const cohort = await getCohort(db(), cohortId);
  const requested = new URL(request.url).searchParams.get("sessionId");
  const today = todayInTokyo();
  const session = requested
    ? cohort.sessions.find((s) => s.id === Number(requested))
    : (cohort.sessions.find((s) => s.date >= today) ?? cohort.sessions.at(-1));
  if (!session) throw new NotFoundError("日程が見つかりません。");
  const sheet = await getAttendanceSheet(db(), cohortId, session.id);
  return { cohort, sheet, basePath };
}

/** The screen in the room: the session's rotating QR code (staff, or a trainer who teaches it). */
export async function checkInScreenData(args: PageArgs, scope: Scope) {
  const { request, params } = args;
  const { cohortId, basePath } = await authorizeCohortPage(args, params.cohortId, scope);
  const sessionId = idParam(params, "sessionId");
  const screen = await checkInScreen(db(), sessionId, publicOrigin(request));
  if (screen.session.cohort_id !== cohortId) throw new NotFoundError("日程が見つかりません。");
  return { screen, basePath, canEditRules: scope === "staff" };
}

/** Staff change the course's check-in window and late threshold from the screen's page. */
export async function checkInRulesAction(args: PageArgs) {
  const { request, params } = args;
  const { user, cohortId, basePath } = await authorizeCohortPage(args, params.cohortId, "staff");
  const sessionId = idParam(params, "sessionId");
  const parsed = CheckInRulesSchema.safeParse(Object.fromEntries(await request.formData()));
  if (!parsed.success)
    return { error: parsed.error.issues[0]?.message ?? "入力を確認してください。", status: 400 as const };
  const cohort = await getCohort(db(), cohortId);
  await saveCheckInRules(db(), cohort.course_id, parsed.data, user.id);
  throw redirect(`${basePath}/check-in/${sessionId}?notice=rules`);
}
