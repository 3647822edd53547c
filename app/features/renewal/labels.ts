// Japanese words of the renewal ledger, in one place.
export const ACTIVITY_STATUS_LABELS = {
  submitted: "確認待ち",
  returned: "差し戻し",
  evidence_requested: "証跡の提出依頼",
  approved: "承認済み",
} as const;

export type ActivityStatus = keyof typeof ACTIVITY_STATUS_LABELS;

export const POINT_RULE_LABELS = { per_hours: "時間に応じて", per_activity: "1件ごと" } as const;

export const RENEWAL_MESSAGES = {
  activityNotFound: "この活動の記録は見つかりません。",
  kindNotFound: "活動の種類が見つかりません。選び直してください。",
  kindInactive: "この活動の種類は現在受け付けていません。別の種類を選んでください。",
  notEditable: "承認済みの活動は修正できません。",
  notInQueue: "この活動は確認待ちではありません（他の担当者が先に処理した可能性があります）。",
  evidenceNeeded: "証跡（URLまたはファイル）を添えてください。",
  reasonNeeded: "差し戻す理由を入力してください。",
  notCertified: "ITC認定日が登録されていません。事務局にお問い合わせください。",
  futureDate: "活動日に未来の日付は指定できません。",
  sampleEmpty: "抽出の対象になる活動がありません。",
  kindNameTaken: "同じ名前の活動の種類がすでにあります。",
  surveyYear: "この年度の実務活動アンケートはまだ提出できません。",
} as const;
