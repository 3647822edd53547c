import { beforeAll, describe, expect, it } from "vitest";
import { isPostgres, type Database } from "~/db.server";
import { makeCohort, makeCourse } from "~/testing/catalog";
import { createTestDb, makeUser, openSecondServer } from "~/testing/db";
import { addDays, fiscalYearOf, todayInTokyo } from "~/lib/dates";
import { ConflictError, ForbiddenError, NotFoundError } from "~/lib/errors";
import {
  approveActivity,
  correctActivity,
  drawAuditSample,
  getActivity,
  listMyActivities,
  reportActivity,
  returnActivity,
  reviewQueue,
} from "./activities.server";
import { listActivityKinds, saveActivityKind } from "./kinds.server";
import {
  coursesThatWouldHelp,
  recordRenewalFee,
  renewalReadiness,
  renewalShortfalls,
  renewalShortfallsCsv,
  setCertifiedOn,
  submitSurvey,
} from "./readiness.server";
import { ActivitySchema } from "./renewal.schema";

let db: Database;
let staffId: string;
let seminarKind: number; // 2 hours a point, at most 5
let writingKind: number; // 2 points each
const today = todayInTokyo();
const fy = fiscalYearOf(today);

beforeAll(async () => {
  db = await createTestDb();
  staffId = (await makeUser(db, ["staff"])).id;
  const kinds = await listActivityKinds(db);
  seminarKind = kinds.find((k) => k.name === "他団体のセミナー・研修の受講")!.id;
  writingKind = kinds.find((k) => k.name === "執筆")!.id;
});

async function itc(certifiedOn: string | null = `${fy - 1}-06-01`) {
  const { id } = await makeUser(db, ["trainee"]);
  if (certifiedOn) await setCertifiedOn(db, { userId: id, certifiedOn }, staffId);
  return id;
}

const activity = (over: Record<string, unknown> = {}) =>
  ActivitySchema.parse({
    kindId: String(seminarKind),
    title: "地域DXセミナー",
    organizer: "商工会議所",
    activityDate: today,
    hours: "６",
    evidenceUrl: "https://example.org/seminar",
    ...over,
  });

const statusOf = async (id: number) =>
  (await db.selectFrom("renewal_activities").select("status").where("id", "=", id).executeTakeFirstOrThrow()).status;

