import { describe, expect, it } from "vitest";
import type { Actor } from "~/features/auth/actor";
import { PLACEMENT_STATUSES, type PlacementStatus } from "~/features/vocabulary/ojt-kinds";
import { ConflictError, ForbiddenError } from "~/lib/errors";
import {
  PLACEMENT_ACTIONS,
  placementPermissions,
  requirePlacementAction,
  type PlacementAction,
} from "./placement-permissions";

const trainer: Actor = { id: "trainer-1", roles: ["trainer"] };
const trainee: Actor = { id: "trainee-1", roles: ["trainee"] };
const staff: Actor = { id: "staff-1", roles: ["staff"] };
const admin: Actor = { id: "admin-1", roles: ["admin"] };
const otherTrainer: Actor = { id: "trainer-2", roles: ["trainer"] };
const otherTrainee: Actor = { id: "trainee-2", roles: ["trainee"] };
const actors = { trainer, trainee, staff, admin, otherTrainer, otherTrainee };
type Who = keyof typeof actors;

const placement = (status: PlacementStatus) => ({ trainer_id: trainer.id, trainee_id: trainee.id, status });

// The table: for each action, who may and in which statuses. Anything not listed is refused.
const EXPECTED: Record<PlacementAction, { who: Who[]; when: PlacementStatus[] }> = {
  decide: { who: ["trainer"], when: ["proposed"] },
  confirm: { who: ["trainee"], when: ["accepted"] },
  traineeDecline: { who: ["trainee"], when: ["proposed", "accepted"] },
  cancel: { who: ["staff", "admin"], when: ["proposed", "accepted"] },
  end: { who: ["staff", "admin"], when: ["active"] },
  editPlan: { who: ["trainer", "staff", "admin"], when: ["accepted", "active"] },
  editPlanHours: { who: ["trainer", "trainee", "staff", "admin"], when: ["accepted", "active"] },
  logEntry: { who: ["trainer", "trainee"], when: ["active"] },
};

describe("placement permissions (actor × status → allowed)", () => {
  const rows = PLACEMENT_STATUSES.flatMap((status) =>
    (Object.keys(actors) as Who[]).flatMap((who) => PLACEMENT_ACTIONS.map((action) => ({ status, who, action }))),
  );

  it.each(rows)("$who / $status / $action", ({ status, who, action }) => {
    const expected = EXPECTED[action];
    const allowed = expected.who.includes(who) && expected.when.includes(status);
    expect(placementPermissions(actors[who], placement(status))[action]).toBe(allowed);
  });

  it.each(rows)("the command's check agrees: $who / $status / $action", ({ status, who, action }) => {
    const expected = EXPECTED[action];
    const run = () => requirePlacementAction(actors[who], placement(status), action);
    if (!expected.who.includes(who)) expect(run).toThrow(ForbiddenError);
    else if (!expected.when.includes(status)) expect(run).toThrow(ConflictError);
    else expect(run).not.toThrow();
  });

  it("an admin who is the placement's trainer may also answer it as its trainer", () => {
    const both: Actor = { id: trainer.id, roles: ["trainer", "admin"] };
    const can = placementPermissions(both, placement("proposed"));
    expect(can.decide).toBe(true);
    expect(can.cancel).toBe(true);
    expect(can.confirm).toBe(false);
  });
});
