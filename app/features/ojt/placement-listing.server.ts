// @internal to ojt/: other areas go through placements.server.ts.
import type { Database } from "~/db.server";

/**
 * Placements as lists show them to a trainee (their application page, their dashboard):
 * where (municipality, engagement), when, with whom (the trainer) and in what status.
 */
export function placementListing(db: Database) {
  return db
    .selectFrom("ojt_placements")
    .innerJoin("engagements", "engagements.id", "ojt_placements.engagement_id")
    .innerJoin("municipalities", "municipalities.code", "engagements.municipality_code")
    .innerJoin("users as trainer", "trainer.id", "ojt_placements.trainer_id")
    .select([
      "ojt_placements.id",
      "ojt_placements.status",
      "ojt_placements.outcome",
      "ojt_placements.start_date",
      "ojt_placements.end_date",
      "engagements.title as engagement_title",
      "municipalities.name as municipality_name",
      "trainer.name as trainer_name",
    ]);
}
