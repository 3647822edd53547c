import { execFileSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { openDatabase } from "../../app/db.server";
import { migrateToLatest } from "../migrate";

// Regenerates db/types.ts from a freshly migrated database; `--verify` only checks that the
// checked-in file is current (run by the unit tests).
const verify = process.argv.includes("--verify");
const dir = fs.mkdtempSync(path.join(os.tmpdir(), "itc-codegen-"));
const file = path.join(dir, "schema.db");
const db = openDatabase(file);
await migrateToLatest(db);
await db.destroy();
const args = ["--dialect", "sqlite", "--url", file, "--out-file", "db/types.ts", ...(verify ? ["--verify"] : [])];
try {
  execFileSync(path.resolve("node_modules/.bin/kysely-codegen"), args, { stdio: "inherit" });
} finally {
  fs.rmSync(dir, { recursive: true, force: true });
}
