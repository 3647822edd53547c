import { request as playwrightRequest } from "@playwright/test";
import { createEngagement } from "../app/features/engagements/engagements.server";
import { submitApplication } from "../app/features/ojt/applications.server";
import { addDays, fiscalYearOf, todayInTokyo } from "../app/lib/dates";
import { insertPerson, sessionFor } from "./catalog-helpers";
import { ensureBasicCompleted } from "./ojt-helpers";
import { E2E_BASE_URLS } from "./support/env";
import { DEMO, e2eDb, expect, randomIp, test } from "./support/fixtures";

// The server runs as several processes (docs/decisions/0004): proposals made at the same
// moment reach different processes and different SQLite connections. A 2-slot engagement
// must still take exactly two.
test("12 simultaneous proposals to an engagement with 2 slots: exactly 2 placed, 10 refused", async () => {
  test.setTimeout(120_000);
  const db = e2eDb();
  const trainer = await db.selectFrom("users").select("id").where("email", "=", DEMO.trainer).executeTakeFirstOrThrow();
  const staff = await db.selectFrom("users").select("id").where("email", "=", DEMO.staff).executeTakeFirstOrThrow();
  const today = todayInTokyo();
  const fy = fiscalYearOf(new Date());
  const { id: engagementId } = await createEngagement(
    db,
    {
      municipality: "062014",
      title: "同時提案テスト案件",
      leadTrainerId: undefined,
      coTrainerEmails: [],
      contractingOrganization: "同時提案テスト株式会社",
      contractType: "outsourcing",
      startFiscalYear: fy,
      endFiscalYear: fy + 1,
      description: "",
      themes: ["consultation"],
      ojtSlots: 2,
      confidentialityNote: "口外しないこと。",
      status: "recruiting",
    },
    { id: trainer.id, roles: ["trainer"] },
  );
  const applicationIds: number[] = [];
  for (let i = 0; i < 12; i++) {
    const person = await insertPerson(`同時提案 花子${i}`);
    await ensureBasicCompleted(person.email);
    const { id } = await submitApplication(db, person.id, {
      preferredPrefectures: ["06"],
      travelRange: "region",
      themes: ["consultation"],
      preferredSize: "any",
      daysPerMonth: 3,
      availableFrom: today,
      availableTo: addDays(today, 200),
      backgroundIndustry: "製造業",
      backgroundSkills: "要件定義",
      municipalExperience: "",
      motivation: "同時提案の試験のための申込です。自治体のDXを学びたい。",
      acceptsSelfPaid: true,
    });
    applicationIds.push(id);
  }

  const cookie = await sessionFor(staff.id);
  // On PostgreSQL the requests alternate between two app servers sharing the database.
  const api = await playwrightRequest.newContext();
  const responses = await Promise.all(
    applicationIds.map((applicationId, i) => {
      const server = E2E_BASE_URLS[i % E2E_BASE_URLS.length]!;
      return api.post(`${server}/staff/matching/${applicationId}`, {
        form: {
          engagementId: String(engagementId),
          startDate: today,
          endDate: addDays(today, 120),
          note: "同時提案",
        },
        headers: { Origin: server, Cookie: cookie, "X-Forwarded-For": randomIp() },
        maxRedirects: 0,
      });
    }),
  );
  const statuses = responses.map((r) => r.status());
  const bodies = await Promise.all(responses.map((r) => r.text()));
  await api.dispose();

  expect(statuses.filter((s) => s === 302)).toHaveLength(2);
  expect(statuses.filter((s) => s === 409)).toHaveLength(10);
  for (const [i, s] of statuses.entries())
    if (s === 409) expect(bodies[i]).toContain("この案件の受入枠に空きがありません。");

  const placements = await db
    .selectFrom("ojt_placements")
    .select(["application_id", "status"])
    .where("engagement_id", "=", engagementId)
    .execute();
  expect(placements).toHaveLength(2);
  expect(placements.every((p) => p.status === "proposed")).toBe(true);
  const engagement = await db
    .selectFrom("engagements")
    .select("slots_taken")
    .where("id", "=", engagementId)
    .executeTakeFirstOrThrow();
  expect(engagement.slots_taken).toBe(2);
});
