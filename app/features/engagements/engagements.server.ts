import { sql } from "kysely";
import { transaction, type Database } from "~/db.server";
import { audit } from "~/features/audit/audit.server";
import { resolveMunicipality } from "~/features/municipalities/municipalities.server";
import type { MunicipalityKind } from "~/features/vocabulary/municipality-kinds";
import { isOjtTheme, maskToThemes, themesToMask, type OjtTheme } from "~/features/vocabulary/ojt-kinds";
import { invalidateCandidates } from "~/features/ojt/candidates-version";
import { ConflictError, ForbiddenError, NotFoundError } from "~/lib/errors";
import { escapeLikePattern, normalizeForSearch } from "~/lib/text";
import type { EngagementInput, EngagementSearch } from "./engagements.schema";
import type { ContractType, EngagementStatus } from "~/features/vocabulary/engagement-kinds";
import { pageCount, pageOffset } from "~/lib/list-query";
import { acceptedContact, contactOfInput, counterpartChange, NO_CONTACT, pendingContact } from "./counterpart-contact";
import { auditCounterpart } from "./counterpart-contact.server";
import { hasRole, isStaff, type Actor } from "~/features/auth/actor";

/** Trainers (role holders) for the lead-trainer select of the staff form. */
export async function listTrainers(db: Database) {
  return db
    .selectFrom("users")
    .innerJoin("user_roles", "user_roles.user_id", "users.id")
    .select(["users.id", "users.name", "users.email", "users.organization"])
    .where("user_roles.role", "=", "trainer")
    .orderBy("users.name_kana")
    .execute();
}

async function resolveTrainers(db: Database, emails: string[], leadId: string) {
  if (emails.length === 0) return [];
  const rows = await db
    .selectFrom("users")
    .innerJoin("user_roles", (j) =>
      j.onRef("user_roles.user_id", "=", "users.id").on("user_roles.role", "=", "trainer"),
    )
    .select(["users.id", "users.email"])
    .where("users.email", "in", emails)
    .execute();
  const found = new Map(rows.map((r) => [r.email, r.id]));
  const missing = emails.filter((e) => !found.has(e));
  if (missing.length > 0)
    throw new ConflictError(
      `トレーナーとして登録されていないメールアドレスがあります：${missing.join("、")}`,
      "coTrainerEmails",
    );
  return [...new Set([...found.values()])].filter((id) => id !== leadId);
}

async function resolveLead(db: Database, input: EngagementInput, actor: Actor, currentLead?: string) {
  if (isStaff(actor) && input.leadTrainerId) {
    const trainer = await db
      .selectFrom("user_roles")
      .select("user_id")
      .where("user_id", "=", input.leadTrainerId)
      .where("role", "=", "trainer")
      .executeTakeFirst();
    if (!trainer) throw new ConflictError("主担当トレーナーを選択してください。", "leadTrainerId");
    return input.leadTrainerId;
  }
  if (currentLead) return currentLead;
  if (!hasRole(actor, "trainer")) throw new ConflictError("主担当トレーナーを選択してください。", "leadTrainerId");
  return actor.id;
}

function engagementSearchText(parts: string[]) {
  return normalizeForSearch(parts.join(" "));
}

async function writeChildren(trx: Database, id: number, themes: readonly OjtTheme[], trainerIds: string[]) {
  await trx.deleteFrom("engagement_themes").where("engagement_id", "=", id).execute();
  await trx
    .insertInto("engagement_themes")
    .values(themes.map((theme) => ({ engagement_id: id, theme })))
    .execute();
  await trx.deleteFrom("engagement_trainers").where("engagement_id", "=", id).execute();
  if (trainerIds.length > 0)
    await trx
      .insertInto("engagement_trainers")
      .values(trainerIds.map((user_id) => ({ engagement_id: id, user_id })))
      .execute();
}

/**
 * The columns an engagement's form sets, with the denormalised ones derived here only:
 * prefecture (from the municipality code), the themes bit mask and the search text.
 */
