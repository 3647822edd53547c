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

export const USER_ACTION_NOTICES = {
  grant: "役割を付与しました。",
  revoke: "役割を解除しました。",
  deactivate: "利用を停止しました。サインイン中の端末はすべてサインアウトしました。",
  reactivate: "利用を再開しました。",
  "send-reset": "パスワード再設定のリンクをメールで送りました。",
  invited: "招待のメールを送りました。",
} as const;