describe("reporting and reviewing an activity", () => {
  it("computes points by the kind's rule, refuses a future date, and writes nothing then", async () => {
    const userId = await itc();
    await expect(reportActivity(db, activity({ kindId: "999999" }), userId)).rejects.toMatchObject({
      name: "ConflictError",
      message: "活動の種類が見つかりません。選び直してください。",
      field: "kindId",
    });
    expect(ActivitySchema.safeParse({ ...activity(), kindId: "1e3" }).error?.issues[0]?.message).toBe(
      "活動の種類を選んでください。",
    );
    const id = await reportActivity(db, activity({ hours: "7" }), userId);
    expect((await getActivity(db, id, { id: userId, roles: ["trainee"] })).points).toBe(3);
    const writing = await reportActivity(db, activity({ kindId: String(writingKind), hours: "20" }), userId);
    expect((await getActivity(db, writing, { id: userId, roles: ["trainee"] })).points).toBe(2);
    const before = (await listMyActivities(db, userId, fy)).length;
    await expect(reportActivity(db, activity({ activityDate: "2999-01-01" }), userId)).rejects.toThrow(ConflictError);
    expect((await listMyActivities(db, userId, fy)).length).toBe(before);
  });

  it("returned with a reason, corrected, approved: points count only once approved", async () => {
    const userId = await itc();
    const id = await reportActivity(db, activity({ hours: "4" }), userId);
    expect((await renewalReadiness(db, userId, fy)).facts.pendingPoints).toBe(2);
    await returnActivity(db, { activityId: id, comment: "主催者名を正しく記入してください。" }, staffId);
    expect(await statusOf(id)).toBe("returned");
    const notice = await db
      .selectFrom("notifications")
      .select("body")
      .where("user_id", "=", userId)
      .where("kind", "=", "renewal.activity_returned")
      .executeTakeFirstOrThrow();
    expect(notice.body).toContain("主催者名を正しく記入してください。");
    // Staff cannot approve what is not waiting.
    await expect(approveActivity(db, id, staffId)).rejects.toThrow(ConflictError);
    await correctActivity(db, { ...activity({ hours: "10" }), activityId: id }, userId);
    expect(await statusOf(id)).toBe("submitted");
    await approveActivity(db, id, staffId);
    const { facts, readiness } = await renewalReadiness(db, userId, fy);
    expect(facts.activityPoints).toBe(5);
    expect(facts.pendingPoints).toBe(0);
    expect(readiness.pointsShort).toBe(5);
    // Approved is final for the ITC.
    await expect(correctActivity(db, { ...activity(), activityId: id }, userId)).rejects.toThrow(ConflictError);
    const trail = await db
      .selectFrom("audit_log")
      .select("action")
      .where("entity_type", "=", "renewal_activity")
      .where("entity_id", "=", String(id))
      .orderBy("id")
      .execute();
    expect(trail.map((t) => t.action)).toEqual([
      "renewal.activity_report",
      "renewal.activity_return",
      "renewal.activity_correct",
      "renewal.activity_approve",
    ]);
  });

  it("another ITC can neither see nor correct it; staff cannot review their own", async () => {
    const owner = await itc();
    const other = await itc();
    const id = await reportActivity(db, activity(), owner);
    await expect(getActivity(db, id, { id: other, roles: ["trainee"] })).rejects.toThrow(NotFoundError);
    await expect(correctActivity(db, { ...activity(), activityId: id }, other)).rejects.toThrow(NotFoundError);
    const staffItc = (await makeUser(db, ["staff", "trainee"])).id;
    const own = await reportActivity(db, activity(), staffItc);
    await expect(approveActivity(db, own, staffItc)).rejects.toThrow(ForbiddenError);
  });

  it("two staff approving at once (two servers): one succeeds, the other is told, one audit row", async () => {
    // SQLite is one process's file here: its second "server" is the same handle.
    const second = isPostgres(db) ? openSecondServer(db) : db;
    const userId = await itc();
    const id = await reportActivity(db, activity(), userId);
    const other = (await makeUser(db, ["staff"])).id;
    const results = await Promise.allSettled([approveActivity(db, id, staffId), approveActivity(second, id, other)]);
    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(1);
    const failure = results.find((r) => r.status === "rejected") as PromiseRejectedResult;
    expect(failure.reason, String(failure.reason)).toBeInstanceOf(ConflictError);
    const { n } = await db
      .selectFrom("audit_log")
      .select((eb) => eb.fn.countAll<number>().as("n"))
      .where("action", "=", "renewal.activity_approve")
      .where("entity_id", "=", String(id))
      .executeTakeFirstOrThrow();
    expect(Number(n)).toBe(1);
  });

  it("the queue lists waiting activities oldest first", async () => {
    const userId = await itc();
    const a = await reportActivity(db, activity({ title: "先の活動" }), userId, new Date(Date.now() - 60_000));
    const b = await reportActivity(db, activity({ title: "後の活動" }), userId);
    const { rows, total } = await reviewQueue(db);
    const ids = rows.map((r) => r.id);
    expect(ids.indexOf(a)).toBeLessThan(ids.indexOf(b));
    expect(total).toBeGreaterThanOrEqual(2);
  });
});

