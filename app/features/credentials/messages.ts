// Japanese texts of the credentials capability (one place).
export const CREDENTIAL_MESSAGES = {
  certificateNotFound: "証明書が見つかりません。",
  notYours: "このデジタル証明書を受け取れるのは、証明書の本人と事務局だけです。",
  revoked: "この証明書は取り消されているため、デジタル証明書（オープンバッジ）は発行できません。",
  unknownStatusList: "ステータスリストが見つかりません。",
  unknownAchievement: "この認定の種類は見つかりません。",
  /** The download's file name, before the number and extension. */
  fileNamePrefix: "デジタル証明書",
} as const;
