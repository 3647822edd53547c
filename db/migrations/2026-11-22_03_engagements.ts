import { sql, type Kysely } from "kysely";

// Municipal engagements, OJT prerequisites, OJT applications, placements and their history.
// Written against Kysely<any> and never importing app code.
//
// Denormalised columns, each written by the same domain function (or fixture) as its source:
// - engagements.prefecture_code: from municipality_code, for the region filters;
// - engagements.themes_mask / ojt_applications.themes_mask: bit set of engagement_themes /
//   ojt_application_themes, so that the matching board scores without one query per row;
// - engagements.slots_taken: placements holding a slot (proposed, accepted, active). The
//   CHECK (slots_taken <= ojt_slots) makes overbooking impossible even for a buggy caller.
export async function up(db: Kysely<any>): Promise<void> {
  await db.transaction().execute(async (trx) => {
    const themes = `('consultation', 'spec_review', 'procurement', 'planning', 'dx_plan', 'staff_training', 'budget')`;
    const statements = [
      sql`CREATE TABLE engagements (
        id INTEGER PRIMARY KEY NOT NULL,
        municipality_code TEXT NOT NULL REFERENCES municipalities(code) ON DELETE RESTRICT,
        prefecture_code TEXT NOT NULL CHECK (prefecture_code GLOB '[0-4][0-9]'),
        title TEXT NOT NULL,
        lead_trainer_id TEXT NOT NULL REFERENCES users(id) ON DELETE RESTRICT,
        contracting_organization TEXT NOT NULL,
        contract_type TEXT NOT NULL
          CHECK (contract_type IN ('cio_adviser', 'outsourcing', 'mic_adviser_dispatch', 'other')),
        start_fiscal_year INTEGER NOT NULL CHECK (start_fiscal_year BETWEEN 2000 AND 2100),
        end_fiscal_year INTEGER NOT NULL CHECK (end_fiscal_year BETWEEN 2000 AND 2100),
        description TEXT NOT NULL DEFAULT '',
        themes_mask INTEGER NOT NULL DEFAULT 0 CHECK (themes_mask >= 0),
        ojt_slots INTEGER NOT NULL CHECK (ojt_slots BETWEEN 0 AND 20),
        slots_taken INTEGER NOT NULL DEFAULT 0 CHECK (slots_taken >= 0 AND slots_taken <= ojt_slots),
        confidentiality_note TEXT NOT NULL,
        status TEXT NOT NULL CHECK (status IN ('recruiting', 'hosting', 'closed')),
        -- NFKC, lower-cased, hiragana-folded title/municipality/organisation for search
        search_text TEXT NOT NULL DEFAULT '',
        created_by TEXT REFERENCES users(id),
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL,
        CHECK (end_fiscal_year >= start_fiscal_year)
      ) STRICT`,
      sql`CREATE INDEX engagements_municipality ON engagements(municipality_code)`,
      sql`CREATE INDEX engagements_lead_trainer ON engagements(lead_trainer_id, status)`,
      sql`CREATE INDEX engagements_status_prefecture ON engagements(status, prefecture_code)`,
      sql`CREATE INDEX engagements_prefecture ON engagements(prefecture_code)`,
      sql`CREATE INDEX engagements_contract_type ON engagements(contract_type, status)`,
      sql`CREATE INDEX engagements_created_by ON engagements(created_by)`,
      sql`CREATE TABLE engagement_trainers (
        engagement_id INTEGER NOT NULL REFERENCES engagements(id) ON DELETE CASCADE,
        user_id TEXT NOT NULL REFERENCES users(id) ON DELETE RESTRICT,
        PRIMARY KEY (engagement_id, user_id)
      ) STRICT`,
      sql`CREATE INDEX engagement_trainers_user ON engagement_trainers(user_id, engagement_id)`,
      sql`CREATE TABLE engagement_themes (
        engagement_id INTEGER NOT NULL REFERENCES engagements(id) ON DELETE CASCADE,
        theme TEXT NOT NULL CHECK (theme IN ${sql.raw(themes)}),
        PRIMARY KEY (engagement_id, theme)
      ) STRICT`,
      sql`CREATE INDEX engagement_themes_theme ON engagement_themes(theme, engagement_id)`,

      // Which completed courses open the OJT application, and whether all or any are needed.
      sql`CREATE TABLE ojt_required_courses (
        course_id INTEGER PRIMARY KEY NOT NULL REFERENCES courses(id) ON DELETE CASCADE,
        added_by TEXT REFERENCES users(id),
        added_at TEXT NOT NULL
      ) STRICT`,
      sql`CREATE INDEX ojt_required_courses_added_by ON ojt_required_courses(added_by)`,
      sql`CREATE TABLE ojt_settings (
        id INTEGER PRIMARY KEY NOT NULL CHECK (id = 1),
        prerequisite_rule TEXT NOT NULL CHECK (prerequisite_rule IN ('all', 'any')),
        updated_by TEXT REFERENCES users(id),
        updated_at TEXT NOT NULL
      ) STRICT`,
      sql`CREATE INDEX ojt_settings_updated_by ON ojt_settings(updated_by)`,
      sql`INSERT INTO ojt_settings (id, prerequisite_rule, updated_at) VALUES (1, 'all', ${new Date().toISOString()})`,

      sql`CREATE TABLE ojt_applications (
        id INTEGER PRIMARY KEY NOT NULL,
        trainee_id TEXT NOT NULL REFERENCES users(id) ON DELETE RESTRICT,
        status TEXT NOT NULL CHECK (status IN ('open', 'matched', 'withdrawn')),
        travel_range TEXT NOT NULL CHECK (travel_range IN ('prefecture', 'region', 'nationwide')),
        themes_mask INTEGER NOT NULL CHECK (themes_mask > 0),
        preferred_size TEXT NOT NULL CHECK (preferred_size IN ('any', 'large', 'medium', 'small')),
        days_per_month INTEGER NOT NULL CHECK (days_per_month BETWEEN 1 AND 31),
        available_from TEXT NOT NULL CHECK (available_from GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]'),
        available_to TEXT NOT NULL CHECK (available_to GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]'),
        background_industry TEXT NOT NULL,
        background_skills TEXT NOT NULL,
        municipal_experience TEXT NOT NULL DEFAULT '',
        motivation TEXT NOT NULL,
        accepts_self_paid INTEGER NOT NULL CHECK (accepts_self_paid = 1),
        submitted_at TEXT NOT NULL,
        updated_at TEXT NOT NULL,
        withdrawn_at TEXT,
        CHECK (available_to >= available_from)
      ) STRICT`,
      // One live application per trainee; after withdrawing they may apply again.
      sql`CREATE UNIQUE INDEX ojt_applications_one_live ON ojt_applications(trainee_id) WHERE status <> 'withdrawn'`,
      sql`CREATE INDEX ojt_applications_trainee ON ojt_applications(trainee_id, status)`,
      sql`CREATE INDEX ojt_applications_status ON ojt_applications(status, submitted_at, id)`,
      sql`CREATE INDEX ojt_applications_travel ON ojt_applications(status, travel_range)`,
      sql`CREATE TABLE ojt_application_prefectures (
        application_id INTEGER NOT NULL REFERENCES ojt_applications(id) ON DELETE CASCADE,
        prefecture_code TEXT NOT NULL CHECK (prefecture_code GLOB '[0-4][0-9]'),
        PRIMARY KEY (application_id, prefecture_code)
      ) STRICT`,
      sql`CREATE INDEX ojt_application_prefectures_prefecture ON ojt_application_prefectures(prefecture_code, application_id)`,
      sql`CREATE TABLE ojt_application_themes (
        application_id INTEGER NOT NULL REFERENCES ojt_applications(id) ON DELETE CASCADE,
        theme TEXT NOT NULL CHECK (theme IN ${sql.raw(themes)}),
        PRIMARY KEY (application_id, theme)
      ) STRICT`,
      sql`CREATE INDEX ojt_application_themes_theme ON ojt_application_themes(theme, application_id)`,

      sql`CREATE TABLE ojt_placements (
        id INTEGER PRIMARY KEY NOT NULL,
        application_id INTEGER NOT NULL REFERENCES ojt_applications(id) ON DELETE RESTRICT,
        engagement_id INTEGER NOT NULL REFERENCES engagements(id) ON DELETE RESTRICT,
        trainee_id TEXT NOT NULL REFERENCES users(id) ON DELETE RESTRICT,
        -- the trainer the proposal is made to: the engagement's lead trainer at that time
        trainer_id TEXT NOT NULL REFERENCES users(id) ON DELETE RESTRICT,
        status TEXT NOT NULL
          CHECK (status IN ('proposed', 'accepted', 'active', 'declined', 'cancelled', 'ended')),
        start_date TEXT NOT NULL CHECK (start_date GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]'),
        end_date TEXT NOT NULL CHECK (end_date GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]'),
        proposal_note TEXT NOT NULL DEFAULT '',
        -- set when staff deliberately let a trainee hold more than one placement
        override_reason TEXT,
        -- the reason of the last decline or cancellation
        decision_reason TEXT,
        goals TEXT NOT NULL DEFAULT '',
        contacts TEXT NOT NULL DEFAULT '',
        -- the suggestion score when proposed (kept to learn how good the suggestions are)
        score INTEGER,
        proposed_by TEXT REFERENCES users(id),
        proposed_at TEXT NOT NULL,
        updated_at TEXT NOT NULL,
        CHECK (end_date >= start_date)
      ) STRICT`,
      // At most one active placement per trainee, unless staff recorded an override reason.
      sql`CREATE UNIQUE INDEX ojt_placements_one_active ON ojt_placements(trainee_id)
        WHERE status = 'active' AND override_reason IS NULL`,
      // At most one pending proposal per application.
      sql`CREATE UNIQUE INDEX ojt_placements_one_pending ON ojt_placements(application_id)
        WHERE status IN ('proposed', 'accepted')`,
      sql`CREATE INDEX ojt_placements_application ON ojt_placements(application_id, status)`,
      sql`CREATE INDEX ojt_placements_engagement ON ojt_placements(engagement_id, status)`,
      sql`CREATE INDEX ojt_placements_trainee ON ojt_placements(trainee_id, status)`,
      sql`CREATE INDEX ojt_placements_trainer ON ojt_placements(trainer_id, status)`,
      sql`CREATE INDEX ojt_placements_status ON ojt_placements(status, trainer_id)`,
      sql`CREATE INDEX ojt_placements_proposed_by ON ojt_placements(proposed_by)`,
      sql`CREATE TABLE ojt_placement_events (
        id INTEGER PRIMARY KEY NOT NULL,
        placement_id INTEGER NOT NULL REFERENCES ojt_placements(id) ON DELETE CASCADE,
        from_status TEXT,
        to_status TEXT NOT NULL,
        actor_id TEXT REFERENCES users(id),
        reason TEXT,
        created_at TEXT NOT NULL
      ) STRICT`,
      sql`CREATE INDEX ojt_placement_events_placement ON ojt_placement_events(placement_id, id)`,
      sql`CREATE INDEX ojt_placement_events_actor ON ojt_placement_events(actor_id)`,
      // Municipality registry search (name, kana, code) and filters.
      sql`CREATE INDEX municipalities_kind ON municipalities(kind, prefecture_code)`,
      sql`CREATE INDEX municipalities_name_kana ON municipalities(name_kana)`,
    ];
    for (const statement of statements) await statement.execute(trx);
  });
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.transaction().execute(async (trx) => {
    await sql`DROP INDEX municipalities_name_kana`.execute(trx);
    await sql`DROP INDEX municipalities_kind`.execute(trx);
    for (const table of [
      "ojt_placement_events",
      "ojt_placements",
      "ojt_application_themes",
      "ojt_application_prefectures",
      "ojt_applications",
      "ojt_settings",
      "ojt_required_courses",
      "engagement_themes",
      "engagement_trainers",
      "engagements",
    ]) {
      await sql`DROP TABLE ${sql.table(table)}`.execute(trx);
    }
  });
}
