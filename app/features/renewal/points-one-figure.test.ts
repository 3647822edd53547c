import { describe, expect, it } from "vitest";
import { createTestDb, makeUser } from "~/testing/db";
import { listActivityKinds } from "./kinds.server";
import { pointsByFiscalYear, renewalReadiness } from "./readiness.server";
import { pointsEquation } from "./rules";

// Decision 0034: /my/points and /my/renewal show the same figure for a fiscal year, with its
// parts labelled so they add up. Fixed fiscal years: nothing depends on today.

describe("one points figure", async () => {
  const db = await createTestDb();
  const kinds = await listActivityKinds(db);

  it("/my/points' years carry the renewal's total: courses + approved activities", async () => {
    const { id } = await makeUser(db, ["trainee"]);
    const stamp = "2026-06-01T00:00:00.000Z";
    await db
      .insertInto("point_credits")
      .values({ user_id: id, fiscal_year: 2026, points: 3, source: "course", description: "研修", credited_at: stamp })
      .execute();
    const base = {
      user_id: id,
      kind_id: kinds[0]!.id,
      title: "他団体のセミナー",
      activity_date: "2026-07-01",
      hours: 4,
      created_at: stamp,
      submitted_at: stamp,
      updated_at: stamp,
    };
    await db
      .insertInto("renewal_activities")
      .values([
        { ...base, fiscal_year: 2026, points: 2, status: "approved" },
        { ...base, fiscal_year: 2026, points: 4, status: "submitted" },
        { ...base, fiscal_year: 2025, points: 1, status: "approved" },
      ])
      .execute();
    const years = await pointsByFiscalYear(db, id);
    expect(years).toEqual([
      { fiscalYear: 2026, coursePoints: 3, activityPoints: 2, total: 5 },
      { fiscalYear: 2025, coursePoints: 0, activityPoints: 1, total: 1 },
    ]);
    const { readiness, facts } = await renewalReadiness(db, id, 2026);
    expect(readiness.points).toBe(years[0]!.total);
    expect(pointsEquation(facts)).toBe("研修3 + 自己申告2 = 5／10ポイント");
    expect(pointsEquation(years[0]!)).toBe(pointsEquation(facts));
  });
});
