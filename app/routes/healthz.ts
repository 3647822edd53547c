import { sql } from "kysely";
import { db } from "~/db.server";

export async function loader() {
  const started = performance.now();
  try {
    await sql`select 1`.execute(db());
    return Response.json(
      { status: "ok", database: "ok", latencyMs: Math.round((performance.now() - started) * 10) / 10 },
      { headers: { "Cache-Control": "no-store" } },
    );
  } catch {
    return Response.json(
      { status: "error", database: "unreachable" },
      { status: 503, headers: { "Cache-Control": "no-store" } },
    );
  }
}
