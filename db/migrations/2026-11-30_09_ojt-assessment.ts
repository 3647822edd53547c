import { sql, type Kysely } from "kysely";

// Assessment (issue 14): the competency rubric, the evaluations of a placement, and the
// understanding check (理解度確認テスト) of a course.
// - rubric_criteria: staff-edited criteria, from the ITC practical-ability framework
//   ('practical') and the MIC roles ('mic_role', linked to mic_roles). Retired, never deleted,
//   once an evaluation has scored them.
// - rubric_level_descriptors: what each of the four levels means for a criterion.
// - ojt_evaluations: one per placement and kind (self / mid / final). draft → submitted; a
//   submitted evaluation is locked and carries a JSON snapshot of the criteria and descriptors
//   as they read then (criteria_snapshot), so later rubric edits do not change it. Only the
//   final evaluation carries the trainer's recommendation on completion.
// - ojt_evaluation_scores: a level (1–4, NULL while a draft leaves it open) and a comment.
// - course_quizzes / quiz_questions / quiz_choices: one check per course; a question is
//   retired (active = 0) rather than deleted, so recorded answers stay readable.
// - quiz_attempts: every attempt; UNIQUE (quiz_id, user_id, attempt_no) makes two
//   simultaneous submissions unable to take the same attempt number (the count and the insert
//   also share one transaction).
export async function up(db: Kysely<any>): Promise<void> {
  const now = new Date().toISOString();
  await db.transaction().execute(async (trx) => {
    const statements = [
      sql`CREATE TABLE rubric_criteria (
        id INTEGER PRIMARY KEY NOT NULL,
        code TEXT NOT NULL UNIQUE CHECK (length(code) BETWEEN 1 AND 40),
        kind TEXT NOT NULL CHECK (kind IN ('practical', 'mic_role')),
        mic_role_id INTEGER REFERENCES mic_roles(id) ON DELETE RESTRICT,
        label TEXT NOT NULL CHECK (length(label) BETWEEN 1 AND 60),
        description TEXT NOT NULL DEFAULT '' CHECK (length(description) <= 500),
        sort_order INTEGER NOT NULL DEFAULT 0,
        active INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0, 1)),
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL,
        CHECK (kind <> 'mic_role' OR mic_role_id IS NOT NULL)
      ) STRICT`,
      sql`CREATE INDEX rubric_criteria_mic_role ON rubric_criteria(mic_role_id)`,
      sql`CREATE INDEX rubric_criteria_active ON rubric_criteria(active, sort_order, id)`,
      sql`CREATE TABLE rubric_level_descriptors (
        criterion_id INTEGER NOT NULL REFERENCES rubric_criteria(id) ON DELETE CASCADE,
        level INTEGER NOT NULL CHECK (level BETWEEN 1 AND 4),
        descriptor TEXT NOT NULL CHECK (length(descriptor) BETWEEN 1 AND 300),
        PRIMARY KEY (criterion_id, level)
      ) STRICT`,

      sql`CREATE TABLE ojt_evaluations (
        id INTEGER PRIMARY KEY NOT NULL,
        placement_id INTEGER NOT NULL REFERENCES ojt_placements(id) ON DELETE RESTRICT,
        kind TEXT NOT NULL CHECK (kind IN ('self', 'mid', 'final')),
        author_id TEXT NOT NULL REFERENCES users(id) ON DELETE RESTRICT,
        status TEXT NOT NULL CHECK (status IN ('draft', 'submitted')),
        overall_comment TEXT NOT NULL DEFAULT '' CHECK (length(overall_comment) <= 4000),
        recommendation TEXT CHECK (recommendation IS NULL OR recommendation IN ('recommend', 'not_yet')),
        recommendation_reason TEXT CHECK (recommendation_reason IS NULL OR length(recommendation_reason) <= 2000),
        criteria_snapshot TEXT,
        submitted_at TEXT,
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL,
        UNIQUE (placement_id, kind),
        CHECK (kind = 'final' OR recommendation IS NULL),
        CHECK (status <> 'submitted' OR (submitted_at IS NOT NULL AND criteria_snapshot IS NOT NULL)),
        CHECK (status <> 'submitted' OR kind <> 'final' OR recommendation IS NOT NULL)
      ) STRICT`,
      sql`CREATE INDEX ojt_evaluations_author ON ojt_evaluations(author_id)`,
      sql`CREATE TABLE ojt_evaluation_scores (
        evaluation_id INTEGER NOT NULL REFERENCES ojt_evaluations(id) ON DELETE CASCADE,
        criterion_id INTEGER NOT NULL REFERENCES rubric_criteria(id) ON DELETE RESTRICT,
        level INTEGER CHECK (level IS NULL OR level BETWEEN 1 AND 4),
        comment TEXT NOT NULL DEFAULT '' CHECK (length(comment) <= 2000),
        PRIMARY KEY (evaluation_id, criterion_id)
      ) STRICT`,
      sql`CREATE INDEX ojt_evaluation_scores_criterion ON ojt_evaluation_scores(criterion_id)`,

      sql`CREATE TABLE course_quizzes (
        id INTEGER PRIMARY KEY NOT NULL,
        course_id INTEGER NOT NULL UNIQUE REFERENCES courses(id) ON DELETE RESTRICT,
        title TEXT NOT NULL CHECK (length(title) BETWEEN 1 AND 100),
        pass_percent INTEGER NOT NULL CHECK (pass_percent BETWEEN 1 AND 100),
        max_attempts INTEGER NOT NULL CHECK (max_attempts BETWEEN 1 AND 10),
        published INTEGER NOT NULL DEFAULT 0 CHECK (published IN (0, 1)),
        updated_by TEXT REFERENCES users(id) ON DELETE RESTRICT,
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL
      ) STRICT`,
      sql`CREATE INDEX course_quizzes_updated_by ON course_quizzes(updated_by)`,
      sql`CREATE TABLE quiz_questions (
        id INTEGER PRIMARY KEY NOT NULL,
        quiz_id INTEGER NOT NULL REFERENCES course_quizzes(id) ON DELETE RESTRICT,
        prompt TEXT NOT NULL CHECK (length(prompt) BETWEEN 1 AND 1000),
        explanation TEXT NOT NULL CHECK (length(explanation) BETWEEN 1 AND 2000),
        sort_order INTEGER NOT NULL DEFAULT 0,
        active INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0, 1)),
        created_at TEXT NOT NULL
      ) STRICT`,
      sql`CREATE INDEX quiz_questions_quiz ON quiz_questions(quiz_id, active, sort_order, id)`,
      sql`CREATE TABLE quiz_choices (
        id INTEGER PRIMARY KEY NOT NULL,
        question_id INTEGER NOT NULL REFERENCES quiz_questions(id) ON DELETE RESTRICT,
        label TEXT NOT NULL CHECK (length(label) BETWEEN 1 AND 300),
        correct INTEGER NOT NULL DEFAULT 0 CHECK (correct IN (0, 1)),
        sort_order INTEGER NOT NULL DEFAULT 0
      ) STRICT`,
      sql`CREATE INDEX quiz_choices_question ON quiz_choices(question_id, sort_order, id)`,
      sql`CREATE TABLE quiz_attempts (
        id INTEGER PRIMARY KEY NOT NULL,
        quiz_id INTEGER NOT NULL REFERENCES course_quizzes(id) ON DELETE RESTRICT,
        user_id TEXT NOT NULL REFERENCES users(id) ON DELETE RESTRICT,
        attempt_no INTEGER NOT NULL CHECK (attempt_no BETWEEN 1 AND 10),
        correct_count INTEGER NOT NULL CHECK (correct_count >= 0),
        question_count INTEGER NOT NULL CHECK (question_count >= 1),
        score_percent INTEGER NOT NULL CHECK (score_percent BETWEEN 0 AND 100),
        pass_percent INTEGER NOT NULL CHECK (pass_percent BETWEEN 1 AND 100),
        passed INTEGER NOT NULL CHECK (passed IN (0, 1)),
        submitted_at TEXT NOT NULL,
        UNIQUE (quiz_id, user_id, attempt_no)
      ) STRICT`,
      sql`CREATE INDEX quiz_attempts_user ON quiz_attempts(user_id, passed)`,
      sql`CREATE TABLE quiz_attempt_answers (
        attempt_id INTEGER NOT NULL REFERENCES quiz_attempts(id) ON DELETE CASCADE,
        question_id INTEGER NOT NULL REFERENCES quiz_questions(id) ON DELETE RESTRICT,
        choice_id INTEGER NOT NULL REFERENCES quiz_choices(id) ON DELETE RESTRICT,
        correct INTEGER NOT NULL CHECK (correct IN (0, 1)),
        PRIMARY KEY (attempt_id, question_id)
      ) STRICT`,
      sql`CREATE INDEX quiz_attempt_answers_question ON quiz_attempt_answers(question_id)`,
      sql`CREATE INDEX quiz_attempt_answers_choice ON quiz_attempt_answers(choice_id)`,
    ];
    for (const statement of statements) await statement.execute(trx);

    // The rubric the association starts with: the ITC practical-ability framework's abilities,
    // then one criterion per MIC role. Level 1 = needs guidance … 4 = can lead others.
    const practical: [string, string, string, [string, string, string, string]][] = [
      [
        "relationship",
        "関係構築力",
        "自治体職員・ベンダー・住民と信頼関係を築き、率直に話せる関係をつくる力",
        [
          "トレーナーの同席がないと職員と話を進められない",
          "トレーナーの助言を受けて職員と良好な関係を保てる",
          "自ら職員と信頼関係を築き、相談を受けられる",
          "関係者間の対立を調整し、他のITCの関係づくりも支援できる",
        ],
      ],
      [
        "analysis",
        "分析・評価力",
        "業務・システム・仕様書・見積を読み解き、課題と根拠を示す力",
        [
          "指摘された課題を理解できるが、自ら見つけるのは難しい",
          "手順に沿って仕様書・見積の主な問題点を指摘できる",
          "法令・予算・標準化の観点を踏まえて課題と根拠を示せる",
          "評価の観点を整理し、職員や他のITCに評価方法を教えられる",
        ],
      ],
      [
        "consensus",
        "合意形成力",
        "庁内の意思決定の流れ（予算・条例・議会）を踏まえて合意を導く力",
        [
          "庁内の意思決定の流れの説明を受けている段階",
          "トレーナーとともに関係課への説明資料を用意できる",
          "自ら関係課と調整し、合意の道筋を示せる",
          "複数部署にまたがる合意形成を主導できる",
        ],
      ],
      [
        "proposal",
        "提案力",
        "自治体の状況に合った現実的な施策・計画を文書にまとめ提案する力",
        [
          "提案書の一部を下書きできる",
          "トレーナーの指導のもとで提案書・計画の章をまとめられる",
          "自ら提案書・計画をまとめ、職員に説明できる",
          "首長・幹部への提案を組み立て、説得できる",
        ],
      ],
      [
        "project",
        "プロジェクト推進力",
        "スケジュール・課題・リスクを管理し、事業を前に進める力",
        [
          "事業の年間スケジュールを把握している段階",
          "課題一覧・議事録を整え、進捗を報告できる",
          "リスクを先取りして関係者を動かし、事業を進められる",
          "複数事業を見渡して優先度を決め、体制を整えられる",
        ],
      ],
      [
        "ethics",
        "職業倫理・守秘",
        "公務の守秘義務・公平性を理解し、ITCとしてふさわしく振る舞う力",
        [
          "守秘義務の注意事項を説明されて理解している",
          "注意事項を守り、判断に迷うときはトレーナーに相談できる",
          "公平性・守秘を自ら判断して行動できる",
          "他のITCに倫理面の助言ができる",
        ],
      ],
    ];
    const roleDescriptors: Record<string, [string, string, string, string]> = {
      producer: [
        "CIO補佐官等の役割を説明できる",
        "トレーナーとともに幹部向けの方針案を整理できる",
        "DX推進の方針を幹部に提案できる",
        "全庁のDX推進を統括する助言ができる",
      ],
      project_manager: [
        "事業の体制と役割を理解している",
        "進捗・課題の管理を補助できる",
        "事業の計画と進捗管理を担える",
        "複数事業の管理を主導できる",
      ],
      service_designer: [
        "利用者視点の考え方を理解している",
        "職員・住民の声を整理して課題を示せる",
        "利用者中心のサービス改善案をまとめられる",
        "サービス設計の手法を職員に指導できる",
      ],
      engineer: [
        "基幹系システム標準化の概要を理解している",
        "仕様書・構成の技術的な確認を補助できる",
        "技術的な妥当性を自ら評価し、助言できる",
        "技術面の判断を主導し、職員を指導できる",
      ],
    };
    const roles = await trx.selectFrom("mic_roles").select(["id", "code", "label"]).orderBy("sort_order").execute();
    let order = 0;
    const insertCriterion = async (
      values: { code: string; kind: string; mic_role_id: number | null; label: string; description: string },
      descriptors: string[],
    ) => {
      order += 10;
      const row = await trx
        .insertInto("rubric_criteria")
        .values({ ...values, sort_order: order, created_at: now, updated_at: now })
        .returning("id")
        .executeTakeFirstOrThrow();
      await trx
        .insertInto("rubric_level_descriptors")
        .values(descriptors.map((descriptor, i) => ({ criterion_id: row.id, level: i + 1, descriptor })))
        .execute();
    };
    for (const [code, label, description, descriptors] of practical)
      await insertCriterion({ code, kind: "practical", mic_role_id: null, label, description }, descriptors);
    for (const role of roles) {
      const descriptors = roleDescriptors[role.code as string];
      if (!descriptors) continue;
      await insertCriterion(
        {
          code: `role_${role.code as string}`,
          kind: "mic_role",
          mic_role_id: role.id as number,
          label: `${role.label as string}としての実践`,
          description: "自治体DX外部人材スキル標準（総務省）の役割",
        },
        descriptors,
      );
    }
  });
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.transaction().execute(async (trx) => {
    for (const table of [
      "quiz_attempt_answers",
      "quiz_attempts",
      "quiz_choices",
      "quiz_questions",
      "course_quizzes",
      "ojt_evaluation_scores",
      "ojt_evaluations",
      "rubric_level_descriptors",
      "rubric_criteria",
    ]) {
      await sql`DROP TABLE ${sql.table(table)}`.execute(trx);
    }
  });
}
