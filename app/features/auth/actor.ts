import { hasRole as holdsRole, type Role } from "./roles";

/**
 * Whoever calls a domain command or reads a page: the signed-in user's id and roles, nothing
 * more (decision 0031). Every domain command that needs to know who is asking takes an
 * `Actor` and checks its own permission; routes get one with `requireActor`.
 */
export type Actor = { readonly id: string; readonly roles: readonly Role[] };

/** The actor of a signed-in user (drops the name, e-mail and whatever else the session holds). */
export function actorOf(user: { id: string; roles: readonly Role[] }): Actor {
  return { id: user.id, roles: user.roles };
}

/** The actor holds at least one of the roles. */
export function hasRole(actor: Actor, ...roles: Role[]): boolean {
  return holdsRole(actor, ...roles);
}

/** Staff of the secretariat (事務局); an admin counts as staff everywhere staff may act. */
export function isStaff(actor: Actor): boolean {
  return holdsRole(actor, "staff", "admin");
}

export function isAdmin(actor: Actor): boolean {
  return holdsRole(actor, "admin");
}

export function isTrainer(actor: Actor): boolean {
  return holdsRole(actor, "trainer");
}
