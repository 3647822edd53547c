import type { Database } from "../../app/db.server";
import { recordAttendance } from "../../app/features/attendance/attendance.server";
import { CohortSchema, CourseSchema } from "../../app/features/catalog/catalog.schema";
import { createCohort } from "../../app/features/catalog/cohorts.server";
import { getCohort } from "../../app/features/cohorts/cohorts.server";
import { createCourse } from "../../app/features/catalog/courses.server";
import { formatSessionLines, generateSessions } from "../../app/features/catalog/sessions";
import { QuestionnaireSchema } from "../../app/features/enrollment/enrollment.schema";
import { enroll, setPaid } from "../../app/features/enrollment/enrollment.server";
import { submitQuestionnaire } from "../../app/features/enrollment/questionnaire.server";
import { addDays, todayInTokyo } from "../../app/lib/dates";

/**
 * Ids of the demo data in a freshly seeded database (the seed checks them), for the e2e
 * authorization table and the documentation. Dates are relative to the day of seeding.
 */
export const SEED_CATALOG = {
  courses: { basic: 1, caseTraining: 2, followUp: 3, skill: 4, draft: 5 },
  cohorts: {
    /** 基礎研修 held two months ago; 鈴木・田中・山本 completed it. Taught by 佐藤 (trainer@). */
    basicPast: 1,
    /** 基礎研修 in a month, Tokyo, open for enrolment. Taught by 佐藤. */
    basicNext: 2,
    /** 基礎研修 online, capacity 1: 加藤 enrolled, 中村 on the waitlist. Taught by 伊藤 (not 佐藤). */
    basicOnlineFull: 3,
    /** Six-day ケース研修 in Kanazawa, weekly. Taught by 佐藤 and 渡辺. 鈴木 enrolled. */
    caseKanazawa: 4,
    /** フォローアップ研修 online (needs the basic course). Taught by 高橋. 鈴木 enrolled. */
    followUpOnline: 5,
    /** 通信 skill course whose only session is past: 鈴木 attended, questionnaire pending. Taught by 伊藤. */
    skillDistance: 6,
  },
} as const;

const DESCRIPTIONS = {
  basic: `自治体の支援に入る前に押さえておきたい**共通言語**を1日で学びます。

- 基幹系システム標準化（2025年度）の全体像
- 予算ありきの業務運営と年間スケジュール
- すべての業務は法律・条例に根拠がある
- ITCプロセスガイドラインを自治体業務に当てはめる

修了後は[OJT](/courses)への申請ができます。`,
  caseTraining: `ITC認定のためのケース研修です。6日間（隔週〜毎週）の演習で、経営戦略からIT戦略策定、IT資源調達までをケースで実践します。

- 各日のグループ演習と発表
- 6日間のうち5日以上の出席が修了要件です`,
  followUp: `基礎研修の修了者向けに、自治体DX推進計画の策定支援をオンラインで深掘りします。

前提：自治体ビジネス基礎研修の修了`,
  skill: `商工会議所・商工会の経営指導員向けのITスキル研修（通信）。全国9ブロックで講師とサブ講師が担当します。`,
  draft: `生成AIの業務活用と自治体のガイドライン（準備中）`,
};

const people = async (db: Database) => {
  const rows = await db.selectFrom("users").select(["id", "email"]).execute();
  const byEmail = new Map(rows.map((r) => [r.email, r.id]));
  const id = (email: string) => {
    const v = byEmail.get(email);
    if (!v) throw new Error(`seedCatalog: demo user ${email} missing`);
    return v;
  };
  return {
    staff: id("staff@example.com"),
    sato: id("trainer@example.com"),
    takahashi: id("takahashi.trainer@example.com"),
    ito: id("ito.trainer@example.com"),
    watanabe: id("watanabe.trainer@example.com"),
    suzuki: id("trainee@example.com"),
    tanaka: id("tanaka.trainee@example.com"),
    yamamoto: id("yamamoto.trainee@example.com"),
    nakamura: id("nakamura.trainee@example.com"),
    kobayashi: id("kobayashi.trainee@example.com"),
    kato: id("kato.trainee@example.com"),
  };
};

