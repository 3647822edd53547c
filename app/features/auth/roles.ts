export const ROLES = ["trainee", "trainer", "staff", "admin"] as const;
export type Role = (typeof ROLES)[number];

export const ROLE_LABELS: Record<Role, string> = {
  trainee: "トレーニーITC",
  trainer: "トレーナーITC",
  staff: "事務局",
  admin: "管理者",
};

export function isRole(value: string): value is Role {
  return (ROLES as readonly string[]).includes(value);
}

export function hasRole(user: { roles: readonly Role[] }, ...roles: Role[]): boolean {
  return roles.some((r) => user.roles.includes(r));
}
