import { transaction, type Database } from "~/db.server";
import { audit } from "~/features/audit/audit.server";
import { sheetToCsv, type Column, type Sheet } from "~/lib/spreadsheet";
import { fiscalYearOf, fiscalYearRange, todayInTokyo, tokyoDateTimeToInstant } from "~/lib/dates";
import { ConflictError, NotFoundError } from "~/lib/errors";
import { SEAT_HOLDING } from "~/features/vocabulary/enrollment-statuses";
import { RENEWAL_MESSAGES as M } from "./labels";
import type { SurveyInput } from "./renewal.schema";
import {
  evaluateRenewal,
  pointsTotal,
  renewalFeeYen,
  renewalOrdinal,
  type FollowUpCourse,
  type RenewalFacts,
} from "./rules";

// Renewal readiness: the facts each condition needs, gathered set-based (one grouped query per
// kind of fact, for one ITC or for every ITC of a fiscal year), then judged by rules.ts.

/** Follow-up courses count when completed by the end of the renewal period (April–May). */
function followUpsUntil(fy: number): string {
  return tokyoDateTimeToInstant(`${fy + 1}-06-01`, "00:00").toISOString();
}

type Itc = { id: string; name: string; itc_number: string | null; email: string; itc_certified_on: string | null };

async function gatherFacts(db: Database, fy: number, itcs: readonly Itc[]): Promise<Map<string, RenewalFacts>> {
  const facts = new Map<string, RenewalFacts>();
  for (const u of itcs) {
    facts.set(u.id, {
      fiscalYear: fy,
      certifiedOn: u.itc_certified_on,
      coursePoints: 0,
      activityPoints: 0,
      pendingPoints: 0,
      surveySubmitted: false,
      feePaid: false,
      followUps: [],
    });
  }
  if (itcs.length === 0) return facts;
  // One ITC: filter by id. Every ITC: no id list (it could pass SQLite's parameter limit).
  const only = itcs.length === 1 ? itcs[0]!.id : null;
  const [credits, activities, surveys, fees, followUps] = await Promise.all([
    db
      .selectFrom("point_credits")
      .select(["user_id", (eb) => eb.fn.sum<number>("points").as("points")])
      .where("fiscal_year", "=", fy)
      .$if(only !== null, (q) => q.where("user_id", "=", only!))
      .groupBy("user_id")
      .execute(),
    db
      .selectFrom("renewal_activities")
      .select(["user_id", "status", (eb) => eb.fn.sum<number>("points").as("points")])
      .where("fiscal_year", "=", fy)
      .$if(only !== null, (q) => q.where("user_id", "=", only!))
      .groupBy(["user_id", "status"])
      .execute(),
    db
      .selectFrom("renewal_surveys")
      .select("user_id")
      .where("fiscal_year", "=", fy)
      .$if(only !== null, (q) => q.where("user_id", "=", only!))
      .execute(),
    db
      .selectFrom("renewal_fee_payments")
      .select("user_id")
      .where("fiscal_year", "=", fy)
      .$if(only !== null, (q) => q.where("user_id", "=", only!))
      .execute(),
    // Completed with attendance, the questionnaire answered and the fee (if any) paid.
    db
      .selectFrom("enrollments")
      .innerJoin("cohorts", "cohorts.id", "enrollments.cohort_id")
      .innerJoin("courses", "courses.id", "cohorts.course_id")
      .innerJoin("users", "users.id", "enrollments.user_id")
      .select(["enrollments.user_id", "courses.format", "courses.total_hours", "enrollments.completed_at"])
      .where("courses.kind", "=", "follow_up")
      .where("enrollments.completed_at", "is not", null)
      .where("enrollments.completed_at", "<", followUpsUntil(fy))
      .where("enrollments.questionnaire_submitted_at", "is not", null)
      .where((eb) => eb.or([eb("enrollments.fee_yen", "=", 0), eb("enrollments.paid_at", "is not", null)]))
      .where("users.itc_certified_on", "is not", null)
      .$if(only !== null, (q) => q.where("enrollments.user_id", "=", only!))
      .orderBy("enrollments.id")
      .execute(),
  ]);
  for (const c of credits) {
    const f = facts.get(c.user_id);
    if (f) f.coursePoints = Number(c.points ?? 0);
  }
  for (const a of activities) {
    const f = facts.get(a.user_id);
    if (!f) continue;
    if (a.status === "approved") f.activityPoints += Number(a.points ?? 0);
    else f.pendingPoints += Number(a.points ?? 0);
  }
  for (const s of surveys) {
    const f = facts.get(s.user_id);
    if (f) f.surveySubmitted = true;
  }
  for (const p of fees) {
    const f = facts.get(p.user_id);
    if (f) f.feePaid = true;
  }
  for (const e of followUps) {
    const f = facts.get(e.user_id);
    // Only courses completed after certification count towards its renewals.
    if (f && f.certifiedOn && e.completed_at! >= f.certifiedOn)
      (f.followUps as FollowUpCourse[]).push({
        format: e.format as FollowUpCourse["format"],
        total_hours: Number(e.total_hours),
      });
  }
  return facts;
}

