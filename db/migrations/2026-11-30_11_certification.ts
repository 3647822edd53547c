import { sql, type Kysely } from "kysely";

// Certification of completion, certificates, invoices and receipts (issue 15).
// - certification_programmes: what staff certify. A programme's candidates are either
//   enrolments in cohorts of courses of one kind (subject 'enrollment') or OJT placements
//   (subject 'placement'); subject_id in the tables below is that enrolment's or placement's id.
// - certification_criteria: the programme's rules as rows (kind + JSON parameters), evaluated by
//   the server. Editing them never touches an issued certificate: each certificate keeps a
//   snapshot of the criteria and of the evidence it was issued on.
// - certification_decisions: a candidate declined, with the reason the candidate is shown.
// - certificates: one per programme and subject (the UNIQUE makes a double certification by
//   two servers at once fail instead of issuing twice). `serial` runs gap-free per fiscal year
//   (document_counters); `number` adds a random part so one number cannot be guessed from
//   another. status_list_index is the certificate's bit in the Bitstring Status List.
// - invoices: 請求書 and 領収書 of enrolment fees, numbered gap-free per kind and fiscal year;
//   a cancelled enrolment's invoice is voided, never deleted.
// - document_counters: the last number handed out per series and fiscal year, incremented in
//   the transaction that writes the document, so a rolled-back write leaves no gap.
// - issuer_settings: the association's name and its qualified-invoice registration number.

const CRITERION_KINDS = [
  // subject 'enrollment'
  "course_completed",
  "fee_paid",
  "quiz_passed",
  // subject 'placement'
  "basic_course_completed",
  "placement_completed",
  "approved_hours_at_least",
  "task_kinds_at_least",
  "pgl_phases_at_least",
  "final_recommendation",
]
  .map((k) => `'${k}'`)
  .join(", ");

