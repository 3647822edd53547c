import { beforeAll, describe, expect, it } from "vitest";
import type { Database } from "~/db.server";
import type { Actor } from "~/features/auth/actor";
import { createEntry } from "~/features/logbook/entries.server";
import { savePlacementPlan } from "~/features/logbook/progress.server";
import { ConflictError, ForbiddenError } from "~/lib/errors";
import { createTestDb, makeUser } from "~/testing/db";
import { entryInput } from "~/testing/logbook";
import { activePlacement } from "~/testing/logbook-progress";
import type { PlacementAction } from "./placement-permissions";
import {
  cancelPlacement,
  confirmPlacement,
  endPlacement,
  getPlacementForViewer,
  traineeDeclinePlacement,
  updatePlacementPlan,
} from "./placements.server";

// The commands check their own caller (issue 21, decision 0031): a wrong actor is refused
// with ForbiddenError and nothing in the database changes; and the placement page's `can`
// says yes exactly when the command goes through.

/** What a refused command must leave as it was: the placement, its history, entries, plan, audit. */
async function snapshot(db: Database, placementId: number) {
  const [placement, events, entries, plan, audit, notifications] = await Promise.all([
    db.selectFrom("ojt_placements").selectAll().where("id", "=", placementId).executeTakeFirstOrThrow(),
    db.selectFrom("ojt_placement_events").selectAll().where("placement_id", "=", placementId).execute(),
    db.selectFrom("ojt_log_entries").selectAll().where("placement_id", "=", placementId).execute(),
    db.selectFrom("ojt_plan_hours").selectAll().where("placement_id", "=", placementId).execute(),
    db
      .selectFrom("audit_log")
      .select((eb) => eb.fn.countAll<number>().as("n"))
      .executeTakeFirstOrThrow(),
    db
      .selectFrom("notifications")
      .select((eb) => eb.fn.countAll<number>().as("n"))
      .executeTakeFirstOrThrow(),
  ]);
  return { placement, events, entries, plan, audit: Number(audit.n), notifications: Number(notifications.n) };
}

type Run = (db: Database, placementId: number, actor: Actor) => Promise<unknown>;

/** One call per action the placement page offers, with input the command accepts. */
const COMMANDS: Partial<Record<PlacementAction, Run>> = {
  confirm: (db, id, actor) => confirmPlacement(db, id, actor),
  traineeDecline: (db, id, actor) => traineeDeclinePlacement(db, id, actor, "都合がつかなくなったため"),
  cancel: (db, id, actor) => cancelPlacement(db, id, actor, "取り消し理由"),
  end: (db, id, actor) =>
    endPlacement(db, id, actor, { intent: "end", outcome: "discontinued", reason: "本人の事情による中止" }),
  editPlan: (db, id, actor) => updatePlacementPlan(db, id, actor, { goals: "新しい目標", contacts: "" }),
  editPlanHours: (db, id, actor) => savePlacementPlan(db, id, actor, { hours: [] }),
  logEntry: async (db, id, actor) => createEntry(db, id, actor, await entryInput(db)),
};

describe("placement commands check their own caller", () => {
  let db: Database;
  let outsider: Actor;
  let otherStaff: Actor;

  beforeAll(async () => {
    db = await createTestDb();
    outsider = await makeUser(db, ["trainee", "trainer"]);
    otherStaff = await makeUser(db, ["staff"]);
  });

  it("cancel, end and logging by a wrong actor are refused (403) and change nothing", async () => {
    const accepted = await activePlacement(db, { status: "accepted" });
    const active = await activePlacement(db);
    const refused: [string, number, Actor, Run][] = [
      ["the trainer cancels", accepted.id, accepted.trainer, COMMANDS.cancel!],
      ["the trainee cancels", accepted.id, accepted.trainee, COMMANDS.cancel!],
      ["the trainer ends", active.id, active.trainer, COMMANDS.end!],
      ["the trainee ends", active.id, active.trainee, COMMANDS.end!],
      ["an outsider ends", active.id, outsider, COMMANDS.end!],
      ["staff log an entry", active.id, otherStaff, COMMANDS.logEntry!],
      ["an outsider logs an entry", active.id, outsider, COMMANDS.logEntry!],
      ["an outsider edits the goals", active.id, outsider, COMMANDS.editPlan!],
      ["the trainee edits the goals", active.id, active.trainee, COMMANDS.editPlan!],
      ["an outsider records plan hours", active.id, outsider, COMMANDS.editPlanHours!],
      ["the trainer confirms for the trainee", accepted.id, accepted.trainer, COMMANDS.confirm!],
    ];
    for (const [what, id, actor, run] of refused) {
      const before = await snapshot(db, id);
      const error = await run(db, id, actor).then(
        () => null,
        (e: unknown) => e,
      );
      expect(error, what).toBeInstanceOf(ForbiddenError);
      expect(await snapshot(db, id), what).toEqual(before);
    }
  });

  it("an invalid entry form from a wrong actor is still refused (403), from the pair it writes nothing", async () => {
    const active = await activePlacement(db);
    const before = await snapshot(db, active.id);
    await expect(createEntry(db, active.id, otherStaff, null)).rejects.toBeInstanceOf(ForbiddenError);
    await expect(createEntry(db, active.id, active.trainee, null)).resolves.toBeNull();
    expect(await snapshot(db, active.id)).toEqual(before);
  });

  // For each (actor, action) on a fresh placement: the page's button is shown exactly when the
  // command succeeds; when it is hidden the command refuses (403 or 409) and nothing changes.
  for (const status of ["accepted", "active"] as const)
    for (const [action, run] of Object.entries(COMMANDS) as [PlacementAction, Run][])
      it(`the page's can.${action} agrees with the command (${status})`, async () => {
        for (const who of ["trainer", "trainee", "staff", "outsider"] as const) {
          const p = await activePlacement(db, { status });
          const actor = who === "outsider" ? outsider : who === "staff" ? otherStaff : p[who];
          const can = await getPlacementForViewer(db, p.id, actor).then(
            (page) => page.can[action],
            (e: unknown) => {
              // An outsider does not see the page at all.
              expect(e).toBeInstanceOf(ForbiddenError);
              return false;
            },
          );
          const before = await snapshot(db, p.id);
          const error = await run(db, p.id, actor).then(
            () => null,
            (e: unknown) => e,
          );
          if (can) expect(error, `${who} may ${action}`).toBeNull();
          else {
            expect(
              error instanceof ForbiddenError || error instanceof ConflictError,
              `${who} may not ${action}: ${String(error)}`,
            ).toBe(true);
            expect(await snapshot(db, p.id), `${who} / ${action}`).toEqual(before);
          }
        }
      });
});