describe("the evidence audit", () => {
  it("draws at random among waiting and approved ones, never twice, and the ITC must add evidence", async () => {
    const year = fy - 1;
    const userId = await itc(`${fy - 2}-04-01`);
    const ids: number[] = [];
    for (let i = 0; i < 4; i++) {
      ids.push(await reportActivity(db, activity({ activityDate: `${year}-05-1${i}`, evidenceUrl: "" }), userId));
    }
    await approveActivity(db, ids[0]!, staffId);
    const drawn = await drawAuditSample(
      db,
      { fiscalYear: year, size: 3, comment: "受講証明を添付してください。" },
      staffId,
    );
    expect(drawn).toBe(3);
    const statuses = await Promise.all(ids.map(statusOf));
    expect(statuses.filter((s) => s === "evidence_requested")).toHaveLength(3);
    // Only one left undrawn: a second draw takes at most it, never one drawn before.
    expect(await drawAuditSample(db, { fiscalYear: year, size: 3, comment: "再抽出" }, staffId)).toBe(1);
    await expect(drawAuditSample(db, { fiscalYear: year, size: 1, comment: "再抽出" }, staffId)).rejects.toThrow(
      ConflictError,
    );
    const requested = ids[1]!;
    const noEvidence = { ...activity({ activityDate: `${year}-05-11`, evidenceUrl: "" }), activityId: requested };
    await expect(correctActivity(db, noEvidence, userId)).rejects.toThrow(ConflictError);
    await correctActivity(db, { ...noEvidence, evidenceUrl: "https://example.org/cert.pdf" }, userId);
    expect(await statusOf(requested)).toBe("submitted");
    const asked = await db
      .selectFrom("notifications")
      .select((eb) => eb.fn.countAll<number>().as("n"))
      .where("user_id", "=", userId)
      .where("kind", "=", "renewal.evidence_requested")
      .executeTakeFirstOrThrow();
    expect(Number(asked.n)).toBe(4);
  });
});

