import { execFileSync } from "node:child_process";
import path from "node:path";
import { describe, expect, it } from "vitest";

describe("db/types.ts", () => {
  it("matches the schema the migrations produce (run `npm run db:types` after a migration)", () => {
    const root = path.resolve(import.meta.dirname, "..");
    const run = () =>
      execFileSync(path.join(root, "node_modules/.bin/tsx"), ["db/scripts/types.ts", "--verify"], {
        cwd: root,
        stdio: "pipe",
        encoding: "utf8",
      });
    expect(run).not.toThrow();
    // Two processes (tsx, kysely-codegen) start: slow on a busy machine, twice per `test:unit`.
  }, 60_000);
});
