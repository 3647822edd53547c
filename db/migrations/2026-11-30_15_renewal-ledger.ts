import { sql, type Kysely } from "kysely";

// The ITC renewal ledger (issue 16, decision 0026): what an ITC needs to renew the certificate
// beyond the points our own courses credit.
// - users.itc_certified_on: the date the ITC was first certified (staff record it); the
//   renewal's ordinal, the fee and the follow-up course rule are counted from it.
// - renewal_activity_kinds: the kinds of self-reported activity and their point rule, edited by
//   staff (seeded with the usual ones).
// - renewal_activities: what an ITC reports (date, hours, evidence), its computed points and its
//   review: submitted → approved, or returned / evidence requested (the random audit sample)
//   and corrected back to submitted.
// - renewal_surveys: the 実務活動アンケート of a fiscal year, one per ITC.
// - renewal_fee_payments: the renewal fee of a fiscal year, recorded by staff.

export async function up(db: Kysely<any>): Promise<void> {
  const now = new Date().toISOString();
  await db.transaction().execute(async (trx) => {
    const statements = [
      sql`ALTER TABLE users ADD COLUMN itc_certified_on TEXT
        CHECK (itc_certified_on IS NULL OR itc_certified_on GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]')`,
      sql`CREATE TABLE renewal_activity_kinds (
        id INTEGER PRIMARY KEY NOT NULL,
        name TEXT NOT NULL UNIQUE CHECK (length(name) BETWEEN 1 AND 60),
        description TEXT NOT NULL DEFAULT '' CHECK (length(description) <= 400),
        -- 'per_hours': one point per hours_per_point hours; 'per_activity': points_per_activity each
        rule TEXT NOT NULL CHECK (rule IN ('per_hours', 'per_activity')),
        hours_per_point REAL CHECK (hours_per_point IS NULL OR (hours_per_point > 0 AND hours_per_point <= 100)),
        points_per_activity INTEGER CHECK (points_per_activity IS NULL OR points_per_activity BETWEEN 1 AND 100),
        -- the most one activity of this kind can earn; NULL means no cap
        max_points INTEGER CHECK (max_points IS NULL OR max_points BETWEEN 1 AND 100),
        active INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0, 1)),
        sort_order INTEGER NOT NULL DEFAULT 0,
        updated_by TEXT REFERENCES users(id),
        updated_at TEXT NOT NULL,
        CHECK ((rule = 'per_hours' AND hours_per_point IS NOT NULL) OR (rule = 'per_activity' AND points_per_activity IS NOT NULL))
      ) STRICT`,
      sql`CREATE INDEX renewal_activity_kinds_updated_by ON renewal_activity_kinds(updated_by)`,
      sql`INSERT INTO renewal_activity_kinds (name, description, rule, hours_per_point, points_per_activity, max_points, sort_order, updated_at) VALUES
        ('他団体のセミナー・研修の受講', 'ITCA以外の団体が主催するセミナーや研修を受講した', 'per_hours', 2, NULL, 5, 10, ${now}),
        ('セミナー・研修の講師', 'セミナーや研修で講師を務めた', 'per_hours', 1, NULL, 5, 20, ${now}),
        ('執筆', '書籍・記事・論文を執筆した（1件ごと）', 'per_activity', NULL, 2, NULL, 30, ${now}),
        ('コンサルティング実務', 'ITコーディネータとして企業・自治体を支援した', 'per_hours', 10, NULL, 5, 40, ${now}),
        ('OJTトレーナー', 'OJTのトレーナーとして研修生を受け入れた（1件ごと）', 'per_activity', NULL, 3, NULL, 50, ${now})`,
      sql`CREATE TABLE renewal_activities (
        id INTEGER PRIMARY KEY NOT NULL,
        user_id TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
        kind_id INTEGER NOT NULL REFERENCES renewal_activity_kinds(id) ON DELETE RESTRICT,
        title TEXT NOT NULL CHECK (length(title) BETWEEN 1 AND 200),
        organizer TEXT NOT NULL DEFAULT '' CHECK (length(organizer) <= 200),
        activity_date TEXT NOT NULL CHECK (activity_date GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]'),
        -- the fiscal year the points count for (from activity_date)
        fiscal_year INTEGER NOT NULL CHECK (fiscal_year BETWEEN 2000 AND 2100),
        hours REAL NOT NULL CHECK (hours > 0 AND hours <= 1000),
        -- computed by the kind's rule when reported or corrected; kept as it was approved
        points INTEGER NOT NULL CHECK (points >= 0),
        evidence_url TEXT CHECK (evidence_url IS NULL OR length(evidence_url) <= 500),
        evidence_file_key TEXT,
        evidence_file_name TEXT,
        evidence_media_type TEXT,
        evidence_size_bytes INTEGER CHECK (evidence_size_bytes IS NULL OR evidence_size_bytes >= 0),
        status TEXT NOT NULL CHECK (status IN ('submitted', 'returned', 'evidence_requested', 'approved')),
        -- staff's reason when returning or asking for evidence
        review_comment TEXT NOT NULL DEFAULT '' CHECK (length(review_comment) <= 1000),
        -- when the activity was drawn into the random evidence audit
        sampled_at TEXT,
        reviewed_by TEXT REFERENCES users(id),
        reviewed_at TEXT,
        submitted_at TEXT NOT NULL,
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL
      ) STRICT`,
      sql`CREATE INDEX renewal_activities_user_year ON renewal_activities(user_id, fiscal_year)`,
      sql`CREATE INDEX renewal_activities_status ON renewal_activities(status, submitted_at)`,
      sql`CREATE INDEX renewal_activities_year_status ON renewal_activities(fiscal_year, status)`,
      sql`CREATE INDEX renewal_activities_kind ON renewal_activities(kind_id)`,
      sql`CREATE INDEX renewal_activities_reviewed_by ON renewal_activities(reviewed_by)`,
      sql`CREATE TABLE renewal_surveys (
        user_id TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
        fiscal_year INTEGER NOT NULL CHECK (fiscal_year BETWEEN 2000 AND 2100),
        engagements INTEGER NOT NULL CHECK (engagements BETWEEN 0 AND 999),
        main_field TEXT NOT NULL CHECK (length(main_field) BETWEEN 1 AND 60),
        summary TEXT NOT NULL DEFAULT '' CHECK (length(summary) <= 2000),
        submitted_at TEXT NOT NULL,
        PRIMARY KEY (user_id, fiscal_year)
      ) STRICT`,
      sql`CREATE TABLE renewal_fee_payments (
        user_id TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
        fiscal_year INTEGER NOT NULL CHECK (fiscal_year BETWEEN 2000 AND 2100),
        amount_yen INTEGER NOT NULL CHECK (amount_yen >= 0),
        paid_on TEXT NOT NULL CHECK (paid_on GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]'),
        recorded_by TEXT REFERENCES users(id),
        recorded_at TEXT NOT NULL,
        PRIMARY KEY (user_id, fiscal_year)
      ) STRICT`,
      sql`CREATE INDEX renewal_fee_payments_recorded_by ON renewal_fee_payments(recorded_by)`,
    ];
    for (const statement of statements) await statement.execute(trx);
  });
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.transaction().execute(async (trx) => {
    for (const table of ["renewal_fee_payments", "renewal_surveys", "renewal_activities", "renewal_activity_kinds"]) {
      await sql`DROP TABLE ${sql.table(table)}`.execute(trx);
    }
    await sql`ALTER TABLE users DROP COLUMN itc_certified_on`.execute(trx);
  });
}