function engagementColumns(
  input: EngagementInput,
  municipality: { code: string; name: string; name_kana: string },
  leadId: string,
) {
  return {
    municipality_code: municipality.code,
    prefecture_code: municipality.code.slice(0, 2),
    title: input.title,
    lead_trainer_id: leadId,
    contracting_organization: input.contractingOrganization,
    contract_type: input.contractType,
    start_fiscal_year: input.startFiscalYear,
    end_fiscal_year: input.endFiscalYear,
    description: input.description,
    themes_mask: themesToMask(input.themes),
    ojt_slots: input.ojtSlots,
    confidentiality_note: input.confidentialityNote,
    status: input.status,
    // The counterpart contact is not set here: see counterpartChange() (staff set it, a
    // trainer proposes it).
    search_text: engagementSearchText([
      municipality.name,
      municipality.name_kana,
      input.title,
      input.contractingOrganization,
    ]),
  };
}

/** Registers a trainer's engagement; a trainer leads their own, staff may name any trainer. */
export async function createEngagement(
  db: Database,
  input: EngagementInput,
  actor: Actor,
  now: Date = new Date(),
): Promise<{ id: number }> {
  if (!isStaff(actor) && !hasRole(actor, "trainer")) throw new ForbiddenError();
  return transaction(db, async (trx) => {
    const municipality = await resolveMunicipality(trx, input.municipality);
    const leadId = await resolveLead(trx, input, actor);
    const coTrainers = await resolveTrainers(trx, input.coTrainerEmails, leadId);
    const at = now.toISOString();
    const contact = contactOfInput(input, NO_CONTACT);
    const change = counterpartChange(actor, NO_CONTACT, null, contact, at);
    const row = await trx
      .insertInto("engagements")
      .values({
        ...engagementColumns(input, municipality, leadId),
        ...change.columns,
        created_by: actor.id,
        created_at: at,
        updated_at: at,
      })
      .returning("id")
      .executeTakeFirstOrThrow();
    await writeChildren(trx, row.id, input.themes, coTrainers);
    invalidateCandidates();
    await audit(trx, {
      actorId: actor.id,
      action: "engagement.create",
      entityType: "engagement",
      entityId: row.id,
      details: {
        municipality: municipality.code,
        leadId,
        coTrainers,
        slots: input.ojtSlots,
        status: input.status,
        ...change.details,
      },
    });
    if (change.event) await auditCounterpart(trx, row.id, actor, change.event);
    return { id: row.id };
  });
}

/**
 * Edits an engagement: its lead trainer or staff. Slots cannot drop below those taken. A
 * trainer's change of the counterpart contact is a proposal for staff (counterpart-contact.ts).
 */
export async function updateEngagement(
  db: Database,
  id: number,
  input: EngagementInput,
  actor: Actor,
  now: Date = new Date(),
): Promise<{ counterpartProposed: boolean }> {
  return transaction(db, async (trx) => {
    const current = await trx.selectFrom("engagements").selectAll().where("id", "=", id).executeTakeFirst();
    if (!current) throw new NotFoundError("案件が見つかりません。");
    if (!isStaff(actor) && current.lead_trainer_id !== actor.id)
      throw new ForbiddenError("この案件を編集できるのは主担当トレーナーと事務局です。");
    const municipality = await resolveMunicipality(trx, input.municipality);
    const leadId = await resolveLead(trx, input, actor, current.lead_trainer_id);
    const coTrainers = await resolveTrainers(trx, input.coTrainerEmails, leadId);
    if (input.ojtSlots < current.slots_taken)
      throw new ConflictError(
        `提案中・受入中のトレーニーが${current.slots_taken}人いるため、受入枠をそれより少なくできません。`,
        "ojtSlots",
      );
    if (municipality.code !== current.municipality_code && current.slots_taken > 0)
      throw new ConflictError("提案中・受入中のトレーニーがいる案件の自治体は変更できません。", "municipality");
    const at = now.toISOString();
    const before = acceptedContact(current);
    const pending = pendingContact(current);
    // A field the caller left out keeps what the actor would see in the form.
    const proposed = contactOfInput(input, isStaff(actor) ? before : (pending ?? before));
    const change = counterpartChange(actor, before, pending, proposed, at);
    const coTrainersBefore = (
      await trx.selectFrom("engagement_trainers").select("user_id").where("engagement_id", "=", id).execute()
    )
      .map((r) => r.user_id)
      .sort()
      .join(",");
    await trx
      .updateTable("engagements")
      .set({
        ...engagementColumns(input, municipality, leadId),
        ...change.columns,
        updated_at: at,
      })
      .where("id", "=", id)
      .execute();
    await writeChildren(trx, id, input.themes, coTrainers);
    invalidateCandidates();
    const changed = (
      [
        ["municipality", current.municipality_code, municipality.code],
        ["lead", current.lead_trainer_id, leadId],
        ["slots", current.ojt_slots, input.ojtSlots],
        ["status", current.status, input.status],
        ["themes", current.themes_mask, themesToMask(input.themes)],
        ["title", current.title, input.title],
        ["contractingOrganization", current.contracting_organization, input.contractingOrganization],
        ["contractType", current.contract_type, input.contractType],
        ["startFiscalYear", current.start_fiscal_year, input.startFiscalYear],
        ["endFiscalYear", current.end_fiscal_year, input.endFiscalYear],
        ["description", current.description, input.description],
        ["confidentialityNote", current.confidentiality_note, input.confidentialityNote],
        ["coTrainers", coTrainersBefore, [...coTrainers].sort().join(",")],
      ] as const
    )
      .filter(([, a, b]) => a !== b)
      .map(([k]) => k as string);
    if (change.changed) changed.push(change.changed);
    await audit(trx, {
      actorId: actor.id,
      action: "engagement.update",
      entityType: "engagement",
      entityId: id,
      details: { changed, status: input.status, slots: input.ojtSlots, ...change.details },
    });
    if (change.event) await auditCounterpart(trx, id, actor, change.event);
    return { counterpartProposed: change.event?.action === "engagement.counterpart_proposed" };
  });
}

