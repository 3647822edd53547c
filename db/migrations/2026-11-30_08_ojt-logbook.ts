import { sql, type Kysely } from "kysely";

// The OJT logbook (issue 14): what a trainer and trainee did together, signed off in a fixed
// order, planned against actual, and how a placement ended.
// - ojt_task_kinds, pgl_phases, mic_roles: reference data staff edit (never constants in
//   code). A row in use is deactivated rather than deleted (ON DELETE RESTRICT from entries).
// - ojt_log_entries: the current version of each entry. Status: submitted → returned →
//   (resubmitted) submitted → approved. An approved entry is locked: a correction copies the
//   approved content into ojt_log_entry_versions and starts version + 1 with a reason.
//   `fingerprint` (SHA-256 of the content and its signatures) is set when approved and again
//   when the municipal counterpart confirms.
// - client_key: the idempotency key of a draft saved on the author's phone while offline, so a
//   draft that is sent twice is stored once.
// - ojt_counterpart_requests: the e-mailed link by which the engagement's contact at the city
//   hall (no account) confirms or declines one entry. Only the token's SHA-256 is stored; one
//   pending request per entry; re-routing closes the old request as 'rerouted'.
// - ojt_plan_hours: planned minutes per task kind over the placement's period.
// - ojt_placements.outcome: how a placement ended (completed / discontinued, with a reason).
// - engagements.counterpart_*: the municipal contact the confirmation link goes to.