/**
 * The ITC's points per fiscal year (newest first), with the same parts and total as the
 * renewal readiness: course credits plus approved self-reported activities (decision 0034).
 */
export async function pointsByFiscalYear(db: Database, userId: string) {
  const [credits, activities] = await Promise.all([
    db
      .selectFrom("point_credits")
      .select(["fiscal_year", (eb) => eb.fn.sum<number>("points").as("points")])
      .where("user_id", "=", userId)
      .groupBy("fiscal_year")
      .execute(),
    db
      .selectFrom("renewal_activities")
      .select(["fiscal_year", (eb) => eb.fn.sum<number>("points").as("points")])
      .where("user_id", "=", userId)
      .where("status", "=", "approved")
      .groupBy("fiscal_year")
      .execute(),
  ]);
  const years = new Map<number, { fiscalYear: number; coursePoints: number; activityPoints: number }>();
  const yearOf = (fy: number) => {
    const y = years.get(fy) ?? { fiscalYear: fy, coursePoints: 0, activityPoints: 0 };
    years.set(fy, y);
    return y;
  };
  for (const c of credits) yearOf(Number(c.fiscal_year)).coursePoints = Number(c.points ?? 0);
  for (const a of activities) yearOf(Number(a.fiscal_year)).activityPoints = Number(a.points ?? 0);
  return [...years.values()].sort((a, b) => b.fiscalYear - a.fiscalYear).map((y) => ({ ...y, total: pointsTotal(y) }));
}

const ITC_COLUMNS = ["id", "name", "itc_number", "email", "itc_certified_on"] as const;

/** One ITC's renewal after fiscal year `fy`: each condition, met or what is missing. */
export async function renewalReadiness(db: Database, userId: string, fy: number) {
  const itc = await db.selectFrom("users").select(ITC_COLUMNS).where("id", "=", userId).executeTakeFirst();
  if (!itc) throw new NotFoundError("この利用者は見つかりません。");
  const facts = (await gatherFacts(db, fy, [itc])).get(itc.id)!;
  return { itc, facts, readiness: evaluateRenewal(facts) };
}

/**
 * Published cohorts still open for enrolment whose sessions fall in the fiscal year and that
 * the ITC does not already hold: what would close the gap. Follow-up courses first when the
 * follow-up rule is short, then by date.
 */
