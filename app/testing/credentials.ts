// Test-only builder for the credentials: an issued certificate written straight to the table
// (certifying through the queue has its own tests), with a holder built for it.
import type { Database } from "~/db.server";
import { makeUser } from "./db";

let next = 0;

export async function makeIssuedCertificate(
  db: Database,
  options: {
    holderName?: string;
    holderId?: string;
    programmeId?: 1 | 2;
    issuedAt?: string;
    status?: "valid" | "suspended" | "revoked";
  } = {},
) {
  next += 1;
  const holder = options.holderId ?? (await makeUser(db, ["trainee"], { name: options.holderName ?? "髙橋 𠮷子" })).id;
  const staff = await makeUser(db, ["staff"]);
  const programme = await db
    .selectFrom("certification_programmes")
    .select(["id", "name", "certificate_title"])
    .where("id", "=", options.programmeId ?? 1)
    .executeTakeFirstOrThrow();
  const issuedAt = options.issuedAt ?? "2026-11-30T03:04:05.678Z";
  const unique = `${process.pid}${next}${Math.floor(Math.random() * 1e6)}`;
  const status = options.status ?? "valid";
  const { id } = await db
    .insertInto("certificates")
    .values({
      programme_id: programme.id,
      subject_id: Number(unique.slice(-9)),
      holder_id: holder,
      fiscal_year: 2026,
      serial: Number(unique.slice(-9)),
      number: `T2026-${unique}`,
      holder_name: options.holderName ?? "髙橋 𠮷子",
      programme_name: programme.name,
      certificate_title: programme.certificate_title,
      printed_facts: "{}",
      issued_on: issuedAt.slice(0, 10),
      issued_at: issuedAt,
      issued_by: staff.id,
      status,
      status_reason: status === "valid" ? null : "テストのため",
      status_changed_at: status === "valid" ? null : issuedAt,
      status_changed_by: status === "valid" ? null : staff.id,
      criteria_snapshot: JSON.stringify([
        { kind: "course_completed", params: {} },
        { kind: "approved_hours_at_least", params: { hours: 40 } },
      ]),
      evidence_snapshot: "{}",
      // Spread out, so a test's bits land in several bytes of the list.
      status_list_index: next * 1237 + (Number(unique.slice(-5)) % 1000),
    })
    .returning("id")
    .executeTakeFirstOrThrow();
  return { id, holderId: holder, staffId: staff.id };
}
