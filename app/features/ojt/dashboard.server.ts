import type { Database } from "~/db.server";
import type { EngagementStatus } from "~/features/vocabulary/engagement-kinds";
import type { ApplicationStatus, PlacementStatus } from "~/features/vocabulary/ojt-kinds";
import { liveApplicationOf } from "./applications.server";
import { placementListing } from "./placement-listing.server";
import { ojtEligibility } from "./prerequisites.server";

/** For the trainer's dashboard: their engagements, their trainees and the decisions awaiting them. */
export async function trainerOjtSummary(db: Database, trainerId: string) {
  const [engagements, placements] = await Promise.all([
    db
      .selectFrom("engagements")
      .innerJoin("municipalities", "municipalities.code", "engagements.municipality_code")
      .select([
        "engagements.id",
        "engagements.title",
        "engagements.status",
        "engagements.ojt_slots",
        "engagements.slots_taken",
        "municipalities.name as municipality_name",
      ])
      .where((eb) =>
        eb.or([
          eb("engagements.lead_trainer_id", "=", trainerId),
          eb.exists(
            eb
              .selectFrom("engagement_trainers")
              .select("engagement_trainers.user_id")
              .whereRef("engagement_trainers.engagement_id", "=", "engagements.id")
              .where("engagement_trainers.user_id", "=", trainerId),
          ),
        ]),
      )
      .where("engagements.status", "<>", "closed")
      .orderBy("engagements.id")
      .limit(20)
      .execute(),
    db
      .selectFrom("ojt_placements")
      .innerJoin("engagements", "engagements.id", "ojt_placements.engagement_id")
      .innerJoin("municipalities", "municipalities.code", "engagements.municipality_code")
      .innerJoin("users as trainee", "trainee.id", "ojt_placements.trainee_id")
      .select([
        "ojt_placements.id",
        "ojt_placements.status",
        "ojt_placements.start_date",
        "ojt_placements.end_date",
        "trainee.name as trainee_name",
        "municipalities.name as municipality_name",
      ])
      .where("ojt_placements.trainer_id", "=", trainerId)
      .where("ojt_placements.status", "in", ["proposed", "accepted", "active"])
      .orderBy("ojt_placements.id")
      .limit(50)
      .execute(),
  ]);
  const typed = placements.map((p) => ({ ...p, status: p.status as PlacementStatus }));
  return {
    engagements: engagements.map((e) => ({ ...e, status: e.status as EngagementStatus })),
    pendingDecisions: typed.filter((p) => p.status === "proposed"),
    trainees: typed.filter((p) => p.status === "accepted" || p.status === "active"),
  };
}

/** For the trainee's dashboard: eligibility, their application and their current placement. */
export async function traineeOjtSummary(db: Database, traineeId: string) {
  const [eligibility, application, placement] = await Promise.all([
    ojtEligibility(db, traineeId),
    liveApplicationOf(db, traineeId).select(["id", "status", "submitted_at"]).executeTakeFirst(),
    placementListing(db)
      .where("ojt_placements.trainee_id", "=", traineeId)
      .where("ojt_placements.status", "in", ["proposed", "accepted", "active", "ended"])
      // A running placement first; otherwise the latest ended one, which shows its outcome
      // (completed / discontinued) instead of the application's 「マッチング済み」.
      .orderBy((eb) => eb.case().when("ojt_placements.status", "=", "ended").then(1).else(0).end())
      .orderBy("ojt_placements.id", "desc")
      .executeTakeFirst(),
  ]);
  return {
    eligible: eligibility.eligible,
    application: application ? { ...application, status: application.status as ApplicationStatus } : null,
    placement: placement ? { ...placement, status: placement.status as PlacementStatus } : null,
  };
}

/** For the staff dashboard: what waits for matching and for answers. */
export async function staffOjtCounts(db: Database) {
  const [apps, placements] = await Promise.all([
    db
      .selectFrom("ojt_applications")
      .select((eb) => [
        eb.fn.countAll<number>().as("open"),
        eb.fn
          .count<number>("ojt_applications.id")
          .filterWhere((f) =>
            f.not(
              f.exists(
                f
                  .selectFrom("ojt_placements")
                  .select("ojt_placements.id")
                  .whereRef("ojt_placements.application_id", "=", "ojt_applications.id")
                  .where("ojt_placements.status", "in", ["proposed", "accepted"]),
              ),
            ),
          )
          .as("unproposed"),
      ])
      .where("status", "=", "open")
      .executeTakeFirstOrThrow(),
    db
      .selectFrom("ojt_placements")
      .select(["status", (eb) => eb.fn.countAll<number>().as("n")])
      .where("status", "in", ["proposed", "accepted", "active"])
      .groupBy("status")
      .execute(),
  ]);
  const by = Object.fromEntries(placements.map((p) => [p.status, p.n]));
  return {
    openApplications: apps.open,
    unproposedApplications: apps.unproposed,
    awaitingTrainer: by.proposed ?? 0,
    awaitingTrainee: by.accepted ?? 0,
    active: by.active ?? 0,
  };
}