export async function coursesThatWouldHelp(
  db: Database,
  input: { userId: string; fiscalYear: number; followUpsShort: boolean },
  now: Date = new Date(),
) {
  const today = todayInTokyo(now);
  const { end } = fiscalYearRange(input.fiscalYear);
  if (today > end) return [];
  const rows = await db
    .selectFrom("cohorts")
    .innerJoin("courses", "courses.id", "cohorts.course_id")
    .select([
      "cohorts.id as cohort_id",
      "cohorts.name as cohort_name",
      "cohorts.first_session_date",
      "cohorts.last_session_date",
      "cohorts.enrollment_closes_on",
      "courses.id as course_id",
      "courses.title",
      "courses.kind",
      "courses.format",
      "courses.points",
      "courses.total_hours",
    ])
    .where("courses.published", "=", 1)
    .where((eb) => eb.or([eb("courses.points", ">", 0), eb("courses.kind", "=", "follow_up")]))
    .where("cohorts.first_session_date", ">=", today)
    .where("cohorts.last_session_date", "<=", end)
    .where("cohorts.enrollment_opens_on", "<=", today)
    .where("cohorts.enrollment_closes_on", ">=", today)
    .where(({ not, exists, selectFrom }) =>
      not(
        exists(
          selectFrom("enrollments")
            .select("enrollments.id")
            .whereRef("enrollments.cohort_id", "=", "cohorts.id")
            .where("enrollments.user_id", "=", input.userId)
            .where("enrollments.status", "<>", "cancelled"),
        ),
      ),
    )
    // Not full: a seat is free (decision 0034; a waitlist is not 「いま申し込める」).
    .where((eb) =>
      eb(
        "cohorts.capacity",
        ">",
        eb
          .selectFrom("enrollments as taken")
          .select((x) => x.fn.countAll<number>().as("n"))
          .whereRef("taken.cohort_id", "=", "cohorts.id")
          .where("taken.status", "in", [...SEAT_HOLDING]),
      ),
    )
    // A course already completed only where it allows a repeat.
    .where((eb) =>
      eb.or([
        eb("courses.allow_repeat", "=", 1),
        eb.not(
          eb.exists(
            eb
              .selectFrom("enrollments as done")
              .innerJoin("cohorts as dc", "dc.id", "done.cohort_id")
              .select("done.id")
              .whereRef("dc.course_id", "=", "courses.id")
              .where("done.user_id", "=", input.userId)
              .where("done.status", "<>", "cancelled")
              .where("done.completed_at", "is not", null),
          ),
        ),
      ]),
    )
    .orderBy("cohorts.first_session_date")
    .orderBy("cohorts.id")
    .limit(40)
    .execute();
  const ranked = input.followUpsShort
    ? [...rows.filter((r) => r.kind === "follow_up"), ...rows.filter((r) => r.kind !== "follow_up")]
    : rows.filter((r) => r.points > 0);
  return ranked.slice(0, 8).map((r) => ({ ...r, total_hours: Number(r.total_hours) }));
}

/** Every ITC certified by the end of `fy` and what each lacks for the renewal after it. */
export async function renewalShortfalls(db: Database, fy: number) {
  const { end } = fiscalYearRange(fy);
  const itcs = await db
    .selectFrom("users")
    .select(ITC_COLUMNS)
    .where("itc_certified_on", "is not", null)
    .where("itc_certified_on", "<=", end)
    .where("deactivated_at", "is", null)
    .orderBy("name")
    .orderBy("id")
    .execute();
  const facts = await gatherFacts(db, fy, itcs);
  const all = itcs.map((itc) => ({ itc, readiness: evaluateRenewal(facts.get(itc.id)!) }));
  return { total: all.length, short: all.filter((r) => !r.readiness.ready) };
}

type ShortfallRow = Awaited<ReturnType<typeof renewalShortfalls>>["short"][number];

function mark(r: ShortfallRow, key: string): string {
  const c = r.readiness.conditions.find((x) => x.key === key);
  return c === undefined ? "対象外" : c.met ? "済" : "未";
}

const SHORTFALL_COLUMNS: ReadonlyArray<Column<ShortfallRow>> = [
  { header: "氏名", kind: "text", value: (r) => r.itc.name },
  { header: "ITC番号", kind: "code", value: (r) => r.itc.itc_number ?? "" },
  { header: "メールアドレス", kind: "text", value: (r) => r.itc.email },
  { header: "ITC認定日", kind: "date", value: (r) => r.itc.itc_certified_on ?? "" },
  { header: "更新回数", kind: "number", value: (r) => r.readiness.ordinal ?? null },
  { header: "ポイント", kind: "number", value: (r) => r.readiness.points },
  { header: "不足ポイント", kind: "number", value: (r) => r.readiness.pointsShort },
  { header: "アンケート", kind: "text", value: (r) => mark(r, "survey") },
  { header: "更新料", kind: "text", value: (r) => mark(r, "fee") },
  { header: "フォローアップ研修", kind: "text", value: (r) => mark(r, "follow_up") },
  {
    header: "不足している条件",
    kind: "text",
    value: (r) =>
      r.readiness.conditions
        .filter((c) => !c.met)
        .map((c) => c.label)
        .join("／"),
  },
];

