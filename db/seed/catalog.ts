import type { Database } from "../../app/db.server";

/** Demo courses, cohorts and enrolments (filled in by the catalog capability). */
export async function seedCatalog(_db: Database): Promise<void> {}
