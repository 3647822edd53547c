import { db } from "~/db.server";
import { checkDatabase } from "~/lib/database-health.server";

/** 200 when the database can serve (schema current, writes possible); 503 with the reason otherwise. */
export async function loader() {
  const started = performance.now();
  const headers = { "Cache-Control": "no-store" };
  let health;
  try {
    health = await checkDatabase(db());
  } catch (error) {
    health = {
      ok: false as const,
      reason: `cannot be opened: ${error instanceof Error ? error.message : String(error)}`,
    };
  }
  if (!health.ok)
    return Response.json({ status: "error", database: "error", reason: health.reason }, { status: 503, headers });
  return Response.json(
    { status: "ok", database: "ok", latencyMs: Math.round((performance.now() - started) * 10) / 10 },
    { headers },
  );
}
