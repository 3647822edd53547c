// Test-only builders shared by the OJT, engagement and municipality tests.
import type { Database } from "~/db.server";
import type { EngagementInput } from "~/features/engagements/engagements.schema";
import { upsertMunicipality } from "~/features/municipalities/municipalities.server";
import { addDays, fiscalYearOf, todayInTokyo } from "~/lib/dates";
import type { ApplicationInput } from "~/features/ojt/ojt.schema";

export const CITIES = {
  yamagata: {
    code: "062014",
    name: "山形市",
    nameKana: "やまがたし",
    population: 242692,
    populationYear: 2023,
    kind: "core_city" as const,
  },
  fujimino: {
    code: "112453",
    name: "ふじみ野市",
    nameKana: "ふじみのし",
    population: 114153,
    populationYear: 2023,
    kind: "city" as const,
  },
  gifu: {
    code: "212016",
    name: "岐阜市",
    nameKana: "ぎふし",
    population: 401245,
    populationYear: 2023,
    kind: "core_city" as const,
  },
  settsu: {
    code: "272248",
    name: "摂津市",
    nameKana: "せっつし",
    population: 87086,
    populationYear: 2023,
    kind: "city" as const,
  },
};

export async function seedCities(db: Database) {
  for (const c of Object.values(CITIES)) await upsertMunicipality(db, c, null);
}

/** Creates the basic course, requires it for OJT, and returns a function completing it for a user. */
export async function setUpBasicCourse(db: Database) {
  const now = new Date().toISOString();
  const course = await db
    .insertInto("courses")
    .values({
      code: `BASIC-${Math.random().toString(36).slice(2, 8)}`,
      title: "自治体ビジネス基礎研修",
      kind: "basic_municipal",
      format: "classroom",
      total_hours: 6,
      points: 3,
      created_at: now,
      updated_at: now,
    })
    .returning("id")
    .executeTakeFirstOrThrow();
  const cohort = await db
    .insertInto("cohorts")
    .values({
      course_id: course.id,
      name: "第1回",
      fiscal_year: fiscalYearOf(now),
      capacity: 200,
      enrollment_opens_on: "2026-04-01",
      enrollment_closes_on: "2026-05-01",
      cancellation_deadline: "2026-05-01",
      created_at: now,
      updated_at: now,
    })
    .returning("id")
    .executeTakeFirstOrThrow();
  await db.deleteFrom("ojt_required_courses").execute();
  await db.insertInto("ojt_required_courses").values({ course_id: course.id, added_at: now }).execute();
  let seq = 0;
  const complete = async (userId: string) => {
    seq++;
    await db
      .insertInto("enrollments")
      .values({
        cohort_id: cohort.id,
        user_id: userId,
        status: "enrolled",
        queue_seq: seq,
        requested_at: now,
        enrolled_at: now,
        completed_at: now,
        created_at: now,
        updated_at: now,
      })
      .execute();
  };
  return { courseId: course.id, complete };
}

export function applicationInput(overrides: Partial<ApplicationInput> = {}): ApplicationInput {
  const today = todayInTokyo();
  return {
    preferredPrefectures: ["06"],
    travelRange: "region",
    themes: ["consultation", "procurement"],
    preferredSize: "any",
    daysPerMonth: 4,
    availableFrom: today,
    availableTo: addDays(today, 300),
    backgroundIndustry: "製造業の情報システム部門",
    backgroundSkills: "要件定義、ベンダー選定",
    municipalExperience: "",
    motivation: "自治体のDX推進を現場で学び、地元に貢献したいと考えています。",
    acceptsSelfPaid: true,
    ...overrides,
  };
}

export function engagementInput(overrides: Partial<EngagementInput> = {}): EngagementInput {
  const fy = fiscalYearOf(new Date());
  return {
    municipality: "062014",
    title: "ITCアドバイザー業務委託",
    leadTrainerId: undefined,
    coTrainerEmails: [],
    contractingOrganization: "山形ITコンサルティング株式会社",
    contractType: "outsourcing",
    startFiscalYear: fy,
    endFiscalYear: fy + 1,
    description: "導入支援・調達支援・職員研修",
    themes: ["consultation", "procurement", "staff_training"],
    ojtSlots: 2,
    confidentialityNote: "職員の個人情報、入札前の仕様は口外しないこと。",
    status: "recruiting",
    ...overrides,
  };
}
