import type { Database } from "../../app/db.server";

/** Demo engagements, OJT applications and placements (filled in by the engagements capability). */
export async function seedEngagements(_db: Database): Promise<void> {}
