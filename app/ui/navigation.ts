import type { Role } from "~/features/auth/roles";

export type NavItem = {
  to: string;
  label: string;
  roles: readonly Role[] | "anyone" | "signed-in";
  /** A count shown beside the label (from the root loader's `navCounts`). */
  count?: "approvals";
};
export type NavCounts = Partial<Record<NonNullable<NavItem["count"]>, number>>;

// The one list of navigation entries; each capability adds its pages here.
export const NAV_ITEMS: readonly NavItem[] = [
  { to: "/dashboard", label: "ダッシュボード", roles: "signed-in" },
  { to: "/courses", label: "研修を探す", roles: "anyone" },
  { to: "/my/training", label: "マイ研修", roles: ["trainee"] },
  { to: "/my/points", label: "実践力ポイント", roles: ["trainee"] },
  { to: "/my/certificates", label: "修了証", roles: ["trainee"] },
  { to: "/my/renewal", label: "資格更新", roles: ["trainee", "trainer"] },
  { to: "/ojt/application", label: "OJT申込", roles: ["trainee"] },
  { to: "/trainer/cohorts", label: "担当開催回", roles: ["trainer"] },
  { to: "/trainer/approvals", label: "承認待ちの記録", roles: ["trainer"], count: "approvals" },
  { to: "/trainer/outcomes", label: "担当トレーニーの修了", roles: ["trainer"] },
  { to: "/engagements", label: "自治体案件", roles: ["trainer", "staff"] },
  { to: "/placements", label: "OJT", roles: ["trainee", "trainer"] },
  { to: "/staff/courses", label: "講座・開催回", roles: ["staff"] },
  { to: "/staff/matching", label: "OJTマッチング", roles: ["staff"] },
  { to: "/staff/certification", label: "修了認定", roles: ["staff"] },
  { to: "/staff/renewal", label: "資格更新の確認", roles: ["staff"] },
  { to: "/staff/ojt-reference-data", label: "OJT記録の選択肢", roles: ["staff"] },
  { to: "/staff/municipalities", label: "自治体", roles: ["staff"] },
  { to: "/staff/payment-settings", label: "受講料の振込先", roles: ["staff"] },
  { to: "/staff/reports", label: "年度別の実績", roles: ["staff"] },
  { to: "/admin/users", label: "利用者管理", roles: ["admin"] },
];

export function navItemsFor(roles: readonly Role[] | null): NavItem[] {
  return NAV_ITEMS.filter((item) => {
    if (item.roles === "anyone") return true;
    if (!roles) return false;
    if (item.roles === "signed-in") return true;
    return item.roles.some((r) => roles.includes(r));
  });
}

/**
 * The entry a path belongs to: the one whose address is the longest prefix of it (so
 * `/staff/certification/programmes/3` is 修了認定). What the phone's compact menu names as the
 * current section.
 */
export function currentNavItem(items: readonly NavItem[], pathname: string): NavItem | undefined {
  let best: NavItem | undefined;
  for (const item of items) {
    const within = pathname === item.to || pathname.startsWith(`${item.to}/`);
    if (within && (!best || item.to.length > best.to.length)) best = item;
  }
  return best;
}