/** The shortfall list as a sheet, for its CSV and its .xlsx (decision 0033). */
export async function renewalShortfallsSheet(db: Database, fy: number): Promise<Sheet<ShortfallRow>> {
  const { short } = await renewalShortfalls(db, fy);
  return {
    title: "資格更新_条件未達",
    filename: `資格更新_条件未達_${fy}年度`,
    asciiFilename: `renewal-shortfalls-${fy}`,
    columns: SHORTFALL_COLUMNS,
    rows: short,
  };
}

/** The shortfall list as CSV for Japanese Excel (UTF-8 with BOM, CRLF). */
export async function renewalShortfallsCsv(db: Database, fy: number): Promise<string> {
  return sheetToCsv(await renewalShortfallsSheet(db, fy));
}

/** The ITC's 実務活動アンケート for a fiscal year, once (a second answer replaces the first). */
export async function submitSurvey(
  db: Database,
  input: SurveyInput & { fiscalYear: number },
  userId: string,
  now: Date = new Date(),
) {
  // The survey looks back on a fiscal year already under way or over, never a future one.
  if (input.fiscalYear > fiscalYearOf(now)) throw new ConflictError(M.surveyYear);
  await transaction(db, async (trx) => {
    const values = {
      engagements: input.engagements,
      main_field: input.mainField,
      summary: input.summary,
      submitted_at: now.toISOString(),
    };
    await trx
      .insertInto("renewal_surveys")
      .values({ user_id: userId, fiscal_year: input.fiscalYear, ...values })
      .onConflict((oc) => oc.columns(["user_id", "fiscal_year"]).doUpdateSet(values))
      .execute();
    await audit(trx, {
      actorId: userId,
      action: "renewal.survey_submit",
      entityType: "user",
      entityId: userId,
      details: { ...input },
    });
  });
}

export async function getSurvey(db: Database, userId: string, fy: number) {
  return db
    .selectFrom("renewal_surveys")
    .select(["engagements", "main_field", "summary", "submitted_at"])
    .where("user_id", "=", userId)
    .where("fiscal_year", "=", fy)
    .executeTakeFirst();
}

/** Staff record the date an ITC was first certified (the renewals are counted from it). */
export async function setCertifiedOn(db: Database, input: { userId: string; certifiedOn: string }, actorId: string) {
  await transaction(db, async (trx) => {
    const result = await trx
      .updateTable("users")
      .set({ itc_certified_on: input.certifiedOn, updated_at: new Date().toISOString() })
      .where("id", "=", input.userId)
      .executeTakeFirst();
    if (Number(result.numUpdatedRows) === 0) throw new NotFoundError("この利用者は見つかりません。");
    await audit(trx, {
      actorId,
      action: "renewal.certified_on",
      entityType: "user",
      entityId: input.userId,
      details: { certifiedOn: input.certifiedOn },
    });
  });
}

/** Staff record the renewal fee of a fiscal year as paid (the amount follows from the ordinal). */
export async function recordRenewalFee(
  db: Database,
  input: { userId: string; fiscalYear: number; paidOn: string },
  actorId: string,
) {
  await transaction(db, async (trx) => {
    const itc = await trx
      .selectFrom("users")
      .select("itc_certified_on")
      .where("id", "=", input.userId)
      .executeTakeFirst();
    if (!itc) throw new NotFoundError("この利用者は見つかりません。");
    const ordinal = renewalOrdinal(itc.itc_certified_on, input.fiscalYear);
    if (ordinal === null) throw new ConflictError(M.notCertified);
    const amount = renewalFeeYen(ordinal);
    if (amount === 0) throw new ConflictError("初回の更新には更新料はかかりません。");
    const inserted = await trx
      .insertInto("renewal_fee_payments")
      .values({
        user_id: input.userId,
        fiscal_year: input.fiscalYear,
        amount_yen: amount,
        paid_on: input.paidOn,
        recorded_by: actorId,
        recorded_at: new Date().toISOString(),
      })
      .onConflict((oc) => oc.columns(["user_id", "fiscal_year"]).doNothing())
      .returning("user_id")
      .executeTakeFirst();
    if (!inserted) throw new ConflictError("この年度の更新料はすでに記録されています。");
    await audit(trx, {
      actorId,
      action: "renewal.fee_paid",
      entityType: "user",
      entityId: input.userId,
      details: { fiscalYear: input.fiscalYear, amount, paidOn: input.paidOn },
    });
  });
}
