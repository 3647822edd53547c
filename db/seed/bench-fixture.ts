import SQLite from "better-sqlite3";
import { courseSearchText } from "../../app/features/catalog/courses.server";
import { defaultPoints, type CourseFormat, type CourseKind } from "~/features/vocabulary/course-kinds";
import { userSearchText } from "../../app/features/auth/users.server";
import { addDays, fiscalYearOf, fiscalYearRange } from "../../app/lib/dates";
import { fillMatchingFixture, MATCHING_FIXTURE_COUNTS } from "./engagements";

// The large benchmark fixture: some fiscal years of an association's training (ten by
// default; the bench also builds a one-year twin to show that a page's cost does not grow
// with history). Rows go in with prepared statements in one transaction (domain functions
// would take minutes for 150,000 enrolments); the values follow the same rules and helpers
// the domain uses. The people, courses and the current year's OJT are the same in every
// variant; only the years of cohorts, enrolments and attendance behind them differ.

export const FIXTURE_VERSION = 4;

/** Row counts of a fixture covering `years` fiscal years (the last one the current year). */
export function benchCounts(years: number) {
  return {
    years,
    itcs: 6500,
    courses: 120,
    cohorts: 200 * years,
    enrollments: 15_000 * years,
    attendance: 10_000 * years,
    // OJT log entries across the active placements; the measured placement always has 500
    logEntries: 10_000 * years,
    measuredPlacementEntries: 500,
    ...MATCHING_FIXTURE_COUNTS,
  };
}
export const BENCH_COUNTS = benchCounts(10);
export const BENCH_IDS = {
  staff: "bench-staff",
  trainee: "bench-trainee",
  trainer: "bench-trainer",
  /** The cohort whose roster (200 enrolments) is measured. */
  rosterCohort: 1,
  /** The course whose page is measured (it has many cohorts). */
  course: 1,
};

