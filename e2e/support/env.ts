import path from "node:path";

export const ROOT = path.resolve(import.meta.dirname, "../..");
export const E2E_PORT = Number(process.env.E2E_PORT ?? 3100);
// One database per port, so that several suites can run side by side.
export const E2E_DATABASE = path.join(ROOT, `e2e/.tmp/e2e-${E2E_PORT}.db`);
