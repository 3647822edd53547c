// Consumption tax of a course fee. Fees are tax-included (総額表示: the catalog shows the price a
// trainee pays), so the tax is the part of the amount at the rate: for one item per document
// the rounding rule of 適格請求書 (once per rate per document) is the floor of amount × r/(100+r).

export const STANDARD_TAX_RATE_PERCENT = 10;

/** The consumption tax contained in a tax-included amount, rounded down to the yen. */
export function taxIncludedIn(amountYen: number, ratePercent: number = STANDARD_TAX_RATE_PERCENT): number {
  if (!Number.isInteger(amountYen) || amountYen < 0) throw new Error("taxIncludedIn: a whole yen amount expected");
  return Math.floor((amountYen * ratePercent) / (100 + ratePercent));
}

export type DocumentKind = "invoice" | "receipt";

const PREFIX: Record<DocumentKind, string> = { invoice: "INV", receipt: "RCP" };

/** INV-2026-000001: the kind, the fiscal year and the serial in that year. */
export function documentNumber(kind: DocumentKind, fiscalYear: number, serial: number): string {
  return `${PREFIX[kind]}-${fiscalYear}-${String(serial).padStart(6, "0")}`;
}
