// The one-line confirmations a page shows after a redirect (`?notice=code`), keyed by the page
// that shows them and then by code: the same code may mean different things on two pages
// ("created" is a course on one, a cohort on another). Shown by `<Notice page="...">`
// (app/ui/notice.tsx); a code a page does not know shows nothing.

export const NOTICES = {
  login: {
    "signed-out": "サインアウトしました。",
    "password-changed": "パスワードを変更しました。新しいパスワードでサインインしてください。",
    "registration-received":
      "登録を受け付けました。入力されたメールアドレスにお送りしたメールをご確認ください。メール内のリンクを開くと登録が完了します。",
    unlocked: "サインインの制限を解除しました。このブラウザからサインインできます。",
    "reset-requested":
      "入力されたメールアドレスが登録されている場合は、パスワード再設定のリンクをお送りしました。メールをご確認ください。",
  },
  dashboard: {
    registered: "登録が完了しました。研修を探して申し込みましょう。",
    "password-changed": "パスワードを変更しました。",
  },
  course: {
    enrolled: "申込が完了し、受講が確定しました。マイ研修で日程を確認できます。",
    pending: "申込を受け付けました。事務局の承認をお待ちください。",
    waitlisted: "満席のため、キャンセル待ちに登録しました。席が空くと自動で繰り上がり、お知らせします。",
    cancelled: "申込を取り消しました。",
  },
  myTraining: {
    questionnaire: "受講アンケートを送信しました。ご協力ありがとうございました。",
  },
  ojtApplication: {
    submitted: "OJTの申込を受け付けました。事務局からの提案をお待ちください。",
    updated: "申込内容を更新しました。",
    withdrawn: "OJTの申込を取り下げました。",
  },
  placement: {
    proposed: "トレーナーに受入を提案しました。トレーナーとトレーニーにお知らせを送りました。",
    accepted: "受入を承諾しました。トレーニーの確認を待っています。",
    declined: "辞退しました。関係者にお知らせを送りました。",
    confirmed: "OJTへの参加が確定しました。OJTを開始します。",
    planned: "目標と連絡先を更新しました。",
    cancelled: "提案を取り消しました。",
    ended: "OJTを終了としました。",
    "plan-hours": "計画時間を保存しました。",
  },
  engagements: { created: "案件を登録しました。" },
  engagement: {
    created: "案件を登録しました。",
    updated: "案件を更新しました。",
    "counterpart-proposed": "案件を更新しました。自治体の担当者の変更は、事務局が承認してから確認依頼に使われます。",
    "counterpart-accepted": "担当者の変更を承認しました。これからの確認依頼は新しい担当者に送られます。",
    "counterpart-rejected": "担当者の変更を却下しました。提案したトレーナーに理由をお知らせしました。",
  },
  staffCourse: { created: "講座を作成しました。", updated: "講座を更新しました。" },
  cohort: {
    created: "開催回を作成しました。",
    updated: "開催回を更新しました。",
    approve: "申込を承認しました。",
    paid: "入金を確認済みにしました。",
    unpaid: "入金確認を取り消しました。",
    imported: "CSVから受講者を取り込みました。",
    attendance: "出欠を保存しました。",
    cancelled: "申込を取り消しました。",
    moved: "申込を別の開催回へ移動しました。",
  },
  enrollment: {
    approve: "申込を承認しました。",
    paid: "入金を確認済みにしました。",
    unpaid: "入金確認を取り消しました。",
    "documents-issued": "未発行の請求書・領収書を発行しました。",
  },
  reminderSettings: {
    saved: "お知らせの送信時期を保存しました。",
  },
  checkInScreen: {
    rules: "この講座の受付時間と遅刻の扱いを保存しました。",
  },
  attendance: {
    save: "出欠を保存しました。",
    "all-present": "全員を出席にしました。欠席・遅刻などの方がいれば個別に変更して保存してください。",
  },
  municipalities: {
    created: "自治体を登録しました。",
    updated: "自治体の情報を更新しました。",
    unchanged: "変更はありませんでした。",
  },
  users: {
    grant: "役割を付与しました。",
    revoke: "役割を解除しました。",
    deactivate: "利用を停止しました。サインイン中の端末はすべてサインアウトしました。",
    reactivate: "利用を再開しました。",
    "send-reset": "パスワード再設定のリンクをメールで送りました。",
    invited: "招待のメールを送りました。",
  },
  paymentSettings: { saved: "振込先を保存しました。" },
  issuerSettings: {
    saved: "発行元の設定を保存しました。",
    "documents-issued": "未発行の請求書・領収書を発行しました。",
  },
  ojtSettings: { saved: "申込条件を保存しました。", "reminder-saved": "確認依頼の催促までの日数を保存しました。" },
  logbookEntry: {
    created: "記録を保存しました。トレーナーの承認を待っています。",
    "created-by-trainer": "記録を保存しました。トレーニーの確認を待っています。",
    already: "この記録は既に保存されています（同じ下書きは一度だけ保存されます）。",
    edit: "記録を保存しました。",
    approve: "記録を承認しました。この記録は確定し、変更できなくなりました。",
    return: "記録を差戻ししました。トレーニーにお知らせを送りました。",
    correct: "訂正を保存しました。トレーナーがもう一度承認するまで「承認待ち」になります。",
    "deliverable-added": "成果物を添付しました。",
    "deliverable-deleted": "成果物を削除しました。",
    "counterpart-requested": "自治体の担当者に確認を依頼しました。",
    "counterpart-rerouted": "依頼先を変更し、新しい担当者に確認を依頼しました。",
  },
  approvals: {
    approved: "選択した記録を承認しました。",
  },
  assessment: {
    saved: "下書きを保存しました。",
    submitted: "評価を提出しました。提出した評価は変更できません。",
  },
  staffQuiz: {
    settings: "テストの設定を保存しました。",
    added: "問題を追加しました。",
    retired: "問題を出題から外しました。",
  },
  referenceData: {
    add: "項目を追加しました。",
    rename: "名前を変更しました。",
    up: "並び順を変更しました。",
    down: "並び順を変更しました。",
    deactivate: "項目を無効にしました。新しい記録の選択肢には表示されません（これまでの記録の表示は変わりません）。",
    activate: "項目を有効に戻しました。",
  },
  rubric: {
    saved: "評価の観点を保存しました。",
  },
  certificationQueue: {
    certified: "修了を認定し、修了証を発行しました。本人にお知らせを送りました。",
    declined: "認定を見送りました。本人に理由をお知らせしました。",
  },
  certificationProgramme: {
    saved: "認定の条件を保存しました。発行済みの修了証は変わりません。",
  },
  staffRenewal: {
    approved: "活動を承認しました。ITCにお知らせを送りました。",
    returned: "活動を差し戻しました。ITCに理由をお知らせしました。",
  },
  renewalKinds: {
    created: "活動の種類を追加しました。",
    updated: "活動の種類を更新しました。これから登録・修正される活動に適用されます。",
  },
  renewalItc: {
    "certified-on": "ITC認定日を保存しました。",
    "fee-paid": "更新料の納付を記録しました。",
  },
  staffCertificate: {
    suspend: "修了証を一時停止しました。",
    reinstate: "修了証を有効に戻しました。",
    revoke: "修了証を取り消しました。",
  },
  myRenewal: {
    survey: "実務活動アンケートを提出しました。もう一度送信すると、内容が置き換わります。",
  },
  myRenewalActivity: {
    reported: "活動を登録しました。事務局の確認をお待ちください（承認されるとポイントが計上されます）。",
    corrected: "活動を修正し、もう一度申請しました。事務局の確認をお待ちください。",
    "evidence-file": "証跡のファイルを添付しました。",
  },
} as const satisfies Record<string, Record<string, string>>;

export type NoticePage = keyof typeof NOTICES;

/**
 * The message for `?notice=code` on a page, or undefined for no code or one the page does not
 * know (only the map's own keys: `constructor` or `__proto__` are not messages).
 */
export function noticeMessage(page: NoticePage, code: string | null | undefined): string | undefined {
  const messages: Record<string, string> = NOTICES[page];
  return code && Object.hasOwn(messages, code) ? messages[code] : undefined;
}
