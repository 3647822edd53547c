import { sql, type Kysely } from "kysely";

// The four-eyes rule (issue 21, decision 0027).
// - ojt_log_entries.revision: counts every change of an entry's content (edit, resubmit,
//   correction), so a sign-off form can carry the revision it was shown and a stale one is
//   refused. `version` stays the number of the approved version (第n版).
// - ojt_log_entries.written_by: who wrote the current content (the author, or whoever last
//   corrected it); nobody approves what they wrote.
// - engagements.counterpart_pending_*: a counterpart contact proposed by the trainer, which
//   takes effect for confirmation requests only once staff accept it.

export async function up(db: Kysely<any>): Promise<void> {
  await db.transaction().execute(async (trx) => {
    await trx.schema
      .alterTable("ojt_log_entries")
      .addColumn("revision", "integer", (c) =>
        c
          .notNull()
          .defaultTo(1)
          .check(sql`revision >= 1`),
      )
      .execute();
    await trx.schema
      .alterTable("ojt_log_entries")
      .addColumn("written_by", "text", (c) => c.references("users.id"))
      .execute();
    await trx
      .updateTable("ojt_log_entries")
      .set({ written_by: sql.ref("author_id") })
      .execute();
    await trx.schema.createIndex("ojt_log_entries_written_by").on("ojt_log_entries").column("written_by").execute();
    for (const column of ["counterpart_pending_name", "counterpart_pending_department", "counterpart_pending_email"])
      await trx.schema.alterTable("engagements").addColumn(column, "text").execute();
    await trx.schema
      .alterTable("engagements")
      .addColumn("counterpart_pending_by", "text", (c) => c.references("users.id"))
      .execute();
    await trx.schema.alterTable("engagements").addColumn("counterpart_pending_at", "text").execute();
    await trx.schema
      .createIndex("engagements_counterpart_pending_by")
      .on("engagements")
      .column("counterpart_pending_by")
      .execute();
  });
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.transaction().execute(async (trx) => {
    await trx.schema.dropIndex("engagements_counterpart_pending_by").execute();
    for (const column of [
      "counterpart_pending_at",
      "counterpart_pending_by",
      "counterpart_pending_email",
      "counterpart_pending_department",
      "counterpart_pending_name",
    ])
      await trx.schema.alterTable("engagements").dropColumn(column).execute();
    await trx.schema.dropIndex("ojt_log_entries_written_by").execute();
    await trx.schema.alterTable("ojt_log_entries").dropColumn("written_by").execute();
    await trx.schema.alterTable("ojt_log_entries").dropColumn("revision").execute();
  });
}
