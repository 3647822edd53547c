import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { migrations } from "./migrations";

describe("migrations", () => {
  it("lists every migration file, in file-name order", () => {
    const files = fs
      .readdirSync(path.join(import.meta.dirname, "migrations"))
      .filter((f) => /^\d{4}-\d{2}-\d{2}_\d{2}_.+\.ts$/.test(f))
      .map((f) => f.replace(/\.ts$/, ""))
      .sort();
    expect(Object.keys(migrations)).toEqual(files);
  });
});
