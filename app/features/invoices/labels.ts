import type { DocumentKind } from "./tax";

// Japanese words of invoices and receipts, in one place.

export const DOCUMENT_KIND_LABELS: Record<DocumentKind, string> = { invoice: "請求書", receipt: "領収書" };

export const DOCUMENT_STATUS_LABELS = { issued: "発行済み", voided: "無効" } as const;

/** Why a live document was voided (stored in void_reason, printed on the voided PDF). */
export const VOID_REASONS = {
  self: "受講者による申込の取消",
  staff: "事務局による申込の取消",
  moved: "開催回の変更（移動先の申込で再発行）",
  unpaid: "入金確認の取消",
} as const;
export type VoidCause = keyof typeof VOID_REASONS;

export const MISSING_REGISTRATION_WARNING =
  "適格請求書発行事業者登録番号が未設定のため、請求書・領収書を発行できません。登録番号を設定してから、未発行分を発行してください。";
