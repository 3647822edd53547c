import { keyLock, type Database, type RowLock } from "~/db.server";

// Gap-free document numbers (certificates, invoices, receipts, status-list bits). The counter
// row is incremented inside the caller's transaction, in the same commit as the document that
// uses the number: a rolled-back write leaves no gap, and two app servers cannot take the same
// number (SQLite: the write lock of BEGIN IMMEDIATE; PostgreSQL: the row lock of the UPDATE,
// with the serialization retry of `transaction`).

export type CounterSeries = "certificate" | "invoice" | "receipt" | "status_list";

/** Series that do not restart each fiscal year are kept under fiscal year 0. */
export const NO_FISCAL_YEAR = 0;

/**
 * The lock of a series' counter, for `transaction(db, { locks: [...] }, …)` of writers that may
 * take a number. On PostgreSQL it makes simultaneous issuers queue before their transaction
 * starts instead of failing serialization on the one counter row and retrying (20 at once ran
 * out of retries without it); on SQLite it is nothing more than BEGIN IMMEDIATE already is.
 */
export function counterLock(series: CounterSeries): RowLock {
  return keyLock("document_counter", series);
}

/**
 * Takes the next number of a series for a fiscal year (1, 2, 3, …). Call it only inside
 * `transaction(db, …)`, with the transaction's handle.
 */
export async function takeNextNumber(trx: Database, series: CounterSeries, fiscalYear: number): Promise<number> {
  await trx
    .insertInto("document_counters")
    .values({ series, fiscal_year: fiscalYear, last_value: 0 })
    .onConflict((oc) => oc.columns(["series", "fiscal_year"]).doNothing())
    .execute();
  const row = await trx
    .updateTable("document_counters")
    .set((eb) => ({ last_value: eb("last_value", "+", 1) }))
    .where("series", "=", series)
    .where("fiscal_year", "=", fiscalYear)
    .returning("last_value")
    .executeTakeFirstOrThrow();
  return Number(row.last_value);
}