/** Deterministic pseudo-random numbers (mulberry32), so every run builds the same data. */
function rng(seed: number) {
  return () => {
    seed |= 0;
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const FAMILY = [
  "佐藤",
  "鈴木",
  "高橋",
  "田中",
  "伊藤",
  "渡辺",
  "山本",
  "中村",
  "小林",
  "加藤",
  "吉田",
  "山田",
  "佐々木",
  "山口",
  "松本",
];
const FAMILY_KANA = [
  "さとう",
  "すずき",
  "たかはし",
  "たなか",
  "いとう",
  "わたなべ",
  "やまもと",
  "なかむら",
  "こばやし",
  "かとう",
  "よしだ",
  "やまだ",
  "ささき",
  "やまぐち",
  "まつもと",
];
const GIVEN = [
  "健一",
  "美咲",
  "誠",
  "由美",
  "大輔",
  "さくら",
  "隆",
  "恵",
  "悠人",
  "翔太",
  "陽子",
  "直樹",
  "真理",
  "拓也",
  "彩",
];
const GIVEN_KANA = [
  "けんいち",
  "みさき",
  "まこと",
  "ゆみ",
  "だいすけ",
  "さくら",
  "たかし",
  "めぐみ",
  "ゆうと",
  "しょうた",
  "ようこ",
  "なおき",
  "まり",
  "たくや",
  "あや",
];
const TOPICS = [
  "基幹系システム標準化",
  "予算と調達の実務",
  "情報セキュリティ",
  "RPA・AI活用",
  "DX推進計画の策定",
  "仕様書・見積書の読み方",
  "職員研修の企画",
  "データ利活用",
  "プロジェクトマネジメント",
  "ITCプロセスガイドライン",
];

export function buildBenchFixture(file: string, migrate: (file: string) => Promise<void>, years = 10): Promise<void> {
  return migrate(file).then(() => fill(file, benchCounts(years)));
}

function fill(file: string, counts: ReturnType<typeof benchCounts>) {
  const sqlite = new SQLite(file);
  sqlite.pragma("journal_mode = WAL");
  sqlite.pragma("synchronous = OFF");
  const random = rng(20261122);
  const pick = <T>(xs: readonly T[]) => xs[Math.floor(random() * xs.length)]!;
  const now = new Date().toISOString();
  // Any valid argon2 hash: the bench signs in with sessions written directly.
  const hash = "$argon2id$v=19$m=19456,t=2,p=1$c29tZXNhbHRzb21lc2FsdA$ZhAqT6mxoVWydSIpTH1f2qiKHO8HikqSWZSuyQhW2bA";

  const insertUser = sqlite.prepare(
    `INSERT INTO users (id, email, password_hash, name, name_kana, prefecture_code, organization, itc_number, search_text, created_at, updated_at)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  );
  const insertRole = sqlite.prepare(`INSERT INTO user_roles (user_id, role, granted_at) VALUES (?, ?, ?)`);
  const insertCourse = sqlite.prepare(
    `INSERT INTO courses (id, code, title, kind, description_md, format, total_hours, points, fee_yen, published, search_text, created_at, updated_at)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, 1, ?, ?, ?)`,
  );
  const insertCohort = sqlite.prepare(
    `INSERT INTO cohorts (id, course_id, name, fiscal_year, prefecture_code, venue, capacity, enrollment_opens_on, enrollment_closes_on,
       cancellation_deadline, first_session_date, last_session_date, session_count, created_at, updated_at)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  );
  const insertInstructor = sqlite.prepare(`INSERT INTO cohort_instructors (cohort_id, user_id, role) VALUES (?, ?, ?)`);
  const insertSession = sqlite.prepare(
    `INSERT INTO cohort_sessions (id, cohort_id, date, start_time, end_time, topic) VALUES (?, ?, ?, '10:00', '17:00', ?)`,
  );
  const insertEnrollment = sqlite.prepare(
    `INSERT INTO enrollments (id, cohort_id, user_id, status, queue_seq, requested_at, enrolled_at, fee_yen, paid_at,
       questionnaire_submitted_at, completed_at, created_at, updated_at)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  );
  const insertAttendance = sqlite.prepare(
    `INSERT INTO attendance (enrollment_id, session_id, status, marked_at) VALUES (?, ?, ?, ?)`,
  );
  const insertCredit = sqlite.prepare(
    `INSERT INTO point_credits (user_id, fiscal_year, points, source, enrollment_id, description, credited_at) VALUES (?, ?, ?, 'course', ?, ?, ?)`,
  );

  sqlite.transaction(() => {
    // People: 6,500 ITCs (the first 60 also trainers), one staff member, one measured trainee.
    const userIds: string[] = [];
    const addUser = (id: string, email: string, name: string, kana: string, roles: string[]) => {
      const pref = String(1 + Math.floor(random() * 47)).padStart(2, "0");
      insertUser.run(
        id,
        email,
        hash,
        name,
        kana,
        pref,
        "",
        null,
        userSearchText({ name, nameKana: kana, email, organization: "", itcNumber: null }),
        now,
        now,
      );
      for (const r of roles) insertRole.run(id, r, now);
    };
    addUser(BENCH_IDS.staff, "bench-staff@example.test", "事務 ベンチ", "じむ べんち", ["staff"]);
    addUser(BENCH_IDS.trainer, "bench-trainer@example.test", "講師 ベンチ", "こうし べんち", ["trainer"]);
    addUser(BENCH_IDS.trainee, "bench-trainee@example.test", "受講 ベンチ", "じゅこう べんち", ["trainee"]);
    userIds.push(BENCH_IDS.trainee);
    const trainers: string[] = [BENCH_IDS.trainer];
    for (let i = 1; i < counts.itcs; i++) {
      const f = Math.floor(random() * FAMILY.length);
      const g = Math.floor(random() * GIVEN.length);
      const id = `itc${String(i).padStart(5, "0")}`;
      const roles = i <= 60 ? ["trainee", "trainer"] : ["trainee"];
      addUser(id, `${id}@example.test`, `${FAMILY[f]} ${GIVEN[g]}`, `${FAMILY_KANA[f]} ${GIVEN_KANA[g]}`, roles);
      userIds.push(id);
      if (i <= 60) trainers.push(id);
    }

    // Courses: the basic course first (the measured course page), then the others.
    type C = { id: number; kind: CourseKind; format: CourseFormat; hours: number; fee: number; title: string };
    const courses: C[] = [];
    for (let id = 1; id <= counts.courses; id++) {
      const kind: CourseKind =
        id === 1
          ? "basic_municipal"
          : id === 2
            ? "case_training"
            : pick(["follow_up", "skill", "skill", "other"] as const);
      const format: CourseFormat = id <= 2 ? "classroom" : pick(["classroom", "live_online", "distance"] as const);
      const topic = TOPICS[id % TOPICS.length]!;
      const title =
        kind === "basic_municipal"
          ? "自治体ビジネス基礎研修"
          : kind === "case_training"
            ? "ITC認定用ケース研修"
            : `${kind === "follow_up" ? "フォローアップ研修" : "スキル研修"}：${topic}（${id}）`;
      const hours = kind === "case_training" ? 36 : kind === "basic_municipal" ? 6 : pick([3, 6, 12]);
      const fee = kind === "case_training" ? 220000 : pick([0, 5500, 11000, 22000]);
      const description = `${title}。自治体の${topic}について、ITCプロセスガイドラインに沿って学びます。演習とグループ討議を含みます。`;
      const code = `BENCH-${String(id).padStart(3, "0")}`;
      insertCourse.run(
        id,
        code,
        title,
        kind,
        description,
        format,
        hours,
        defaultPoints(hours, format),
        fee,
        courseSearchText({ code, title, descriptionMd: description }),
        now,
        now,
      );
      courses.push({ id, kind, format, hours, fee, title });
    }

    // Cohorts: 200 per fiscal year; the basic course gets 20 a year.
    const today = new Date().toISOString().slice(0, 10);
    const currentFy = fiscalYearOf(today);
    let sessionId = 0;
    type H = { id: number; course: C; sessions: number[]; first: string; capacity: number };
    const cohorts: H[] = [];
    for (let id = 1; id <= counts.cohorts; id++) {
      const fy = currentFy - (counts.years - 1) + Math.floor((id - 1) / 200);
      const course =
        id % 10 === 1
          ? courses[0]!
          : id % 10 === 2
            ? courses[1]!
            : courses[2 + Math.floor(random() * (courses.length - 2))]!;
      const { start } = fiscalYearRange(fy);
      // The measured roster cohort is in the future, so its page shows enrolment actions.
      const first = id === BENCH_IDS.rosterCohort ? addDays(today, 30) : addDays(start, Math.floor(random() * 330));
      const days = course.kind === "case_training" ? 6 : course.kind === "basic_municipal" ? 1 : pick([1, 1, 2]);
      const online = course.format !== "classroom";
      const capacity = id === BENCH_IDS.rosterCohort ? 250 : 60 + Math.floor(random() * 60);
      const dates = Array.from({ length: days }, (_, d) => addDays(first, d * 7));
      insertCohort.run(
        id,
        course.id,
        `${fy}年度 第${1 + ((id - 1) % 20)}回`,
        fiscalYearOf(first),
        online ? null : String(1 + Math.floor(random() * 47)).padStart(2, "0"),
        online ? "オンライン" : "研修会場",
        capacity,
        addDays(first, -60),
        addDays(first, -7),
        addDays(first, -3),
        dates[0],
        dates[dates.length - 1],
        days,
        now,
        now,
      );
      insertInstructor.run(id, id === BENCH_IDS.rosterCohort ? BENCH_IDS.trainer : pick(trainers), "lecturer");
      const sessions: number[] = [];
      for (const date of dates) {
        sessionId++;
        insertSession.run(sessionId, id, date, `${course.title} ${sessions.length + 1}日目`);
        sessions.push(sessionId);
      }
      cohorts.push({ id, course, sessions, first, capacity });
    }

    // Enrolments: 15,000 a year, about 75 a cohort (200 in the measured roster), plus 30 for the
    // measured trainee. Past cohorts are mostly completed, with attendance and points.
    let enrollmentId = 0;
    let attendance = 0;
    const enroll = (cohort: H, userId: string, seq: number) => {
      enrollmentId++;
      const past = cohort.first < today;
      const status = seq <= cohort.capacity ? (random() < 0.05 ? "cancelled" : "enrolled") : "waitlisted";
      const completed = past && status === "enrolled" && random() < 0.85;
      const at = `${addDays(cohort.first, -30)}T01:00:00.000Z`;
      insertEnrollment.run(
        enrollmentId,
        cohort.id,
        userId,
        status,
        seq,
        at,
        status === "enrolled" ? at : null,
        cohort.course.fee,
        completed ? at : null,
        completed ? `${cohort.first}T09:00:00.000Z` : null,
        completed ? `${cohort.first}T09:00:00.000Z` : null,
        at,
        at,
      );
      if (past && status === "enrolled" && attendance < counts.attendance) {
        for (const s of cohort.sessions) {
          insertAttendance.run(enrollmentId, s, completed ? "present" : pick(["present", "absent", "late"]), at);
          attendance++;
        }
      }
      if (completed) {
        const pts = defaultPoints(cohort.course.hours, cohort.course.format);
        insertCredit.run(userId, fiscalYearOf(cohort.first), pts, enrollmentId, cohort.course.title, at);
      }
    };
    const traineeCohorts = new Set<number>();
    for (let k = 0; k < 30; k++) traineeCohorts.add(1 + Math.floor(random() * counts.cohorts));
    for (const cohortId of traineeCohorts) enroll(cohorts[cohortId - 1]!, BENCH_IDS.trainee, 1);
    let remaining = counts.enrollments - traineeCohorts.size;
    for (const cohort of cohorts) {
      const target =
        cohort.id === BENCH_IDS.rosterCohort
          ? 200
          : Math.min(remaining, Math.round(remaining / (counts.cohorts - cohort.id + 1)));
      const offset = Math.floor(random() * userIds.length);
      let seq = traineeCohorts.has(cohort.id) ? 1 : 0;
      for (let j = 0; j < target; j++) {
        const user = userIds[(offset + j * 7) % userIds.length]!;
        if (user === BENCH_IDS.trainee) continue;
        enroll(cohort, user, ++seq);
        remaining--;
      }
    }

    // OJT: 1,700 municipalities, 3,000 engagements led by the trainers, 5,000 applications
    // from ITCs who are not trainers.
    fillMatchingFixture(sqlite, {
      staffId: BENCH_IDS.staff,
      trainerIds: trainers,
      traineeIds: userIds.slice(61, 61 + MATCHING_FIXTURE_COUNTS.applications),
    });
    fillLogbook(sqlite, counts, random, now);
  })();
  sqlite.exec("ANALYZE");
  sqlite.close();
}

/**
 * OJT log entries (issue 14's bench): `logEntries` spread over the placements that have
 * started, of which the measured placement (the lowest active id, as run.ts picks it) gets
 * `measuredPlacementEntries`. About 70 % approved, 25 % waiting for the trainer, 5 % returned,
 * so every trainer has a list of entries waiting for approval.
 */
function fillLogbook(
  sqlite: SQLite.Database,
  counts: ReturnType<typeof benchCounts>,
  random: () => number,
  now: string,
) {
  const today = now.slice(0, 10);
  const placements = sqlite
    .prepare(
      `SELECT id, trainer_id, trainee_id, start_date FROM ojt_placements
       WHERE status = 'active' AND start_date <= ? ORDER BY id`,
    )
    .all(today) as { id: number; trainer_id: string; trainee_id: string; start_date: string }[];
  const measured = sqlite.prepare(`SELECT min(id) AS id FROM ojt_placements WHERE status = 'active'`).get() as {
    id: number;
  };
  if (placements.length === 0) return;
  const kinds = (sqlite.prepare("SELECT id FROM ojt_task_kinds ORDER BY id").all() as { id: number }[]).map(
    (r) => r.id,
  );
  const phases = (sqlite.prepare("SELECT id FROM pgl_phases ORDER BY id").all() as { id: number }[]).map((r) => r.id);
  const roles = (sqlite.prepare("SELECT id FROM mic_roles ORDER BY id").all() as { id: number }[]).map((r) => r.id);
  const insert = sqlite.prepare(
    `INSERT INTO ojt_log_entries (placement_id, author_id, status, version, work_date, minutes, task_kind_id,
       pgl_phase_id, mic_role_id, department, activity, contribution, reflection, trainer_feedback, return_comment,
       submitted_at, approved_by, approved_at, fingerprint, created_at, updated_at)
     VALUES (?, ?, ?, 1, ?, ?, ?, ?, ?, '情報政策課', ?, '議事メモを作成', '相談の進め方を学んだ', '', ?, ?, ?, ?, ?, ?, ?)`,
  );
  const days = (from: string) => Math.max(1, Math.round((Date.parse(today) - Date.parse(from)) / 86_400_000));
  const add = (p: (typeof placements)[number]) => {
    const r = random();
    const status = r < 0.7 ? "approved" : r < 0.95 ? "submitted" : "returned";
    const workDate = new Date(Date.parse(p.start_date) + Math.floor(random() * days(p.start_date)) * 86_400_000)
      .toISOString()
      .slice(0, 10);
    const at = `${workDate}T09:00:00.000Z`;
    const approved = status === "approved";
    insert.run(
      p.id,
      p.trainee_id,
      status,
      workDate,
      30 + Math.floor(random() * 8) * 30,
      kinds[Math.floor(random() * kinds.length)]!,
      random() < 0.8 ? phases[Math.floor(random() * phases.length)]! : null,
      random() < 0.6 ? roles[Math.floor(random() * roles.length)]! : null,
      `職員向けシステム相談会に同席し、窓口予約システムの相談に助言した（${workDate}）。`,
      status === "returned" ? "所要時間を見直してください。" : null,
      at,
      approved ? p.trainer_id : null,
      approved ? at : null,
      approved ? "0".repeat(64) : null,
      at,
      at,
    );
  };
  const measuredPlacement = placements.find((p) => p.id === measured.id);
  let remaining = counts.logEntries;
  if (measuredPlacement) {
    for (let i = 0; i < counts.measuredPlacementEntries; i++) add(measuredPlacement);
    remaining -= counts.measuredPlacementEntries;
  }
  const others = placements.filter((p) => p !== measuredPlacement);
  for (let i = 0; i < remaining && others.length > 0; i++) add(others[i % others.length]!);
}
