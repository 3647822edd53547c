import { transaction, type Database } from "~/db.server";
import { audit } from "~/features/audit/audit.server";
import type { IssuerSettingsInput } from "./issuer.schema";

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

/**
 * Saves the issuer settings; the audit row names the fields that changed, old and new.
 * Documents already issued keep the name and number printed on them.
 */
export async function updateIssuer(db: Database, input: IssuerSettingsInput, actorId: string | null): Promise<void> {
  await transaction(db, async (trx) => {
    const before = await getIssuer(trx);
    const values = {
      association_name: input.associationName,
      address: input.address,
      registration_number: input.registrationNumber,
    };
    const changed = (Object.keys(values) as (keyof typeof values)[]).filter((k) => before[k] !== values[k]);
    if (changed.length === 0) return;
    await trx
      .updateTable("issuer_settings")
      .set({ ...values, updated_by: actorId, updated_at: new Date().toISOString() })
      .where("id", "=", 1)
      .execute();
    await audit(trx, {
      actorId,
      action: "issuer_settings.update",
      entityType: "issuer_settings",
      entityId: 1,
      details: { changed: Object.fromEntries(changed.map((k) => [k, [before[k], values[k]]])) },
    });
  });
}