export async function up(db: Kysely<any>): Promise<void> {
  const now = new Date().toISOString();
  await db.transaction().execute(async (trx) => {
    const statements = [
      sql`CREATE TABLE ojt_task_kinds (
        id INTEGER PRIMARY KEY NOT NULL,
        code TEXT NOT NULL UNIQUE CHECK (length(code) BETWEEN 1 AND 40),
        label TEXT NOT NULL CHECK (length(label) BETWEEN 1 AND 60),
        sort_order INTEGER NOT NULL DEFAULT 0,
        active INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0, 1)),
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL
      ) STRICT`,
      sql`CREATE TABLE pgl_phases (
        id INTEGER PRIMARY KEY NOT NULL,
        code TEXT NOT NULL UNIQUE CHECK (length(code) BETWEEN 1 AND 40),
        -- the PGL's three process groups: 認識 / 実現 / 共通
        process TEXT NOT NULL CHECK (process IN ('recognition', 'realization', 'common')),
        label TEXT NOT NULL CHECK (length(label) BETWEEN 1 AND 60),
        sort_order INTEGER NOT NULL DEFAULT 0,
        active INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0, 1)),
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL
      ) STRICT`,
      sql`CREATE TABLE mic_roles (
        id INTEGER PRIMARY KEY NOT NULL,
        code TEXT NOT NULL UNIQUE CHECK (length(code) BETWEEN 1 AND 40),
        label TEXT NOT NULL CHECK (length(label) BETWEEN 1 AND 60),
        sort_order INTEGER NOT NULL DEFAULT 0,
        active INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0, 1)),
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL
      ) STRICT`,

      sql`CREATE TABLE ojt_log_entries (
        id INTEGER PRIMARY KEY NOT NULL,
        placement_id INTEGER NOT NULL REFERENCES ojt_placements(id) ON DELETE RESTRICT,
        author_id TEXT NOT NULL REFERENCES users(id) ON DELETE RESTRICT,
        client_key TEXT CHECK (client_key IS NULL OR length(client_key) BETWEEN 8 AND 64),
        status TEXT NOT NULL CHECK (status IN ('submitted', 'returned', 'approved')),
        version INTEGER NOT NULL DEFAULT 1 CHECK (version >= 1),
        work_date TEXT NOT NULL CHECK (work_date GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]'),
        start_time TEXT CHECK (start_time IS NULL OR start_time GLOB '[0-2][0-9]:[0-5][0-9]'),
        end_time TEXT CHECK (end_time IS NULL OR end_time GLOB '[0-2][0-9]:[0-5][0-9]'),
        minutes INTEGER NOT NULL CHECK (minutes BETWEEN 1 AND 1440),
        task_kind_id INTEGER NOT NULL REFERENCES ojt_task_kinds(id) ON DELETE RESTRICT,
        pgl_phase_id INTEGER REFERENCES pgl_phases(id) ON DELETE RESTRICT,
        mic_role_id INTEGER REFERENCES mic_roles(id) ON DELETE RESTRICT,
        -- the municipal department the work was for (e.g. 情報政策課)
        department TEXT NOT NULL DEFAULT '' CHECK (length(department) <= 100),
        -- what was done / what the trainee contributed / the trainee's reflection
        activity TEXT NOT NULL DEFAULT '' CHECK (length(activity) <= 4000),
        contribution TEXT NOT NULL DEFAULT '' CHECK (length(contribution) <= 4000),
        reflection TEXT NOT NULL DEFAULT '' CHECK (length(reflection) <= 4000),
        trainer_feedback TEXT NOT NULL DEFAULT '' CHECK (length(trainer_feedback) <= 4000),
        -- the trainer's comment when the entry was last returned
        return_comment TEXT CHECK (return_comment IS NULL OR length(return_comment) <= 2000),
        -- why this version corrects an approved one (set when version > 1)
        correction_reason TEXT CHECK (correction_reason IS NULL OR length(correction_reason) <= 2000),
        submitted_at TEXT NOT NULL,
        approved_by TEXT REFERENCES users(id) ON DELETE RESTRICT,
        approved_at TEXT,
        fingerprint TEXT CHECK (fingerprint IS NULL OR length(fingerprint) = 64),
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL,
        CHECK (status <> 'approved' OR (approved_by IS NOT NULL AND approved_at IS NOT NULL AND fingerprint IS NOT NULL)),
        CHECK (version = 1 OR correction_reason IS NOT NULL)
      ) STRICT`,
      sql`CREATE UNIQUE INDEX ojt_log_entries_client_key ON ojt_log_entries(author_id, client_key)
        WHERE client_key IS NOT NULL`,
      sql`CREATE INDEX ojt_log_entries_placement ON ojt_log_entries(placement_id, work_date, id)`,
      sql`CREATE INDEX ojt_log_entries_placement_status ON ojt_log_entries(placement_id, status, work_date)`,
      sql`CREATE INDEX ojt_log_entries_author ON ojt_log_entries(author_id, created_at)`,
      sql`CREATE INDEX ojt_log_entries_task_kind ON ojt_log_entries(task_kind_id)`,
      sql`CREATE INDEX ojt_log_entries_pgl_phase ON ojt_log_entries(pgl_phase_id)`,
      sql`CREATE INDEX ojt_log_entries_mic_role ON ojt_log_entries(mic_role_id)`,
      sql`CREATE INDEX ojt_log_entries_approved_by ON ojt_log_entries(approved_by)`,

      // A locked (approved) version, kept readable when a correction replaces it.
      sql`CREATE TABLE ojt_log_entry_versions (
        entry_id INTEGER NOT NULL REFERENCES ojt_log_entries(id) ON DELETE RESTRICT,
        version INTEGER NOT NULL CHECK (version >= 1),
        -- the entry's fields and signatures as they were approved (JSON object)
        content TEXT NOT NULL CHECK (json_valid(content)),
        fingerprint TEXT NOT NULL CHECK (length(fingerprint) = 64),
        approved_by TEXT NOT NULL REFERENCES users(id) ON DELETE RESTRICT,
        approved_at TEXT NOT NULL,
        superseded_by TEXT NOT NULL REFERENCES users(id) ON DELETE RESTRICT,
        superseded_at TEXT NOT NULL,
        superseded_reason TEXT NOT NULL CHECK (length(superseded_reason) BETWEEN 1 AND 2000),
        PRIMARY KEY (entry_id, version)
      ) STRICT`,
      sql`CREATE INDEX ojt_log_entry_versions_approved_by ON ojt_log_entry_versions(approved_by)`,
      sql`CREATE INDEX ojt_log_entry_versions_superseded_by ON ojt_log_entry_versions(superseded_by)`,

      sql`CREATE TABLE ojt_counterpart_requests (
        id INTEGER PRIMARY KEY NOT NULL,
        entry_id INTEGER NOT NULL REFERENCES ojt_log_entries(id) ON DELETE RESTRICT,
        entry_version INTEGER NOT NULL CHECK (entry_version >= 1),
        recipient_name TEXT NOT NULL CHECK (length(recipient_name) BETWEEN 1 AND 100),
        recipient_department TEXT NOT NULL DEFAULT '' CHECK (length(recipient_department) <= 100),
        recipient_email TEXT NOT NULL CHECK (length(recipient_email) BETWEEN 3 AND 254),
        token_hash TEXT NOT NULL UNIQUE CHECK (length(token_hash) = 64),
        status TEXT NOT NULL CHECK (status IN ('pending', 'confirmed', 'declined', 'rerouted', 'cancelled')),
        expires_at TEXT NOT NULL,
        requested_by TEXT NOT NULL REFERENCES users(id) ON DELETE RESTRICT,
        requested_at TEXT NOT NULL,
        reminded_at TEXT,
        responded_at TEXT,
        -- who answered, as they stated it on the page
        responder_name TEXT CHECK (responder_name IS NULL OR length(responder_name) <= 100),
        responder_department TEXT CHECK (responder_department IS NULL OR length(responder_department) <= 100),
        decline_reason TEXT CHECK (decline_reason IS NULL OR length(decline_reason) <= 2000),
        CHECK (status NOT IN ('confirmed', 'declined') OR (responded_at IS NOT NULL AND responder_name IS NOT NULL)),
        CHECK (status <> 'declined' OR decline_reason IS NOT NULL)
      ) STRICT`,
      sql`CREATE UNIQUE INDEX ojt_counterpart_requests_one_pending ON ojt_counterpart_requests(entry_id)
        WHERE status = 'pending'`,
      sql`CREATE INDEX ojt_counterpart_requests_entry ON ojt_counterpart_requests(entry_id, id)`,
      sql`CREATE INDEX ojt_counterpart_requests_status ON ojt_counterpart_requests(status, requested_at)`,
      sql`CREATE INDEX ojt_counterpart_requests_requested_by ON ojt_counterpart_requests(requested_by)`,

      sql`CREATE TABLE ojt_plan_hours (
        placement_id INTEGER NOT NULL REFERENCES ojt_placements(id) ON DELETE CASCADE,
        task_kind_id INTEGER NOT NULL REFERENCES ojt_task_kinds(id) ON DELETE RESTRICT,
        planned_minutes INTEGER NOT NULL CHECK (planned_minutes BETWEEN 0 AND 600000),
        updated_by TEXT REFERENCES users(id) ON DELETE RESTRICT,
        updated_at TEXT NOT NULL,
        PRIMARY KEY (placement_id, task_kind_id)
      ) STRICT`,
      sql`CREATE INDEX ojt_plan_hours_task_kind ON ojt_plan_hours(task_kind_id)`,
      sql`CREATE INDEX ojt_plan_hours_updated_by ON ojt_plan_hours(updated_by)`,

      sql`ALTER TABLE ojt_placements ADD COLUMN outcome TEXT
        CHECK (outcome IS NULL OR outcome IN ('completed', 'discontinued'))`,
      sql`ALTER TABLE ojt_placements ADD COLUMN outcome_reason TEXT
        CHECK (outcome_reason IS NULL OR length(outcome_reason) <= 2000)`,
      sql`ALTER TABLE ojt_placements ADD COLUMN ended_at TEXT`,
      sql`CREATE INDEX ojt_placements_outcome ON ojt_placements(outcome, status)`,

      sql`ALTER TABLE engagements ADD COLUMN counterpart_name TEXT NOT NULL DEFAULT ''
        CHECK (length(counterpart_name) <= 100)`,
      sql`ALTER TABLE engagements ADD COLUMN counterpart_department TEXT NOT NULL DEFAULT ''
        CHECK (length(counterpart_department) <= 100)`,
      sql`ALTER TABLE engagements ADD COLUMN counterpart_email TEXT NOT NULL DEFAULT ''
        CHECK (length(counterpart_email) <= 254)`,

      sql`ALTER TABLE ojt_settings ADD COLUMN counterpart_reminder_days INTEGER NOT NULL DEFAULT 5
        CHECK (counterpart_reminder_days BETWEEN 1 AND 30)`,
    ];
    for (const statement of statements) await statement.execute(trx);

    // The reference data the association starts with (staff may rename, reorder, add, retire).
    const taskKinds: [string, string][] = [
      ["consultation", "職員相談会への同席"],
      ["spec_review", "仕様書・見積書レビュー"],
      ["procurement", "調達支援"],
      ["planning", "計画支援"],
      ["dx_plan", "DX推進計画の策定"],
      ["staff_training", "職員研修"],
      ["budget", "予算関連業務"],
      ["other", "その他"],
    ];
    const phases: [string, string, string][] = [
      ["change_recognition", "recognition", "変革認識"],
      ["correction_recognition", "recognition", "是正認識"],
      ["growth_recognition", "recognition", "持続的成長認識"],
      ["business_strategy", "realization", "経営戦略"],
      ["it_strategy", "realization", "IT戦略策定"],
      ["it_procurement", "realization", "IT資源調達"],
      ["it_deployment", "realization", "IT導入"],
      ["it_service", "realization", "ITサービス活用"],
      ["project_management", "common", "プロセス&プロジェクトマネジメント"],
      ["monitoring_control", "common", "モニタリング&コントロール"],
      ["communication", "common", "コミュニケーション"],
    ];
    const roles: [string, string][] = [
      ["producer", "プロデューサー"],
      ["project_manager", "プロジェクトマネージャー"],
      ["service_designer", "サービスデザイナー"],
      ["engineer", "エンジニア"],
    ];
    const stamps = { created_at: now, updated_at: now };
    await trx
      .insertInto("ojt_task_kinds")
      .values(taskKinds.map(([code, label], i) => ({ code, label, sort_order: (i + 1) * 10, ...stamps })))
      .execute();
    await trx
      .insertInto("pgl_phases")
      .values(
        phases.map(([code, process, label], i) => ({ code, process, label, sort_order: (i + 1) * 10, ...stamps })),
      )
      .execute();
    await trx
      .insertInto("mic_roles")
      .values(roles.map(([code, label], i) => ({ code, label, sort_order: (i + 1) * 10, ...stamps })))
      .execute();
  });
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.transaction().execute(async (trx) => {
    const statements = [
      sql`ALTER TABLE ojt_settings DROP COLUMN counterpart_reminder_days`,
      sql`ALTER TABLE engagements DROP COLUMN counterpart_email`,
      sql`ALTER TABLE engagements DROP COLUMN counterpart_department`,
      sql`ALTER TABLE engagements DROP COLUMN counterpart_name`,
      sql`DROP INDEX ojt_placements_outcome`,
      sql`ALTER TABLE ojt_placements DROP COLUMN ended_at`,
      sql`ALTER TABLE ojt_placements DROP COLUMN outcome_reason`,
      sql`ALTER TABLE ojt_placements DROP COLUMN outcome`,
    ];
    for (const statement of statements) await statement.execute(trx);
    for (const table of [
      "ojt_plan_hours",
      "ojt_counterpart_requests",
      "ojt_log_entry_versions",
      "ojt_log_entries",
      "mic_roles",
      "pgl_phases",
      "ojt_task_kinds",
    ]) {
      await sql`DROP TABLE ${sql.table(table)}`.execute(trx);
    }
  });
}