/** Demo courses, cohorts and enrolments, built through the domain functions. */
export async function seedCatalog(db: Database): Promise<void> {
  const p = await people(db);
  const t = todayInTokyo();
  const expectId = (what: string, got: number, want: number) => {
    if (got !== want) throw new Error(`seedCatalog: ${what} got id ${got}, expected ${want} (seed an empty database)`);
  };

  const course = async (key: keyof typeof SEED_CATALOG.courses, input: Record<string, unknown>) => {
    const { id } = await createCourse(db, CourseSchema.parse({ ...input, descriptionMd: DESCRIPTIONS[key] }), p.staff);
    expectId(`course ${key}`, id, SEED_CATALOG.courses[key]);
    return id;
  };
  const basic = await course("basic", {
    code: "BASIC-MUNI",
    title: "自治体ビジネス基礎研修",
    kind: "basic_municipal",
    format: "classroom",
    totalHours: 6,
    feeYen: 11000,
    published: true,
  });
  const caseTraining = await course("caseTraining", {
    code: "CASE-ITC",
    title: "ITC認定用ケース研修",
    kind: "case_training",
    format: "classroom",
    totalHours: 36,
    feeYen: 198000,
    minSessionsAttended: 5,
    published: true,
  });
  const followUp = await course("followUp", {
    code: "FU-MUNI-DX",
    title: "自治体DX推進フォローアップ研修",
    kind: "follow_up",
    format: "live_online",
    totalHours: 3,
    feeYen: 5500,
    prerequisiteIds: [basic],
    published: true,
  });
  const skill = await course("skill", {
    code: "SKILL-CCI-IT",
    title: "経営指導員向けITスキル研修（通信）",
    kind: "skill",
    format: "distance",
    totalHours: 8,
    feeYen: 0,
    published: true,
  });
  await course("draft", {
    code: "AI-GOV",
    title: "生成AI活用研修（準備中）",
    kind: "other",
    format: "classroom",
    totalHours: 4,
    feeYen: 3300,
    published: false,
  });

  const cohort = async (key: keyof typeof SEED_CATALOG.cohorts, input: Record<string, unknown>) => {
    const { id } = await createCohort(db, CohortSchema.parse(input), p.staff);
    expectId(`cohort ${key}`, id, SEED_CATALOG.cohorts[key]);
    return id;
  };
  const day = (offset: number) => addDays(t, offset);

  const basicPast = await cohort("basicPast", {
    courseId: basic,
    name: "第1回（東京）",
    area: "13",
    venue: "ITコーディネータ協会 研修室（東京都文京区）",
    capacity: 120,
    enrollmentOpensOn: day(-120),
    enrollmentClosesOn: day(-67),
    cancellationDeadline: day(-67),
    lecturerId: p.sato,
    subLecturerIds: [p.takahashi],
    sessionsText: `${day(-60)} 10:00-17:00 自治体ビジネスの共通言語`,
  });
  await cohort("basicNext", {
    courseId: basic,
    name: "第2回（東京）",
    area: "13",
    venue: "ITコーディネータ協会 研修室（東京都文京区）",
    capacity: 30,
    enrollmentOpensOn: day(-30),
    enrollmentClosesOn: day(23),
    cancellationDeadline: day(23),
    lecturerId: p.sato,
    sessionsText: `${day(30)} 10:00-17:00 自治体ビジネスの共通言語`,
  });
  const basicOnline = await cohort("basicOnlineFull", {
    courseId: basic,
    name: "第3回（オンライン）",
    area: "online",
    meetingUrl: "https://meet.example.jp/itc-basic-3",
    capacity: 1,
    enrollmentOpensOn: day(-10),
    enrollmentClosesOn: day(50),
    cancellationDeadline: day(50),
    lecturerId: p.ito,
    sessionsText: `${day(60)} 13:00-17:00 自治体ビジネスの共通言語（オンライン）`,
  });
  const caseKanazawa = await cohort("caseKanazawa", {
    courseId: caseTraining,
    name: "2026年度 第1回（金沢）",
    area: "17",
    venue: "石川県地場産業振興センター（金沢市）",
    capacity: 20,
    enrollmentOpensOn: day(-10),
    enrollmentClosesOn: day(38),
    cancellationDeadline: day(38),
    lecturerId: p.sato,
    subLecturerIds: [p.watanabe],
    sessionsText: formatSessionLines(
      generateSessions({
        firstDate: day(45),
        count: 6,
        intervalDays: 7,
        startTime: "09:30",
        endTime: "17:30",
        topicPrefix: "ケース演習",
      }),
    ),
  });
  const followUpOnline = await cohort("followUpOnline", {
    courseId: followUp,
    name: "オンライン第1回",
    area: "online",
    meetingUrl: "https://meet.example.jp/itc-followup-1",
    capacity: 40,
    enrollmentOpensOn: day(-20),
    enrollmentClosesOn: day(15),
    cancellationDeadline: day(15),
    lecturerId: p.takahashi,
    sessionsText: `${day(20)} 13:30-16:30 DX推進計画の策定支援`,
  });
  const skillDistance = await cohort("skillDistance", {
    courseId: skill,
    name: "2026年度 通信講座",
    area: "online",
    capacity: 200,
    enrollmentOpensOn: day(-40),
    enrollmentClosesOn: day(-5),
    cancellationDeadline: day(-5),
    lecturerId: p.ito,
    sessionsText: `${day(-3)} 10:00-18:00 動画教材の視聴と課題提出`,
  });

  // The past basic course: three completed it, one still owes the questionnaire.
  const pastDay = day(-90);
  const past = [p.suzuki, p.tanaka, p.yamamoto, p.nakamura];
  const pastEnrollments: number[] = [];
  for (const userId of past) {
    pastEnrollments.push((await enroll(db, { cohortId: basicPast, userId, today: pastDay })).enrollmentId);
  }
  const pastSession = (await getCohort(db, basicPast)).sessions[0]!;
  await recordAttendance(db, {
    cohortId: basicPast,
    sessionId: pastSession.id,
    marks: [],
    allPresent: true,
    actorId: p.sato,
    today: day(-60),
  });
  // Three different answers, so the staff's questionnaire summary has something to show.
  const answers = [
    {
      overallRating: 5,
      contentRating: 4,
      instructorRating: 5,
      usefulnessRating: 5,
      goodPoints: "予算の年間スケジュールと条例の関係がよく分かりました。",
      improvements: "演習の時間がもう少し欲しいです。",
    },
    {
      overallRating: 4,
      contentRating: 4,
      instructorRating: 5,
      usefulnessRating: 4,
      goodPoints: "自治体の意思決定の流れを、実例で説明していただけたのが良かったです。",
      improvements: "",
    },
    {
      overallRating: 4,
      contentRating: 3,
      instructorRating: 4,
      usefulnessRating: 5,
      goodPoints: "",
      improvements: "情報システム調達（仕様書の作り方）の研修も受けたいです。",
    },
  ].map((a) => QuestionnaireSchema.parse(a));
  for (const [i, userId] of past.entries()) {
    const enrollmentId = pastEnrollments[i]!;
    await setPaid(db, { cohortId: basicPast, enrollmentId, paid: true, actorId: p.staff });
    if (userId !== p.nakamura) {
      await submitQuestionnaire(db, { enrollmentId, userId, answers: answers[i]!, today: day(-60) });
    }
  }

  await enroll(db, { cohortId: SEED_CATALOG.cohorts.basicNext, userId: p.kobayashi });
  await enroll(db, { cohortId: basicOnline, userId: p.kato });
  await enroll(db, { cohortId: basicOnline, userId: p.nakamura });
  await enroll(db, { cohortId: caseKanazawa, userId: p.suzuki });
  await enroll(db, { cohortId: caseKanazawa, userId: p.tanaka });
  await enroll(db, { cohortId: followUpOnline, userId: p.suzuki });
  await enroll(db, { cohortId: followUpOnline, userId: p.yamamoto });
  const skillEnrollment = await enroll(db, { cohortId: skillDistance, userId: p.suzuki, today: day(-20) });
  expectId("skill enrolment", skillEnrollment.enrollmentId, SEED_TRAINEE_SKILL_ENROLLMENT);
  await enroll(db, { cohortId: skillDistance, userId: p.kobayashi, today: day(-20) });
  const skillSession = (await getCohort(db, skillDistance)).sessions[0]!;
  await recordAttendance(db, {
    cohortId: skillDistance,
    sessionId: skillSession.id,
    marks: [],
    allPresent: true,
    actorId: p.ito,
  });
}

/** 鈴木 美咲's enrolment in the distance skill course (its questionnaire is open). */
export const SEED_TRAINEE_SKILL_ENROLLMENT = 12;
