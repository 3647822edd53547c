import type BetterSqlite3 from "better-sqlite3";
import type { Database } from "../../app/db.server";
import { createEngagement } from "../../app/features/engagements/engagements.server";
import { submitApplication } from "../../app/features/ojt/applications.server";
import { OJT_THEMES, themesToMask } from "~/features/vocabulary/ojt-kinds";
import { acceptPlacement, confirmPlacement, proposePlacement } from "../../app/features/ojt/placements.server";
import { addDays, fiscalYearOf, todayInTokyo } from "../../app/lib/dates";
import { localGovCheckDigit } from "../../app/lib/local-gov-code";

/**
 * Demo engagements, OJT applications and placements. Runs after seedCatalog (which completes
 * the basic course for 鈴木・田中・山本), on a fresh database, so ids are deterministic:
 * engagements 1 山形市 (trainer@), 2 ふじみ野市, 3 岐阜市, 4 摂津市; applications 1 田中, 2 山本;
 * placements 1 田中@山形市 (active, trainer@'s), 2 山本@摂津市 (awaiting 渡辺's answer).
 * trainee@example.com (鈴木) has completed the basic course and has no application, so the
 * e2e journey can apply; kato.trainee has not completed it (the refusal case).
 */
export const SEED_OJT = {
  engagements: { yamagata: 1, fujimino: 2, gifu: 3, settsu: 4 },
  applications: { tanaka: 1, yamamoto: 2 },
  placements: { tanakaYamagata: 1, yamamotoSettsu: 2 },
} as const;

