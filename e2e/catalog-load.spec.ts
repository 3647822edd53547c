import { request as playwrightRequest } from "@playwright/test";
import { courseWithCohort, insertPerson, sessionFor } from "./catalog-helpers";
import { E2E_BASE_URLS, E2E_PORT } from "./support/env";
import { e2eDb, expect, randomIp, test } from "./support/fixtures";

const baseURL = `http://localhost:${E2E_PORT}`;

test("100 simultaneous applications to a 30-seat cohort: 30 enrolled, 70 waitlisted in arrival order", async () => {
  test.setTimeout(120_000);
  const { courseId, cohortId } = await courseWithCohort({ title: "同時申込テスト研修", capacity: 30 });
  const people = await Promise.all(Array.from({ length: 100 }, (_, i) => insertPerson(`同時 太郎${i}`)));
  const cookies = await Promise.all(people.map((p) => sessionFor(p.id)));

  // On PostgreSQL the requests alternate between two app servers sharing the database.
  const api = await playwrightRequest.newContext();
  const responses = await Promise.all(
    cookies.map((cookie, i) => {
      const server = E2E_BASE_URLS[i % E2E_BASE_URLS.length]!;
      return api.post(`${server}/courses/${courseId}`, {
        form: { intent: "enrol", cohortId: String(cohortId), confirmed: "yes" },
        headers: { Origin: server, Cookie: cookie, "X-Forwarded-For": randomIp() },
        maxRedirects: 0,
      });
    }),
  );
  const statuses = responses.map((r) => r.status());
  const locations = responses.map((r) => r.headers()["location"] ?? "");
  await api.dispose();

  // No error responses: every request ends in the redirect back to the course page.
  expect(statuses.filter((s) => s !== 302)).toEqual([]);
  expect(locations.filter((l) => l.includes("notice=enrolled"))).toHaveLength(30);
  expect(locations.filter((l) => l.includes("notice=waitlisted"))).toHaveLength(70);

  const rows = await e2eDb()
    .selectFrom("enrollments")
    .select(["user_id", "status", "queue_seq", "requested_at"])
    .where("cohort_id", "=", cohortId)
    .orderBy("queue_seq")
    .execute();
  expect(rows).toHaveLength(100);
  expect(new Set(rows.map((r) => r.user_id)).size).toBe(100);
  expect(rows.map((r) => r.queue_seq)).toEqual(Array.from({ length: 100 }, (_, i) => i + 1));
  // Arrival order: the first 30 to reach the database hold the seats, the rest queue behind
  // them in the order they arrived (queue number and request time agree).
  expect(rows.slice(0, 30).every((r) => r.status === "enrolled")).toBe(true);
  expect(rows.slice(30).every((r) => r.status === "waitlisted")).toBe(true);
  const times = rows.map((r) => r.requested_at);
  expect([...times].sort()).toEqual(times);

  // Each waitlisted person sees their own position, 1 to 70, on the course page.
  const last = rows.at(-1)!;
  const lastIndex = people.findIndex((p) => p.id === last.user_id);
  const page = await playwrightRequest.newContext({ baseURL, extraHTTPHeaders: { Cookie: cookies[lastIndex]! } });
  // React separates adjacent text with <!-- --> markers; read the text as a person would.
  const html = (await (await page.get(`/courses/${courseId}`)).text()).replace(/<!-- -->/g, "");
  expect(html).toContain("キャンセル待ち（70番目）");
  expect(html).toContain("満席（キャンセル待ち70人）");
  await page.dispose();

  const audits = await e2eDb()
    .selectFrom("audit_log")
    .select((eb) => ["action", eb.fn.countAll<number>().as("n")])
    .where("entity_type", "=", "enrollment")
    .where(
      "entity_id",
      "in",
      (await e2eDb().selectFrom("enrollments").select("id").where("cohort_id", "=", cohortId).execute()).map((e) =>
        String(e.id),
      ),
    )
    .groupBy("action")
    .orderBy("action")
    .execute();
  expect(audits).toEqual([
    { action: "enrollment.enrol", n: 30 },
    { action: "enrollment.waitlist", n: 70 },
  ]);
});
