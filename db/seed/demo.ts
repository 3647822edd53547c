import type { Database } from "../../app/db.server";
import type { Role } from "../../app/features/auth/roles";
import { hashPassword } from "../../app/features/auth/password.server";
import { createUser } from "../../app/features/auth/users.server";
import { updateIssuer } from "../../app/features/issuer/issuer.server";
import { upsertMunicipality } from "../../app/features/municipalities/municipalities.server";
import { updatePaymentSettings } from "../../app/features/payments/settings.server";
import { seedCatalog } from "./catalog";
import { seedEngagements } from "./engagements";
import { seedAssessment } from "./assessment";
import { seedCertification } from "./certification";
import { seedLogbook } from "./logbook";
import { seedRenewal } from "./renewal";

import { DEMO_PASSWORD } from "../../app/features/auth/demo-password.server";

export { DEMO_PASSWORD };

type DemoPerson = {
  email: string;
  name: string;
  nameKana: string;
  prefectureCode: string;
  organization: string;
  itcNumber: string | null;
  roles: Role[];
};

/** The four documented demo accounts, one per role. */
export const DEMO_ACCOUNTS: DemoPerson[] = [
  {
    email: "admin@example.com",
    name: "管理 花子",
    nameKana: "かんり はなこ",
    prefectureCode: "13",
    organization: "ITコーディネータ協会",
    itcNumber: null,
    roles: ["admin", "staff"],
  },
  {
    email: "staff@example.com",
    name: "事務 一郎",
    nameKana: "じむ いちろう",
    prefectureCode: "13",
    organization: "ITコーディネータ協会 事務局",
    itcNumber: null,
    roles: ["staff"],
  },
  {
    email: "trainer@example.com",
    name: "佐藤 健一",
    nameKana: "さとう けんいち",
    prefectureCode: "06",
    organization: "山形ITコンサルティング株式会社",
    itcNumber: "ITC-0012345",
    roles: ["trainer"],
  },
  {
    email: "trainee@example.com",
    name: "鈴木 美咲",
    nameKana: "すずき みさき",
    prefectureCode: "11",
    organization: "すずき経営サポート",
    itcNumber: "ITC-0098765",
    roles: ["trainee"],
  },
];

/** More realistic people: trainers who hold municipal engagements and trainees who want OJT. */
export const DEMO_PEOPLE: DemoPerson[] = [
  {
    email: "takahashi.trainer@example.com",
    name: "高橋 誠",
    nameKana: "たかはし まこと",
    prefectureCode: "11",
    organization: "ふじみ野DX研究所",
    itcNumber: "ITC-0023456",
    roles: ["trainer"],
  },
  {
    email: "ito.trainer@example.com",
    name: "伊藤 由美",
    nameKana: "いとう ゆみ",
    prefectureCode: "21",
    organization: "岐阜デジタル戦略室",
    itcNumber: "ITC-0034567",
    roles: ["trainer"],
  },
  {
    email: "watanabe.trainer@example.com",
    name: "渡辺 大輔",
    nameKana: "わたなべ だいすけ",
    prefectureCode: "27",
    organization: "摂津ITパートナーズ合同会社",
    itcNumber: "ITC-0045678",
    roles: ["trainer"],
  },
  {
    email: "tanaka.trainee@example.com",
    name: "田中 翔太",
    nameKana: "たなか しょうた",
    prefectureCode: "06",
    organization: "田中ITサービス",
    itcNumber: "ITC-0101010",
    roles: ["trainee"],
  },
  {
    email: "yamamoto.trainee@example.com",
    name: "山本 さくら",
    nameKana: "やまもと さくら",
    prefectureCode: "27",
    organization: "フリーランス",
    itcNumber: "ITC-0102020",
    roles: ["trainee"],
  },
  {
    email: "nakamura.trainee@example.com",
    name: "中村 隆",
    nameKana: "なかむら たかし",
    prefectureCode: "21",
    organization: "中村会計事務所",
    itcNumber: "ITC-0103030",
    roles: ["trainee"],
  },
  {
    email: "kobayashi.trainee@example.com",
    name: "小林 恵",
    nameKana: "こばやし めぐみ",
    prefectureCode: "11",
    organization: "株式会社こばやし情報",
    itcNumber: null,
    roles: ["trainee"],
  },
  {
    email: "kato.trainee@example.com",
    name: "加藤 悠人",
    nameKana: "かとう ゆうと",
    prefectureCode: "13",
    organization: "加藤システム設計",
    itcNumber: "ITC-0105050",
    roles: ["trainee", "trainer"],
  },
];

/** The four municipalities of the brief, with their real codes and 2023 populations. */
export const DEMO_MUNICIPALITIES = [
  {
    code: "062014",
    name: "山形市",
    nameKana: "やまがたし",
    population: 242692,
    populationYear: 2023,
    kind: "core_city" as const,
  },
  {
    code: "112453",
    name: "ふじみ野市",
    nameKana: "ふじみのし",
    population: 114153,
    populationYear: 2023,
    kind: "city" as const,
  },
  {
    code: "212016",
    name: "岐阜市",
    nameKana: "ぎふし",
    population: 401245,
    populationYear: 2023,
    kind: "core_city" as const,
  },
  {
    code: "272248",
    name: "摂津市",
    nameKana: "せっつし",
    population: 87086,
    populationYear: 2023,
    kind: "city" as const,
  },
];

/** The demo's bank account for course fees (fictitious). */
export const DEMO_PAYMENT_SETTINGS = {
  bankName: "デモ銀行",
  branchName: "本店営業部",
  accountType: "ordinary" as const,
  accountNumber: "1234567",
  accountHolderKana: "デモ ケンシユウジムキヨク",
  dueBasis: "after_enrolment" as const,
  dueDays: 14,
  note: "振込手数料はご負担ください。",
};

export const DEMO_ISSUER = {
  associationName: "特定非営利活動法人ITコーディネータ協会",
  address: "東京都文京区（デモ）",
  registrationNumber: "T7123456789012",
};

export async function seedDemo(db: Database): Promise<void> {
  // One hash for everyone: all demo accounts share the documented password.
  const passwordHash = await hashPassword(DEMO_PASSWORD);
  for (const p of [...DEMO_ACCOUNTS, ...DEMO_PEOPLE]) {
    await createUser(db, { ...p, password: DEMO_PASSWORD, passwordHash }, null);
  }
  for (const m of DEMO_MUNICIPALITIES) await upsertMunicipality(db, m, null);
  // A made-up account, so that the demo shows how fees are paid.
  await updatePaymentSettings(db, DEMO_PAYMENT_SETTINGS, null);
  // A made-up registration number with a valid check digit (demo only; a real installation
  // starts without one, and staff set the association's own): the demo's fees get invoices.
  await updateIssuer(db, DEMO_ISSUER, null);
  await seedCatalog(db);
  await seedEngagements(db);
  const staff = await db
    .selectFrom("users")
    .select("id")
    .where("email", "=", "staff@example.com")
    .executeTakeFirstOrThrow();
  await seedAssessment(db, staff.id);
  await seedLogbook(db);
  await seedCertification(db, staff.id);
  await seedRenewal(db, staff.id);
  // The demo's history is built with the domain functions, which queue e-mails; they are
  // history too, so the first start does not "send" dozens of them to the log.
  await db.updateTable("notifications").set({ email_status: "none" }).where("email_status", "=", "pending").execute();
}
