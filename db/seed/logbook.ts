import type { Database } from "../../app/db.server";
import { approveEntry, createEntry, returnEntry } from "../../app/features/logbook/entries.server";
import type { NewEntryInput } from "../../app/features/logbook/logbook.schema";
import { acceptPlacement, confirmPlacement } from "../../app/features/ojt/placements.server";
import { addDays, todayInTokyo } from "../../app/lib/dates";
import { SEED_OJT } from "./engagements";

/**
 * Demo logbook (issue 14), after seedEngagements: the counterparts of the four engagements
 * (fictional, @example.jp), the Settsu placement started, and realistic entries for the
 * Yamagata and Settsu placements — some approved, one returned, some waiting.
 */
export async function seedLogbook(db: Database): Promise<void> {
  const ids = Object.fromEntries(
    (await db.selectFrom("users").select(["id", "email"]).execute()).map((u) => [u.email.split("@")[0]!, u.id]),
  ) as Record<string, string>;
  const counterparts = [
    [SEED_OJT.engagements.yamagata, "斎藤 和也", "総務部 DX推進課", "saito.kazuya@yamagata.example.jp"],
    [SEED_OJT.engagements.fujimino, "小川 恵", "経営企画部 情報政策課", "ogawa.megumi@fujimino.example.jp"],
    [SEED_OJT.engagements.gifu, "森 健太郎", "デジタル戦略推進部", "mori.kentaro@gifu.example.jp"],
    [SEED_OJT.engagements.settsu, "松本 由香", "総務部 DX推進室", "matsumoto.yuka@settsu.example.jp"],
  ] as const;
  for (const [id, name, department, email] of counterparts)
    await db
      .updateTable("engagements")
      .set({ counterpart_name: name, counterpart_department: department, counterpart_email: email })
      .where("id", "=", id)
      .execute();

  // 渡辺 accepts 山本 for Settsu and 山本 confirms: a second running OJT to log.
  const settsu = SEED_OJT.placements.yamamotoSettsu;
  await acceptPlacement(
    db,
    settsu,
    { id: ids["watanabe.trainer"]!, roles: ["trainer"] },
    {
      goals: "DX推進計画の素案のうち1章（職員の働き方改革）を担当して起草する。職員向けDX研修の講師補助を2回務める。",
      contacts: "摂津市 総務部 DX推進室（週1回の定例会）",
    },
  );
  await confirmPlacement(db, settsu, { id: ids["yamamoto.trainee"]!, roles: ["trainee"] });

  // The demo's placements began six weeks ago, so their logbooks have a history.
  const today = todayInTokyo();
  const start = addDays(today, -45);
  await db
    .updateTable("ojt_placements")
    .set({ start_date: start })
    .where("id", "in", [SEED_OJT.placements.tanakaYamagata, settsu])
    .execute();

  const kinds = Object.fromEntries(
    (await db.selectFrom("ojt_task_kinds").select(["id", "code"]).execute()).map((k) => [k.code, k.id]),
  ) as Record<string, number>;
  const phases = Object.fromEntries(
    (await db.selectFrom("pgl_phases").select(["id", "code"]).execute()).map((k) => [k.code, k.id]),
  ) as Record<string, number>;
  const roles = Object.fromEntries(
    (await db.selectFrom("mic_roles").select(["id", "code"]).execute()).map((k) => [k.code, k.id]),
  ) as Record<string, number>;
  const entry = (e: Partial<NewEntryInput> & { daysAgo: number; kind: string }): NewEntryInput => ({
    workDate: addDays(today, -e.daysAgo),
    startTime: e.startTime ?? null,
    endTime: e.endTime ?? null,
    minutes: e.minutes ?? 60,
    taskKindId: kinds[e.kind]!,
    pglPhaseId: e.pglPhaseId ?? null,
    micRoleId: e.micRoleId ?? null,
    department: e.department ?? "",
    activity: e.activity ?? "",
    contribution: e.contribution ?? "",
    reflection: e.reflection ?? "",
    trainerFeedback: e.trainerFeedback ?? "",
  });

  const tanaka = { id: ids["tanaka.trainee"]!, roles: ["trainee" as const] };
  const sato = { id: ids.trainer!, roles: ["trainer" as const] };
  const yamagata = SEED_OJT.placements.tanakaYamagata;
  const y1 = await createEntry(
    db,
    yamagata,
    tanaka,
    entry({
      daysAgo: 40,
      kind: "consultation",
      startTime: "13:30",
      endTime: "14:30",
      minutes: 60,
      pglPhaseId: phases.communication,
      micRoleId: roles.producer,
      department: "総務部 DX推進課（相談者：市民課）",
      activity:
        "職員向けシステム相談会（第1回）に同席。市民課から、窓口予約システムの導入について相談（50分）。佐藤トレーナーの助言を記録した。",
      contribution: "議事メモを作成し、他市の導入事例（3件）を事後に調べて共有した。",
      reflection: "相談者が本当に困っていることを最初の10分で聞き出す質問の順番が参考になった。",
    }),
  );
  await approveEntry(db, y1.id, sato, {
    trainerFeedback: "議事メモの要点整理が的確です。次回は事例紹介を担当してみましょう。",
  });
  const y2 = await createEntry(
    db,
    yamagata,
    tanaka,
    entry({
      daysAgo: 33,
      kind: "spec_review",
      minutes: 120,
      pglPhaseId: phases.it_procurement,
      micRoleId: roles.project_manager,
      department: "総務部 DX推進課",
      activity: "文書管理システム更新の仕様書案と見積書（2社）をチェック。",
      contribution: "機能要件と見積の対応表を作成し、二重計上の疑い1件を指摘した。",
      reflection: "標準化対象業務との切り分けを先に確認すべきだった。",
    }),
  );
  await approveEntry(db, y2.id, sato);
  const y3 = await createEntry(
    db,
    yamagata,
    tanaka,
    entry({
      daysAgo: 20,
      kind: "staff_training",
      minutes: 180,
      pglPhaseId: phases.it_service,
      micRoleId: roles.service_designer,
      department: "総務部 職員課",
      activity: "職員向け情報セキュリティ研修（年3回のうち第2回）の補助講師。",
      contribution: "標的型メール訓練の結果の解説パートを担当（15分）。",
      reflection: "専門用語を避け、庁内の実例に置き換えると反応が良かった。",
    }),
  );
  await approveEntry(db, y3.id, sato);
  const y4 = await createEntry(
    db,
    yamagata,
    tanaka,
    entry({
      daysAgo: 12,
      kind: "procurement",
      minutes: 90,
      pglPhaseId: phases.it_procurement,
      department: "子ども未来部",
      activity: "保育所入所申請のオンライン化の調達について打合せ。",
    }),
  );
  await returnEntry(
    db,
    y4.id,
    sato,
    "打合せで決まったこと（予算要求の時期と仕様書の担当）と、あなたが担当した部分を追記してください。",
  );
  await createEntry(
    db,
    yamagata,
    tanaka,
    entry({
      daysAgo: 3,
      kind: "consultation",
      startTime: "10:00",
      endTime: "10:55",
      minutes: 55,
      pglPhaseId: phases.communication,
      micRoleId: roles.producer,
      department: "総務部 DX推進課（相談者：税務課）",
      activity: "職員向けシステム相談会（第2回）。税務課からRPAの対象業務選定について相談。",
      contribution: "初めて1件を主担当として助言。対象業務の棚卸しシートの使い方を説明した。",
      reflection: "費用対効果の試算を求められ、即答できなかった。次回までに算定方法を準備する。",
    }),
  );

  const yamamoto = { id: ids["yamamoto.trainee"]!, roles: ["trainee" as const] };
  const watanabe = { id: ids["watanabe.trainer"]!, roles: ["trainer" as const] };
  const s1 = await createEntry(
    db,
    settsu,
    yamamoto,
    entry({
      daysAgo: 30,
      kind: "dx_plan",
      minutes: 240,
      pglPhaseId: phases.it_strategy,
      micRoleId: roles.producer,
      department: "総務部 DX推進室",
      activity: "DX推進計画 素案の第3章「職員の働き方改革」を起草（テレワーク、ペーパーレス、庁内チャット）。",
      contribution: "章立てと現状分析（職員アンケート集計）を担当し、KPI案を5つ提示した。",
      reflection: "計画の根拠（条例・国の計画）を各施策に紐づける書き方を学んだ。",
    }),
  );
  await approveEntry(db, s1.id, watanabe, {
    trainerFeedback: "KPIが測定可能な形で書けています。根拠法令の引用を1か所補ってください。",
  });
  await createEntry(
    db,
    settsu,
    yamamoto,
    entry({
      daysAgo: 6,
      kind: "staff_training",
      minutes: 120,
      pglPhaseId: phases.change_recognition,
      micRoleId: roles.service_designer,
      department: "総務部 人事課",
      activity: "管理職向けDX研修の講師補助。生成AIの業務活用のデモを担当。",
    }),
  );
}
