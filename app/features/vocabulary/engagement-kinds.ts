export const CONTRACT_TYPES = ["cio_adviser", "outsourcing", "mic_adviser_dispatch", "other"] as const;
export type ContractType = (typeof CONTRACT_TYPES)[number];
export const CONTRACT_TYPE_LABELS: Record<ContractType, string> = {
  cio_adviser: "CIO補佐官・デジタル戦略参与（非常勤特別職）",
  outsourcing: "業務委託",
  mic_adviser_dispatch: "地域情報化アドバイザー派遣",
  other: "その他",
};
/** What a trainee should expect from each contract type (shown on the form and the page). */
export const CONTRACT_TYPE_HINTS: Record<ContractType, string> = {
  cio_adviser: "個人との委嘱契約です。トレーニーは同席だけでなく、具体的な作業を担当します。",
  outsourcing: "トレーナーの会社が受託した業務の一部をOJTとして担当します。",
  mic_adviser_dispatch: "総務省の派遣制度による短期の支援です。",
  other: "",
};

export const ENGAGEMENT_STATUSES = ["recruiting", "hosting", "closed"] as const;
export type EngagementStatus = (typeof ENGAGEMENT_STATUSES)[number];
export const ENGAGEMENT_STATUS_LABELS: Record<EngagementStatus, string> = {
  recruiting: "募集中",
  hosting: "受入中",
  closed: "終了",
};