export async function seedEngagements(db: Database): Promise<void> {
  const ids = Object.fromEntries(
    (await db.selectFrom("users").select(["id", "email"]).execute()).map((u) => [u.email.split("@")[0]!, u.id]),
  ) as Record<string, string>;
  const staff = { id: ids.staff!, roles: ["staff"] as const };
  const fy = fiscalYearOf(new Date());
  const today = todayInTokyo();

  // The OJT prerequisite: the basic course of the catalog (any course of kind basic_municipal).
  const basic = await db
    .selectFrom("courses")
    .select("id")
    .where("kind", "=", "basic_municipal")
    .orderBy("id")
    .execute();
  if (basic.length > 0) {
    await db
      .insertInto("ojt_required_courses")
      .values(
        basic
          .slice(0, 1)
          .map((c) => ({ course_id: c.id, added_by: ids.admin ?? null, added_at: new Date().toISOString() })),
      )
      .onConflict((oc) => oc.doNothing())
      .execute();
  }

  const engagements = [
    {
      lead: ids.trainer!,
      municipality: "062014",
      title: "ITCアドバイザー業務委託",
      contractingOrganization: "山形ITコンサルティング株式会社",
      contractType: "outsourcing" as const,
      description:
        "提案により受託した「ITCアドバイザー」業務。導入支援・調達支援がそれぞれ年30件程度、職員研修を年3回、職員向け「システム相談会」を2か月に1回（1件50〜60分）実施。",
      themes: ["consultation", "spec_review", "procurement", "staff_training"] as const,
      ojtSlots: 3,
      confidentialityNote:
        "相談会で知り得た職員・住民の情報、入札前の仕様書・見積書の内容は、OJT期間中も終了後も口外しないこと。資料の持ち出し・撮影は禁止。",
    },
    {
      lead: ids["takahashi.trainer"]!,
      municipality: "112453",
      title: "CIO補佐官",
      contractingOrganization: "高橋 誠（個人委嘱）",
      contractType: "cio_adviser" as const,
      description: "非常勤特別職としての1対1の委嘱。DX推進計画の進捗管理、情報システムの調達・予算への助言。",
      themes: ["planning", "dx_plan", "budget", "spec_review"] as const,
      ojtSlots: 1,
      confidentialityNote:
        "特別職の守秘義務に準じる。庁内会議の内容、予算要求前の情報は一切外部に出さないこと。トレーニーは同席だけでなく具体的な作業を担当する。",
    },
    {
      lead: ids["ito.trainer"]!,
      municipality: "212016",
      title: "デジタル戦略参与",
      contractingOrganization: "伊藤 由美（個人委嘱）",
      contractType: "cio_adviser" as const,
      description: "デジタル戦略の立案と基幹系システム標準化（2025年度）への対応支援。",
      themes: ["planning", "procurement", "staff_training"] as const,
      ojtSlots: 1,
      confidentialityNote: "標準化対応の進捗・ベンダーとの協議内容は非公開。SNS等での発信は禁止。",
    },
    {
      lead: ids["watanabe.trainer"]!,
      municipality: "272248",
      title: "DX推進支援業務委託",
      contractingOrganization: "摂津ITパートナーズ合同会社",
      contractType: "outsourcing" as const,
      description: "2名のITCで市のDX推進計画を策定。職員向けDX研修、RPA/AI活用の支援。",
      themes: ["dx_plan", "staff_training", "consultation"] as const,
      ojtSlots: 2,
      confidentialityNote: "計画の素案は公表前の行政情報。庁外への持ち出し・共有は不可。",
    },
  ];
  for (const e of engagements) {
    await createEngagement(
      db,
      {
        municipality: e.municipality,
        title: e.title,
        leadTrainerId: e.lead,
        coTrainerEmails: [],
        contractingOrganization: e.contractingOrganization,
        contractType: e.contractType,
        startFiscalYear: fy,
        endFiscalYear: fy + 1,
        description: e.description,
        themes: [...e.themes],
        ojtSlots: e.ojtSlots,
        confidentialityNote: e.confidentialityNote,
        status: "recruiting",
      },
      staff,
    );
  }

  const base = {
    travelRange: "region" as const,
    preferredSize: "any" as const,
    daysPerMonth: 3,
    availableFrom: today,
    availableTo: addDays(today, 300),
    municipalExperience: "",
    acceptsSelfPaid: true as const,
  };
  const tanaka = await submitApplication(db, ids["tanaka.trainee"]!, {
    ...base,
    preferredPrefectures: ["06", "04"],
    themes: ["consultation", "procurement"],
    backgroundIndustry: "地元IT企業のシステムエンジニア",
    backgroundSkills: "業務システムの導入、ネットワーク構築",
    motivation: "地元山形の自治体で、職員の相談に乗れるITCになりたいと考えています。",
  });
  const yamamoto = await submitApplication(db, ids["yamamoto.trainee"]!, {
    ...base,
    preferredPrefectures: ["27", "28"],
    themes: ["dx_plan", "staff_training"],
    preferredSize: "medium",
    backgroundIndustry: "フリーランスのITコンサルタント（中小企業向け）",
    backgroundSkills: "DX戦略の立案、RPA導入支援",
    municipalExperience: "商工会議所の経営指導員向けITスキル研修の講師",
    motivation: "中小企業で培ったDX支援の経験を、自治体の計画策定に活かしたいと考えています。",
  });

  const period = { startDate: today, endDate: addDays(today, 180), note: "", overrideReason: null };
  const p1 = await proposePlacement(
    db,
    { applicationId: tanaka.id, engagementId: 1, ...period, note: "山形県内在住、相談会への同席を希望しています。" },
    { id: staff.id, roles: ["staff"] },
  );
  await acceptPlacement(
    db,
    p1.id,
    { id: ids.trainer!, roles: ["trainer"] },
    {
      goals:
        "職員向けシステム相談会に毎回同席し、3か月目からは1件を主担当として助言する。調達支援（仕様書チェック）を2件経験する。",
      contacts: "山形市 総務部 DX推進課（庁内チャットに招待予定）",
    },
  );
  await confirmPlacement(db, p1.id, { id: ids["tanaka.trainee"]!, roles: ["trainee"] });
  await proposePlacement(
    db,
    { applicationId: yamamoto.id, engagementId: 4, ...period, note: "DX推進計画の策定経験を希望しています。" },
    { id: staff.id, roles: ["staff"] },
  );
}

