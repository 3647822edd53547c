import { transaction, type Database } from "~/db.server";
import { audit } from "~/features/audit/audit.server";
import { notify } from "~/features/notifications/outbox.server";
import { ConflictError, NotFoundError } from "~/lib/errors";
import {
  maskToThemes,
  themesToMask,
  type ApplicationStatus,
  type MunicipalitySize,
  type OjtTheme,
  type PlacementStatus,
  type TravelRange,
} from "~/features/vocabulary/ojt-kinds";
import type { ApplicationInput } from "./ojt.schema";
import { assertOjtEligible } from "./prerequisites.server";
import { releaseSlotAndTransition } from "./transitions.server";
import { placementListing } from "./placement-listing.server";

async function writeChildren(trx: Database, id: number, input: ApplicationInput) {
  await trx.deleteFrom("ojt_application_prefectures").where("application_id", "=", id).execute();
  await trx
    .insertInto("ojt_application_prefectures")
    .values(
      [...new Set(input.preferredPrefectures)].map((prefecture_code) => ({ application_id: id, prefecture_code })),
    )
    .execute();
  await trx.deleteFrom("ojt_application_themes").where("application_id", "=", id).execute();
  await trx
    .insertInto("ojt_application_themes")
    .values([...new Set(input.themes)].map((theme) => ({ application_id: id, theme })))
    .execute();
}

function columns(input: ApplicationInput) {
  return {
    travel_range: input.travelRange,
    themes_mask: themesToMask(input.themes),
    preferred_size: input.preferredSize,
    days_per_month: input.daysPerMonth,
    available_from: input.availableFrom,
    available_to: input.availableTo,
    background_industry: input.backgroundIndustry,
    background_skills: input.backgroundSkills,
    municipal_experience: input.municipalExperience,
    motivation: input.motivation,
  };
}

/** The trainee's live application: every status but withdrawn, and there is at most one. */
export function liveApplicationOf(db: Database, traineeId: string) {
  return db.selectFrom("ojt_applications").where("trainee_id", "=", traineeId).where("status", "<>", "withdrawn");
}

/** The live application while it can still change (open); `whenMatched` says why not otherwise. */
async function openApplicationOf(db: Database, traineeId: string, whenMatched: string) {
  const app = await liveApplicationOf(db, traineeId).select(["id", "status"]).executeTakeFirst();
  if (!app) throw new NotFoundError("OJTの申込が見つかりません。");
  if (app.status !== "open") throw new ConflictError(whenMatched);
  return app;
}

/** A trainee applies for OJT: only after the required course(s), one live application at a time. */
export async function submitApplication(
  db: Database,
  traineeId: string,
  input: ApplicationInput,
): Promise<{ id: number }> {
  return transaction(db, async (trx) => {
    await assertOjtEligible(trx, traineeId);
    const live = await liveApplicationOf(trx, traineeId).select("id").executeTakeFirst();
    if (live) throw new ConflictError("OJTの申込は既にあります。申込内容の変更は申込ページから行ってください。");
    const now = new Date().toISOString();
    const row = await trx
      .insertInto("ojt_applications")
      .values({
        trainee_id: traineeId,
        status: "open",
        ...columns(input),
        accepts_self_paid: 1,
        submitted_at: now,
        updated_at: now,
      })
      .returning("id")
      .executeTakeFirstOrThrow();
    await writeChildren(trx, row.id, input);
    await audit(trx, {
      actorId: traineeId,
      action: "ojt_application.submit",
      entityType: "ojt_application",
      entityId: row.id,
      details: { prefectures: input.preferredPrefectures, themes: input.themes, travel: input.travelRange },
    });
    await notify(trx, {
      userId: traineeId,
      kind: "ojt_application.submitted",
      title: "OJTの申込を受け付けました",
      body: "事務局が受入先の自治体案件とトレーナーを探します。提案があるとお知らせします。申込内容はマッチングが決まるまで変更できます。",
      link: "/ojt/application",
    });
    return { id: row.id };
  });
}

/** Editable until matched (while the application is open). */
export async function updateApplication(db: Database, traineeId: string, input: ApplicationInput) {
  await transaction(db, async (trx) => {
    const app = await openApplicationOf(
      trx,
      traineeId,
      "マッチングが決まった申込は変更できません。事務局にご連絡ください。",
    );
    await trx
      .updateTable("ojt_applications")
      .set({ ...columns(input), updated_at: new Date().toISOString() })
      .where("id", "=", app.id)
      .where("status", "=", "open")
      .execute();
    await writeChildren(trx, app.id, input);
    await audit(trx, {
      actorId: traineeId,
      action: "ojt_application.update",
      entityType: "ojt_application",
      entityId: app.id,
      details: { prefectures: input.preferredPrefectures, themes: input.themes, travel: input.travelRange },
    });
  });
}

