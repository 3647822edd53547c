import { transaction, type Database } from "~/db.server";
import { audit } from "~/features/audit/audit.server";
import { preparedQuery } from "~/lib/prepared-query.server";
import type { PaymentSettings } from "./instructions";
import type { AccountType, DueBasis } from "./kinds";
import type { PaymentSettingsInput } from "./payments.schema";

const settingsQuery = preparedQuery((db: Database) =>
  db
    .selectFrom("payment_settings")
    .select([
      "bank_name",
      "branch_name",
      "account_type",
      "account_number",
      "account_holder_kana",
      "due_basis",
      "due_days",
      "note",
      "updated_at",
    ])
    .where("id", "=", 1),
);

/** The bank account for course fees, or null until staff have set it. */
export async function getPaymentSettings(db: Database): Promise<(PaymentSettings & { updated_at: string }) | null> {
  const row = await settingsQuery.executeTakeFirst(db, {});
  if (!row) return null;
  return { ...row, account_type: row.account_type as AccountType, due_basis: row.due_basis as DueBasis };
}

/** Saves the payment settings; the audit row names the fields that changed, old and new. */
export async function updatePaymentSettings(db: Database, input: PaymentSettingsInput, actorId: string | null) {
  await transaction(db, async (trx) => {
    const before = await getPaymentSettings(trx);
    const values = {
      bank_name: input.bankName,
      branch_name: input.branchName,
      account_type: input.accountType,
      account_number: input.accountNumber,
      account_holder_kana: input.accountHolderKana,
      due_basis: input.dueBasis,
      due_days: input.dueDays,
      note: input.note,
    };
    const changed = (Object.keys(values) as (keyof typeof values)[]).filter((k) => before?.[k] !== values[k]);
    if (changed.length === 0) return;
    const now = new Date().toISOString();
    await trx
      .insertInto("payment_settings")
      .values({ id: 1, ...values, updated_by: actorId, updated_at: now })
      .onConflict((oc) => oc.column("id").doUpdateSet({ ...values, updated_by: actorId, updated_at: now }))
      .execute();
    await audit(trx, {
      actorId,
      action: "payment_settings.update",
      entityType: "payment_settings",
      entityId: 1,
      details: { changed: Object.fromEntries(changed.map((k) => [k, [before?.[k] ?? null, values[k]]])) },
    });
  });
}
