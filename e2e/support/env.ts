import path from "node:path";

export const ROOT = path.resolve(import.meta.dirname, "../..");
export const E2E_PORT = Number(process.env.E2E_PORT ?? 3100);
export const E2E_DATABASE = path.join(ROOT, "e2e/.tmp/e2e.db");
