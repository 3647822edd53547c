import { parseArgs } from "node:util";
import { openDatabase } from "../../app/db.server";
import { databaseLocation } from "../../app/env.server";
import { createFirstAdminInput, createAdmin } from "../../app/features/auth/admin-script.server";
import { migrateToLatest } from "../migrate";

// npm run admin:create -- --email you@example.jp --name "氏名" [--kana "ふりがな"] [--prefecture 13]
// The password comes from ADMIN_PASSWORD or, without it, from the first line of stdin, so that
// it never appears in the shell history or the process list.
const { values } = parseArgs({
  options: {
    email: { type: "string" },
    name: { type: "string" },
    kana: { type: "string" },
    prefecture: { type: "string" },
  },
});
let password = process.env.ADMIN_PASSWORD;
if (!password) {
  if (process.stdin.isTTY) process.stdout.write("Password (12+ characters): ");
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  password = Buffer.concat(chunks).toString("utf8").split(/\r?\n/)[0];
}
const parsed = createFirstAdminInput.safeParse({ ...values, password });
if (!parsed.success) {
  for (const issue of parsed.error.issues) console.error(`${issue.path.join(".")}: ${issue.message}`);
  process.exit(1);
}
const db = openDatabase(databaseLocation());
await migrateToLatest(db);
try {
  const { id } = await createAdmin(db, parsed.data);
  console.log(`Admin ${parsed.data.email} created (id ${id}).`);
} catch (error) {
  console.error(error instanceof Error ? error.message : String(error));
  process.exitCode = 1;
} finally {
  await db.destroy();
}
