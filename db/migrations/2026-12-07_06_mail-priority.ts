import type { Kysely } from "kysely";

// Account e-mails ahead of the queue (issue 22, item 17): with thousands of notifications
// queued, an unlock link waited for every older message. notifications.priority orders the
// outbox: lower goes first (account mails 0, everything else 10); within one priority, oldest
// first. The index serves the worker's "next pending" query on both engines.
// password_reset_requests: /forgot-password only queues the address it was given (the same
// work for a known and an unknown one); the outbox worker looks it up and sends the link.

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
    await trx.schema
      .createTable("password_reset_requests")
      .addColumn("id", "text", (c) => c.primaryKey().notNull())
      .addColumn("email", "text", (c) => c.notNull())
      .addColumn("ip", "text", (c) => c.notNull())
      .addColumn("requested_at", "text", (c) => c.notNull())
      .execute();
    await trx.schema
      .createIndex("password_reset_requests_requested_at")
      .on("password_reset_requests")
      .column("requested_at")
      .execute();
  });
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.transaction().execute(async (trx) => {
    await trx.schema.dropTable("password_reset_requests").execute();
    await trx.schema.dropIndex("notifications_outbox_order").execute();
    await trx.schema.alterTable("notifications").dropColumn("priority").execute();
  });
}