export async function up(db: Kysely<any>): Promise<void> {
  await db.transaction().execute(async (trx) => {
    const now = new Date().toISOString();
    const statements = [
      sql`CREATE TABLE certification_programmes (
        id INTEGER PRIMARY KEY NOT NULL,
        code TEXT NOT NULL UNIQUE CHECK (length(code) BETWEEN 1 AND 40),
        name TEXT NOT NULL CHECK (length(name) BETWEEN 1 AND 100),
        -- the title printed on the certificate (修了証 …)
        certificate_title TEXT NOT NULL CHECK (length(certificate_title) BETWEEN 1 AND 100),
        subject TEXT NOT NULL CHECK (subject IN ('enrollment', 'placement')),
        -- for subject 'enrollment': the kind of course whose enrolments are candidates
        course_kind TEXT CHECK (course_kind IS NULL OR course_kind IN ('basic_municipal', 'case_training', 'follow_up', 'skill', 'other')),
        active INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0, 1)),
        created_at TEXT NOT NULL,
        updated_by TEXT REFERENCES users(id),
        updated_at TEXT NOT NULL,
        CHECK ((subject = 'enrollment') = (course_kind IS NOT NULL))
      ) STRICT`,
      sql`CREATE INDEX certification_programmes_updated_by ON certification_programmes(updated_by)`,

      sql`CREATE TABLE certification_criteria (
        id INTEGER PRIMARY KEY NOT NULL,
        programme_id INTEGER NOT NULL REFERENCES certification_programmes(id) ON DELETE RESTRICT,
        kind TEXT NOT NULL CHECK (kind IN (${sql.raw(CRITERION_KINDS)})),
        -- JSON object, e.g. {"hours": 40}; validated with zod by the server
        params TEXT NOT NULL DEFAULT '{}' CHECK (length(params) BETWEEN 2 AND 1000),
        position INTEGER NOT NULL CHECK (position BETWEEN 0 AND 99),
        created_at TEXT NOT NULL,
        UNIQUE (programme_id, kind)
      ) STRICT`,

      sql`CREATE TABLE certification_decisions (
        id INTEGER PRIMARY KEY NOT NULL,
        programme_id INTEGER NOT NULL REFERENCES certification_programmes(id) ON DELETE RESTRICT,
        subject_id INTEGER NOT NULL,
        holder_id TEXT NOT NULL REFERENCES users(id) ON DELETE RESTRICT,
        decision TEXT NOT NULL CHECK (decision IN ('declined')),
        reason TEXT NOT NULL CHECK (length(reason) BETWEEN 1 AND 1000),
        decided_by TEXT NOT NULL REFERENCES users(id) ON DELETE RESTRICT,
        decided_at TEXT NOT NULL
      ) STRICT`,
      sql`CREATE INDEX certification_decisions_subject ON certification_decisions(programme_id, subject_id, id)`,
      sql`CREATE INDEX certification_decisions_holder ON certification_decisions(holder_id)`,
      sql`CREATE INDEX certification_decisions_decided_by ON certification_decisions(decided_by)`,

      sql`CREATE TABLE certificates (
        id INTEGER PRIMARY KEY NOT NULL,
        programme_id INTEGER NOT NULL REFERENCES certification_programmes(id) ON DELETE RESTRICT,
        subject_id INTEGER NOT NULL,
        holder_id TEXT NOT NULL REFERENCES users(id) ON DELETE RESTRICT,
        fiscal_year INTEGER NOT NULL CHECK (fiscal_year BETWEEN 2000 AND 2200),
        serial INTEGER NOT NULL CHECK (serial >= 1),
        number TEXT NOT NULL UNIQUE CHECK (length(number) BETWEEN 8 AND 40),
        -- what is printed, frozen at issue: a later change of name or programme does not alter it
        holder_name TEXT NOT NULL CHECK (length(holder_name) BETWEEN 1 AND 100),
        programme_name TEXT NOT NULL CHECK (length(programme_name) BETWEEN 1 AND 100),
        certificate_title TEXT NOT NULL CHECK (length(certificate_title) BETWEEN 1 AND 100),
        -- the facts printed besides (course and cohort, or engagement and period), as JSON
        printed_facts TEXT NOT NULL DEFAULT '{}',
        issued_on TEXT NOT NULL CHECK (issued_on GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]'),
        issued_at TEXT NOT NULL,
        issued_by TEXT NOT NULL REFERENCES users(id) ON DELETE RESTRICT,
        status TEXT NOT NULL DEFAULT 'valid' CHECK (status IN ('valid', 'suspended', 'revoked')),
        status_reason TEXT CHECK (status_reason IS NULL OR length(status_reason) BETWEEN 1 AND 1000),
        status_reason_public INTEGER NOT NULL DEFAULT 0 CHECK (status_reason_public IN (0, 1)),
        status_changed_at TEXT,
        status_changed_by TEXT REFERENCES users(id),
        criteria_snapshot TEXT NOT NULL,
        evidence_snapshot TEXT NOT NULL,
        status_list_index INTEGER NOT NULL UNIQUE CHECK (status_list_index >= 0),
        UNIQUE (programme_id, subject_id),
        UNIQUE (fiscal_year, serial),
        CHECK ((status = 'valid') = (status_reason IS NULL))
      ) STRICT`,
      sql`CREATE INDEX certificates_holder ON certificates(holder_id, id)`,
      sql`CREATE INDEX certificates_fiscal_year ON certificates(fiscal_year, programme_id)`,
      sql`CREATE INDEX certificates_issued_by ON certificates(issued_by)`,
      sql`CREATE INDEX certificates_status_changed_by ON certificates(status_changed_by)`,

      sql`CREATE TABLE invoices (
        id INTEGER PRIMARY KEY NOT NULL,
        enrollment_id INTEGER NOT NULL REFERENCES enrollments(id) ON DELETE RESTRICT,
        kind TEXT NOT NULL CHECK (kind IN ('invoice', 'receipt')),
        fiscal_year INTEGER NOT NULL CHECK (fiscal_year BETWEEN 2000 AND 2200),
        serial INTEGER NOT NULL CHECK (serial >= 1),
        number TEXT NOT NULL UNIQUE CHECK (length(number) BETWEEN 4 AND 40),
        issued_on TEXT NOT NULL CHECK (issued_on GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]'),
        issued_at TEXT NOT NULL,
        -- what is printed, frozen at issue
        recipient_name TEXT NOT NULL CHECK (length(recipient_name) BETWEEN 1 AND 200),
        item_name TEXT NOT NULL CHECK (length(item_name) BETWEEN 1 AND 200),
        amount_yen INTEGER NOT NULL CHECK (amount_yen >= 0),
        tax_yen INTEGER NOT NULL CHECK (tax_yen >= 0 AND tax_yen <= amount_yen),
        tax_rate_percent INTEGER NOT NULL CHECK (tax_rate_percent BETWEEN 0 AND 100),
        issuer_name TEXT NOT NULL CHECK (length(issuer_name) BETWEEN 1 AND 200),
        registration_number TEXT NOT NULL CHECK (registration_number GLOB 'T[0-9][0-9][0-9][0-9][0-9][0-9][0-9][0-9][0-9][0-9][0-9][0-9][0-9]'),
        status TEXT NOT NULL DEFAULT 'issued' CHECK (status IN ('issued', 'voided')),
        voided_at TEXT,
        void_reason TEXT CHECK (void_reason IS NULL OR length(void_reason) BETWEEN 1 AND 500),
        UNIQUE (kind, fiscal_year, serial),
        CHECK ((status = 'voided') = (voided_at IS NOT NULL))
      ) STRICT`,
      sql`CREATE INDEX invoices_enrollment ON invoices(enrollment_id, kind, status)`,
      // At most one live invoice and one live receipt per enrolment.
      sql`CREATE UNIQUE INDEX invoices_live_per_enrollment ON invoices(enrollment_id, kind) WHERE status = 'issued'`,

      sql`CREATE TABLE document_counters (
        series TEXT NOT NULL CHECK (series IN ('certificate', 'invoice', 'receipt', 'status_list')),
        -- 0 for a series that does not restart each fiscal year (status_list)
        fiscal_year INTEGER NOT NULL CHECK (fiscal_year = 0 OR fiscal_year BETWEEN 2000 AND 2200),
        last_value INTEGER NOT NULL CHECK (last_value >= 0),
        PRIMARY KEY (series, fiscal_year)
      ) STRICT`,

      sql`CREATE TABLE issuer_settings (
        id INTEGER PRIMARY KEY NOT NULL CHECK (id = 1),
        association_name TEXT NOT NULL CHECK (length(association_name) BETWEEN 1 AND 200),
        -- 適格請求書発行事業者登録番号: T and 13 digits; NULL until staff set it (no invoice before)
        registration_number TEXT CHECK (registration_number IS NULL OR registration_number GLOB 'T[0-9][0-9][0-9][0-9][0-9][0-9][0-9][0-9][0-9][0-9][0-9][0-9][0-9]'),
        address TEXT NOT NULL DEFAULT '' CHECK (length(address) <= 200),
        updated_by TEXT REFERENCES users(id),
        updated_at TEXT NOT NULL
      ) STRICT`,
      sql`CREATE INDEX issuer_settings_updated_by ON issuer_settings(updated_by)`,
      sql`INSERT INTO issuer_settings (id, association_name, updated_at)
          VALUES (1, '特定非営利活動法人ITコーディネータ協会', ${now})`,

      // The two programmes the association certifies, with the default criteria.
      sql`INSERT INTO certification_programmes (id, code, name, certificate_title, subject, course_kind, created_at, updated_at)
          VALUES (1, 'basic_municipal', '自治体ビジネス基礎研修', '自治体ビジネス基礎研修 修了証', 'enrollment', 'basic_municipal', ${now}, ${now}),
                 (2, 'ojt', '自治体OJT', '自治体OJT 修了証', 'placement', NULL, ${now}, ${now})`,
      sql`INSERT INTO certification_criteria (programme_id, kind, params, position, created_at)
          VALUES (1, 'course_completed', '{}', 0, ${now}),
                 (1, 'fee_paid', '{}', 1, ${now}),
                 (1, 'quiz_passed', '{}', 2, ${now}),
                 (2, 'basic_course_completed', '{}', 0, ${now}),
                 (2, 'placement_completed', '{}', 1, ${now}),
                 (2, 'approved_hours_at_least', '{"hours":40}', 2, ${now}),
                 (2, 'task_kinds_at_least', '{"count":3}', 3, ${now}),
                 (2, 'pgl_phases_at_least', '{"count":2}', 4, ${now}),
                 (2, 'final_recommendation', '{}', 5, ${now})`,
    ];
    for (const statement of statements) await statement.execute(trx);
  });
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.transaction().execute(async (trx) => {
    for (const table of [
      "issuer_settings",
      "document_counters",
      "invoices",
      "certificates",
      "certification_decisions",
      "certification_criteria",
      "certification_programmes",
    ]) {
      await sql`DROP TABLE ${sql.table(table)}`.execute(trx);
    }
  });
}
