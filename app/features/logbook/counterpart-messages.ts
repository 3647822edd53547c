// The Japanese wording of the municipal counterpart's confirmation (one place).

export const COUNTERPART_LINK_DAYS = 7;

export const COUNTERPART_STATUS_LABELS: Record<string, string> = {
  pending: "確認待ち",
  confirmed: "確認済み",
  declined: "確認できないとの回答",
  rerouted: "依頼先を変更",
  cancelled: "取り消し",
};

export const COUNTERPART_MESSAGES = {
  notApproved: "自治体担当者への確認は、トレーナーが承認した記録についてのみ依頼できます。",
  noContact:
    "案件に自治体の担当者（氏名・メールアドレス）が登録されていません。事務局に案件の担当者の登録を依頼してください。",
  pairAddress:
    "自治体の担当者のメールアドレスが、このOJTのトレーナーまたはトレーニーのものです。記録の確認は、OJTの当事者ではない自治体の担当者に依頼してください。事務局に案件の担当者の確認を依頼してください。",
  linkPairAddress:
    "この確認の依頼先は、OJTのトレーナーまたはトレーニー本人のメールアドレスです。本人による確認は受け付けられません。事務局にご連絡ください。",
  alreadyPending: "この記録の確認はすでに依頼中です。",
  alreadyConfirmed: "この記録はすでに自治体の担当者に確認されています。",
  notTrainer: "確認を依頼できるのは、このOJTのトレーナーと事務局です。",
  staffOnly: "依頼先の変更は事務局が行います。",
  noPending: "確認待ちの依頼がありません。",
  sameContact: "依頼先が現在の依頼と同じです。新しい担当者の氏名とメールアドレスを入力してください。",
  linkInvalid: "このリンクは無効です。メールに記載されたリンクを、もう一度ご確認ください。",
  linkUsed: "このリンクはすでに使用されています。確認・回答は一度だけ行えます。",
  linkExpired:
    "このリンクの有効期限（7日間）が切れています。お手数ですが、依頼元のトレーナーまたは事務局にご連絡ください。",
  linkRerouted: "この確認の依頼は、別のご担当者に引き継がれました。このリンクは使用できません。",
  linkStale: "この記録はその後修正されたため、この確認の依頼は無効になりました。",
  requested: "自治体の担当者に確認を依頼しました。",
  rerouted: "依頼先を変更し、新しい担当者に確認を依頼しました。",
  confirmed: "ご確認いただき、ありがとうございました。確認の内容を記録しました。",
  declined: "ご回答いただき、ありがとうございました。確認できない旨と理由を記録しました。",
  reminderSaved: "確認依頼の催促までの日数を保存しました。",
} as const;
