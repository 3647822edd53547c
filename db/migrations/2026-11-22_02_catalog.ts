import { sql, type Kysely } from "kysely";

// Catalog, cohorts, enrolment, attendance, questionnaire, completion and 実践力ポイント.
// Written against Kysely<any> and never importing app code.
export async function up(db: Kysely<any>): Promise<void> {
  await db.transaction().execute(async (trx) => {
    const statements = [
      sql`CREATE TABLE courses (
        id INTEGER PRIMARY KEY NOT NULL,
        code TEXT NOT NULL UNIQUE,
        title TEXT NOT NULL,
        kind TEXT NOT NULL CHECK (kind IN ('basic_municipal', 'case_training', 'follow_up', 'skill', 'other')),
        description_md TEXT NOT NULL DEFAULT '',
        format TEXT NOT NULL CHECK (format IN ('classroom', 'live_online', 'distance')),
        total_hours REAL NOT NULL CHECK (total_hours > 0),
        -- 実践力ポイント credited on completion (default from the hours and format, overridable)
        points INTEGER NOT NULL CHECK (points >= 0),
        points_overridden INTEGER NOT NULL DEFAULT 0 CHECK (points_overridden IN (0, 1)),
        fee_yen INTEGER NOT NULL DEFAULT 0 CHECK (fee_yen >= 0),
        -- sessions to attend for completion; NULL means every session of the cohort
        min_sessions_attended INTEGER CHECK (min_sessions_attended IS NULL OR min_sessions_attended >= 1),
        published INTEGER NOT NULL DEFAULT 0 CHECK (published IN (0, 1)),
        -- NFKC, lower-cased, hiragana-folded code/title/description for search
        search_text TEXT NOT NULL DEFAULT '',
        created_by TEXT REFERENCES users(id),
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL
      ) STRICT`,
      sql`CREATE INDEX courses_published_kind ON courses(published, kind, format)`,
      sql`CREATE INDEX courses_created_by ON courses(created_by)`,
      sql`CREATE TABLE course_prerequisites (
        course_id INTEGER NOT NULL REFERENCES courses(id) ON DELETE CASCADE,
        prerequisite_course_id INTEGER NOT NULL REFERENCES courses(id) ON DELETE RESTRICT,
        PRIMARY KEY (course_id, prerequisite_course_id),
        CHECK (course_id <> prerequisite_course_id)
      ) STRICT`,
      sql`CREATE INDEX course_prerequisites_prerequisite ON course_prerequisites(prerequisite_course_id)`,
      sql`CREATE TABLE cohorts (
        id INTEGER PRIMARY KEY NOT NULL,
        course_id INTEGER NOT NULL REFERENCES courses(id) ON DELETE RESTRICT,
        name TEXT NOT NULL,
        fiscal_year INTEGER NOT NULL CHECK (fiscal_year BETWEEN 2000 AND 2100),
        -- NULL means held online
        prefecture_code TEXT CHECK (prefecture_code IS NULL OR prefecture_code GLOB '[0-4][0-9]'),
        venue TEXT NOT NULL DEFAULT '',
        meeting_url TEXT,
        capacity INTEGER NOT NULL CHECK (capacity >= 1),
        enrollment_opens_on TEXT NOT NULL,
        enrollment_closes_on TEXT NOT NULL CHECK (enrollment_closes_on >= enrollment_opens_on),
        cancellation_deadline TEXT NOT NULL,
        -- when 1, a new enrolment holds a seat as 'pending' until staff approve it
        approval_required INTEGER NOT NULL DEFAULT 0 CHECK (approval_required IN (0, 1)),
        -- denormalised from cohort_sessions for filters and sorting
        first_session_date TEXT,
        last_session_date TEXT,
        session_count INTEGER NOT NULL DEFAULT 0,
        created_by TEXT REFERENCES users(id),
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL
      ) STRICT`,
      sql`CREATE INDEX cohorts_course ON cohorts(course_id, first_session_date)`,
      sql`CREATE INDEX cohorts_dates ON cohorts(first_session_date, last_session_date)`,
      sql`CREATE INDEX cohorts_prefecture ON cohorts(prefecture_code, course_id)`,
      sql`CREATE INDEX cohorts_enrollment_window ON cohorts(enrollment_closes_on, enrollment_opens_on)`,
      sql`CREATE INDEX cohorts_fiscal_year ON cohorts(fiscal_year)`,
      sql`CREATE INDEX cohorts_created_by ON cohorts(created_by)`,
      sql`CREATE TABLE cohort_instructors (
        cohort_id INTEGER NOT NULL REFERENCES cohorts(id) ON DELETE CASCADE,
        user_id TEXT NOT NULL REFERENCES users(id) ON DELETE RESTRICT,
        role TEXT NOT NULL CHECK (role IN ('lecturer', 'sub_lecturer')),
        PRIMARY KEY (cohort_id, user_id)
      ) STRICT`,
      sql`CREATE INDEX cohort_instructors_user ON cohort_instructors(user_id, cohort_id)`,
      sql`CREATE TABLE cohort_sessions (
        id INTEGER PRIMARY KEY NOT NULL,
        cohort_id INTEGER NOT NULL REFERENCES cohorts(id) ON DELETE CASCADE,
        date TEXT NOT NULL CHECK (date GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]'),
        start_time TEXT NOT NULL CHECK (start_time GLOB '[0-2][0-9]:[0-5][0-9]'),
        end_time TEXT NOT NULL CHECK (end_time GLOB '[0-2][0-9]:[0-5][0-9]' AND end_time > start_time),
        topic TEXT NOT NULL DEFAULT ''
      ) STRICT`,
      sql`CREATE INDEX cohort_sessions_cohort ON cohort_sessions(cohort_id, date, start_time)`,
      sql`CREATE INDEX cohort_sessions_date ON cohort_sessions(date)`,
      sql`CREATE TABLE enrollments (
        id INTEGER PRIMARY KEY NOT NULL,
        cohort_id INTEGER NOT NULL REFERENCES cohorts(id) ON DELETE RESTRICT,
        user_id TEXT NOT NULL REFERENCES users(id) ON DELETE RESTRICT,
        status TEXT NOT NULL CHECK (status IN ('pending', 'enrolled', 'waitlisted', 'cancelled')),
        -- arrival order within the cohort (waitlist order); renewed when a cancelled row re-enrols
        queue_seq INTEGER NOT NULL,
        requested_at TEXT NOT NULL,
        enrolled_at TEXT,
        cancelled_at TEXT,
        cancel_reason TEXT CHECK (cancel_reason IS NULL OR cancel_reason IN ('self', 'staff', 'moved')),
        fee_yen INTEGER NOT NULL DEFAULT 0 CHECK (fee_yen >= 0),
        paid_at TEXT,
        paid_confirmed_by TEXT REFERENCES users(id),
        questionnaire_submitted_at TEXT,
        completed_at TEXT,
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL,
        UNIQUE (cohort_id, user_id)
      ) STRICT`,
      sql`CREATE INDEX enrollments_cohort_status ON enrollments(cohort_id, status, queue_seq)`,
      sql`CREATE INDEX enrollments_user ON enrollments(user_id, status)`,
      sql`CREATE INDEX enrollments_user_completed ON enrollments(user_id, completed_at)`,
      sql`CREATE INDEX enrollments_paid_confirmed_by ON enrollments(paid_confirmed_by)`,
      sql`CREATE TABLE attendance (
        enrollment_id INTEGER NOT NULL REFERENCES enrollments(id) ON DELETE CASCADE,
        session_id INTEGER NOT NULL REFERENCES cohort_sessions(id) ON DELETE CASCADE,
        status TEXT NOT NULL CHECK (status IN ('present', 'late', 'left_early', 'absent', 'excused')),
        marked_by TEXT REFERENCES users(id),
        marked_at TEXT NOT NULL,
        PRIMARY KEY (enrollment_id, session_id)
      ) STRICT`,
      sql`CREATE INDEX attendance_session ON attendance(session_id)`,
      sql`CREATE INDEX attendance_marked_by ON attendance(marked_by)`,
      sql`CREATE TABLE questionnaire_responses (
        enrollment_id INTEGER PRIMARY KEY NOT NULL REFERENCES enrollments(id) ON DELETE CASCADE,
        overall_rating INTEGER NOT NULL CHECK (overall_rating BETWEEN 1 AND 5),
        content_rating INTEGER NOT NULL CHECK (content_rating BETWEEN 1 AND 5),
        instructor_rating INTEGER NOT NULL CHECK (instructor_rating BETWEEN 1 AND 5),
        usefulness_rating INTEGER NOT NULL CHECK (usefulness_rating BETWEEN 1 AND 5),
        good_points TEXT NOT NULL DEFAULT '',
        improvements TEXT NOT NULL DEFAULT '',
        submitted_at TEXT NOT NULL
      ) STRICT`,
      // 実践力ポイント credited to an ITC for a fiscal year; one row per completed enrolment.
      sql`CREATE TABLE point_credits (
        id INTEGER PRIMARY KEY NOT NULL,
        user_id TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
        fiscal_year INTEGER NOT NULL,
        points INTEGER NOT NULL CHECK (points >= 0),
        source TEXT NOT NULL CHECK (source IN ('course')),
        enrollment_id INTEGER UNIQUE REFERENCES enrollments(id) ON DELETE CASCADE,
        description TEXT NOT NULL,
        credited_at TEXT NOT NULL
      ) STRICT`,
      sql`CREATE INDEX point_credits_user_year ON point_credits(user_id, fiscal_year)`,
    ];
    for (const statement of statements) await statement.execute(trx);
  });
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.transaction().execute(async (trx) => {
    for (const table of [
      "point_credits",
      "questionnaire_responses",
      "attendance",
      "enrollments",
      "cohort_sessions",
      "cohort_instructors",
      "cohorts",
      "course_prerequisites",
      "courses",
    ]) {
      await sql`DROP TABLE ${sql.table(table)}`.execute(trx);
    }
  });
}
