import { describe, expect, it } from "vitest";
import { createTestDb, makeUser } from "~/testing/db";
import { addDays, todayInTokyo } from "~/lib/dates";
import { ConflictError } from "~/lib/errors";
import { CohortSchema, CourseSchema, parseCatalogSearch } from "./catalog.schema";
import { createCohort } from "./cohorts.server";
import { getCohort, requireCohortAccess, updateCohort } from "~/features/cohorts/cohorts.server";
import { getPublicCourse, searchCatalog, updateCourse } from "./courses.server";
import { defaultPoints } from "~/features/vocabulary/course-kinds";
import { renderMarkdown } from "./markdown.server";
import { generateSessions, holidayWarnings, parseSessionLines } from "./sessions";
import { makeCohort, makeCourse } from "~/testing/catalog";

describe("defaultPoints", () => {
  it("gives 1 point per 2 hours in class or live online and per 4 hours by distance, rounded down", () => {
    expect(defaultPoints(6, "classroom")).toBe(3);
    expect(defaultPoints(7, "live_online")).toBe(3);
    expect(defaultPoints(8, "distance")).toBe(2);
    expect(defaultPoints(3.5, "distance")).toBe(0);
    expect(defaultPoints(36, "classroom")).toBe(18);
  });
});

describe("session lines", () => {
  it("parses dates in several notations, sorts them, and reports bad lines by number", () => {
    const ok = parseSessionLines("2026/7/16 10:00～17:00 2日目\n\n2026-07-09 ９:30-17:00 1日目");
    expect(ok.errors).toEqual([]);
    expect(ok.sessions).toEqual([
      { date: "2026-07-09", startTime: "09:30", endTime: "17:00", topic: "1日目" },
      { date: "2026-07-16", startTime: "10:00", endTime: "17:00", topic: "2日目" },
    ]);
    const bad = parseSessionLines("2026-02-30 10:00-12:00\n2026-07-09 17:00-10:00\nあした");
    expect(bad.errors).toEqual([
      "1行目：2026-02-30 は存在しない日付です。",
      "2行目：終了時刻は開始時刻より後にしてください。",
      expect.stringMatching(/^3行目：形式が正しくありません/),
    ]);
    expect(parseSessionLines("  \n").errors).toEqual(["日程を1行以上入力してください。"]);
  });

  it("generates a six-day cohort spread over weeks", () => {
    const s = generateSessions({
      firstDate: "2026-07-09",
      count: 6,
      intervalDays: 7,
      startTime: "10:00",
      endTime: "17:00",
      topicPrefix: "ケース研修",
    });
    expect(s.map((x) => x.date)).toEqual([
      "2026-07-09",
      "2026-07-16",
      "2026-07-23",
      "2026-07-30",
      "2026-08-06",
      "2026-08-13",
    ]);
    expect(s[5]!.topic).toBe("ケース研修6日目");
  });

  it("warns about sessions on public holidays", () => {
    expect(holidayWarnings([{ date: "2026-07-20" }, { date: "2026-07-21" }])).toEqual([
      "2026-07-20（月）は祝日（海の日）です。",
    ]);
  });

  it("warns about sessions in the year-end closure (29 December – 3 January) like holidays", () => {
    expect(
      holidayWarnings([
        { date: "2026-12-28" },
        { date: "2026-12-29" },
        { date: "2026-12-31" },
        { date: "2027-01-01" },
        { date: "2027-01-03" },
        { date: "2027-01-04" },
      ]),
    ).toEqual([
      "2026-12-29（火）は年末年始の休業期間（12月29日〜1月3日、市役所・協会の休業日）です。",
      "2026-12-31（木）は年末年始の休業期間（12月29日〜1月3日、市役所・協会の休業日）です。",
      "2027-01-01（金）は祝日（元日）です。",
      "2027-01-03（日）は年末年始の休業期間（12月29日〜1月3日、市役所・協会の休業日）です。",
    ]);
  });
});

