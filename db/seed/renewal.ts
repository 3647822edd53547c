import type { Database } from "../../app/db.server";
import { approveActivity, reportActivity, returnActivity } from "../../app/features/renewal/activities.server";
import { listActivityKinds } from "../../app/features/renewal/kinds.server";
import { setCertifiedOn, submitSurvey } from "../../app/features/renewal/readiness.server";
import { ActivitySchema } from "../../app/features/renewal/renewal.schema";
import { addDays, fiscalYearOf, todayInTokyo } from "../../app/lib/dates";

// The renewal ledger's demo: certification dates for the ITCs, and self-reported activities in
// each state, so the ITC's readiness page and the staff's queue are not empty on a first run.
export async function seedRenewal(db: Database, staffId: string): Promise<void> {
  const today = todayInTokyo();
  const fy = fiscalYearOf(today);
  const id = async (email: string) =>
    (await db.selectFrom("users").select("id").where("email", "=", email).executeTakeFirstOrThrow()).id;
  const certified: Array<[string, string]> = [
    // The demo trainee is at the fourth renewal: fee and follow-up courses are asked.
    ["trainee@example.com", `${fy - 3}-10-01`],
    ["trainer@example.com", "2019-04-01"],
    ["takahashi.trainer@example.com", "2021-07-01"],
    ["tanaka.trainee@example.com", `${fy}-04-01`],
    ["yamamoto.trainee@example.com", `${fy - 1}-10-01`],
    ["kato.trainee@example.com", `${fy - 1}-04-01`],
  ];
  for (const [email, certifiedOn] of certified)
    await setCertifiedOn(db, { userId: await id(email), certifiedOn }, staffId);

  const kinds = await listActivityKinds(db);
  const kind = (name: string) => String(kinds.find((k) => k.name === name)!.id);
  // Within this fiscal year, and never in the future.
  const day = (daysAgo: number) => {
    const d = addDays(today, -daysAgo);
    return fiscalYearOf(d) === fy ? d : today;
  };
  const report = async (email: string, input: Record<string, string>) =>
    reportActivity(db, ActivitySchema.parse({ organizer: "", evidenceUrl: "", ...input }), await id(email));

  const suzuki = "trainee@example.com";
  await approveActivity(
    db,
    await report(suzuki, {
      kindId: kind("他団体のセミナー・研修の受講"),
      title: "中小企業のDX推進セミナー",
      organizer: "埼玉県産業振興公社",
      activityDate: day(40),
      hours: "4",
      evidenceUrl: "https://example.org/seminars/dx-2026",
    }),
    staffId,
  );
  await report(suzuki, {
    kindId: kind("セミナー・研修の講師"),
    title: "商工会議所「はじめてのクラウド会計」講師",
    organizer: "川越商工会議所",
    activityDate: day(12),
    hours: "3",
  });
  const tanaka = await report("tanaka.trainee@example.com", {
    kindId: kind("コンサルティング実務"),
    title: "製造業A社の生産管理システム選定支援",
    activityDate: day(20),
    hours: "24",
  });
  await returnActivity(
    db,
    { activityId: tanaka, comment: "支援先と期間がわかる資料（契約書の表紙など）のURLかファイルを添えてください。" },
    staffId,
  );
  await approveActivity(
    db,
    await report("trainer@example.com", {
      kindId: kind("コンサルティング実務"),
      title: "山形市 情報システム調達の助言",
      organizer: "山形市",
      activityDate: day(60),
      hours: "30",
    }),
    staffId,
  );
  await submitSurvey(
    db,
    { fiscalYear: fy, engagements: 4, mainField: "自治体DX・業務改革", summary: "山形市の調達支援ほか3件。" },
    await id("trainer@example.com"),
  );
}
