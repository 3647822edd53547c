// The one catalogue of audit event keys in Japanese: every timeline and history in the app
// reads its events from here. A unit test (labels.test.ts) reads the source for every key the
// code writes with `audit()` and fails when one has no label.

export const AUDIT_LABELS: Record<string, string> = {
  "attendance.all_present": "全員を出席として記録",
  "attendance.check_in": "出席をチェックイン",
  "attendance.record": "出欠を記録",
  "auth.link_used": "メールのリンクを使用",
  "auth.password_change": "パスワードを変更",
  "auth.password_reset_requested": "パスワード再設定を依頼",
  "auth.password_reset_sent": "パスワード再設定のメールを送信",
  "auth.sign_in": "サインイン",
  "auth.sign_in_failed": "サインインに失敗",
  "auth.sign_in_refused": "サインインを拒否",
  "auth.unlock_link_sent": "ロック解除のメールを送信",
  "certificate.issue": "修了証を発行",
  "certificate.suspend": "修了証を一時停止",
  "certificate.reinstate": "修了証を再開",
  "certificate.revoke": "修了証を取り消し",
  "certification.criteria.replace": "認定の基準を変更",
  "certification.decline": "認定を見送り",
  "cohort.create": "開催回を作成",
  "cohort.roster_import": "受講者名簿を取り込み",
  "cohort.update": "開催回を変更",
  "course.check_in_rules": "チェックインの設定を変更",
  "course.create": "研修を作成",
  "course.update": "研修を変更",
  "engagement.create": "案件を登録",
  "engagement.update": "案件を変更",
  "engagement.counterpart_accepted": "自治体の担当者の変更を承認",
  "engagement.counterpart_changed": "自治体の担当者を変更",
  "engagement.counterpart_proposed": "自治体の担当者の変更を提案",
  "engagement.counterpart_rejected": "自治体の担当者の変更を却下",
  "engagement.counterpart_withdrawn": "自治体の担当者の変更の提案を取り下げ",
  "enrollment.approve": "申込みを承認",
  "enrollment.cancel": "申込みを取り消し",
  "enrollment.complete": "修了を記録",
  "enrollment.completion_revoked": "修了を取り消し",
  "enrollment.enrol": "受講を登録",
  "enrollment.move": "開催回を移動",
  "enrollment.outlook_on_track": "修了の見込み：順調",
  "enrollment.outlook_at_risk": "修了の見込み：要注意",
  "enrollment.outlook_impossible": "修了の見込み：修了できない",
  "enrollment.payment_confirm": "入金を確認",
  "enrollment.payment_unconfirm": "入金の確認を取り消し",
  "enrollment.promote": "キャンセル待ちから繰り上げ",
  "enrollment.waitlist": "キャンセル待ちに登録",
  "invoice.issue": "請求書を発行",
  "invoice.void": "請求書を無効に",
  "issuer_settings.update": "発行者の設定を変更",
  "logbook_reference.activated": "選択肢を再び有効に",
  "logbook_reference.added": "選択肢を追加",
  "logbook_reference.deactivated": "選択肢を無効に",
  "logbook_reference.moved": "選択肢の順番を変更",
  "logbook_reference.renamed": "選択肢の名前を変更",
  "municipality.create": "自治体を登録",
  "municipality.import": "自治体を取り込み",
  "municipality.load_official": "公式の自治体一覧を読み込み",
  "municipality.update": "自治体を変更",
  "ojt.prerequisites.update": "OJTの受講要件を変更",
  "ojt_application.submit": "OJTに申込み",
  "ojt_application.update": "OJTの申込みを変更",
  "ojt_application.withdraw": "OJTの申込みを取り下げ",
  "ojt_counterpart.confirmed": "自治体の担当者が確認",
  "ojt_counterpart.declined": "自治体の担当者が確認できないと回答",
  "ojt_counterpart.requested": "自治体の担当者に確認を依頼",
  "ojt_counterpart.rerouted": "確認の依頼先を変更",
  "ojt_deliverable.added": "成果物を追加",
  "ojt_deliverable.deleted": "成果物を削除",
  "ojt_evaluation.draft_saved": "評価を下書き保存",
  "ojt_evaluation.submitted": "評価を提出",
  "ojt_log_entry.approved": "承認",
  "ojt_log_entry.corrected": "承認済みの記録を訂正（再承認待ち）",
  "ojt_log_entry.created": "記録を提出",
  "ojt_log_entry.edited": "記録を修正",
  "ojt_log_entry.resubmitted": "修正して再提出",
  "ojt_log_entry.returned": "差戻し",
  "ojt_placement.proposed": "OJTを提案",
  "ojt_placement.accepted": "OJTの提案を受諾",
  "ojt_placement.active": "OJTを開始",
  "ojt_placement.declined": "OJTの提案を辞退",
  "ojt_placement.cancelled": "OJTを中止",
  "ojt_placement.ended": "OJTを終了",
  "ojt_placement.outcome": "OJTの結果を記録",
  "ojt_placement.plan_hours": "OJTの計画時間を変更",
  "ojt_placement.plan_update": "OJTの計画を変更",
  "ojt_settings.counterpart_reminder_days": "担当者への催促の日数を変更",
  "payment_settings.update": "支払いの設定を変更",
  "questionnaire.submit": "アンケートに回答",
  "quiz.attempt": "理解度確認を受験",
  "quiz.question_add": "理解度確認の問題を追加",
  "quiz.question_retire": "理解度確認の問題を廃止",
  "quiz.settings": "理解度確認の設定を変更",
  "receipt.issue": "領収書を発行",
  "receipt.void": "領収書を無効に",
  "reminders.settings": "リマインダーの設定を変更",
  "renewal.activity_approve": "更新活動を承認",
  "renewal.activity_correct": "更新活動を訂正",
  "renewal.activity_report": "更新活動を報告",
  "renewal.activity_return": "更新活動を差戻し",
  "renewal.audit_sample": "更新活動の抽出監査",
  "renewal.certified_on": "認定日を記録",
  "renewal.evidence_file": "更新活動の証跡を添付",
  "renewal.fee_paid": "更新料の入金を記録",
  "renewal.kind_create": "更新活動の種類を追加",
  "renewal.kind_update": "更新活動の種類を変更",
  "renewal.survey_submit": "更新の調査に回答",
  "role.grant": "役割を付与",
  "role.revoke": "役割を外す",
  "rubric.criterion_add": "評価の観点を追加",
  "rubric.criterion_update": "評価の観点を変更",
  "user.create": "利用者を作成",
  "user.deactivate": "利用者を無効に",
  "user.invite": "利用者を招待",
  "user.reactivate": "利用者を再び有効に",
  "user.registration_existing": "登録済みのメールアドレスで登録を試行",
};

/** An event key in Japanese; an unknown key reads as a generic event, never as the raw key. */
export function auditActionLabel(action: string): string {
  return AUDIT_LABELS[action] ?? "記録の変更";
}

/**
 * Who did it, in words: the signed-in user's name; for an answer from outside the app (the
 * municipal counterpart confirms through a link, without an account) the name the responder
 * gave, with their department or e-mail; the system only when nobody acted.
 */
export function auditActorLabel(actorName: string | null | undefined, details: Record<string, unknown>): string {
  if (actorName) return actorName;
  const text = (v: unknown) => (typeof v === "string" && v.trim() ? v.trim() : "");
  const responder = text(details.responderName);
  if (responder) {
    const where = text(details.responderDepartment) || text(details.responderEmail);
    return `${responder}さん（自治体の担当者${where ? `・${where}` : ""}）`;
  }
  return "システム";
}
