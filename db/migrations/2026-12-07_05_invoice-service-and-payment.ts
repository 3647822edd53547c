import type { Kysely } from "kysely";

// What a 請求書 / 領収書 must state beyond what migration 11 froze (issue 22, items 6 and 7):
// - service_dates: the dates of the service (取引年月日), the cohort's session dates at issue,
//   ISO dates joined by commas ("2027-01-10,2027-01-17").
// - payment_due_on: the 支払期限 of an invoice (the payment settings' rule at issue), or NULL.
// - payment_account: the 振込先 printed on an invoice, one "label：value" line per line, or NULL
//   while the payment settings are unset.
// Documents issued before keep their other frozen facts; their service dates are filled in from
// the cohort's sessions (a cohort's dates are the service that was billed).
// Written with Kysely's schema builder (one column per statement: SQLite adds one at a time).

export async function up(db: Kysely<any>): Promise<void> {
  await db.transaction().execute(async (trx) => {
    await trx.schema.alterTable("invoices").addColumn("service_dates", "text").execute();
    await trx.schema.alterTable("invoices").addColumn("payment_due_on", "text").execute();
    await trx.schema.alterTable("invoices").addColumn("payment_account", "text").execute();
    const rows: Array<{ id: number; date: string }> = await trx
      .selectFrom("invoices as i")
      .innerJoin("enrollments as e", "e.id", "i.enrollment_id")
      .innerJoin("cohort_sessions as s", "s.cohort_id", "e.cohort_id")
      .select(["i.id", "s.date"])
      .orderBy("i.id")
      .orderBy("s.date")
      .execute();
    const byInvoice = new Map<number, string[]>();
    for (const r of rows) {
      const dates = byInvoice.get(r.id) ?? [];
      if (!dates.includes(r.date)) dates.push(r.date);
      byInvoice.set(r.id, dates);
    }
    for (const [id, dates] of byInvoice) {
      await trx
        .updateTable("invoices")
        .set({ service_dates: dates.join(",") })
        .where("id", "=", id)
        .execute();
    }
  });
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.transaction().execute(async (trx) => {
    for (const column of ["payment_account", "payment_due_on", "service_dates"]) {
      await trx.schema.alterTable("invoices").dropColumn(column).execute();
    }
  });
}
