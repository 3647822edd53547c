import { isStaff, type Actor } from "~/features/auth/actor";
import type { PlacementStatus } from "~/features/vocabulary/ojt-kinds";
import { ConflictError, ForbiddenError } from "~/lib/errors";

// Who may do what to an OJT placement, pure (decision 0031). The placement page reads `can`
// from `placementPermissions`; each domain command refuses with `requirePlacementAction`,
// from the same table, so a page cannot offer what its command refuses, nor the reverse.
// A wrong person is refused (403, ForbiddenError); the right person while the placement is in
// another status gets a conflict (409, ConflictError): the page was stale.

/** The facts of a placement the rules read. */
export type PlacementFacts = { trainer_id: string; trainee_id: string; status: string };

export const PLACEMENT_ACTIONS = [
  "decide",
  "confirm",
  "traineeDecline",
  "cancel",
  "end",
  "editPlan",
  "editPlanHours",
  "logEntry",
] as const;
export type PlacementAction = (typeof PLACEMENT_ACTIONS)[number];

export type PlacementCan = Record<PlacementAction, boolean>;

type Party = "trainer" | "trainee" | "staff";

type Rule = {
  /** Who may: the placement's trainer, its trainee, staff (事務局 and admins). */
  who: readonly Party[];
  /** When: the statuses in which the action is open. */
  when: readonly PlacementStatus[];
  /** The 403 for anyone else. */
  refusal: string;
  /** The 409 for the right person at the wrong moment. */
  stale: string;
};

const STALE = "この提案の状態は既に変わっています。画面を更新して確認してください。";

export const PLACEMENT_RULES: Record<PlacementAction, Rule> = {
  // Accept or decline a proposal: only the trainer it was made to (staff may not answer for them).
  decide: {
    who: ["trainer"],
    when: ["proposed"],
    refusal: "この提案に回答できるのは、提案を受けたトレーナーです。",
    stale: STALE,
  },
  confirm: {
    who: ["trainee"],
    when: ["accepted"],
    refusal: "この提案を確認できるのはトレーニー本人です。",
    stale: STALE,
  },
  traineeDecline: {
    who: ["trainee"],
    when: ["proposed", "accepted"],
    refusal: "この提案を確認できるのはトレーニー本人です。",
    stale: STALE,
  },
  cancel: {
    who: ["staff"],
    when: ["proposed", "accepted"],
    refusal: "OJTの提案を取り消せるのは事務局です。",
    stale: STALE,
  },
  end: {
    who: ["staff"],
    when: ["active"],
    refusal: "OJTを終了できるのは事務局です。",
    stale: STALE,
  },
  editPlan: {
    who: ["trainer", "staff"],
    when: ["accepted", "active"],
    refusal: "目標と連絡先を編集できるのは担当トレーナーと事務局です。",
    stale: STALE,
  },
  editPlanHours: {
    who: ["trainer", "trainee", "staff"],
    when: ["accepted", "active"],
    refusal: "計画時間を記入できるのは、担当トレーナー・トレーニー本人・事務局です。",
    stale: "計画時間は、受入が決まってからOJTの終了までの間に記入できます。",
  },
  // Staff read the logbook; only the pair writes it.
  logEntry: {
    who: ["trainer", "trainee"],
    when: ["active"],
    refusal: "OJTの記録を書けるのは、担当トレーナーとトレーニー本人です。",
    stale: "実施中のOJTにだけ記録を追加できます。",
  },
};

/** The parts the actor plays in this placement (an admin who is its trainer plays both). */
function partiesOf(actor: Actor, p: PlacementFacts): Party[] {
  const parts: Party[] = [];
  if (p.trainer_id === actor.id) parts.push("trainer");
  if (p.trainee_id === actor.id) parts.push("trainee");
  if (isStaff(actor)) parts.push("staff");
  return parts;
}

/** The actor is one of the people the action belongs to (whatever the status). */
export function isPlacementActor(actor: Actor, p: PlacementFacts, action: PlacementAction): boolean {
  const rule = PLACEMENT_RULES[action];
  return partiesOf(actor, p).some((part) => rule.who.includes(part));
}

/** The action is open in the placement's status (whoever asks). */
export function isPlacementOpenFor(p: PlacementFacts, action: PlacementAction): boolean {
  return (PLACEMENT_RULES[action].when as readonly string[]).includes(p.status);
}

/** What this actor may do to this placement now: the buttons its page shows. */
export function placementPermissions(actor: Actor, p: PlacementFacts): PlacementCan {
  const can = {} as PlacementCan;
  for (const action of PLACEMENT_ACTIONS)
    can[action] = isPlacementActor(actor, p, action) && isPlacementOpenFor(p, action);
  return can;
}

/** Refuses (403) anyone the action does not belong to. */
export function requirePlacementActor(actor: Actor, p: PlacementFacts, action: PlacementAction): void {
  if (!isPlacementActor(actor, p, action)) throw new ForbiddenError(PLACEMENT_RULES[action].refusal);
}

/** Refuses a wrong person (403), then the right person at the wrong moment (409). */
export function requirePlacementAction(actor: Actor, p: PlacementFacts, action: PlacementAction): void {
  requirePlacementActor(actor, p, action);
  if (!isPlacementOpenFor(p, action)) throw new ConflictError(PLACEMENT_RULES[action].stale);
}