/** Who may see an engagement: staff, its lead trainer and its other trainers. */
export function canSeeEngagementWhere(viewer: Actor) {
  return (eb: any) =>
    isStaff(viewer)
      ? eb.val(1)
      : eb.or([
          eb("engagements.lead_trainer_id", "=", viewer.id),
          eb.exists(
            eb
              .selectFrom("engagement_trainers")
              .select("engagement_trainers.user_id")
              .whereRef("engagement_trainers.engagement_id", "=", "engagements.id")
              .where("engagement_trainers.user_id", "=", viewer.id),
          ),
        ]);
}

export async function getEngagementForViewer(db: Database, id: number, viewer: Actor) {
  const row = await db
    .selectFrom("engagements")
    .innerJoin("municipalities", "municipalities.code", "engagements.municipality_code")
    .innerJoin("users as lead", "lead.id", "engagements.lead_trainer_id")
    .selectAll("engagements")
    .select([
      "municipalities.name as municipality_name",
      "municipalities.population",
      "municipalities.kind as municipality_kind",
      "lead.name as lead_name",
      "lead.email as lead_email",
    ])
    .select((eb) =>
      eb
        .selectFrom("users as proposer")
        .select("proposer.name")
        .whereRef("proposer.id", "=", "engagements.counterpart_pending_by")
        .as("counterpart_pending_by_name"),
    )
    .where("engagements.id", "=", id)
    .where(canSeeEngagementWhere(viewer))
    .executeTakeFirst();
  if (!row) {
    const exists = await db.selectFrom("engagements").select("id").where("id", "=", id).executeTakeFirst();
    if (exists) throw new ForbiddenError("この案件を閲覧できるのは担当トレーナーと事務局です。");
    throw new NotFoundError("案件が見つかりません。");
  }
  const trainers = await db
    .selectFrom("engagement_trainers")
    .innerJoin("users", "users.id", "engagement_trainers.user_id")
    .select(["users.id", "users.name", "users.email"])
    .where("engagement_trainers.engagement_id", "=", id)
    .orderBy("users.name_kana")
    .execute();
  const canEdit = isStaff(viewer) || row.lead_trainer_id === viewer.id;
  const proposal = pendingContact(row);
  return {
    ...row,
    contract_type: row.contract_type as ContractType,
    status: row.status as EngagementStatus,
    municipality_kind: row.municipality_kind as MunicipalityKind,
    themes: maskToThemes(row.themes_mask),
    trainers,
    canEdit,
    /** A trainer's proposed contact, waiting for staff; its address only for those who may edit. */
    pendingCounterpart: proposal
      ? {
          name: proposal.name,
          department: proposal.department,
          email: canEdit ? proposal.email : null,
          at: proposal.at,
          byName: row.counterpart_pending_by_name,
          // Staff decide on it, but never on their own proposal.
          canDecide: isStaff(viewer) && proposal.by !== viewer.id,
        }
      : null,
  };
}

