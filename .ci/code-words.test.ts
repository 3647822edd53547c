import { execFileSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import ts from "typescript";
import { describe, expect, it } from "vitest";

// Two checks a reviewer cannot keep by eye: one spelling of enrollment in names, and comments
// that name a file naming one that exists.

const root = path.resolve(import.meta.dirname, "..");
const sources = execFileSync("git", ["ls-files", "app", "db", "e2e", ".ci", "remix.env.d.ts"], {
  cwd: root,
  encoding: "utf8",
})
  .split("\n")
  .filter((f) => /\.(ts|tsx|js)$/.test(f) && fs.existsSync(path.join(root, f)));
const tracked = new Set(execFileSync("git", ["ls-files"], { cwd: root, encoding: "utf8" }).split("\n"));
const scripts = fs.readFileSync(path.join(root, "package.json"), "utf8");

/** Stored values that keep the old spelling (a CHECK constraint's value used as an object key). */
const STORED = new Set(["after_enrolment"]);

describe("names", () => {
  it("spell enroll/enrollment (British enrol/enrolment only in text, stored values and URLs)", () => {
    const found: string[] = [];
    for (const file of sources) {
      const source = ts.createSourceFile(file, fs.readFileSync(path.join(root, file), "utf8"), ts.ScriptTarget.Latest);
      const visit = (node: ts.Node) => {
        if (ts.isIdentifier(node) && /enrol(?!l)/i.test(node.text) && !STORED.has(node.text))
          found.push(`${file}: ${node.text}`);
        ts.forEachChild(node, visit);
      };
      visit(source);
    }
    expect(found).toEqual([]);
  });
});

describe("comments", () => {
  it("name only files that exist", () => {
    const stale: string[] = [];
    for (const file of sources) {
      const text = fs.readFileSync(path.join(root, file), "utf8");
      for (const comment of text.match(/\/\/[^\n]*|\/\*[\s\S]*?\*\//g) ?? []) {
        // A path with a folder and an extension: app/lib/notices.ts, build/server/app/server.js.
        for (const [, ref] of comment.matchAll(/(?<![\w./~<>-])((?:[\w.-]+\/)+[\w.-]+\.(?:tsx?|js|json|css|md))\b/g)) {
          if (!ref || ref.startsWith("../") || /\.tmp\/|<|YYYY/.test(ref)) continue;
          const exists = ref.startsWith("build/")
            ? scripts.includes(ref.replace(/^build\/server\/(app|db)\/.*/, "build/server")) &&
              /^build\/(server\/(app|db)\/|index\.js)/.test(ref)
            : [ref, `app/${ref}`, `app/features/${ref}`, path.join(path.dirname(file), ref)].some((c) =>
                tracked.has(path.normalize(c)),
              );
          if (!exists) stale.push(`${file}: ${ref}`);
        }
      }
    }
    expect(stale).toEqual([]);
  });
});