describe("schemas", () => {
  it("rejects a bad course with Japanese messages per field", () => {
    const r = CourseSchema.safeParse({
      code: "基礎",
      title: "",
      kind: "x",
      format: "classroom",
      totalHours: 0,
      feeYen: -1,
    });
    expect(r.success).toBe(false);
    const byField = Object.fromEntries(r.error!.issues.map((i) => [i.path.join("."), i.message]));
    expect(byField.code).toMatch(/英数字とハイフン/);
    expect(byField.title).toBe("講座名を入力してください。");
    expect(byField.kind).toBe("研修の種類を選択してください。");
    expect(byField.totalHours).toMatch(/0.5以上/);
    expect(byField.feeYen).toMatch(/0以上/);
  });

  it("normalises a full-width course code", () => {
    const r = CourseSchema.parse({
      code: "ｂａｓｉｃ－１",
      title: "基礎",
      kind: "other",
      format: "classroom",
      totalHours: 2,
      feeYen: 0,
    });
    expect(r.code).toBe("BASIC-1");
  });

  it("rejects a cohort with inconsistent dates, no venue and an unsafe link", () => {
    const r = CohortSchema.safeParse({
      courseId: 1,
      name: "第1回",
      area: "13",
      capacity: 0,
      meetingUrl: "javascript:alert(1)",
      enrollmentOpensOn: "2026-05-10",
      enrollmentClosesOn: "2026-05-01",
      cancellationDeadline: "2026-06-30",
      sessionsText: "2026-06-01 10:00-17:00",
    });
    expect(r.success).toBe(false);
    const fields = r.error!.issues.map((i) => `${i.path.join(".")}: ${i.message}`);
    expect(fields).toEqual(
      expect.arrayContaining([
        "capacity: 定員は1以上にしてください。",
        "meetingUrl: URLは https:// で始まる形式で入力してください。",
      ]),
    );
  });

  it("applies cross-field rules once the fields are valid", () => {
    const r = CohortSchema.safeParse({
      courseId: 1,
      name: "第1回",
      area: "13",
      capacity: 10,
      enrollmentOpensOn: "2026-05-10",
      enrollmentClosesOn: "2026-05-01",
      cancellationDeadline: "2026-06-30",
      sessionsText: "2026-06-01 10:00-17:00",
    });
    const fields = r.error!.issues.map((i) => `${i.path.join(".")}: ${i.message}`);
    expect(fields).toEqual(
      expect.arrayContaining([
        "enrollmentClosesOn: 申込締切日は申込開始日以降の日付にしてください。",
        "venue: 集合研修の会場を入力してください。",
        "cancellationDeadline: キャンセル期限は初日以前の日付にしてください。",
      ]),
    );
  });

  it("falls back to no filter for a malformed catalog query", () => {
    expect(parseCatalogSearch(new URLSearchParams("kind=evil&month=2026-13&page=-3&q=ＤＸ"))).toEqual({
      q: "ＤＸ",
      kind: "",
      format: "",
      area: "",
      month: "",
      open: "",
      page: 1,
    });
  });
});

describe("markdown", () => {
  it("renders Markdown without raw HTML or script links", () => {
    const html = renderMarkdown(
      "# 概要\n<script>alert(1)</script>\n[悪い](javascript:alert(1)) [良い](https://www.itc.or.jp/)",
    );
    expect(html).toContain("<h1>概要</h1>");
    expect(html).not.toContain("<script>");
    expect(html).toContain("&lt;script&gt;");
    expect(html).not.toContain('href="javascript:');
    expect(html).toContain('href="https://www.itc.or.jp/" rel="noopener noreferrer"');
  });
});

