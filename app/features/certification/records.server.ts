import type { Database } from "~/db.server";

// Reading issued certificates: the one shape every reader (verification page, PDF, credential,
// the holder's list) uses. Writing them (certify, suspend, revoke) lives in the queue's module.

export type CertificateStatus = "valid" | "suspended" | "revoked";

export type CertificateRecord = {
  id: number;
  number: string;
  programme_id: number;
  programme_code: string;
  subject_id: number;
  holder_id: string;
  holder_name: string;
  programme_name: string;
  certificate_title: string;
  /** Facts printed besides the name (course and cohort, or engagement and period). */
  printed_facts: Record<string, string>;
  issued_on: string;
  issued_at: string;
  fiscal_year: number;
  serial: number;
  status: CertificateStatus;
  status_reason: string | null;
  status_reason_public: boolean;
  status_changed_at: string | null;
  status_list_index: number;
};

function certificates(db: Database) {
  return db
    .selectFrom("certificates as c")
    .innerJoin("certification_programmes as p", "p.id", "c.programme_id")
    .select([
      "c.id",
      "c.number",
      "c.programme_id",
      "p.code as programme_code",
      "c.subject_id",
      "c.holder_id",
      "c.holder_name",
      "c.programme_name",
      "c.certificate_title",
      "c.printed_facts",
      "c.issued_on",
      "c.issued_at",
      "c.fiscal_year",
      "c.serial",
      "c.status",
      "c.status_reason",
      "c.status_reason_public",
      "c.status_changed_at",
      "c.status_list_index",
    ]);
}

type Row = Awaited<ReturnType<ReturnType<typeof certificates>["executeTakeFirstOrThrow"]>>;

function toRecord(row: Row): CertificateRecord {
  return {
    ...row,
    status: row.status as CertificateStatus,
    status_reason_public: Number(row.status_reason_public) === 1,
    printed_facts: JSON.parse(row.printed_facts) as Record<string, string>,
  };
}

export async function certificateByNumber(db: Database, number: string): Promise<CertificateRecord | null> {
  const row = await certificates(db).where("c.number", "=", number).executeTakeFirst();
  return row ? toRecord(row) : null;
}

export async function certificateById(db: Database, id: number): Promise<CertificateRecord | null> {
  const row = await certificates(db).where("c.id", "=", id).executeTakeFirst();
  return row ? toRecord(row) : null;
}

export async function certificatesByIds(db: Database, ids: number[]): Promise<CertificateRecord[]> {
  if (ids.length === 0) return [];
  const rows = await certificates(db).where("c.id", "in", ids).orderBy("c.id").execute();
  return rows.map(toRecord);
}

/** A holder's certificates, newest first. */
export async function certificatesOfHolder(db: Database, holderId: string): Promise<CertificateRecord[]> {
  const rows = await certificates(db).where("c.holder_id", "=", holderId).orderBy("c.id", "desc").execute();
  return rows.map(toRecord);
}
