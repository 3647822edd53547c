import type { Kysely } from "kysely";

// Account e-mails ahead of the queue (issue 22, item 17): with thousands of notifications
// queued, an unlock link waited for every older message. notifications.priority orders the
// outbox: lower goes first (account mails 0, everything else 10); within one priority, oldest
// first. The index serves the worker's "next pending" query on both engines.

export async function up(db: Kysely<any>): Promise<void> {
  await db.transaction().execute(async (trx) => {
    await trx.schema
      .alterTable("notifications")
      .addColumn("priority", "integer", (c) => c.notNull().defaultTo(10))
      .execute();
    await trx.schema
      .createIndex("notifications_outbox_order")
      .on("notifications")
      .columns(["email_status", "priority", "id"])
      .execute();
  });
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.transaction().execute(async (trx) => {
    await trx.schema.dropIndex("notifications_outbox_order").execute();
    await trx.schema.alterTable("notifications").dropColumn("priority").execute();
  });
}