describe("catalog and cohorts", async () => {
  const db = await createTestDb();
  const staff = await makeUser(db, ["staff"]);
  const trainer = await makeUser(db, ["trainer"]);
  const otherTrainer = await makeUser(db, ["trainer"]);
  const trainee = await makeUser(db, ["trainee"]);
  const today = todayInTokyo();

  it("finds courses whatever the width and kana of the search words, with cohort filters", async () => {
    const dx = await makeCourse(db, staff.id, {
      title: "自治体ＤＸ推進セミナー",
      kind: "skill",
      format: "live_online",
    });
    await makeCohort(db, staff.id, dx.id, { area: "online", venue: "", meetingUrl: "https://meet.example.jp/x" });
    const hidden = await makeCourse(db, staff.id, { title: "非公開のＤＸ講座", published: false });
    await makeCohort(db, staff.id, hidden.id);
    const search = (q: string, extra: Record<string, string> = {}) =>
      searchCatalog(db, parseCatalogSearch(new URLSearchParams({ q, ...extra })));
    expect((await search("dx推進")).courses.map((c) => c.id)).toEqual([dx.id]);
    expect((await search("ｄｘ　セミナー")).courses.map((c) => c.id)).toEqual([dx.id]);
    expect((await search("DX", { area: "online", open: "1" })).courses.map((c) => c.id)).toEqual([dx.id]);
    expect((await search("DX", { area: "13" })).courses).toEqual([]);
    expect((await search("DX", { kind: "basic_municipal" })).courses).toEqual([]);
    const month = addDays(today, 10).slice(0, 7);
    expect((await search("DX", { month })).total).toBe(1);
  });

  it("creates a six-day cohort with instructors and warns about a holiday", async () => {
    const course = await makeCourse(db, staff.id, { kind: "case_training" });
    const input = CohortSchema.parse({
      courseId: course.id,
      name: "2026年度 第1回",
      area: "17",
      venue: "金沢市内",
      capacity: 20,
      enrollmentOpensOn: "2026-05-01",
      enrollmentClosesOn: "2026-06-30",
      cancellationDeadline: "2026-07-01",
      lecturerId: trainer.id,
      subLecturerIds: [otherTrainer.id],
      sessionsText: generateSessions({
        firstDate: "2026-07-09",
        count: 6,
        intervalDays: 7,
        startTime: "10:00",
        endTime: "17:00",
        topicPrefix: "",
      })
        .map((s) => `${s.date} ${s.startTime}-${s.endTime}`)
        .concat(["2026-07-20 10:00-12:00 補講"])
        .join("\n"),
    });
    const { id, warnings } = await createCohort(db, input, staff.id);
    expect(warnings).toEqual(["2026-07-20（月）は祝日（海の日）です。"]);
    const cohort = await getCohort(db, id);
    expect(cohort.sessions).toHaveLength(7);
    expect(cohort.first_session_date).toBe("2026-07-09");
    expect(cohort.last_session_date).toBe("2026-08-13");
    expect(cohort.fiscal_year).toBe(2026);
    expect(cohort.instructors.map((i) => [i.id, i.role])).toEqual([
      [trainer.id, "lecturer"],
      [otherTrainer.id, "sub_lecturer"],
    ]);
    const audit = await db
      .selectFrom("audit_log")
      .select("action")
      .where("entity_type", "=", "cohort")
      .where("entity_id", "=", String(id))
      .execute();
    expect(audit.map((a) => a.action)).toEqual(["cohort.create"]);

    // Only staff and the cohort's own trainers reach the roster.
    await expect(requireCohortAccess(db, { id: trainer.id, roles: ["trainer"] }, id)).resolves.toBe("instructor");
    await expect(requireCohortAccess(db, { id: staff.id, roles: ["staff"] }, id)).resolves.toBe("staff");
    const stranger = await makeUser(db, ["trainer"]);
    await expect(requireCohortAccess(db, { id: stranger.id, roles: ["trainer"] }, id)).rejects.toMatchObject({
      status: 403,
    });
    await expect(requireCohortAccess(db, { id: trainee.id, roles: ["trainee"] }, id)).rejects.toMatchObject({
      status: 403,
    });
    await expect(
      requireCohortAccess(db, { id: trainer.id, roles: ["trainer"] }, id, { staffOnly: true }),
    ).rejects.toMatchObject({ status: 403 });
  });

  it("refuses a lecturer who is not a trainer, and writes nothing", async () => {
    const course = await makeCourse(db, staff.id);
    const before = await db
      .selectFrom("cohorts")
      .select((eb) => eb.fn.countAll<number>().as("n"))
      .executeTakeFirstOrThrow();
    await expect(makeCohort(db, staff.id, course.id, { lecturerId: trainee.id })).rejects.toThrow(ConflictError);
    const after = await db
      .selectFrom("cohorts")
      .select((eb) => eb.fn.countAll<number>().as("n"))
      .executeTakeFirstOrThrow();
    expect(after.n).toBe(before.n);
  });

  it("refuses a prerequisite cycle", async () => {
    const a = await makeCourse(db, staff.id);
    const b = await makeCourse(db, staff.id, { prerequisiteIds: [a.id] });
    const input = CourseSchema.parse({
      code: a.code,
      title: "A",
      kind: "other",
      format: "classroom",
      totalHours: 2,
      feeYen: 0,
      prerequisiteIds: [b.id],
    });
    await expect(updateCourse(db, a.id, input, staff.id)).rejects.toMatchObject({ field: "prerequisiteIds" });
  });

  it("hides unpublished courses from the public page and keeps capacity above seats taken", async () => {
    const c = await makeCourse(db, staff.id, { published: false });
    await expect(getPublicCourse(db, c.id, null)).rejects.toMatchObject({ status: 404 });
    const open = await makeCourse(db, staff.id);
    const cohort = await makeCohort(db, staff.id, open.id, { capacity: 1 });
    await db
      .insertInto("enrollments")
      .values({
        cohort_id: cohort.id,
        user_id: trainee.id,
        status: "enrolled",
        queue_seq: 1,
        requested_at: "2026-01-01T00:00:00.000Z",
        created_at: "2026-01-01T00:00:00.000Z",
        updated_at: "2026-01-01T00:00:00.000Z",
      })
      .execute();
    const page = await getPublicCourse(db, open.id, trainee.id);
    expect(page.cohorts[0]).toMatchObject({ seats_left: 0, my_status: "enrolled", open: true });
    const input = CohortSchema.parse({
      courseId: open.id,
      name: "x",
      area: "online",
      capacity: 1,
      enrollmentOpensOn: today,
      enrollmentClosesOn: today,
      cancellationDeadline: today,
      sessionsText: `${today} 10:00-12:00`,
    });
    await expect(updateCohort(db, cohort.id, { ...input, capacity: 1 }, staff.id)).resolves.toBeDefined();
  });
});
