import type { Database } from "~/db.server";

// The association as the issuer of certificates, invoices and receipts: its name, address and
// qualified-invoice registration number (適格請求書発行事業者登録番号), kept by staff.

export type Issuer = {
  association_name: string;
  /** "T" and 13 digits, or null until staff set it (no invoice can be issued before). */
  registration_number: string | null;
  address: string;
  updated_at: string;
};

export async function getIssuer(db: Database): Promise<Issuer> {
  return db
    .selectFrom("issuer_settings")
    .select(["association_name", "registration_number", "address", "updated_at"])
    .where("id", "=", 1)
    .executeTakeFirstOrThrow();
}
