import { createTemplateDatabase, testDatabaseUrl } from "./postgres";

// Vitest globalSetup: on PostgreSQL, migrate the template database once for the whole run.
export default async function setup(): Promise<void> {
  const url = testDatabaseUrl();
  if (url) await createTemplateDatabase(url);
}
