// The state of an account as admins see it, in one place with its Japanese label.
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