/** Withdraws the open application; a pending proposal for it is cancelled and its slot freed. */
export async function withdrawApplication(db: Database, traineeId: string) {
  await transaction(db, async (trx) => {
    const app = await openApplicationOf(
      trx,
      traineeId,
      "マッチングが決まった申込は取り下げられません。OJTを中止する場合は事務局にご連絡ください。",
    );
    const pending = await trx
      .selectFrom("ojt_placements")
      .selectAll()
      .where("application_id", "=", app.id)
      .where("status", "in", ["proposed", "accepted"])
      .execute();
    for (const p of pending) {
      await releaseSlotAndTransition(trx, p, "cancelled", traineeId, "トレーニーが申込を取り下げました。");
      await notify(trx, {
        userId: p.trainer_id,
        kind: "ojt_placement.cancelled",
        title: "OJTの受入提案が取り消されました",
        body: "トレーニーがOJTの申込を取り下げたため、受入提案は取り消されました。",
        link: `/placements/${p.id}`,
      });
    }
    const now = new Date().toISOString();
    await trx
      .updateTable("ojt_applications")
      .set({ status: "withdrawn", withdrawn_at: now, updated_at: now })
      .where("id", "=", app.id)
      .execute();
    await audit(trx, {
      actorId: traineeId,
      action: "ojt_application.withdraw",
      entityType: "ojt_application",
      entityId: app.id,
      details: { cancelledPlacements: pending.map((p) => p.id) },
    });
  });
}

export type ApplicationDetail = Awaited<ReturnType<typeof loadApplication>>;

async function loadApplication(db: Database, where: { id?: number; traineeId?: string }) {
  let query = db
    .selectFrom("ojt_applications")
    .innerJoin("users", "users.id", "ojt_applications.trainee_id")
    .selectAll("ojt_applications")
    .select([
      "users.name as trainee_name",
      "users.email as trainee_email",
      "users.prefecture_code as trainee_prefecture",
      "users.organization as trainee_organization",
    ]);
  if (where.id !== undefined) query = query.where("ojt_applications.id", "=", where.id);
  if (where.traineeId !== undefined)
    query = query
      .where("ojt_applications.trainee_id", "=", where.traineeId)
      .where("ojt_applications.status", "<>", "withdrawn"); // the live one, as liveApplicationOf
  const app = await query.executeTakeFirst();
  if (!app) return null;
  const [prefectures, placements] = await Promise.all([
    db
      .selectFrom("ojt_application_prefectures")
      .select("prefecture_code")
      .where("application_id", "=", app.id)
      .orderBy("prefecture_code")
      .execute(),
    placementListing(db)
      .select("ojt_placements.proposed_at")
      .where("ojt_placements.application_id", "=", app.id)
      .orderBy("ojt_placements.id", "desc")
      .execute(),
  ]);
  return {
    ...app,
    status: app.status as ApplicationStatus,
    travel_range: app.travel_range as TravelRange,
    preferred_size: app.preferred_size as MunicipalitySize,
    themes: maskToThemes(app.themes_mask) as OjtTheme[],
    prefectures: prefectures.map((p) => p.prefecture_code),
    placements: placements.map((p) => ({ ...p, status: p.status as PlacementStatus })),
  };
}

/** The trainee's live (not withdrawn) application, or null. */
export async function getOwnApplication(db: Database, traineeId: string) {
  return loadApplication(db, { traineeId });
}

/** Any application, for staff (the route authorizes). */
export async function getApplication(db: Database, id: number) {
  const app = await loadApplication(db, { id });
  if (!app) throw new NotFoundError("OJTの申込が見つかりません。");
  return app;
}

/** The form's values for the trainee's application (for editing). */
export function applicationFormValues(app: NonNullable<ApplicationDetail>) {
  return {
    preferredPrefectures: app.prefectures,
    travelRange: app.travel_range,
    themes: app.themes,
    preferredSize: app.preferred_size,
    daysPerMonth: String(app.days_per_month),
    availableFrom: app.available_from,
    availableTo: app.available_to,
    backgroundIndustry: app.background_industry,
    backgroundSkills: app.background_skills,
    municipalExperience: app.municipal_experience,
    motivation: app.motivation,
    acceptsSelfPaid: "on",
  };
}