describe("readiness", () => {
  it("counts course credits, survey, fee and follow-up courses since certification", async () => {
    // Third renewal: certified two fiscal years before this one.
    const userId = await itc(`${fy - 2}-04-01`);
    await db
      .insertInto("point_credits")
      .values({
        user_id: userId,
        fiscal_year: fy,
        points: 8,
        source: "course",
        description: "研修",
        credited_at: new Date().toISOString(),
      })
      .execute();
    const id = await reportActivity(db, activity({ hours: "4" }), userId);
    await approveActivity(db, id, staffId);
    let { readiness } = await renewalReadiness(db, userId, fy);
    expect(readiness.ordinal).toBe(3);
    expect(readiness.points).toBe(10);
    expect(readiness.conditions.filter((c) => !c.met).map((c) => c.key)).toEqual(["survey", "fee", "follow_up"]);

    await submitSurvey(db, { fiscalYear: fy, engagements: 3, mainField: "自治体DX", summary: "" }, userId);
    await recordRenewalFee(db, { userId, fiscalYear: fy, paidOn: today }, staffId);
    await expect(recordRenewalFee(db, { userId, fiscalYear: fy, paidOn: today }, staffId)).rejects.toThrow(
      ConflictError,
    );
    // Three follow-up courses, two in a classroom, completed with questionnaire and fee.
    for (const [format, offset] of [
      ["classroom", 40],
      ["live_online", 60],
      ["distance", 80],
    ] as const) {
      const course = await makeCourse(db, staffId, { kind: "follow_up", format, totalHours: 6 });
      const cohort = await makeCohort(db, staffId, course.id, { startOffset: offset });
      const now = new Date().toISOString();
      await db
        .insertInto("enrollments")
        .values({
          cohort_id: cohort.id,
          user_id: userId,
          status: "enrolled",
          queue_seq: 1,
          requested_at: now,
          enrolled_at: now,
          fee_yen: 0,
          questionnaire_submitted_at: now,
          completed_at: now,
          created_at: now,
          updated_at: now,
        })
        .execute();
    }
    ({ readiness } = await renewalReadiness(db, userId, fy));
    expect(readiness.conditions.map((c) => [c.key, c.met])).toEqual([
      ["points", true],
      ["survey", true],
      ["fee", true],
      ["follow_up", true],
    ]);
    expect(readiness.ready).toBe(true);
    const { short } = await renewalShortfalls(db, fy);
    expect(short.some((s) => s.itc.id === userId)).toBe(false);
  });

  it("the first renewal has no fee to record; the shortfall CSV lists who lacks what, for Excel", async () => {
    const userId = await itc(`${fy}-04-01`);
    await expect(recordRenewalFee(db, { userId, fiscalYear: fy, paidOn: today }, staffId)).rejects.toThrow(
      "初回の更新には更新料はかかりません。",
    );
    const csv = await renewalShortfallsCsv(db, fy);
    expect(csv.startsWith("\uFEFF氏名,ITC番号")).toBe(true);
    const user = await db.selectFrom("users").select("name").where("id", "=", userId).executeTakeFirstOrThrow();
    const line = csv.split("\r\n").find((l) => l.startsWith(user.name))!;
    expect(line).toContain(",1,0,10,未,対象外,対象外,");
    // Not yet certified: not on the list at all.
    const uncertified = await itc(null);
    expect((await renewalShortfalls(db, fy)).short.some((s) => s.itc.id === uncertified)).toBe(false);
  });

  it("suggests open cohorts of the fiscal year the ITC does not hold, follow-ups first when short", async () => {
    const userId = await itc(`${fy - 2}-04-01`);
    const points = await makeCourse(db, staffId, { kind: "skill", format: "classroom", totalHours: 6 });
    const followUp = await makeCourse(db, staffId, { kind: "follow_up", format: "classroom", totalHours: 6 });
    // Both cohorts in one fiscal year, even when the test runs at the end of March.
    let start = 3;
    while (fiscalYearOf(addDays(today, start)) !== fiscalYearOf(addDays(today, start + 2))) start += 3;
    const year = fiscalYearOf(addDays(today, start));
    await makeCohort(db, staffId, points.id, { startOffset: start });
    await makeCohort(db, staffId, followUp.id, { startOffset: start + 2 });
    const list = await coursesThatWouldHelp(db, { userId, fiscalYear: year, followUpsShort: true });
    const mine = list.filter((c) => c.course_id === points.id || c.course_id === followUp.id);
    expect(mine.map((c) => c.course_id)).toEqual([followUp.id, points.id]);
    expect(await coursesThatWouldHelp(db, { userId, fiscalYear: fy - 1, followUpsShort: true })).toEqual([]);
  });
});

describe("activity kinds", () => {
  it("staff add and change kinds; a duplicate name is refused; the new rule applies to new reports", async () => {
    const id = await saveActivityKind(
      db,
      { name: "学会発表", description: "", rule: "per_activity", pointsPerActivity: 4, active: "on" },
      staffId,
    );
    await expect(
      saveActivityKind(db, { name: "学会発表", description: "", rule: "per_hours", hoursPerPoint: 1 }, staffId),
    ).rejects.toThrow(ConflictError);
    const userId = await itc();
    const before = await reportActivity(db, activity({ kindId: String(id) }), userId);
    await saveActivityKind(
      db,
      { id, name: "学会発表", description: "", rule: "per_activity", pointsPerActivity: 6, active: "on" },
      staffId,
    );
    const after = await reportActivity(db, activity({ kindId: String(id) }), userId);
    const viewer = { id: userId, roles: ["trainee" as const] };
    expect((await getActivity(db, before, viewer)).points).toBe(4);
    expect((await getActivity(db, after, viewer)).points).toBe(6);
    await saveActivityKind(
      db,
      { id, name: "学会発表", description: "", rule: "per_activity", pointsPerActivity: 6 },
      staffId,
    );
    await expect(reportActivity(db, activity({ kindId: String(id) }), userId)).rejects.toThrow(ConflictError);
  });
});
