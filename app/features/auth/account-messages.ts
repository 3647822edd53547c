// Japanese labels of account management, shared by the pages and their server code (a
// *.server module is empty in the browser bundle, so labels a component shows live here).
import type { LinkPurpose } from "./tokens.server";
export type AccountStatus = "active" | "deactivated" | "unconfirmed";

export const ACCOUNT_STATUS_LABELS: Record<AccountStatus, string> = {
  active: "利用中",
  deactivated: "利用停止中",
  unconfirmed: "メール確認待ち（招待中を含む）",
};

export function accountStatus(user: {
  deactivated_at: string | null;
  email_verified_at: string | null;
}): AccountStatus {
  if (user.deactivated_at) return "deactivated";
  if (!user.email_verified_at) return "unconfirmed";
  return "active";
}

export const LINK_PURPOSE_TITLES: Record<LinkPurpose, string> = {
  verify_email: "メールアドレスの確認",
  invite: "パスワードの設定",
  password_reset: "パスワードの再設定",
  unlock: "サインイン制限の解除",
};

/** The account's history on its admin page; other actions show their code. */
export const ACCOUNT_ACTION_LABELS: Record<string, string> = {
  "user.create": "アカウント作成",
  "user.invite": "招待メール送信",
  "user.deactivate": "利用停止",
  "user.reactivate": "利用再開",
  "user.registration_existing": "同じアドレスでの新規登録の申込",
  "role.grant": "役割の付与",
  "role.revoke": "役割の解除",
  "auth.sign_in": "サインイン",
  "auth.sign_in_failed": "サインイン失敗",
  "auth.sign_in_refused": "サインイン制限による拒否",
  "auth.password_change": "パスワード変更",
  "auth.password_reset_sent": "パスワード再設定リンク送信（管理者）",
  "auth.password_reset_requested": "パスワード再設定リンク送信（本人の申請）",
  "auth.unlock_link_sent": "サインイン制限解除リンク送信",
  "auth.link_used": "メールのリンクを使用",
};