export const ENGAGEMENTS_PAGE_SIZE = 20;

/** Staff see every engagement; a trainer sees those they lead or take part in. */
export async function listEngagements(db: Database, viewer: Actor, input: EngagementSearch) {
  let query = db
    .selectFrom("engagements")
    .innerJoin("municipalities", "municipalities.code", "engagements.municipality_code")
    .innerJoin("users as lead", "lead.id", "engagements.lead_trainer_id")
    .where(canSeeEngagementWhere(viewer));
  if (input.q) {
    const pattern = `%${escapeLikePattern(normalizeForSearch(input.q))}%`;
    query = query.where("engagements.search_text", "like", sql<string>`${pattern} escape '\\'`);
  }
  if (input.status) query = query.where("engagements.status", "=", input.status);
  if (input.prefecture) query = query.where("engagements.prefecture_code", "=", input.prefecture);
  if (input.contractType) query = query.where("engagements.contract_type", "=", input.contractType);
  if (input.theme && isOjtTheme(input.theme)) {
    const theme = input.theme;
    query = query.where((eb) =>
      eb.exists(
        eb
          .selectFrom("engagement_themes")
          .select("engagement_themes.engagement_id")
          .whereRef("engagement_themes.engagement_id", "=", "engagements.id")
          .where("engagement_themes.theme", "=", theme),
      ),
    );
  }
  const [{ total }, rows] = await Promise.all([
    query.select((eb) => eb.fn.countAll<number>().as("total")).executeTakeFirstOrThrow(),
    query
      .select([
        "engagements.id",
        "engagements.title",
        "engagements.municipality_code",
        "engagements.prefecture_code",
        "engagements.contract_type",
        "engagements.start_fiscal_year",
        "engagements.end_fiscal_year",
        "engagements.themes_mask",
        "engagements.ojt_slots",
        "engagements.slots_taken",
        "engagements.status",
        "municipalities.name as municipality_name",
        "lead.name as lead_name",
      ])
      .orderBy(sql`case engagements.status when 'recruiting' then 0 when 'hosting' then 1 else 2 end`)
      .orderBy("engagements.prefecture_code")
      .orderBy("engagements.id")
      .limit(ENGAGEMENTS_PAGE_SIZE)
      .offset(pageOffset(input.page, ENGAGEMENTS_PAGE_SIZE))
      .execute(),
  ]);
  return {
    total,
    page: input.page,
    pageCount: pageCount(total, ENGAGEMENTS_PAGE_SIZE),
    engagements: rows.map((r) => ({
      ...r,
      contract_type: r.contract_type as ContractType,
      status: r.status as EngagementStatus,
      themes: maskToThemes(r.themes_mask),
    })),
  };
}

/** The form's values for an existing engagement (for the edit page). */
export async function engagementFormValues(db: Database, id: number, viewer: Actor) {
  const e = await getEngagementForViewer(db, id, viewer);
  if (!e.canEdit) throw new ForbiddenError("この案件を編集できるのは主担当トレーナーと事務局です。");
  return {
    municipality: e.municipality_code,
    title: e.title,
    leadTrainerId: e.lead_trainer_id,
    coTrainerEmails: e.trainers.map((t) => t.email).join("\n"),
    contractingOrganization: e.contracting_organization,
    contractType: e.contract_type,
    startFiscalYear: String(e.start_fiscal_year),
    endFiscalYear: String(e.end_fiscal_year),
    description: e.description,
    themes: e.themes,
    ojtSlots: String(e.ojt_slots),
    confidentialityNote: e.confidentiality_note,
    status: e.status,
    // The trainer goes on from his waiting proposal; staff edit the contact in effect.
    ...counterpartFormValues(isStaff(viewer) ? null : e.pendingCounterpart, e),
  };
}

function counterpartFormValues(
  proposal: { name: string; department: string; email: string | null } | null,
  e: { counterpart_name: string; counterpart_department: string; counterpart_email: string },
) {
  return proposal
    ? {
        counterpartName: proposal.name,
        counterpartDepartment: proposal.department,
        counterpartEmail: proposal.email ?? "",
      }
    : {
        counterpartName: e.counterpart_name,
        counterpartDepartment: e.counterpart_department,
        counterpartEmail: e.counterpart_email,
      };
}