// ---------------------------------------------------------------------------------------
// Benchmark fixture: 1,700 municipalities, 3,000 engagements, 5,000 applications, placements.

export const MATCHING_FIXTURE_COUNTS = { municipalities: 1700, engagements: 3000, applications: 5000 } as const;

/**
 * Fills the OJT tables for the matching-board benchmark with plain prepared statements
 * (synchronous, for a better-sqlite3 handle inside the caller's transaction; ~1 s). Needs
 * existing users: trainers lead the engagements, each trainee gets at most one application
 * (pass at least `applications` trainee ids). Keeps every denormalised column consistent:
 * engagements.prefecture_code / themes_mask / slots_taken and ojt_applications.themes_mask.
 */
export function fillMatchingFixture(
  sqlite: BetterSqlite3.Database,
  opts: {
    staffId: string;
    trainerIds: readonly string[];
    traineeIds: readonly string[];
    seed?: number;
    counts?: { municipalities: number; engagements: number; applications: number };
  },
) {
  const counts = opts.counts ?? MATCHING_FIXTURE_COUNTS;
  let s = opts.seed ?? 20261122;
  const random = () => {
    s = (s * 1664525 + 1013904223) % 4294967296;
    return s / 4294967296;
  };
  const int = (n: number) => Math.floor(random() * n);
  const pick = <T>(xs: readonly T[]): T => xs[int(xs.length)]!;
  const now = new Date().toISOString();
  const today = todayInTokyo();
  const fy = fiscalYearOf(new Date());

  // Municipalities: valid codes (check digit), spread over the 47 prefectures.
  const insertMunicipality = sqlite.prepare(
    `INSERT OR IGNORE INTO municipalities (code, name, name_kana, prefecture_code, population, population_year, kind, created_at, updated_at)
     VALUES (?, ?, ?, ?, ?, 2023, ?, ?, ?)`,
  );
  const municipalities: Array<{ code: string; pref: string }> = [];
  for (let i = 0; i < counts.municipalities; i++) {
    const pref = String((i % 47) + 1).padStart(2, "0");
    const local = String(201 + Math.floor(i / 47)).padStart(3, "0");
    const first5 = `${pref}${local}`;
    const code = `${first5}${localGovCheckDigit(first5)}`;
    const r = random();
    const kind = r < 0.05 ? "core_city" : r < 0.5 ? "city" : "town_village";
    const population =
      kind === "core_city" ? 200_000 + int(400_000) : kind === "city" ? 30_000 + int(200_000) : 2_000 + int(40_000);
    insertMunicipality.run(
      code,
      `ベンチ${pref}-${local}${kind === "town_village" ? "町" : "市"}`,
      "べんち",
      pref,
      population,
      kind,
      now,
      now,
    );
    municipalities.push({ code, pref });
  }

  const insertEngagement = sqlite.prepare(
    `INSERT INTO engagements (municipality_code, prefecture_code, title, lead_trainer_id, contracting_organization, contract_type,
       start_fiscal_year, end_fiscal_year, description, themes_mask, ojt_slots, slots_taken, confidentiality_note, status,
       search_text, created_by, created_at, updated_at)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, '', ?, ?, 0, ?, ?, ?, ?, ?, ?)`,
  );
  const insertEngagementTheme = sqlite.prepare(`INSERT INTO engagement_themes (engagement_id, theme) VALUES (?, ?)`);
  const randomThemes = (min: number, max: number) => {
    const n = min + int(max - min + 1);
    return [...OJT_THEMES].sort(() => random() - 0.5).slice(0, n);
  };
  const contractTypes = ["cio_adviser", "outsourcing", "mic_adviser_dispatch", "other"] as const;
  const engagements: Array<{ id: number; slots: number; taken: number; lead: string; status: string }> = [];
  for (let i = 0; i < counts.engagements; i++) {
    const m = pick(municipalities);
    const themes = randomThemes(2, 4);
    const r = random();
    const status = r < 0.7 ? "recruiting" : r < 0.9 ? "hosting" : "closed";
    const slots = 1 + int(3);
    const lead = opts.trainerIds[i % opts.trainerIds.length]!;
    const info = insertEngagement.run(
      m.code,
      m.pref,
      `案件${i + 1}`,
      lead,
      "ベンチ株式会社",
      pick(contractTypes),
      fy - int(2),
      fy + int(2),
      themesToMask(themes),
      slots,
      "守秘義務を守ること。",
      status,
      `べんち 案件${i + 1}`,
      opts.staffId,
      now,
      now,
    );
    const id = Number(info.lastInsertRowid);
    for (const t of themes) insertEngagementTheme.run(id, t);
    engagements.push({ id, slots, taken: 0, lead, status });
  }

  const insertApplication = sqlite.prepare(
    `INSERT INTO ojt_applications (trainee_id, status, travel_range, themes_mask, preferred_size, days_per_month, available_from,
       available_to, background_industry, background_skills, municipal_experience, motivation, accepts_self_paid, submitted_at,
       updated_at, withdrawn_at)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, '製造業', '要件定義', '', 'ベンチマーク用の申込です。自治体のDXを学びたい。', 1, ?, ?, ?)`,
  );
  const insertAppPref = sqlite.prepare(
    `INSERT OR IGNORE INTO ojt_application_prefectures (application_id, prefecture_code) VALUES (?, ?)`,
  );
  const insertAppTheme = sqlite.prepare(`INSERT INTO ojt_application_themes (application_id, theme) VALUES (?, ?)`);
  const insertPlacement = sqlite.prepare(
    `INSERT INTO ojt_placements (application_id, engagement_id, trainee_id, trainer_id, status, start_date, end_date, goals,
       proposed_by, proposed_at, updated_at)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  );
  const insertEvent = sqlite.prepare(
    `INSERT INTO ojt_placement_events (placement_id, from_status, to_status, actor_id, created_at) VALUES (?, ?, ?, ?, ?)`,
  );
  const takeSlot = sqlite.prepare(
    `UPDATE engagements SET slots_taken = slots_taken + 1 WHERE id = ? AND slots_taken < ojt_slots`,
  );
  const travel = ["prefecture", "region", "nationwide"] as const;
  const sizes = ["any", "large", "medium", "small"] as const;
  const recruiting = engagements.filter((e) => e.status !== "closed");
  const n = Math.min(counts.applications, opts.traineeIds.length);
  for (let i = 0; i < n; i++) {
    const trainee = opts.traineeIds[i]!;
    const r = random();
    const status = r < 0.8 ? "open" : r < 0.95 ? "matched" : "withdrawn";
    const themes = randomThemes(1, 3);
    const submitted = new Date(Date.now() - int(200) * 86_400_000).toISOString();
    const info = insertApplication.run(
      trainee,
      status,
      pick(travel),
      themesToMask(themes),
      pick(sizes),
      1 + int(8),
      today,
      addDays(today, 90 + int(400)),
      submitted,
      submitted,
      status === "withdrawn" ? now : null,
    );
    const appId = Number(info.lastInsertRowid);
    const prefs = 1 + int(3);
    for (let k = 0; k < prefs; k++) insertAppPref.run(appId, String(1 + int(47)).padStart(2, "0"));
    for (const t of themes) insertAppTheme.run(appId, t);
    // Matched applications hold an active placement; one open application in ten a pending proposal.
    const placementStatus =
      status === "matched"
        ? "active"
        : status === "open" && random() < 0.1
          ? pick(["proposed", "accepted"] as const)
          : null;
    if (!placementStatus) continue;
    const e = pick(recruiting);
    if (takeSlot.run(e.id).changes !== 1) continue;
    const p = insertPlacement.run(
      appId,
      e.id,
      trainee,
      e.lead,
      placementStatus,
      today,
      addDays(today, 180),
      "目標",
      opts.staffId,
      now,
      now,
    );
    insertEvent.run(Number(p.lastInsertRowid), null, placementStatus, opts.staffId, now);
  }
}
