import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { ESLint } from "eslint";
import tseslint from "typescript-eslint";
import { afterEach, describe, expect, it } from "vitest";
import featureBoundaries from "./eslint-feature-boundaries.js";

// Each case plants a small app/ on disk and lints it with the rules as eslint.config.js sets them.

const roots: string[] = [];
afterEach(() => {
  for (const root of roots.splice(0)) fs.rmSync(root, { recursive: true, force: true });
});

async function lint(files: Record<string, string>) {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), "feature-boundaries-"));
  roots.push(root);
  for (const [name, text] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(root, name)), { recursive: true });
    fs.writeFileSync(path.join(root, name), text);
  }
  const eslint = new ESLint({
    cwd: root,
    overrideConfigFile: true,
    overrideConfig: [
      {
        files: ["**/*.{ts,tsx}"],
        languageOptions: { parser: tseslint.parser },
        plugins: { "feature-boundaries": featureBoundaries },
        rules: {
          "feature-boundaries/no-cycle": "error",
          "feature-boundaries/no-private-import": "error",
          "feature-boundaries/base-areas": ["error", { areas: ["vocabulary"] }],
        },
      },
    ],
  });
  const results = await eslint.lintFiles(["app/**/*.{ts,tsx}"]);
  return results.flatMap((r) =>
    r.messages.map((m) => ({ file: path.relative(root, r.filePath), rule: m.ruleId, message: m.message })),
  );
}

describe("feature-boundaries lint rules", () => {
  it("passes features that import one way and a vocabulary that imports no feature", async () => {
    const errors = await lint({
      "app/features/vocabulary/statuses.ts": `export const STATUSES = ["a", "b"] as const;\n`,
      "app/features/catalog/courses.server.ts": `import { STATUSES } from "~/features/vocabulary/statuses";\nexport const courses = STATUSES;\n`,
      "app/features/enrollment/enrollment.server.ts": `import { courses } from "~/features/catalog/courses.server";\nexport const enroll = courses;\n`,
      "app/routes/page.tsx": `import { enroll } from "~/features/enrollment/enrollment.server";\nexport default enroll;\n`,
    });
    expect(errors).toEqual([]);
  });

  it("fails on a cycle between two feature folders, on both imports", async () => {
    const errors = await lint({
      "app/features/catalog/courses.server.ts": `import { enroll } from "~/features/enrollment/enrollment.server";\nexport const courses = () => enroll;\n`,
      "app/features/enrollment/enrollment.server.ts": `import { courses } from "~/features/catalog/courses.server";\nexport const enroll = () => courses;\n`,
    });
    expect(errors).toHaveLength(2);
    expect(errors.every((e) => e.rule === "feature-boundaries/no-cycle")).toBe(true);
    expect(errors[0]!.message).toContain("Import cycle between features: enrollment → catalog → enrollment");
  });

  it("fails on a longer cycle through three features, and through a relative import", async () => {
    const errors = await lint({
      "app/features/a/a.server.ts": `import { b } from "../b/b.server";\nexport const a = () => b;\n`,
      "app/features/b/b.server.ts": `import { c } from "~/features/c/c.server";\nexport const b = () => c;\n`,
      "app/features/c/c.server.ts": `import type { a } from "~/features/a/a.server";\nexport const c = (x?: typeof a) => x;\n`,
    });
    expect(errors.map((e) => e.file).sort()).toEqual([
      "app/features/a/a.server.ts",
      "app/features/b/b.server.ts",
      "app/features/c/c.server.ts",
    ]);
  });

  it("fails on a file cycle inside one feature, and leaves tests out of the graph", async () => {
    const errors = await lint({
      "app/features/ojt/applications.server.ts": `import { t } from "./transitions.server";\nexport const apps = () => t;\n`,
      "app/features/ojt/transitions.server.ts": `import { m } from "./matching.server";\nexport const t = () => m;\n`,
      "app/features/ojt/matching.server.ts": `import { apps } from "./applications.server";\nexport const m = () => apps;\n`,
      "app/features/ojt/ojt.test.ts": `import { m } from "./matching.server";\nimport { x } from "~/features/other/x.server";\nexport const y = [m, x];\n`,
      "app/features/other/x.server.ts": `export const x = 1;\n`,
    });
    expect(errors).toHaveLength(3);
    expect(
      errors.every((e) => e.rule === "feature-boundaries/no-cycle" && e.file !== "app/features/ojt/ojt.test.ts"),
    ).toBe(true);
    expect(errors.map((e) => e.message).join("\n")).toContain(
      "ojt/matching.server.ts → ojt/applications.server.ts → ojt/transitions.server.ts → ojt/matching.server.ts",
    );
  });

  it("fails when another feature or a route imports a file marked @internal, not the feature itself", async () => {
    const errors = await lint({
      "app/features/ojt/scoring.ts": `// @internal to ojt/: other areas go through matching.server.ts.\nexport const score = 1;\n`,
      "app/features/ojt/matching.server.ts": `import { score } from "./scoring";\nexport const match = score;\n`,
      "app/features/engagements/engagements.server.ts": `import { score } from "~/features/ojt/scoring";\nimport { match } from "~/features/ojt/matching.server";\nexport const e = [score, match];\n`,
      "app/routes/board.tsx": `import { score } from "~/features/ojt/scoring";\nexport default score;\n`,
    });
    expect(errors.map((e) => [e.file, e.rule])).toEqual([
      ["app/features/engagements/engagements.server.ts", "feature-boundaries/no-private-import"],
      ["app/routes/board.tsx", "feature-boundaries/no-private-import"],
    ]);
    expect(errors[0]!.message).toContain("ojt/scoring.ts is internal to the ojt feature");
  });

  it("fails when the shared vocabulary imports a feature", async () => {
    const errors = await lint({
      "app/features/catalog/kinds.ts": `export const KINDS = ["x"] as const;\n`,
      "app/features/vocabulary/course-kinds.ts": `export { KINDS } from "~/features/catalog/kinds";\n`,
    });
    expect(errors.map((e) => e.rule)).toEqual(["feature-boundaries/base-areas"]);
  });
});
